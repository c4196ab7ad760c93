import Foundation
import ModelSigning

/// A SoftHSM2 token in a private folder, for PKCS #11 tests: its own configuration file
/// (`SOFTHSM2_CONF`) and token directory, initialized with `softhsm2-util`, keys made with
/// `pkcs11-tool` (Debian's softhsm2 and opensc, installed by scripts/setup.sh). Removing the
/// folder removes the token; no process keeps running.
public struct SoftHSMToken: Sendable {
    /// Where Debian, Fedora, Homebrew and source builds put the module.
    public static let modulePath: String? = [
        "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib64/pkcs11/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ].first { FileManager.default.fileExists(atPath: $0) }

    public let directory: TemporaryDirectory
    public let label: String
    public let pin: String
    public let configurationPath: String
    public let module: String

    /// The environment every command touching this token needs.
    public var environment: [String: String] { ["SOFTHSM2_CONF": configurationPath] }

    /// Creates and initializes a token labelled `label` with user PIN `pin` inside `directory`.
    public init(in directory: TemporaryDirectory, label: String = "model-signing", pin: String = "1234") throws {
        guard let module = SoftHSMToken.modulePath else {
            throw TestSupportError("SoftHSM2 module not found: install Debian's softhsm2 (scripts/setup.sh)")
        }
        self.directory = directory
        self.label = label
        self.pin = pin
        self.module = module
        let tokens = directory.appending("softhsm-tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        configurationPath = try directory.write("softhsm2.conf", """
            directories.tokendir = \(tokens.path)
            objectstore.backend = file
            log.level = ERROR
            slots.removable = false

            """).path
        try run("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", "5678", "--pin", pin])
    }

    /// Generates an EC key pair on the token and returns the path of its public key as a PEM
    /// file read back from the token (opensc 0.23's pkcs11-tool reads back P-256 keys only).
    @discardableResult
    public func generateKeyPair(curve: ECCurve, object: String, id: String) throws -> String {
        let keyType: String
        switch curve {
        case .p256: keyType = "EC:prime256v1"
        case .p384: keyType = "EC:secp384r1"
        case .p521: keyType = "EC:secp521r1"
        }
        try run("pkcs11-tool", ["--module", module, "--token-label", label, "--login", "--pin", pin,
                                "--keypairgen", "--key-type", keyType, "--label", object, "--id", id])
        let der = directory.appending("\(object)-\(id).pub.der").path
        try run("pkcs11-tool", ["--module", module, "--token-label", label, "--read-object", "--type", "pubkey",
                                "--id", id, "--output-file", der])
        let publicKey = try ECPublicKey(subjectPublicKeyInfo: Array(try Data(contentsOf: URL(fileURLWithPath: der))))
        return try directory.write("\(object)-\(id).pub.pem", publicKey.pem).path
    }

    /// Generates an RSA key pair of `bits` bits on the token (`pkcs11-tool --key-type rsa:BITS`)
    /// and returns the path of its public key as a PEM file read back from the token.
    @discardableResult
    public func generateRSAKeyPair(bits: Int, object: String, id: String) throws -> String {
        try run("pkcs11-tool", ["--module", module, "--token-label", label, "--login", "--pin", pin,
                                "--keypairgen", "--key-type", "rsa:\(bits)", "--label", object, "--id", id])
        let der = directory.appending("\(object)-\(id).pub.der").path
        try run("pkcs11-tool", ["--module", module, "--token-label", label, "--read-object", "--type", "pubkey",
                                "--id", id, "--output-file", der])
        let body = try Data(contentsOf: URL(fileURLWithPath: der)).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return try directory.write("\(object)-\(id).pub.pem", "-----BEGIN PUBLIC KEY-----\n\(body)\n-----END PUBLIC KEY-----\n").path
    }

    /// Imports `key` (made here, so any curve works even where the token tools cannot read a
    /// generated key back) as a private and a public key object; returns the public key's PEM path.
    @discardableResult
    public func importKeyPair(_ key: ECPrivateKey, object: String, id: String) throws -> String {
        let body = key.pkcs8PEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let pkcs8 = Data(base64Encoded: body) else { throw TestSupportError("cannot decode the generated key's PEM") }
        let privatePath = directory.appending("\(object)-\(id).key.der")
        let publicPath = directory.appending("\(object)-\(id).pub.der")
        try pkcs8.write(to: privatePath)
        try Data(key.publicKey.subjectPublicKeyInfo).write(to: publicPath)
        for (path, type) in [(privatePath, "privkey"), (publicPath, "pubkey")] {
            try run("pkcs11-tool", ["--module", module, "--token-label", label, "--login", "--pin", pin,
                                    "--write-object", path.path, "--type", type, "--label", object, "--id", id])
        }
        try FileManager.default.removeItem(at: privatePath)
        return try directory.write("\(object)-\(id).pub.pem", key.publicKey.pem).path
    }

    /// Deletes the public-key object with CKA_ID `id` (hex), leaving the private key alone.
    public func deletePublicKey(id: String) throws {
        try run("pkcs11-tool", ["--module", module, "--token-label", label, "--login", "--pin", pin,
                                "--delete-object", "--type", "pubkey", "--id", id])
    }

    /// A URI for this token's key; `query` is appended after the module path.
    public func uri(object: String? = "signing-key", id: String? = nil, pinValue: String? = nil, query: String = "") -> String {
        var path = ["token=\(label)"]
        if let object { path.append("object=\(object)") }
        if let id { path.append("id=\(id)") }
        var text = "pkcs11:" + path.joined(separator: ";") + "?module-path=\(module)"
        if let pinValue { text += "&pin-value=\(pinValue)" }
        return text + query
    }

    /// Runs our CLI with the token's environment.
    public func cli(_ arguments: [String]) throws -> ProcessResult {
        guard let cli = TestEnvironment.cli else { throw TestSupportError("model-signing binary not found") }
        return try ProcessRunner.run(cli, arguments, environment: environment)
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        guard let executable = ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/bin"]
            .map({ URL(fileURLWithPath: $0).appendingPathComponent(tool) })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestSupportError("\(tool) not found: install Debian's softhsm2 and opensc (scripts/setup.sh)")
        }
        let result = try ProcessRunner.run(executable, arguments, environment: environment)
        guard result.succeeded else {
            throw TestSupportError("\(tool) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
    }
}
