import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

// The example program of docs/load-time-verification.md, compiled and run here so that it
// cannot rot. The text between the markers must appear verbatim in the document.
// BEGIN EXAMPLE
/// Loads every tensor of a `.safetensors` file of a signed model, verifying exactly what it
/// reads: the signature is checked once, then each read hashes the shards it touches and
/// returns only bytes whose shard digests matched.
func loadVerifiedSafetensors(model: String, signature: String, publicKey: String,
                             file: String) async throws -> [String: [UInt8]] {
    let key = try ECPublicKey(contentsOf: publicKey)
    let signed = try await SignedModel.open(modelAt: model, signatureAt: signature,
                                            verifier: KeyVerifier(publicKey: key))
    guard let path = ModelPath(file) else { throw CocoaError(.fileReadInvalidFileName) }

    // The header: an 8-byte little-endian length, then JSON. Both lie in the first shard,
    // which is hashed once; the second read is served from the verified-shard cache.
    let prefix = try await signed.read(path, range: 0..<8)
    let headerLength = prefix.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
    let header = try await signed.read(path, range: 8..<(8 + headerLength))
    guard let entries = try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile)
    }

    // All tensors in one batch: every shard they touch is hashed once.
    var names: [String] = []
    var ranges: [Range<Int64>] = []
    for (name, entry) in entries where name != "__metadata__" {
        guard let offsets = (entry as? [String: Any])?["data_offsets"] as? [Int], offsets.count == 2 else {
            throw CocoaError(.fileReadCorruptFile)
        }
        names.append(name)
        ranges.append((8 + headerLength + Int64(offsets[0]))..<(8 + headerLength + Int64(offsets[1])))
    }
    let tensors = try await signed.read(path, ranges: ranges)
    return Dictionary(uniqueKeysWithValues: zip(names, tensors))
}
// END EXAMPLE

@Suite struct LoadTimeExampleTests {
    /// A small safetensors file: three tensors after a JSON header.
    static func safetensors(_ tensors: [(String, [UInt8])]) -> [UInt8] {
        var offset = 0
        var fields: [String] = []
        var data: [UInt8] = []
        for (name, bytes) in tensors {
            fields.append(#""\#(name)":{"dtype":"U8","shape":[\#(bytes.count)],"data_offsets":[\#(offset),\#(offset + bytes.count)]}"#)
            offset += bytes.count
            data += bytes
        }
        let header = Array(("{" + fields.joined(separator: ",") + #","__metadata__":{"format":"pt"}}"#).utf8)
        let length = UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + header + data
    }

    @Test func theDocumentedLoaderLoadsVerifiedTensorsAndRefusesTamperedOnes() async throws {
        let tensors = [("embed", LoadTimeFixture.bytes(count: 9000, seed: 11)), ("layer.0", LoadTimeFixture.bytes(count: 20_000, seed: 12)),
                       ("head", LoadTimeFixture.bytes(count: 300, seed: 13))]
        let fixture = try await LoadTimeFixture.make(method: .shards(size: 4096),
                                                     extraFiles: ["model.safetensors": LoadTimeExampleTests.safetensors(tensors)])
        defer { fixture.remove() }
        let publicKey = try fixture.directory.write("key.pub", fixture.key.publicKey.pem)

        let loaded = try await loadVerifiedSafetensors(model: fixture.modelPath, signature: fixture.signaturePath,
                                                       publicKey: publicKey.path, file: "model.safetensors")
        #expect(loaded.count == 3)
        for (name, bytes) in tensors { #expect(loaded[name] == bytes) }

        let size = Int64(fixture.files["model.safetensors"]!.count)
        try fixture.flipByte(of: "model.safetensors", at: size - 10)
        await #expect(throws: ModelSigningError.self) {
            _ = try await loadVerifiedSafetensors(model: fixture.modelPath, signature: fixture.signaturePath,
                                                  publicKey: publicKey.path, file: "model.safetensors")
        }
    }

    @Test func theDocumentShowsExactlyThisExample() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let begin = try #require(source.range(of: "// BEGIN EXAMPLE\n"))
        let end = try #require(source.range(of: "// END EXAMPLE"))
        let example = String(source[begin.upperBound..<end.lowerBound])
        let document = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("docs/load-time-verification.md"),
                                  encoding: .utf8)
        #expect(document.contains(example), "docs/load-time-verification.md must contain the example verbatim")
    }
}
