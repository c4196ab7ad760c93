import ArgumentParser
import KeylessSigning
import ModelSigning

/// `--tsa-url`: RFC 3161 timestamp authorities asked for a timestamp over the signature (key,
/// certificate, PKCS #11 and external signing), as in the reference's open pull request #620.
struct TimestampingOptions: ParsableArguments {
    @Option(name: [.customLong("tsa-url"), .customLong("tsa_url")], parsing: .singleValue,
            help: ArgumentHelp("URL of an RFC 3161 timestamp authority (e.g. https://timestamp.sigstore.dev/api/v1/timestamp) asked for a timestamp over the signature; the token goes into the signature's timestampVerificationData. Repeatable: one timestamp per authority. Any authority failing fails the signing and nothing is written.",
                               valueName: "url"))
    var tsaURLs: [String] = []

    @Option(name: [.customLong("tsa-timeout"), .customLong("tsa_timeout")],
            help: ArgumentHelp("Seconds allowed for each attempt to get a timestamp (at most 3 attempts per authority).", valueName: "seconds"))
    var tsaTimeout: Int = 30

    func validate() throws {
        guard (1...3600).contains(tsaTimeout) else { throw ValidationError("--tsa-timeout must be between 1 and 3600 seconds") }
        for url in tsaURLs where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--tsa-url \(url): expected an http:// or https:// URL")
        }
        guard tsaURLs.count <= 32 else { throw ValidationError("--tsa-url: at most 32 timestamp authorities") }
    }

    /// The authorities, in the order given.
    var authorities: [any TimestampAuthority] {
        tsaURLs.map { TimestampAuthorityClient(url: $0, policy: ServiceClient.Policy(timeout: Double(tsaTimeout))) }
    }
}
