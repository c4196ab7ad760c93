import ArgumentParser
import Sigstore
import SigstoreTrust

/// The trust material verification and keyless signing use when no --trusted-root/--trust-config
/// is given.
///
/// Plain `verify` is offline-first: a fresh TUF cache, else the stale cache (with a warning),
/// else the embedded root; the network is used only when an instance is named with
/// `--instance URL` (then update-first with a short timeout, unless `--offline`).
/// Keyless signing needs the network anyway, so it updates a cache that is not fresh for
/// every instance (production, staging or `--instance`) unless `--offline`.
enum TrustResolution {
    /// Seconds allowed per request of the online update (`$MODEL_SIGNING_TUF_TIMEOUT` overrides).
    static var onlineTimeout: Double { TrustInstanceOptions.requestTimeout(default: 5) }

    static func trustedRoot(instanceURL: String?, staging: Bool, offline: Bool) async throws -> TrustedRoot {
        let instance = try instanceURL.map(TrustInstanceOptions.parse) ?? (staging ? .staging : .production)
        let online = instanceURL != nil && !offline
        let resolved = try await SigstoreTrust.resolve(instance: instance, online: online, timeout: onlineTimeout,
                                                       warnWhenEmbedded: instanceURL != nil)
        if let warning = resolved.warning { StandardError.write(warning + "\n") }
        return resolved.trustedRoot
    }

    /// The trusted root and signing configuration of keyless signing: the instance's TUF cache
    /// when fresh, else an online update (unless `offline`), else the stale cache or the
    /// embedded material with a warning on stderr. `signingConfig`, when given, replaces the
    /// instance's.
    static func signingMaterial(instanceURL: String?, staging: Bool, offline: Bool,
                                signingConfig: SigningConfig?) async throws -> (TrustedRoot, SigningConfig) {
        let instance = try instanceURL.map(TrustInstanceOptions.parse) ?? (staging ? .staging : .production)
        let resolved = try await SigstoreTrust.resolve(instance: instance, online: !offline, timeout: onlineTimeout,
                                                       warnWhenEmbedded: instanceURL != nil)
        if let warning = resolved.warning { StandardError.write(warning + "\n") }
        return (resolved.trustedRoot, try signingConfig ?? resolved.signingConfig(for: instance))
    }
}
