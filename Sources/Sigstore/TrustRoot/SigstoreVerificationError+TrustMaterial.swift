extension SigstoreVerificationError {
    /// An error met while reading trust material (a trusted root, a trust configuration), as a
    /// ``Check/trustMaterial`` failure: a reader error names its field, one of ours passes
    /// through unchanged, anything else is described. `context` prefixes the reason.
    static func readingTrustMaterial(_ error: any Error, context: String = "") -> SigstoreVerificationError {
        switch error {
        case let error as SigstoreVerificationError:
            return error
        case let error as BundleError:
            return SigstoreVerificationError(.trustMaterial, context + (error.field.isEmpty ? "" : "\(error.field): ") + error.reason)
        default:
            return SigstoreVerificationError(.trustMaterial, context + "\(LibraryErrorText.problem(error))")
        }
    }
}
