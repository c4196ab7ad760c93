import ArgumentParser
import Sigstore
import SigstoreTrust

/// The trusted root verification uses when no --trusted-root/--trust-config is given.
///
/// Plain `verify` is offline-first: a fresh TUF cache, else the stale cache (with a warning),
/// else the embedded root; the network is used only when an instance is named with
/// `--instance URL` (then update-first with a short timeout, unless `--offline`).
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
}
