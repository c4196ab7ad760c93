import Foundation

/// Where tests find shared vectors, the reference implementation and our CLI.
public enum TestEnvironment {
    /// The package root, derived from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$MODEL_SIGNING_VECTORS`, else `<package>/../shared/vectors`; nil when absent (tests
    /// that need vectors are then skipped, visibly).
    public static let vectors: URL? = {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_VECTORS"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    public static var hasVectors: Bool {
        if vectors == nil { note("test vectors not found (set MODEL_SIGNING_VECTORS); skipping vector tests") }
        return vectors != nil
    }

    /// A path inside the vectors folder.
    public static func vector(_ relativePath: String) -> URL {
        (vectors ?? packageRoot).appendingPathComponent(relativePath)
    }

    /// Python with `model-signing` 1.1.1 and `blake3`: `$MODEL_SIGNING_REFERENCE_PYTHON`, else
    /// `<package>/.venv-reference/bin/python` (created by `scripts/setup-reference.sh`).
    public static let referencePython: URL? = {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_REFERENCE_PYTHON"], !path.isEmpty,
           FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let candidate = packageRoot.appendingPathComponent(".venv-reference/bin/python")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    public static var hasReference: Bool {
        if referencePython == nil { note("reference model_signing not installed (run scripts/setup-reference.sh); skipping interop tests") }
        return referencePython != nil
    }

    /// The reference CLI next to the reference Python.
    public static var referenceCLI: URL? {
        referencePython?.deletingLastPathComponent().appendingPathComponent("model_signing")
    }

    /// Our CLI: `$MODEL_SIGNING_CLI`, else the debug build product.
    public static let cli: URL? = {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_CLI"], !path.isEmpty,
           FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        for configuration in ["debug", "release"] {
            let candidate = packageRoot.appendingPathComponent(".build/\(configuration)/model-signing")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    public static var hasCLI: Bool {
        if cli == nil { note("model-signing binary not built (run swift build or set MODEL_SIGNING_CLI); skipping CLI tests") }
        return cli != nil
    }

    /// How much slower than a plain debug build the code under test runs:
    /// `$MODEL_SIGNING_TEST_SLOWDOWN` (a whole number, at least 1; scripts/sanitize sets 3 for
    /// ThreadSanitizer). Time bounds of tests that wait on real clocks are multiplied by it.
    public static let slowdown: Int = {
        guard let text = ProcessInfo.processInfo.environment["MODEL_SIGNING_TEST_SLOWDOWN"], let value = Int(text) else { return 1 }
        return max(1, value)
    }()

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("note: \(message)\n".utf8))
    }
}
