extension ECPrivateKey {
    /// Reads a PEM private key file (see ``init(pem:password:)``).
    public init(contentsOf path: String, password: String? = nil) throws(ModelSigningError) {
        self = try readPEMFile(path, what: "private key") { text throws(ModelSigningError) in
            try ECPrivateKey(pem: text, password: password)
        }
    }
}

extension ECPublicKey {
    /// Reads a PEM public key file (see ``init(pem:)``).
    public init(contentsOf path: String) throws(ModelSigningError) {
        self = try readPEMFile(path, what: "public key") { text throws(ModelSigningError) in try ECPublicKey(pem: text) }
    }
}

/// Reads the PEM key file at `path` (at most 1 MiB) with `parse`; key errors name the file.
func readPEMFile<Key>(_ path: String, what: String, _ parse: (String) throws(ModelSigningError) -> Key) throws(ModelSigningError) -> Key {
    let bytes = try SignatureFile.contents(of: path, what: what, limit: 1 << 20)
    do {
        return try parse(String(decoding: bytes, as: UTF8.self))
    } catch {
        throw error.attributed(to: path)
    }
}

extension ModelSigningError {
    /// The same key error, naming the file it came from.
    func attributed(to path: String) -> ModelSigningError {
        if code == .key, self.path == nil { return .key(path: path, reason: reason) }
        return self
    }
}
