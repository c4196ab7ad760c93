import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// The oracle: the reference's pull request #623 (`MODEL_SIGNING_OCI_ORACLE`, its
/// `model_signing`, made by scripts/setup-oci-oracle.sh). It is not on PyPI, so CI cannot
/// install it; these tests run when the variable is set.
private let oracle: URL? = ProcessInfo.processInfo.environment["MODEL_SIGNING_OCI_ORACLE"]
    .flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }

/// OCI manifest signatures agree with the reference's pull request #623 both ways, and the
/// signed statements are the same.
@Suite(.enabled(if: TestEnvironment.hasCLI && oracle != nil, "set MODEL_SIGNING_OCI_ORACLE (scripts/setup-oci-oracle.sh)"))
struct OCIOracleInteropTests {
    @Test func signaturesAndStatementsAgreeWithPullRequest623() throws {
        let fixture = try OCIManifestCLITests.Fixture()
        defer { fixture.directory.remove() }
        let oracleCLI = try #require(oracle)
        // An untitled layer and a nested title besides the fixture's titled layers.
        let manifestText = try String(contentsOfFile: fixture.manifest, encoding: .utf8).replacingOccurrences(of: "\"layers\":[", with: """
            "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\(String(repeating: "a", count: 64))","size":9},\
            {"mediaType":"application/octet-stream","digest":"sha256:\(String(repeating: "b", count: 64))","size":9,"annotations":{"org.opencontainers.image.title":"dir/sub/w.bin"}},
            """)
        try manifestText.write(toFile: fixture.manifest, atomically: true, encoding: .utf8)
        let ours = fixture.directory.appending("ours.sig").path
        let theirs = fixture.directory.appending("theirs.sig").path

        let sign = try fixture.cli(["sign", "key", fixture.manifest, "--oci-manifest", "--private-key", fixture.privateKey, "--signature", ours])
        #expect(sign.status == 0, "\(sign.stderr)")
        let oracleSign = try ProcessRunner.run(oracleCLI, ["sign", "key", fixture.manifest, "--oci-manifest",
                                                           "--private_key", fixture.privateKey, "--signature", theirs])
        #expect(oracleSign.status == 0, "\(oracleSign.stderr)")

        let oracleVerify = try ProcessRunner.run(oracleCLI, ["verify", "key", fixture.manifest, "--oci-manifest",
                                                             "--public_key", fixture.publicKey, "--signature", ours])
        #expect(oracleVerify.status == 0, "the PR refused our manifest signature: \(oracleVerify.stderr)")
        let verify = try fixture.cli(["verify", "key", fixture.manifest, "--public-key", fixture.publicKey, "--signature", theirs])
        #expect(verify.status == 0, "we refused the PR's manifest signature: \(verify.stderr)")

        // Same statement (compared as parsed JSON: key order and spacing may differ).
        let ourStatement = try OCIOracleInteropTests.parsedStatement(ours)
        let theirStatement = try OCIOracleInteropTests.parsedStatement(theirs)
        #expect(ourStatement == theirStatement)
    }

    static func parsedStatement(_ signature: String) throws -> NSDictionary {
        let text = try String(contentsOfFile: signature, encoding: .utf8)
        let statement = try #require(OCIManifestCLITests.statement(inBundle: text))
        return try #require(try JSONSerialization.jsonObject(with: Data(statement.utf8)) as? NSDictionary)
    }
}
