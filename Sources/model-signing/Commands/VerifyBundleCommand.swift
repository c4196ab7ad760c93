import ArgumentParser
import Foundation
import ModelSigning
import Sigstore

/// `model-signing verify-bundle`: verify any Sigstore bundle against an artifact or its digest.
struct VerifyBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify a Sigstore bundle for any artifact (offline).",
        discussion: """
            ARTIFACT_OR_DIGEST is a file, or a digest written sha256:<64 hex> (sha384: and sha512: \
            are accepted too). For a message-signature bundle the signature must be over the \
            artifact; for a DSSE bundle the artifact must be a subject of its in-toto statement. \
            Keyless bundles need --certificate-identity and --certificate-oidc-issuer (or their \
            -regexp forms); key-signed bundles need --key. Exits 0 only when everything verified.
            """
    )

    @Argument(help: ArgumentHelp("A file, or sha256:<hex>.", valueName: "ARTIFACT_OR_DIGEST"))
    var artifact: String

    @Option(name: .customLong("bundle"), help: "The Sigstore bundle (JSON).")
    var bundle: String

    @Option(name: .customLong("certificate-identity"), help: "The expected SAN (email, URI or other name), matched exactly.")
    var certificateIdentity: String?

    @Option(name: .customLong("certificate-identity-regexp"), help: "A regular expression the whole SAN must match.")
    var certificateIdentityRegexp: String?

    @Option(name: .customLong("certificate-oidc-issuer"), help: "The expected OIDC issuer, matched exactly.")
    var certificateOIDCIssuer: String?

    @Option(name: .customLong("certificate-oidc-issuer-regexp"), help: "A regular expression the whole OIDC issuer must match.")
    var certificateOIDCIssuerRegexp: String?

    @Option(name: .customLong("key"), help: "A PEM public key, for bundles signed with a key.")
    var key: String?

    @Option(name: .customLong("trusted-root"), help: "A trusted root (TrustedRoot JSON) to use instead of the bundled one.")
    var trustedRoot: String?

    @OptionGroup var trust: TrustRootOptions

    @Flag(name: .customLong("require-inclusion-proof"),
          help: "Require an inclusion proof with a signed checkpoint even in v0.1 bundles, which may rely on the signed entry timestamp alone.")
    var requireInclusionProof = false

    @Flag(name: .customLong("insecure-ignore-tlog"),
          help: "Do not require a transparency-log entry (entries present are still verified); for private deployments without a log, where a timestamp must then give the signing time.")
    var insecureIgnoreTlog = false

    @Flag(name: .customLong("insecure-ignore-sct"),
          help: "Do not require a certificate-transparency SCT in the signing certificate (private CAs without CT).")
    var insecureIgnoreSCT = false

    @Flag(name: .customLong("json"), help: "Print a machine-readable result on stdout.")
    var json = false

    func validate() throws {
        let keyless = certificateIdentity != nil || certificateIdentityRegexp != nil || certificateOIDCIssuer != nil
            || certificateOIDCIssuerRegexp != nil
        if key != nil {
            guard !keyless else {
                throw ValidationError("--key cannot be combined with --certificate-identity/--certificate-oidc-issuer")
            }
            return
        }
        guard (certificateIdentity == nil) != (certificateIdentityRegexp == nil) else {
            throw ValidationError("give exactly one of --certificate-identity and --certificate-identity-regexp (or --key)")
        }
        guard (certificateOIDCIssuer == nil) != (certificateOIDCIssuerRegexp == nil) else {
            throw ValidationError("give exactly one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp (or --key)")
        }
        if trustedRoot != nil && trust.trustConfig != nil {
            throw ValidationError("--trusted-root and --trust-config cannot be combined")
        }
        if trust.instance != nil && (trustedRoot != nil || trust.trustConfig != nil || trust.staging) {
            throw ValidationError("--instance cannot be combined with --trusted-root, --trust-config or --staging")
        }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: json)
        do {
            let result = try await verify()
            reporter.succeed(VerifyBundleCommand.details(of: result))
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }

    private func verify() async throws -> SigstoreVerificationResult {
        let root = try await TrustResolution.trustedRoot(trust, trustedRootFile: trustedRoot)
        var policy: VerificationPolicy
        if let key {
            let text: String
            do {
                text = try String(contentsOfFile: key, encoding: .utf8)
            } catch {
                throw SigstoreVerificationError(.trustMaterial, "cannot read the key \(key): \(error.localizedDescription)")
            }
            policy = .publicKey(try TrustedPublicKey(pem: text))
        } else {
            let identity: IdentityPolicy.Matcher = certificateIdentity.map { .exact($0) } ?? .regularExpression(certificateIdentityRegexp ?? "")
            let issuer: IdentityPolicy.Matcher = certificateOIDCIssuer.map { .exact($0) } ?? .regularExpression(certificateOIDCIssuerRegexp ?? "")
            policy = .identity(IdentityPolicy(identity: identity, issuer: issuer))
        }
        // The flags only ever tighten or relax what they name; the policy's defaults stand otherwise.
        if requireInclusionProof { policy.requireInclusionProof = true }
        if insecureIgnoreTlog { policy.requireTransparencyLog = false }
        if insecureIgnoreSCT { policy.requireSignedCertificateTimestamp = false }
        let bundleBytes: Data
        do {
            bundleBytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
        } catch {
            throw SigstoreVerificationError(.bundleStructure, "cannot read the bundle \(bundle): \(error.localizedDescription)")
        }
        let parsed = try SigstoreBundle.parse(Array(bundleBytes))
        let verifier = SigstoreVerifier(trustedRoot: root, policy: policy)
        return try await verifier.verify(parsed, artifact: try VerifyBundleCommand.artifact(from: artifact))
    }

    /// `sha256:<hex>` (or sha384/sha512) is a digest; anything else is a file path.
    static func artifact(from text: String) throws -> Artifact {
        if let colon = text.firstIndex(of: ":"), let algorithm = DigestAlgorithm(rawValue: String(text[..<colon]).lowercased()) {
            let hex = text[text.index(after: colon)...]
            guard hex.count == algorithm.byteCount * 2, let digest = Hex.decode(hex) else {
                throw SigstoreVerificationError(
                    .artifact, "\(DisplayText.quoted(text)) is not a \(algorithm.rawValue) digest (expected \(algorithm.byteCount * 2) hex digits)")
            }
            return .digest(algorithm, digest)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SigstoreVerificationError(.artifact, "\(text) is neither a file nor a digest written sha256:<hex>")
        }
        return .file(URL(fileURLWithPath: text))
    }

    static func details(of result: SigstoreVerificationResult) -> [(String, JSONValue)] {
        var details: [(String, JSONValue)] = []
        switch result.signer {
        case .certificate(_, let identity, _):
            details.append(("identities", .array(identity.subjectAlternativeNames.map(JSONValue.string))))
            details.append(("issuer", identity.issuer.map(JSONValue.string) ?? .null))
        case .publicKey(let spki):
            details.append(("key", .string("sha256:" + Hex.encode(DigestAlgorithm.sha256.hash(spki)))))
        }
        details.append(("logEntries", .array(result.logEntries.map { entry in
            .object(JSONObject([("log", .string(entry.logURL)), ("logIndex", .integer(entry.logIndex)),
                                ("kind", .string("\(entry.kind) \(entry.version)")),
                                ("inclusionProof", .bool(entry.inclusionProofVerified)),
                                ("signedEntryTimestamp", .bool(entry.signedEntryTimestampVerified))]))
        })))
        details.append(("trustedTimes", .array(result.trustedTimes.map { time in
            .object(JSONObject([("time", .string(RFC3339.string(time.date))), ("source", .string(time.source.description))]))
        })))
        return details
    }
}
