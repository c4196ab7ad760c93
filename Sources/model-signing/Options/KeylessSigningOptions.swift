import ArgumentParser
import Foundation
import KeylessSigning
import ModelSigning
import Sigstore
import Synchronization

/// Options of keyless signing shared by `sign sigstore` and `sign-bundle`: where the identity
/// token comes from, which Sigstore instance, which Rekor version, network limits.
struct KeylessSigningOptions: ParsableArguments {
    @Option(name: [.customLong("identity-token"), .customLong("identity_token")],
            help: "An OIDC identity token (JWT), or @FILE to read it from a file.")
    var identityToken: String?

    @Flag(name: [.customLong("use-ambient-credentials"), .customLong("use_ambient_credentials")],
          help: "Take the token from the CI environment (GitHub Actions or SIGSTORE_ID_TOKEN).")
    var useAmbientCredentials = false

    @Flag(name: [.customLong("oauth-force-oob"), .customLong("oauth_force_oob")],
          help: "Interactive sign-in without a loopback listener: paste the code shown by the provider.")
    var oauthForceOOB = false

    @Flag(name: [.customLong("device-flow"), .customLong("device_flow")],
          help: "Interactive sign-in with the device code flow (RFC 8628), for machines without a browser.")
    var deviceFlow = false

    @Option(name: [.customLong("client-id"), .customLong("client_id")], help: "OAuth client id of the interactive sign-in.")
    var clientID = "sigstore"

    @Option(name: [.customLong("client-secret"), .customLong("client_secret")], help: "OAuth client secret (usually empty).")
    var clientSecret: String?

    @Option(name: [.customLong("trust-config"), .customLong("trust_config")],
            help: "A client trust configuration (ClientTrustConfig JSON: trusted root and signing config).")
    var trustConfig: String?

    @Option(name: [.customLong("signing-config"), .customLong("signing_config")],
            help: "A signing configuration (SigningConfig v0.2 JSON) choosing the services.")
    var signingConfig: String?

    @Option(name: [.customLong("rekor-version"), .customLong("rekor_version")],
            help: "Use only transparency logs of this Rekor version (1 or 2).")
    var rekorVersion: Int?

    @Option(name: .customLong("timeout"), help: "Seconds allowed for each request to a service (Rekor v2: at least 20).")
    var timeout: Double = 30

    @Option(name: .customLong("instance"),
            help: ArgumentHelp("A Sigstore instance's TUF repository URL (see trust-instance): its cached trusted root and signing config.", valueName: "URL"))
    var instance: String?

    @Flag(name: .customLong("offline"), help: "Never use the network for trust material (cache or embedded root only).")
    var offline = false

