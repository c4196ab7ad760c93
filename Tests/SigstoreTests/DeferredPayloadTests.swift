import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing

/// Reading a bundle's DSSE payload in place (``JSONParser/parse(_:deferring:)``, base64 decoded
/// from the document's bytes) gives what decoding every string through the JSON tree gives:
/// the same bundle, or the same error, on the test vectors and on random and damaged bundles.
@Suite struct DeferredPayloadTests {
    /// A bundle or the error's wording.
    private enum Outcome: Equatable {
        case bundle(SigstoreBundle)
        case refused(String)
    }

    private static func outcome(_ document: [UInt8], deferral: StringDeferral?) -> Outcome {
        do {
            return .bundle(try SigstoreBundle.parse(document, payloadDeferral: deferral))
        } catch {
            return .refused(String(describing: error))
        }
    }

    /// Deferring short payloads too makes every vector's payload take the in-place path.
    private static let everyPayload = StringDeferral(key: "payload", minimumLength: 0)

    @discardableResult
    private static func expectAgreement(_ document: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let tree = outcome(document, deferral: nil)
        #expect(outcome(document, deferral: everyPayload) == tree, sourceLocation: sourceLocation)
        #expect(outcome(document, deferral: SigstoreBundle.payloadDeferral) == tree, sourceLocation: sourceLocation)
        return tree
    }

