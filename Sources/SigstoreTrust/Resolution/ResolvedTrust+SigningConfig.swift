import Sigstore

extension ResolvedTrust {
    /// The signing configuration that goes with this trust material: the instance's
    /// `signing_config.v0.2.json` TUF target when it was resolved with one, else the
    /// configuration shipped for production or staging.
    /// - Parameter instance: the instance this material was resolved for (names it in errors).
    /// - Throws: a ``SigstoreVerificationError`` naming the instance when it publishes no signing
    ///   configuration and none ships with this package, or when the target does not parse.
    public func signingConfig(for instance: SigstoreInstance) throws(SigstoreVerificationError) -> SigningConfig {
        if let signingConfigJSON {
            do {
                return try SigningConfig(json: signingConfigJSON)
            } catch {
                throw SigstoreVerificationError(.trustMaterial,
                    "the \(SigstoreTrust.signingConfigTarget) of \(instance.identifier) does not parse: \(error.reason)")
            }
        }
        guard let bundled = instance.bundled else {
            throw SigstoreVerificationError(.trustMaterial,
                "\(instance.identifier) publishes no \(SigstoreTrust.signingConfigTarget) through TUF; give --signing-config")
        }
        return try SigningConfig.bundled(bundled)
    }
}
