import Foundation

extension TrustedRoot {
    /// A Sigstore instance whose trusted root ships with this library.
    public enum Instance: String, Sendable, CaseIterable {
        /// The public-good instance (`fulcio.sigstore.dev`, `rekor.sigstore.dev`, …).
        case production
        /// The staging instance (`fulcio.sigstage.dev`, …), for testing only.
        case staging
    }

    /// The bundled trusted root of the public-good production instance.
    ///
    /// Refresh the bundled copies with `scripts/refresh-trust-roots.sh`.
    public static func production() throws(SigstoreVerificationError) -> TrustedRoot {
        try bundled(.production)
    }

    /// The bundled trusted root of the staging instance.
    public static func staging() throws(SigstoreVerificationError) -> TrustedRoot {
        try bundled(.staging)
    }

    /// The bundled trusted root of `instance`.
    public static func bundled(_ instance: Instance) throws(SigstoreVerificationError) -> TrustedRoot {
        guard let url = Bundle.module.url(forResource: "trusted_root", withExtension: "json",
                                          subdirectory: "TrustRoots/\(instance.rawValue)") else {
            throw SigstoreVerificationError(.trustMaterial, "the bundled \(instance.rawValue) trusted root is missing from the package resources")
        }
        return try TrustedRoot(contentsOf: url)
    }
}