    func validate() throws {
        if let rekorVersion, ![1, 2].contains(rekorVersion) { throw ValidationError("--rekor-version must be 1 or 2") }
        if timeout <= 0 || timeout > 3600 { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        if identityToken != nil && useAmbientCredentials {
            throw ValidationError("--identity-token and --use-ambient-credentials cannot be combined")
        }
        if oauthForceOOB && deviceFlow { throw ValidationError("--oauth-force-oob and --device-flow cannot be combined") }
        if let instance {
            if trustConfig != nil { throw ValidationError("--instance cannot be combined with --trust-config") }
            _ = try TrustInstanceOptions.parse(instance)
        }
    }

    /// The signer, with the trust material of ``trustMaterial(staging:trustedRootPath:)``.
    func signer(staging: Bool, trustedRootPath: String? = nil, recorder: KeylessSignatureRecorder) async throws -> SigstoreSigner {
        let (root, config) = try await trustMaterial(staging: staging, trustedRootPath: trustedRootPath)
        let policy = ServiceClient.Policy(timeout: timeout)
        var signer = SigstoreSigner(tokenProvider: tokenProvider(config: config, policy: policy), trustedRoot: root,
                                    signingConfig: config, rekorVersion: rekorVersion, policy: policy,
                                    progress: { StandardError.write($0 + "\n") })
        signer.onSigned = { recorder.record($0) }
        return signer
    }

    /// Trust material, in order: --trust-config; --trusted-root and --signing-config; else the
    /// TUF cache of --instance, staging or production (updated online when not fresh, unless
    /// --offline), whose trusted root and signing config fill in what was not given.
    private func trustMaterial(staging: Bool, trustedRootPath: String?) async throws -> (TrustedRoot, SigningConfig) {
        let explicitConfig = try signingConfig.map { try SigningConfig(contentsOf: URL(fileURLWithPath: $0)) }
        if let trustConfig {
            let client = try ClientTrustConfig(contentsOf: URL(fileURLWithPath: trustConfig))
            return (client.trustedRoot, try explicitConfig ?? client.signingConfig())
        }
        let explicitRoot = try trustedRootPath.map { try TrustedRoot(contentsOf: URL(fileURLWithPath: $0)) }
        if let explicitRoot, let explicitConfig { return (explicitRoot, explicitConfig) }
        let (root, config) = try await TrustResolution.signingMaterial(instanceURL: instance, staging: staging, offline: offline,
                                                                    signingConfig: explicitConfig)
        return (explicitRoot ?? root, config)
    }

    /// Token sources in order: --identity-token, ambient credentials (when asked for or
    /// present), then the interactive sign-in at the signing config's OIDC provider.
    private func tokenProvider(config: SigningConfig, policy: ServiceClient.Policy) -> any IdentityTokenProvider {
        if let identityToken { return ExplicitIdentityTokenProvider(identityToken) }
        let ambient = AmbientIdentityTokenProvider(policy: policy)
        if useAmbientCredentials || ambient.isAvailable { return ambient }
        let issuer = (try? config.select(rekorVersion: rekorVersion).oidcProvider?.url) ?? nil
        guard let issuer else { return MissingOIDCProvider() }
        if deviceFlow {
            return DeviceFlowIdentityTokenProvider(issuer: issuer, clientID: clientID, clientSecret: clientSecret, policy: policy)
        }
        return InteractiveIdentityTokenProvider(issuer: issuer, clientID: clientID, clientSecret: clientSecret,
                                                forceOutOfBand: oauthForceOOB, policy: policy)
    }
}

/// The token source when nothing gives a token and the signing config names no OIDC provider.
private struct MissingOIDCProvider: IdentityTokenProvider {
    func identityToken() async throws(KeylessSigningError) -> IdentityToken {
        throw KeylessSigningError(.identityToken, "no identity token: give --identity-token, use ambient credentials, or use a signing config that names an OIDC provider (oidcUrls)")
    }
}

/// Keeps the finished keyless signature for the `--json` report.
final class KeylessSignatureRecorder: Sendable {
    private let signature = Mutex<SigstoreSigner.Signature?>(nil)

    func record(_ value: SigstoreSigner.Signature) {
        signature.withLock { $0 = value }
    }

    /// `certificate_identity`, `certificate_oidc_issuer` and `log_index` (the first entry's).
    var details: [(String, JSONValue)] {
        guard let value = signature.withLock({ $0 }) else { return [] }
        var details: [(String, JSONValue)] = [("certificate_identity", .string(value.identity)),
                                              ("certificate_oidc_issuer", .string(value.issuer))]
        if let index = value.logIndices.first { details.append(("log_index", .integer(index))) }
        return details
    }
}

/// `sign sigstore` and `attest sigstore`: the keyless options plus the reference's `--use-staging`.
struct ModelKeylessSigningOptions: ParsableArguments {
    @OptionGroup var keyless: KeylessSigningOptions

    @Flag(name: [.customLong("use-staging"), .customLong("use_staging")], help: "Use Sigstore's staging instance.")
    var useStaging = false

    func validate() throws {
        if useStaging && keyless.trustConfig != nil { throw ValidationError("--use-staging and --trust-config cannot be combined") }
        if useStaging && keyless.instance != nil { throw ValidationError("--use-staging and --instance cannot be combined") }
    }

    /// The signer, asking for its certificate at once: the certificate does not depend on the
    /// model, so it is issued while the model is hashed.
    func signer(recorder: KeylessSignatureRecorder) async throws -> SigstoreSigner {
        try await keyless.signer(staging: useStaging, recorder: recorder).preparingCertificate()
    }
}
