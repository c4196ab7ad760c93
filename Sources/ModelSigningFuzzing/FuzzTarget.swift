import Foundation
import KeylessSigning
import ModelSigning
import Sigstore
import TUF
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
    /// Rekor entry bodies (dsse 0.0.1, intoto 0.0.2, hashedrekord 0.0.1 and 0.0.2) compared
    /// with fixed signed material, as verification compares them with a bundle's.
    case rekorBody = "rekor-body"
    /// TUF metadata (root, timestamp, snapshot, targets with delegations) and TUF canonical JSON.
    case tuf
    /// OIDC identity tokens (compact JWTs) and their claims.
    case jwt
    /// Fulcio's signing-certificate response.
    case fulcioResponse = "fulcio-response"
    /// Rekor's replies to an upload: v1 (entry by UUID) and v2 (a TransparencyLogEntry).
    case rekorResponse = "rekor-response"
    /// Model cards: Markdown with YAML front matter.
    case modelCard = "model-card"
    /// CycloneDX ML-BOMs as attestations carry them.
    case mlBOM = "ml-bom"

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
            _ = try? SignerPublicKey(pem: text)
            _ = try? ECPrivateKey(pem: text)
        case .der:
            _ = try? VerificationKey(der: input)
            _ = try? ECPublicKey(subjectPublicKeyInfo: input)
            _ = try? SignerPublicKey(subjectPublicKeyInfo: input)
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
        case .rekorBody:
            FuzzTarget.checkLogEntryBody(input)
        case .tuf:
            _ = try? TUFMetadataParser.read(input, targetPath: "trusted_root.json")
            _ = try? TUFMetadataParser.read(input, targetPath: "a/b/c.json")
            FuzzTarget.checkTUFCanonicalForm(input)
        case .jwt:
            guard let token = try? IdentityToken(String(decoding: input, as: UTF8.self)) else { return }
            _ = try? token.check(at: Date(timeIntervalSince1970: 1_800_000_000))
            _ = token.description
        case .fulcioResponse:
            _ = try? FulcioClient.chain(from: input)
        case .rekorResponse:
            _ = try? RekorClient.entryV1(input)
            _ = try? RekorClient.entryV2(input)
        case .modelCard:
            guard let card = try? ModelCard(markdown: input) else { return }
            _ = MLBOM(facts: card.facts(defaultName: "model"), files: []).serialized()
        case .mlBOM:
            guard let reader = try? JSONReader(document: input), let bom = try? MLBOM(reading: reader) else { return }
            // What was read must be written and read back the same.
            let written = bom.serialized()
            guard let reread = try? MLBOM(reading: JSONReader(document: written)) else {
                fatalError("a BOM that was read does not read back once written: \(String(decoding: written, as: UTF8.self))")
            }
            guard reread.serialized() == written else {
                fatalError("a BOM written twice differs: \(String(decoding: written, as: UTF8.self))")
            }
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

    /// TUF's canonical form (OLPC canonical JSON) is what signatures cover: when it parses back
    /// as JSON (it need not: control characters stay raw), it must give the same bytes again.
    private static func checkTUFCanonicalForm(_ input: [UInt8]) {
        guard let value = try? JSONParser.parse(input), let canonical = value.tufCanonicalBytes() else { return }
        guard let reparsed = try? JSONParser.parse(canonical) else { return }
        guard reparsed.tufCanonicalBytes() == canonical else {
            fatalError("TUF canonical JSON is not stable: \(String(decoding: canonical, as: UTF8.self))")
        }
    }
}
