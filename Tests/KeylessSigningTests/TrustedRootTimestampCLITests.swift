import Foundation
import ModelSigning
import ModelSigningTestSupport
import SigstoreLocal
import Testing

/// `verify key|certificate --trusted-root F | --trust-config F`: the trusted root's
/// `timestampAuthorities` (with their `validFor` windows) check the RFC 3161 timestamps that
/// the loopback TSA put on key and certificate signatures, instead of `--tsa-certificate-chain`.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"), .serialized)
struct TrustedRootTimestampCLITests {
    /// A key-method signature over a model, timestamped by `stack`'s TSA.
    static func timestampedKeySignature(_ stack: LocalSigstore, in directory: TemporaryDirectory)
        async throws -> (base: [String], signature: String) {
        let model = try KeylessLoopbackTests.model(in: directory).path
        let keys = try directory.writeKeyPair()
        let signature = directory.appending("model.sig").path
        let sign = try await TimestampedSigningCLITests.ours(["sign", "key", model, "--private-key", keys.privateKey,
                                                               "--signature", signature, "--tsa-url", stack.tsaURL])
        try #require(sign.status == 0, "\(sign.stderr)")
        return (["verify", "key", model, "--public-key", keys.publicKey, "--signature", signature], signature)
    }

    @Test func trustedRootOrTrustConfigNamingTheTSAVerifies() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let (base, _) = try await Self.timestampedKeySignature(stack, in: directory)
            for trust in [["--trusted-root", stack.trustedRootPath], ["--trusted_root", stack.trustedRootPath],
                          ["--trust-config", stack.trustConfigPath]] {
                let verify = try await TimestampedSigningCLITests.ours(base + trust + ["--json"])
                #expect(verify.status == 0, "\(trust): \(verify.stderr)")
                #expect(TimestampedSigningCLITests.occurrences(of: "\"authority\":", in: verify.stdout) == 1, "\(verify.stdout)")
                #expect(verify.stderr.isEmpty, "\(verify.stderr)")
            }
        }
    }

    @Test func trustedRootNotNamingTheTSAIsRefused() async throws {
        try await KeylessLoopbackTests.withStack { other, _ in
            try await KeylessLoopbackTests.withStack { stack, directory in
                let (base, _) = try await Self.timestampedKeySignature(stack, in: directory)
                let verify = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", other.trustedRootPath])
                #expect(verify.status == 1)
                #expect(verify.stderr.contains("timestamp #1 is not signed by a trusted timestamp authority"), "\(verify.stderr)")
            }
        }
    }

    @Test func timestampOutsideTheAuthoritysValidityWindowIsRefused() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let (base, _) = try await Self.timestampedKeySignature(stack, in: directory)
            // The same root, but its TSA was trusted only during 2020.
            let data = try Data(contentsOf: URL(fileURLWithPath: stack.trustedRootPath))
            var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var authorities = try #require(root["timestampAuthorities"] as? [[String: Any]])
            try #require(!authorities.isEmpty)
            authorities[0]["validFor"] = ["start": "2020-01-01T00:00:00Z", "end": "2021-01-01T00:00:00Z"]
            root["timestampAuthorities"] = authorities
            let retired = try directory.write("retired-tsa-root.json", try JSONSerialization.data(withJSONObject: root)).path
            let verify = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", retired])
            #expect(verify.status == 1)
            #expect(verify.stderr.contains("timestamp #1") && verify.stderr.contains("outside the validity"), "\(verify.stderr)")
        }
    }

    @Test func trustedRootWithoutTimestampAuthoritiesIsAClearError() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let (base, _) = try await Self.timestampedKeySignature(stack, in: directory)
            let data = try Data(contentsOf: URL(fileURLWithPath: stack.trustedRootPath))
            var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            root["timestampAuthorities"] = [[String: Any]]()
            let empty = try directory.write("no-tsa-root.json", try JSONSerialization.data(withJSONObject: root)).path
            let verify = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", empty])
            #expect(verify.status == 1)
            #expect(verify.stderr.contains("lists no timestamp authority"), "\(verify.stderr)")
            let both = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", empty, "--trust-config", stack.trustConfigPath])
            #expect(both.status != 0)
            #expect(both.stderr.contains("cannot be combined"), "\(both.stderr)")
        }
    }

    @Test func expiredCertificateVerifiesThroughTheTrustedRootsTSA() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            // Valid now, expired a few seconds from now.
            let expiry = Date().addingTimeInterval(6)
            let files = try TimestampedSigningTests.pki(in: directory, leafValidity: Date().addingTimeInterval(-86_400)...expiry)
            let signature = directory.appending("model.sig").path
            let sign = try await TimestampedSigningCLITests.ours(["sign", "certificate", model, "--private-key", files.leafKey,
                                                                   "--signing-certificate", files.leaf, "--certificate-chain", files.intermediate,
                                                                   "--signature", signature, "--tsa-url", stack.tsaURL])
            try #require(sign.status == 0, "\(sign.stderr)")
            let wait = expiry.timeIntervalSinceNow + 1.5
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            let base = ["verify", "certificate", model, "--signature", signature, "--certificate-chain", files.root]
            let without = try await TimestampedSigningCLITests.ours(base)
            #expect(without.status == 1)
            #expect(without.stderr.contains("expired"), "\(without.stderr)")
            let with = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", stack.trustedRootPath, "--json"])
            #expect(with.status == 0, "\(with.stderr)")
            #expect(with.stdout.contains("\"timestamps\""), "\(with.stdout)")
            let other = try await TimestampedSigningCLITests.ours(base + ["--trusted-root", stack.trustedRootPath,
                                                                          "--validation-time", "2026-01-01T00:00:00Z"])
            #expect(other.status != 0)
            #expect(other.stderr.contains("cannot be combined"), "\(other.stderr)")
        }
    }
}
