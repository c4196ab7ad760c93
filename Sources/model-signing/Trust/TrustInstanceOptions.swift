import ArgumentParser
import Foundation
import SigstoreTrust

/// `--staging` / `--instance URL`: which Sigstore instance's TUF repository to use.
struct TrustInstanceOptions: ParsableArguments {
    @Flag(name: [.customLong("staging"), .customLong("use-staging")], help: "Sigstore's staging instance.")
    var staging = false

    @Option(name: .customLong("instance"), help: ArgumentHelp("A Sigstore instance's TUF repository URL (default: the public-good instance).", valueName: "URL"))
    var instance: String?

    func validate() throws {
        if staging && instance != nil { throw ValidationError("--staging and --instance cannot be combined") }
        if let instance { _ = try TrustInstanceOptions.parse(instance) }
    }

    var selected: SigstoreInstance {
        if let instance, let parsed = try? TrustInstanceOptions.parse(instance) { return parsed }
        return staging ? .staging : .production
    }

    /// Seconds allowed per TUF request: `$MODEL_SIGNING_TUF_TIMEOUT` when set, else `fallback`.
    static func requestTimeout(default fallback: Double) -> Double {
        guard let text = ProcessInfo.processInfo.environment["MODEL_SIGNING_TUF_TIMEOUT"], let value = Double(text),
              value > 0, value <= 3600 else { return fallback }
        return value
    }

    static func parse(_ text: String) throws -> SigstoreInstance {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("\(text) is not an http(s) URL")
        }
        return SigstoreInstance(repositoryURL: url)
    }
}