    /// The same tree as the plain parser's, each deferred string put back from its span.
    private static func expectSameTree(_ document: [UInt8], deferral: StringDeferral,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        let plain = Result { () throws(JSONError) in try JSONParser.parse(document) }
        let deferred = document.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try JSONParser.parse(buffer, deferring: deferral) }
        }
        switch (plain, deferred) {
        case (.success(let value), .success(let result)):
            #expect(restored(result.value, key: deferral.key, deferred: result.deferred, document: document) == value,
                    sourceLocation: sourceLocation)
        case (.failure(let plainError), .failure(let deferredError)):
            #expect(plainError.description == deferredError.description, sourceLocation: sourceLocation)
        default:
            Issue.record("the parsers disagree on \(String(decoding: document.prefix(200), as: UTF8.self))", sourceLocation: sourceLocation)
        }
    }

    /// `value` with each deferred string (the member `key` of a top-level member object, an
    /// empty string in the tree) replaced by its text.
    private static func restored(_ value: JSONValue, key: String, deferred: [DeferredString], document: [UInt8]) -> JSONValue {
        guard !deferred.isEmpty, var root = value.objectValue else { return value }
        for string in deferred {
            guard var container = root[string.containerKey]?.objectValue, container[key] == .string("") else {
                Issue.record("no deferred string in \(string.containerKey)")
                continue
            }
            container[key] = .string(String(decoding: document[string.span], as: UTF8.self))
            root[string.containerKey] = .object(container)
        }
        return .object(root)
    }

    private static func vectorBundles() throws -> [(name: String, bytes: [UInt8])] {
        let root = try #require(TestEnvironment.vectors)
        var bundles: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".sig") || name.hasSuffix(".sigstore.json") || name.hasSuffix(".bundle.json")
                    || name.hasSuffix(".sigstore") else { continue }
            let bytes = Array(try Data(contentsOf: root.appendingPathComponent(name)))
            guard bytes.first == UInt8(ascii: "{") else { continue }
            bundles.append((name, bytes))
        }
        return bundles.sorted { $0.0 < $1.0 }
    }

    // MARK: - Vectors

    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
    func vectorBundlesReadAlike() throws {
        let bundles = try DeferredPayloadTests.vectorBundles()
        #expect(bundles.count > 40)
        var withPayload = 0
        for (_, bytes) in bundles {
            if case .bundle(let bundle) = DeferredPayloadTests.expectAgreement(bytes), bundle.dsseEnvelope != nil {
                withPayload += 1
            }
            DeferredPayloadTests.expectSameTree(bytes, deferral: DeferredPayloadTests.everyPayload)
        }
        #expect(withPayload > 20)
    }

    // MARK: - Large payloads, written and damaged

    /// A key-signed-shaped bundle whose payload is `payload`, written as `payloadText`.
    private static func bundle(payloadText: String, envelopeKey: String = "dsseEnvelope", extra: String = "") -> [UInt8] {
        Array(("""
        {"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",\
        "verificationMaterial":{"publicKey":{"hint":"abc"},"tlogEntries":[]},\
        "\(envelopeKey)":{"payload":"\(payloadText)","payloadType":"application/vnd.in-toto+json",\
        "signatures":[{"sig":"MEUCIQ=="}]}\(extra)}
        """).utf8)
    }

    @Test func largePayloadIsDecodedInPlace() throws {
        let payload = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for envelopeKey in ["dsseEnvelope", "dsse_envelope"] {
            let document = DeferredPayloadTests.bundle(payloadText: Base64.encode(payload), envelopeKey: envelopeKey)
            let deferred = try document.withUnsafeBufferPointer { try JSONParser.parse($0, deferring: SigstoreBundle.payloadDeferral) }.deferred
            #expect(deferred.count == 1 && deferred.first?.containerKey == envelopeKey)
            #expect(DeferredPayloadTests.expectAgreement(document) == .bundle(try SigstoreBundle.parse(document, payloadDeferral: nil)))
            #expect(try SigstoreBundle.parse(document).dsseEnvelope?.payload == payload)
        }
    }

    @Test func unusualPayloadsAgree() {
        let text = Base64.encode((0..<6_000).map { UInt8(truncatingIfNeeded: $0) })
        let head = String(text.prefix(3000)), tail = String(text.dropFirst(3000))
        // Escapes, a byte outside ASCII, white space, padding, the URL-safe alphabet, lengths
        // around the deferral threshold.
        let inserts: [String] = ["\\n", "\\/", "\u{E9}", "\\u0041", " ", "=", "!"]
        var variants: [String] = inserts.map { head + $0 + tail }
        variants += [text, text + "=", String(text.dropLast(2)), "!" + text, text.replacingOccurrences(of: "+", with: "-"),
                     String(text.prefix(4095)), String(text.prefix(4096))]
        for variant in variants {
            DeferredPayloadTests.expectAgreement(DeferredPayloadTests.bundle(payloadText: variant))
            // Both spellings present: the reader picks dsseEnvelope, and only its payload counts.
            let both = DeferredPayloadTests.bundle(payloadText: variant,
                                                   extra: #","dsse_envelope":{"payload":"\#(text)","payloadType":"x","signatures":[]}"#)
            DeferredPayloadTests.expectAgreement(both)
            let unrelated = DeferredPayloadTests.bundle(payloadText: variant, extra: #","other":{"payload":"\#(text)"}"#)
            DeferredPayloadTests.expectAgreement(unrelated)
            DeferredPayloadTests.expectSameTree(unrelated, deferral: DeferredPayloadTests.everyPayload)
        }
    }

    /// Random damage to a bundle with a large payload: flipped bits, cuts, JSON punctuation
    /// inserted, repeated runs. Both readings give the same bundle or the same error.
    @Test(arguments: 0..<6)
    func damagedBundlesAgree(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let payload = (0..<4_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let original = DeferredPayloadTests.bundle(payloadText: Base64.encode(payload))
        let punctuation = Array(#"{}[],:" \/u0aA=-_+"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<250 {
            let document = random.damaged(original, inserting: punctuation)
            DeferredPayloadTests.expectAgreement(document)
            DeferredPayloadTests.expectSameTree(document, deferral: DeferredPayloadTests.everyPayload)
        }
    }

    // MARK: - The plain-run scanner

    /// ``JSONParser/plainRunEnd(in:from:)`` (eight bytes at a time) stops where a byte-at-a-time
    /// scan does, for each kind of stopping byte at every offset of a word.
    @Test func plainRunEndStopsAtTheFirstSpecialByte() {
        let stoppers: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x09, 0x1F, 0x80, 0xC3, 0xFF]
        let fillers: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, UInt8(ascii: "A")]
        for length in 0..<40 {
            for filler in fillers {
                let plain = [UInt8](repeating: filler, count: length)
                plain.withUnsafeBufferPointer { #expect(JSONParser.plainRunEnd(in: $0, from: 0) == length) }
                for stopper in stoppers {
                    for position in 0..<length {
                        var bytes = plain
                        bytes[position] = stopper
                        for start in [0, min(position, 3)] {
                            bytes.withUnsafeBufferPointer { #expect(JSONParser.plainRunEnd(in: $0, from: start) == position) }
                        }
                    }
                }
            }
        }
    }
}
