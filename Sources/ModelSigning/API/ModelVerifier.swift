import ModelHashing
import Sigstore
import ModelSigningPlatform

/// Verifies models: checks the bundle with a ``BundleVerifier``, reads the signed manifest,
/// re-hashes the model with the serialization recorded in the signature, and compares.
///
/// ```swift
/// let key = try ECPublicKey(pem: try String(contentsOfFile: "key.pub", encoding: .utf8))
/// let result = try await ModelVerifier(verifier: KeyVerifier(publicKey: key))
///     .verify(modelAt: "my-model", signatureAt: "my-model/model.sig")
/// print(result.signedManifest.resources.count, "resources verified")
/// ```
public struct ModelVerifier: Sendable {
    /// Checks the bundle's signature and signer (key, certificate, Sigstore).
    public var verifier: any BundleVerifier
    /// Paths to exclude in addition to those the signature records.
    public var ignorePaths: [ModelPath]
    /// Skip `.git`, `.gitattributes`, `.github`, `.gitignore` at the model root.
    public var ignoreGitPaths: Bool
    /// Hash only the files the signature lists; files it does not list are tolerated.
    public var ignoreUnsignedFiles: Bool
    /// Extra directories symbolic-link targets may lie in (for example a Hugging Face cache's
    /// `blobs/` folder); used only when the signature allows symbolic links.
    public var symlinkRoots: [String]
    /// How re-hashing runs (workers, read strategy, progress). Its serialization is not used:
    /// the model is hashed with the serialization the signature records.
    public var hashing: HashingConfiguration

    /// A model verifier using `verifier`, re-hashing as `hashing` says.
    public init(verifier: any BundleVerifier, ignorePaths: [ModelPath] = [], ignoreGitPaths: Bool = true,
                ignoreUnsignedFiles: Bool = false, symlinkRoots: [String] = [], hashing: HashingConfiguration) {
        self.verifier = verifier
        self.ignorePaths = ignorePaths
        self.ignoreGitPaths = ignoreGitPaths
        self.ignoreUnsignedFiles = ignoreUnsignedFiles
        self.symlinkRoots = symlinkRoots
        self.hashing = hashing
    }

    /// A model verifier using `verifier`; the other settings mirror the CLI's options.
    public init(verifier: any BundleVerifier, ignorePaths: [ModelPath] = [], ignoreGitPaths: Bool = true,
                ignoreUnsignedFiles: Bool = false, symlinkRoots: [String] = [], workers: Int? = nil,
                readStrategy: ReadStrategy = .automatic) {
        self.init(verifier: verifier, ignorePaths: ignorePaths, ignoreGitPaths: ignoreGitPaths,
                  ignoreUnsignedFiles: ignoreUnsignedFiles, symlinkRoots: symlinkRoots,
                  hashing: HashingConfiguration(workers: workers, readStrategy: readStrategy))
    }

    /// Worker threads for re-hashing (the hashing configuration's); never changes the result.
    public var workers: Int {
        get { hashing.workers }
        set { hashing.workers = newValue }
    }

    /// How BLAKE3 reads large files on several cores (the hashing configuration's). Never
    /// changes the outcome.
    public var readStrategy: ReadStrategy {
        get { hashing.readStrategy }
        set { hashing.readStrategy = newValue }
    }

    /// Verifies the model against the signature file. A signature file inside the model is
    /// excluded from the comparison.
    ///
    /// - Parameters:
    ///   - path: the model: a file or a directory.
    ///   - signaturePath: the signature (Sigstore bundle) file.
    ///   - only: when given, check the signature and just these signed files (all their
    ///     shards; a directory selects the signed files under it); every other signed file is
    ///     listed in ``VerificationResult/uncheckedFiles``. A path the signature does not cover
    ///     is an error.
    ///   - progress: counts the bytes hashed, for a progress display (in place of the hashing
    ///     configuration's counter).
    public func verify(modelAt path: String, signatureAt signaturePath: String, only: [ModelPath]? = nil,
                       progress: HashingProgress? = nil) async throws(ModelSigningError) -> VerificationResult {
        let bundle = try SignatureFile.bundle(at: signaturePath)
        var configured = self
        if let root = ModelTreeWalker.realPath(path),
           let inside = SignatureFile.pathInsideModel(signaturePath: signaturePath, modelRoot: root) {
            configured.ignorePaths.append(inside)
        }
        return try await configured.verify(modelAt: path, bundle: bundle, only: only, progress: progress)
    }

    /// Verifies the model against a parsed bundle (`only`: see
    /// ``verify(modelAt:signatureAt:only:progress:)``).
    public func verify(modelAt path: String, bundle: SigstoreBundle, only: [ModelPath]? = nil,
                       progress: HashingProgress? = nil) async throws(ModelSigningError) -> VerificationResult {
        let verified = try await verifiedPayload(of: bundle)
        let expected = try OMSStatement.manifest(fromPayload: verified.payload)
        if let only {
            return try await verifyPartially(modelAt: path, expected: expected, only: only, verified: verified,
                                             progress: progress)
        }
        let actual = try await hash(modelAt: path, like: expected, progress: progress)
        let mismatch = ModelVerifier.compare(expected: expected, actual: actual, tolerateExtra: ignoreUnsignedFiles)
        guard mismatch.isEmpty else { throw .modelMismatch(mismatch) }
        return VerificationResult(signedManifest: expected, verified: verified)
    }

