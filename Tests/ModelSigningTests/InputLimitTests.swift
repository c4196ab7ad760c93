import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// Hostile signatures are refused at documented limits, with an error naming the limit.
@Suite struct InputLimitTests {
    private static func manifest(names: [String]) throws -> Manifest {
        let resources = try names.map { name in
            Resource(path: try #require(ModelPath(name)), range: nil, algorithm: "sha256", digest: Array(repeating: 7, count: 32))
        }
        return Manifest(modelName: "m", serialization: Serialization(), resources: resources)
    }

    private static func reason(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func resourceCountIsLimited() throws {
        let payload = OMSStatement.payload(for: try InputLimitTests.manifest(names: (0..<5).map { "f\($0)" }))
        #expect(try OMSStatement.manifest(fromPayload: payload, maximumResourceCount: 5).resources.count == 5)
        let message = InputLimitTests.reason { _ = try OMSStatement.manifest(fromPayload: payload, maximumResourceCount: 4) }
        #expect(message.contains("the signature lists 5 resources; at most 4 are accepted"), "\(message)")
        #expect(OMSStatement.maximumResourceCount >= 1_000_000)
    }

    @Test func resourceNameLengthIsLimited() throws {
        let longest = String(repeating: "n", count: OMSStatement.maximumNameLength)
        let accepted = OMSStatement.payload(for: try InputLimitTests.manifest(names: [longest]))
        #expect(try OMSStatement.manifest(fromPayload: accepted).resources[0].name == longest)
        let tooLong = OMSStatement.payload(for: try InputLimitTests.manifest(names: ["d/" + longest]))
        let message = InputLimitTests.reason { _ = try OMSStatement.manifest(fromPayload: tooLong) }
        #expect(message.contains("a resource name is 4098 bytes long; at most 4096 are accepted"), "\(message)")
    }

    @Test func jsonNestingDepthIsLimited() throws {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(Array(deepest.utf8))
        let tooDeep = "[" + deepest + "]"
        let message = InputLimitTests.reason { _ = try SigstoreBundle.parse(Array(tooDeep.utf8)) }
        #expect(message.contains("nesting deeper than 64 levels"), "\(message)")
    }

    @Test func inclusionProofLengthIsLimited() throws {
        func entry(hashCount: Int) -> String {
            let hash = Base64.encode([UInt8](repeating: 1, count: 32))
            let hashes = Array(repeating: "\"\(hash)\"", count: hashCount).joined(separator: ",")
            return #"{"logIndex":"1","logId":{"keyId":"AAAA"},"kindVersion":{"kind":"dsse","version":"0.0.1"},"#
                + #""inclusionProof":{"logIndex":"1","rootHash":"\#(hash)","treeSize":"2","hashes":[\#(hashes)]},"#
                + #""canonicalizedBody":"e30="}"#
        }
        let accepted = try TransparencyLogEntry(JSONReader(document: Array(entry(hashCount: InclusionProof.maximumHashCount).utf8)))
        #expect(accepted.inclusionProof?.hashes.count == InclusionProof.maximumHashCount)
        let message = InputLimitTests.reason {
            _ = try TransparencyLogEntry(JSONReader(document: Array(entry(hashCount: InclusionProof.maximumHashCount + 1).utf8)))
        }
        #expect(message.contains("65 hashes; an inclusion proof has at most 64"), "\(message)")
    }
}
