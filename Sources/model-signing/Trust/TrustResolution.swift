import ArgumentParser
import Foundation
import Sigstore
import SigstoreTrust

/// The trusted root a verification uses — the one loader of `verify sigstore` and `verify-bundle`.
///
/// An explicit file wins (`--trusted-root`, then `--trust-config`). Otherwise plain `verify` is
/// offline-first: a fresh TUF cache, else the stale cache (with a warning), else the embedded
/// root; the network is used only when an instance is named with `--instance URL` (then
/// update-first with a short timeout, unless `--offline`).
enum TrustResolution {
    /// Seconds allowed per request of the online update (`$MODEL_SIGNING_TUF_TIMEOUT` overrides).
    static var onlineTimeout: Double { TrustInstanceOptions.requestTimeout(default: 5) }

    /// The trusted root `options` select; `trustedRootFile` (a TrustedRoot JSON) wins over them.
    static func trustedRoot(_ options: TrustRootOptions, trustedRootFile: String? = nil) async throws -> TrustedRoot {
        if let trustedRootFile {
            return try TrustedRoot(contentsOf: URL(fileURLWithPath: trustedRootFile))
        }
        if let trustConfig = options.trustConfig {
            return try ClientTrustConfig(contentsOf: URL(fileURLWithPath: trustConfig)).trustedRoot
        }
        let instance = try options.instance.map(TrustInstanceOptions.parse) ?? (options.staging ? .staging : .production)
        let online = options.instance != nil && !options.offline
        let resolved = try await SigstoreTrust.resolve(instance: instance, online: online, timeout: onlineTimeout,
                                                       warnWhenEmbedded: options.instance != nil)
        if let warning = resolved.warning { StandardError.write(warning + "\n") }
        return resolved.trustedRoot
    }
}