    /// Runs the bundle verifier, turning its errors into ``ModelSigningError``.
    func verifiedPayload(of bundle: SigstoreBundle) async throws(ModelSigningError) -> VerifiedPayload {
        do {
            return try await verifier.verifiedPayload(of: bundle)
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .invalidSignature(LibraryErrorText.problem(error))
        }
    }

    /// Hashes the model with the serialization recorded in `expected`.
    func hash(modelAt path: String, like expected: Manifest, only: [ModelPath]? = nil,
              progress: HashingProgress?) async throws(ModelSigningError) -> Manifest {
        let hasher = ModelHasher(configuration: hashing.with(serialization: expected.serialization),
                                 ignoreGitPaths: ignoreGitPaths, unrecordedIgnorePaths: ignorePaths,
                                 symlinkRoots: symlinkRoots)
        do throws(ModelHashingError) {
            let tree: ModelTree
            if let only {
                tree = try ModelTreeWalker.files(only, in: path, options: hasher.walkOptions)
            } else if ignoreUnsignedFiles {
                let listed = expected.filePaths
                tree = try ModelTreeWalker.files(ModelVerifier.singleFileNames(listed, modelPath: path), in: path,
                                                 options: hasher.walkOptions)
            } else {
                tree = try hasher.walk(modelAt: path)
            }
            return try await hasher.hash(tree, progress: progress)
        } catch {
            throw .hashing(error)
        }
    }

    /// A single-file model's file may be recorded as `.` (reference) or by its basename
    /// (specification); both name the model file itself.
    static func singleFileNames(_ paths: [ModelPath], modelPath: String) -> [ModelPath] {
        guard paths.count == 1, let root = ModelTreeWalker.realPath(modelPath),
              let basename = FileSystemPath.lastComponent(root), paths[0] == ModelPath(basename) else { return paths }
        var status = stat()
        guard stat(root, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return paths }
        return [.singleFile]
    }

    /// Exact-set comparison by name; digests and algorithms must match.
    static func compare(expected: Manifest, actual: Manifest, tolerateExtra: Bool) -> ModelMismatch {
        struct Key: Hashable {
            let path: [UInt8]
            let start: Int64
            let end: Int64
        }
        func key(_ resource: Resource, singleFile: Bool) -> Key {
            Key(path: singleFile ? ModelPath.singleFile.utf8 : resource.path.utf8,
                start: resource.range?.lowerBound ?? -1, end: resource.range?.upperBound ?? -1)
        }
        // A single-file model recorded under its basename compares as `.`.
        let actualIsSingleFile = actual.resources.allSatisfy { $0.path == .singleFile } && !actual.resources.isEmpty
        let renameExpected = actualIsSingleFile && {
            let expectedPaths = Set(expected.resources.map(\.path))
            return expectedPaths.count == 1 && expectedPaths.first != .singleFile
                && expectedPaths.first.map { $0.components.count == 1 && $0.utf8.elementsEqual(actual.modelName.utf8) } == true
        }()
        if !renameExpected, let changed = pairwiseChanges(expected: expected.resources, actual: actual.resources) {
            return ModelMismatch(missing: [], extra: [], changed: changed)
        }

        var expectedByKey: [Key: Resource] = [:]
        for resource in expected.resources { expectedByKey[key(resource, singleFile: renameExpected)] = resource }
        var mismatch = ModelMismatch(missing: [], extra: [], changed: [])
        var matched = Set<Key>()
        for resource in actual.resources {
            let resourceKey = key(resource, singleFile: false)
            guard let signed = expectedByKey[resourceKey] else {
                if !tolerateExtra { mismatch.extra.append(resource.name) }
                continue
            }
            matched.insert(resourceKey)
            if signed.digest != resource.digest {
                mismatch.changed.append(.init(name: resource.name, expectedDigest: signed.digestHex, actualDigest: resource.digestHex))
            }
        }
        for (resourceKey, resource) in expectedByKey where !matched.contains(resourceKey) {
            mismatch.missing.append(resource.name)
        }
        // By bytes: canonically equivalent names are distinct files and must not tie.
        mismatch.missing.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        mismatch.extra.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return mismatch
    }

    /// The changed digests when both lists name the same resources in the same strictly
    /// increasing (canonical) order — as a signature and a re-hash of an unchanged model do —
    /// found without hashing a name; nil when the lists differ otherwise.
    private static func pairwiseChanges(expected: [Resource], actual: [Resource]) -> [ModelMismatch.Change]? {
        guard expected.count == actual.count else { return nil }
        var changed: [ModelMismatch.Change] = []
        for index in expected.indices {
            let signed = expected[index], resource = actual[index]
            guard signed.path == resource.path, signed.range == resource.range,
                  index == 0 || Resource.precedes(expected[index - 1], signed) else { return nil }
            if signed.digest != resource.digest {
                changed.append(.init(name: resource.name, expectedDigest: signed.digestHex, actualDigest: resource.digestHex))
            }
        }
        return changed
    }
}

