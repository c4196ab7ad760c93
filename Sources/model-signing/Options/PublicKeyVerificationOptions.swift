import ArgumentParser
import ModelSigning
import Sigstore

/// `--public-key` (also `--public_key`): the EC public key of `verify key` and `read key`.
struct PublicKeyVerificationOptions: ParsableArguments {
    @Option(name: [.customLong("public-key"), .customLong("public_key")], help: "PEM public key.")
    var publicKey: String

    /// A verifier for signatures made with the key; RFC 3161 timestamps are checked against
    /// `timestampAuthorities` when given.
    func verifier(timestampAuthorities: [CertificateAuthority] = []) throws -> KeyVerifier {
        KeyVerifier(publicKey: try ECPublicKey(contentsOf: publicKey), timestampAuthorities: timestampAuthorities)
    }
}
