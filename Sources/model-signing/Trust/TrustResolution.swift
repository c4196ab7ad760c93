import ArgumentParser
import Foundation
import Sigstore
import SigstoreTrust

/// The trust material of verification and keyless signing — the one loader of `verify sigstore`,
/// `verify-bundle`, `sign sigstore` and `sign-bundle`.
///
/// An explicit file wins (`--trusted-root`, then `--trust-config`). Otherwise plain `verify` is
/// offline-first: a fresh TUF cache, else the stale cache (with a warning), else the embedded
/// root; the network is used only when an instance is named with `--instance URL` (then
/// update-first with a short timeout, unless `--offline`). Keyless signing needs the network
/// anyway, so it updates a cache that is not fresh for every instance (production, staging or
/// `--instance`) unless `--offline`.
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
