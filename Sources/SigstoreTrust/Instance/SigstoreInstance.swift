import Foundation
import Sigstore

/// A Sigstore instance whose trust material is published through TUF.
public struct SigstoreInstance: Sendable, Equatable {
    /// The TUF repository URL (metadata at `URL/`, targets at `URL/targets/`).
    public let repositoryURL: URL
    /// The instance whose roots ship with this package, if any.
    public let bundled: TrustedRoot.Instance?

    /// The public-good instance (`https://tuf-repo-cdn.sigstore.dev`).
    public static let production = SigstoreInstance(
        repositoryURL: URL(string: "https://tuf-repo-cdn.sigstore.dev")!, bundled: .production)
    /// The staging instance (`https://tuf-repo-cdn.sigstage.dev`).
    public static let staging = SigstoreInstance(
        repositoryURL: URL(string: "https://tuf-repo-cdn.sigstage.dev")!, bundled: .staging)

    /// The instance at `repositoryURL`: production or staging when it is one of their URLs.
    public init(repositoryURL: URL) {
        let text = SigstoreInstance.normalized(repositoryURL.absoluteString)
        if text == SigstoreInstance.normalized(SigstoreInstance.production.repositoryURL.absoluteString) {
            self = .production
        } else if text == SigstoreInstance.normalized(SigstoreInstance.staging.repositoryURL.absoluteString) {
            self = .staging
        } else {
            self.init(repositoryURL: repositoryURL, bundled: nil)
        }
    }

    private init(repositoryURL: URL, bundled: TrustedRoot.Instance?) {
        self.repositoryURL = repositoryURL
        self.bundled = bundled
    }

    /// The URL without trailing slashes, the key of the instance's cache folder.
    public var identifier: String { SigstoreInstance.normalized(repositoryURL.absoluteString) }

    static func normalized(_ text: String) -> String {
        var text = text
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    public static func == (lhs: SigstoreInstance, rhs: SigstoreInstance) -> Bool {
        Array(lhs.identifier.utf8) == Array(rhs.identifier.utf8)
    }

    /// The TUF `root.json` shipped with this package for production or staging.
    public var embeddedTUFRoot: [UInt8]? {
        guard let bundled,
              let url = Bundle.module.url(forResource: "root", withExtension: "json", subdirectory: "TUFRoots/\(bundled.rawValue)"),
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return [UInt8](data)
    }
}
