import Foundation
import ModelSigning
import X509

/// A SoftHSM2 token with one signing key (object `signing-key`, id 01), a small model beside it
/// and where its signature goes: what every PKCS #11 CLI test (sign, attest, interop) starts
/// from. Remove ``directory`` when done; the token lives inside it.
public struct SoftHSMModelFixture: Sendable {
    public let directory: TemporaryDirectory
    public let token: SoftHSMToken
    public let model: String
    public let signature: String
    /// The PEM public key of the token's key.
    public let publicKey: String

    public init(curve: ECCurve = .p256) throws {
        directory = try TemporaryDirectory()
        token = try SoftHSMToken(in: directory)
        // P-256 keys are generated on the token; others are imported (pkcs11-tool cannot read
        // a generated P-384 public key back), the signing path is the same.
        publicKey = curve == .p256
            ? try token.generateKeyPair(curve: curve, object: "signing-key", id: "01")
            : try token.importKeyPair(.generate(curve: curve), object: "signing-key", id: "01")
        try directory.write("model/weights.bin", Data((0..<10_000).map { UInt8($0 % 253) }))
        try directory.write("model/config.json", "{\"layers\": 2}")
        model = directory.appending("model").path
        signature = directory.appending("model.sig").path
    }

    public var signatureExists: Bool { FileManager.default.fileExists(atPath: signature) }

    /// The URI of the signing key with the PIN in it.
    public var uri: String { token.uri(pinValue: token.pin) }

    /// `sign pkcs11-key` of the model with the key `uri` names (default: the signing key).
    public func signKey(uri: String? = nil) throws -> ProcessResult {
        try token.cli(["sign", "pkcs11-key", model, "--pkcs11-uri", uri ?? self.uri, "--signature", signature])
    }

    /// `sign pkcs11-certificate` of the model with the signing key and `files`' leaf and intermediate.
    public func signCertificate(_ files: TestPKI.Files) throws -> ProcessResult {
        try token.cli(["sign", "pkcs11-certificate", model, "--pkcs11-uri", uri, "--signing-certificate", files.leaf,
                       "--certificate-chain", files.intermediate, "--signature", signature])
    }

    /// `verify key` of the model with `publicKey` (default: the token's).
    public func verifyKey(_ extra: [String] = [], publicKey: String? = nil) throws -> ProcessResult {
        try ProcessRunner.cli(["verify", "key", model, "--signature", signature, "--public-key", publicKey ?? self.publicKey] + extra)
    }

    /// `verify certificate` of the model trusting `root`.
    public func verifyCertificate(root: String, _ extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.cli(["verify", "certificate", model, "--signature", signature, "--certificate-chain", root] + extra)
    }

    /// A root → intermediate → leaf PKI whose leaf certifies the token's key, written beside the model.
    public func certificateFiles(curve: ECCurve) throws -> TestPKI.Files {
        let root = try TestPKI.authority(commonName: "PKCS11 test root", key: .ec(.p384))
        let intermediate = try TestPKI.authority(commonName: "PKCS11 test intermediate", key: .ec(.p256), issuer: root)
        let tokenKey = try Certificate.PublicKey(pemEncoded: String(contentsOfFile: publicKey, encoding: .utf8))
        let leaf = try TestPKI.leaf(commonName: "hsm signer", curve: curve, issuer: intermediate, publicKey: tokenKey)
        return try TestPKI.write(root: root, intermediate: intermediate, leaf: leaf, into: directory)
    }
}
