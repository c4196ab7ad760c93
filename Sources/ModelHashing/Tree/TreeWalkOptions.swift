/// What the tree walk includes.
public struct TreeWalkOptions: Sendable, Equatable {
    /// Follow symbolic links whose targets stay inside the model (or inside ``symlinkRoots``).
    public var allowSymlinks: Bool
    /// Skip `.git`, `.gitattributes`, `.github` and `.gitignore` at the top of the model.
    public var ignoreGitPaths: Bool
    /// Relative paths to skip; a directory skips its whole subtree.
    public var ignorePaths: [ModelPath]
    /// Extra absolute directories that link targets may lie in, for layouts such as the Hugging
    /// Face cache where a snapshot's files link into a sibling `blobs/` folder. Only used when
    /// ``allowSymlinks`` is true.
    public var symlinkRoots: [String]

    /// Names excluded at the model root by default.
    public static let gitPaths: Set<[UInt8]> = [
        Array(".git".utf8), Array(".gitattributes".utf8), Array(".github".utf8), Array(".gitignore".utf8),
    ]

    /// Options for a walk; by default links are refused and git paths skipped.
    public init(allowSymlinks: Bool = false, ignoreGitPaths: Bool = true, ignorePaths: [ModelPath] = [],
                symlinkRoots: [String] = []) {
        self.allowSymlinks = allowSymlinks
        self.ignoreGitPaths = ignoreGitPaths
        self.ignorePaths = ignorePaths
        self.symlinkRoots = symlinkRoots
    }

    /// Whether `path` (named `name` inside its directory; `atTop` when that directory is the
    /// model root) is excluded.
    func isIgnored(_ path: ModelPath, name: [UInt8], atTop: Bool) -> Bool {
        if atTop, ignoreGitPaths, TreeWalkOptions.gitPaths.contains(name) { return true }
        return ignorePaths.contains { path.isWithin($0) }
    }
}
