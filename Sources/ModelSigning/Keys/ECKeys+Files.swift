extension ECPrivateKey {
    /// Reads a PEM private key file (see ``init(pem:password:)``).
    public init(contentsOf path: String, password: String? = nil) throws(ModelSigningError) {
        let bytes = try SignatureFile.contents(of: path, what: "private key", limit: 1 << 20)
        do {
            try self.init(pem: String(decoding: bytes, as: UTF8.self), password: password)
        } catch {
            throw error.attributed(to: path)
        }
    }
}

extension ECPublicKey {
    /// Reads a PEM public key file (see ``init(pem:)``).
    public init(contentsOf path: String) throws(ModelSigningError) {
        let bytes = try SignatureFile.contents(of: path, what: "public key", limit: 1 << 20)
        do {
            try self.init(pem: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw error.attributed(to: path)
        }
    }
}

extension ModelSigningError {
    /// The same key error, naming the file it came from.
    func attributed(to path: String) -> ModelSigningError {
        if code == .key, self.path == nil { return .key(path: path, reason: reason) }
        return self
    }
}
