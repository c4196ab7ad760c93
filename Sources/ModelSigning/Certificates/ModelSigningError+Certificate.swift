extension ModelSigningError {
    /// The message of a certificate error without its `certificate:` prefix.
    var certificateReason: String {
        code.isCertificateFailure ? reason : description
    }
}
