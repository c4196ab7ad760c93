import Foundation
import ModelHashing
import ModelSigning
import Testing

/// `allow_symlinks` takes only a JSON boolean (issue 15, point 7: the string "true" used to
/// count as true and other strings as false).
@Suite struct StatementTypedFieldTests {
    /// A valid payload for one file with `allow_symlinks` written as `literal`.
    private func payload(allowSymlinks literal: String) throws -> [UInt8] {
        let manifest = Manifest(modelName: "m", serialization: Serialization(),
                                resources: [Resource(path: try #require(ModelPath("a.bin")), range: nil, algorithm: "sha256",
                                                     digest: Array(repeating: 7, count: 32))])
        let text = String(decoding: OMSStatement.payload(for: manifest), as: UTF8.self)
        #expect(text.contains("\"allow_symlinks\":false"))
        return Array(text.replacingOccurrences(of: "\"allow_symlinks\":false", with: "\"allow_symlinks\":\(literal)").utf8)
    }

    @Test(arguments: ["\"true\"", "\"false\"", "\"yes\"", "1", "0", "[]", "{}"])
    func nonBooleanIsRefused(literal: String) throws {
        let payload = try payload(allowSymlinks: literal)
        let error = #expect(throws: ModelSigningError.self, "allow_symlinks \(literal) was accepted") {
            try OMSStatement.manifest(fromPayload: payload)
        }
        guard let error, error.code == .invalidPayload else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(error.reason.contains("allow_symlinks"))
        #expect(error.reason.contains("expected a boolean"))
    }

    /// `null` means absent, as everywhere in the JSON readers (protobuf JSON mapping): false.
    @Test(arguments: [("true", true), ("false", false), ("null", false)])
    func booleansAreRead(literal: String, value: Bool) throws {
        #expect(try OMSStatement.manifest(fromPayload: try payload(allowSymlinks: literal)).serialization.allowSymlinks == value)
    }
}
