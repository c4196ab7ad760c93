import ModelSigning
import Sigstore
import X509

/// The parsers of untrusted input, one entry point each, for libFuzzer harnesses (`fuzz/`) and
/// for replaying their corpora and crash reproducers in the ordinary test suite.
///
/// Every entry point must return for any input: errors are expected, a crash, hang or runaway
/// allocation is a finding. Some also check a property (a parsed value written back and parsed
/// again is the same), and trap when it does not hold, so that the fuzzer reports it.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Sigstore bundle JSON, with its DSSE envelope and log entries.
    case bundle
    /// The OMS in-toto statement (the DSSE payload).
    case statement
    /// The JSON parser, with a canonical-form round trip.
    case json
    /// PEM text: blocks, public and private keys, certificates.
    case pem
    /// DER: subject public key info and X.509 certificates.
    case der
    /// RFC 3161 time-stamp tokens.
    case timestamp
    /// Transparency-log checkpoints (signed notes).
    case checkpoint
    /// Trusted roots and client trust configurations.
    case trustRoot = "trust-root"
    /// Signed certificate timestamp lists (the certificate extension's contents).
    case sct

    /// Runs the parser on `input`, ignoring the errors it reports.
    public func run(_ input: [UInt8]) {
        switch self {
        case .bundle:
            _ = try? SigstoreBundle.parse(input)
        case .statement:
            _ = try? OMSStatement.manifest(fromPayload: input)
        case .json:
            FuzzTarget.checkJSONRoundTrip(input)
        case .pem:
            let text = String(decoding: input, as: UTF8.self)
            _ = try? PEMBlock.parseAll(text)
            _ = try? VerificationKey(pem: text)
            _ = try? ECPublicKey(pem: text)
            _ = try? ECPrivateKey(pem: text)
        case .der:
            _ = try? VerificationKey(der: input)
            _ = try? ECPublicKey(subjectPublicKeyInfo: input)
            _ = try? Certificate(derEncoded: input)
        case .timestamp:
            _ = try? TimeStampToken(input)
        case .checkpoint:
            _ = try? Checkpoint(String(decoding: input, as: UTF8.self))
        case .trustRoot:
            _ = try? TrustedRoot(json: input)
            _ = try? ClientTrustConfig(json: input)
        case .sct:
            _ = try? SignedCertificateTimestamp.parseList(input)
        }
    }

    /// A document that parses must serialize to canonical JSON that parses to the same
    /// canonical bytes again.
    private static func checkJSONRoundTrip(_ input: [UInt8]) {
        guard let value = try? JSONParser.parse(input) else { return }
        let canonical = value.serialized(.canonical)
        guard let reparsed = try? JSONParser.parse(canonical) else {
            fatalError("canonical JSON of a parsed document does not parse: \(String(decoding: canonical, as: UTF8.self))")
        }
        guard reparsed.serialized(.canonical) == canonical else {
            fatalError("canonical JSON is not stable: \(String(decoding: canonical, as: UTF8.self))")
        }
    }
}
