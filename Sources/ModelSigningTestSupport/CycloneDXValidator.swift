import Foundation

/// Validates CycloneDX JSON against the 1.6 schema with cyclonedx-python-lib's strict
/// validator, from `<package>/.venv-cyclonedx` (made by `scripts/setup-cyclonedx.sh`, which
/// `scripts/setup.sh` runs) or `$MODEL_SIGNING_CYCLONEDX_PYTHON`.
public enum CycloneDXValidator {
    /// The venv's interpreter; nil when not installed.
    public static let python: URL? = {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_CYCLONEDX_PYTHON"], !path.isEmpty,
           FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let candidate = TestEnvironment.packageRoot.appendingPathComponent(".venv-cyclonedx/bin/python")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// Tests needing the validator run unless `MODEL_SIGNING_SKIP_CYCLONEDX=1` explicitly opts
    /// out; a missing validator then fails them (it must not pass silently in CI).
    public static var enabled: Bool {
        ProcessInfo.processInfo.environment["MODEL_SIGNING_SKIP_CYCLONEDX"] != "1"
    }

    private static let script = """
        import sys
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
        error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1], encoding="utf-8").read())
        if error is not None:
            print(error)
            sys.exit(1)
        """

    /// The validator's complaint, or nil when `json` is a valid CycloneDX 1.6 document.
    public static func errors(in json: Data) throws -> String? {
        guard let python else {
            throw TestSupportError("cyclonedx-python-lib not installed: run scripts/setup-cyclonedx.sh (or set MODEL_SIGNING_SKIP_CYCLONEDX=1 to skip)")
        }
        let directory = try TemporaryDirectory("cyclonedx")
        defer { directory.remove() }
        let file = try directory.write("bom.json", json)
        let result = try ProcessRunner.run(python, ["-c", script, file.path])
        if result.status == 0 { return nil }
        let complaint = (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        return complaint.isEmpty ? "validator exited with status \(result.status)" : complaint
    }
}
