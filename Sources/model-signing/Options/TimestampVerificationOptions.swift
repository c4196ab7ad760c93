import ArgumentParser
import ModelSigning
import Sigstore

/// `--tsa-certificate-chain`: the timestamp authorities trusted for a key or certificate
/// signature's RFC 3161 timestamps.
struct TimestampVerificationOptions: ParsableArguments {
    @Option(name: [.customLong("tsa-certificate-chain"), .customLong("tsa_certificate_chain")], parsing: .singleValue,
            help: ArgumentHelp("PEM file of a trusted timestamp authority: its signing certificate first, then intermediates, then its root. Every RFC 3161 timestamp in the signature must then verify against one of these authorities, and at least one must be present; for `verify certificate` the certificates' validity is checked at the timestamps' times instead of now. Repeatable (one file per authority). Without it, timestamps are not checked (a note says so).",
                               valueName: "file"))
    var chains: [String] = []

    /// The trusted authorities, read from the files.
    func authorities() throws -> [CertificateAuthority] {
        try chains.map { path throws(ModelSigningError) in try CertificateAuthority(timestampAuthorityChainAt: path) }
    }
}
