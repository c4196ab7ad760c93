extension SigstoreSigner {
    /// The identity token and certificate that ``SigstoreSigner/preparingCertificate()`` asked
    /// for ahead of time, shared by the copies of that signer. The request is cancelled when
    /// the last copy goes away unused (a hashing error, for example).
    final class PreparedCertificate: Sendable {
        let task: Task<Result<IssuedCertificate, KeylessSigningError>, Never>

        init(_ task: Task<Result<IssuedCertificate, KeylessSigningError>, Never>) {
            self.task = task
        }

        deinit {
            task.cancel()
        }
    }
}
