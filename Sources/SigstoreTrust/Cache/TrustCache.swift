import Foundation
import TUF

/// Where TUF state is cached: `$XDG_CACHE_HOME/model-signing/tuf/<escaped URL>`, else
/// `~/Library/Caches/…` on macOS and `~/.cache/…` elsewhere.
public enum TrustCache {
    /// The cache folder shared by all instances.
    public static func baseDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty, xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("model-signing/tuf", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        #if os(macOS)
        let caches = URL(fileURLWithPath: home).appendingPathComponent("Library/Caches", isDirectory: true)
        #else
        let caches = URL(fileURLWithPath: home).appendingPathComponent(".cache", isDirectory: true)
        #endif
        return caches.appendingPathComponent("model-signing/tuf", isDirectory: true)
    }

    /// The TUF store of one instance.
    public static func store(for instance: SigstoreInstance, base: URL = baseDirectory()) -> TUFStore {
        TUFStore(directory: base.appendingPathComponent(TUFStore.escape(instance.identifier), isDirectory: true))
    }
}
