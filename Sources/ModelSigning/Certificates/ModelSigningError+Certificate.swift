extension ModelSigningError {
    /// The message of a certificate error without its `certificate:` prefix.
    var certificateReason: String {
        if case .certificate(let reason) = self { return reason }
        return description
    }
}
