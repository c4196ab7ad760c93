import Foundation
@testable import Sigstore

/// Locates the shared test vectors: `$MODEL_SIGNING_VECTORS`, else `<package root>/../shared/vectors`.
enum TestVectors {
    static let root: URL? = {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_VECTORS"], !path.isEmpty {
            let url = URL(fileURLWithPath: path)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        // #filePath = <root>/Tests/SigstoreTests/Support/TestVectors.swift
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Whether the vectors are present; tests that need them are disabled (and reported as
    /// skipped) when they are not.
    static var available: Bool { root != nil }

    static func url(_ relative: String) -> URL {
        (root ?? URL(fileURLWithPath: "/nonexistent")).appendingPathComponent(relative)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relative)))
    }

    static func bundle(_ relative: String) throws -> SigstoreBundle {
        try SigstoreBundle.parse(try bytes(relative))
    }

    static func trustedRoot(_ relative: String) throws -> TrustedRoot {
        try TrustedRoot(contentsOf: url(relative))
    }

}

/// Identities used by the vector bundles.
enum Issuers {
    static let githubOAuth = "https://github.com/login/oauth"
    static let google = "https://accounts.google.com"
    static let githubActions = "https://token.actions.githubusercontent.com"
    static let ibm = "https://sigstore.verify.ibm.com/oauth2"
    static let beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
    static let serviceAccount = "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com"
}

extension Array where Element == UInt8 {
    init(hex: String) {
        self = Hex.decode(hex) ?? []
    }
}
