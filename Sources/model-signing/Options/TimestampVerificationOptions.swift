import ArgumentParser
import Foundation
import ModelSigning
import Sigstore

/// `--tsa-certificate-chain`, `--trusted-root`, `--trust-config`: the timestamp authorities
/// trusted for a key or certificate signature's RFC 3161 timestamps, from PEM chains and/or
/// the `timestampAuthorities` of a Sigstore trusted root (with their validity windows).
struct TimestampVerificationOptions: ParsableArguments {
    @Option(name: [.customLong("tsa-certificate-chain"), .customLong("tsa_certificate_chain")], parsing: .singleValue,
            help: ArgumentHelp("PEM file of a trusted timestamp authority: its signing certificate first, then intermediates, then its root. Every RFC 3161 timestamp in the signature must then verify against one of the trusted authorities, and at least one must be present; for `verify certificate` the certificates' validity is checked at the timestamps' times instead of now. Repeatable (one file per authority). Without it (or --trusted-root / --trust-config), timestamps are not checked (a note says so).",
                               valueName: "file"))
    var chains: [String] = []

    @Option(name: [.customLong("trusted-root"), .customLong("trusted_root")],
            help: ArgumentHelp("A Sigstore trusted root (TrustedRoot JSON) whose timestampAuthorities, each within its validFor window, are trusted for the signature's RFC 3161 timestamps (as with --tsa-certificate-chain).",
                               valueName: "file"))
    var trustedRoot: String?

    @Option(name: [.customLong("trust-config"), .customLong("trust_config")],
            help: ArgumentHelp("A client trust configuration (ClientTrustConfig JSON) whose trusted root's timestampAuthorities are trusted, as with --trusted-root.",
                               valueName: "file"))
    var trustConfig: String?

    /// Whether any timestamp authority is trusted (the timestamps are then checked and required).
    var isGiven: Bool { !chains.isEmpty || trustedRoot != nil || trustConfig != nil }

    func validate() throws {
        if trustedRoot != nil && trustConfig != nil {
            throw ValidationError("--trusted-root and --trust-config cannot be combined")
        }
    }

    /// The trusted authorities: the chain files', then the trusted root's.
    func authorities() throws -> [CertificateAuthority] {
        var authorities = try chains.map { path throws(ModelSigningError) in try CertificateAuthority(timestampAuthorityChainAt: path) }
        if let path = trustedRoot ?? trustConfig {
            let root = trustedRoot != nil
                ? try TrustedRoot(contentsOf: URL(fileURLWithPath: path))
                : try ClientTrustConfig(contentsOf: URL(fileURLWithPath: path)).trustedRoot
            guard !root.timestampAuthorities.isEmpty else {
                throw ModelSigningError.timestamp("\(path): the trusted root lists no timestamp authority (timestampAuthorities is empty)")
            }
            authorities += root.timestampAuthorities
        }
        return authorities
    }
}
