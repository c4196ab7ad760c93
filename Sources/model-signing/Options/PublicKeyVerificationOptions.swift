import ArgumentParser
import ModelSigning
import Sigstore

/// `--public-key` (also `--public_key`): the EC or RSA public key of `verify key` and `read key`.
struct PublicKeyVerificationOptions: ParsableArguments {
    @Option(name: [.customLong("public-key"), .customLong("public_key")], help: "PEM public key (ECDSA P-256/P-384/P-521, or RSA of at least 2048 bits).")
    var publicKey: String

    /// A verifier for signatures made with the key; RFC 3161 timestamps are checked against
    /// `timestampAuthorities` when given.
    func verifier(timestampAuthorities: [CertificateAuthority] = []) throws -> KeyVerifier {
        KeyVerifier(publicKey: try SignerPublicKey(contentsOf: publicKey), timestampAuthorities: timestampAuthorities)
    }
}
