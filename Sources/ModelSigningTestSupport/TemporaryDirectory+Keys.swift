import ModelSigning

extension TemporaryDirectory {
    /// Generates an EC key pair and writes it as `key.pem` (PKCS#8) and `key.pub` (SPKI);
    /// returns the two paths.
    @discardableResult
    public func writeKeyPair(curve: ECCurve = .p256) throws -> (privateKey: String, publicKey: String) {
        let key = ECPrivateKey.generate(curve: curve)
        return (try write("key.pem", key.pkcs8PEM).path, try write("key.pub", key.publicKey.pem).path)
    }
}
