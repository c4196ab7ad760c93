import Foundation
import Testing
@testable import Sigstore

struct TrustMaterialTests {
    /// The bundled roots load through `Bundle.module` without any vectors.
    @Test func bundledRoots() throws {
        let production = try TrustedRoot.production()
        #expect(production.transparencyLogs.map(\.baseURL) == ["https://rekor.sigstore.dev", "https://log2025-1.rekor.sigstore.dev"])
        #expect(production.certificateAuthorities.count == 2)
        #expect(production.certificateTransparencyLogs.count == 2)
        #expect(production.timestampAuthorities.count == 1)
        #expect(production.transparencyLogs.allSatisfy { $0.key != nil })
        let staging = try TrustedRoot.staging()
        #expect(staging.transparencyLogs.count == 4)
        #expect(staging.transparencyLogs.first?.baseURL == "https://rekor.sigstage.dev")
        // Every ECDSA log's ID is the SHA-256 of its DER key.
        for log in production.transparencyLogs + production.certificateTransparencyLogs + staging.transparencyLogs
            where log.key?.kind == .p256 {
            #expect(DigestAlgorithm.sha256.hash(log.publicKeyBytes) == log.logID, "\(log.baseURL)")
        }
    }

    /// Rekor v2 (Ed25519) log IDs are the signed-note key hashes of `<host> ‖ 0x0A ‖ 0x01 ‖ key`.
    @Test func rekorV2LogIDs() throws {
        for root in [try TrustedRoot.production(), try TrustedRoot.staging()] {
            for log in root.transparencyLogs where log.key?.kind == .ed25519 {
                let key = try #require(log.key)
                #expect(Checkpoint.ed25519KeyID(name: log.hostName, rawKey: key.rawKeyBytes) == log.logID, "\(log.baseURL)")
            }
        }
    }

    @Test(.enabled(if: TestVectors.available, "test vectors not found"))
    func bundledRootsEqualTheVectorSnapshot() throws {
        #expect(try TrustedRoot.production() == TestVectors.trustedRoot("sigstore/trust/production/trusted_root.json"))
        #expect(try TrustedRoot.staging() == TestVectors.trustedRoot("sigstore/trust/staging/trusted_root.json"))
    }

    @Test(.enabled(if: TestVectors.available, "test vectors not found"))
    func sigstorePythonTrustFiles() throws {
        let dir = "sigstore/bundles/sigstore-python/"
        let v1 = try TestVectors.trustedRoot(dir + "trusted_root/trustedroot.v1.json")
        #expect(v1.transparencyLogs.count == 1 && v1.certificateAuthorities.count == 2)
        #expect(v1.certificateTransparencyLogs.count == 2 && v1.timestampAuthorities.count == 1)
        let tiles = try TestVectors.trustedRoot(dir + "trusted_root/trustedroot.v1.local_tlog_ed25519_rekor-tiles.json")
        #expect(tiles.transparencyLogs.count == 1)
        #expect(tiles.transparencyLogs.first?.key?.kind == .ed25519)
        #expect(tiles.transparencyLogs.first?.hostName == "localhost:3003")

        let badType = #expect(throws: SigstoreVerificationError.self) {
            _ = try TestVectors.trustedRoot(dir + "trusted_root/trustedroot.badtype.json")
        }
        #expect(badType?.check == .trustMaterial)
        #expect(badType?.reason.contains("bad-media-type") == true)

        let ca = try CertificateAuthority(JSONReader(document: try TestVectors.bytes(dir + "trusted_root/certificate_authority.json")))
        #expect(ca.certificates.count == 3)
        #expect(ca.validity.end != nil)
        #expect(throws: SigstoreVerificationError.self) {
            _ = try CertificateAuthority(JSONReader(document: try TestVectors.bytes(dir + "trusted_root/certificate_authority.empty.json")))
        }

        let config = try ClientTrustConfig(contentsOf: TestVectors.url(dir + "trust_config/config.v1.json"))
        #expect(!config.trustedRoot.transparencyLogs.isEmpty)
        #expect(config.signingConfigJSON != nil)  // snake_case `signing_config`
        #expect(throws: SigstoreVerificationError.self) {
            _ = try ClientTrustConfig(contentsOf: TestVectors.url(dir + "trust_config/config.badtype.json"))
        }
        let custom = try ClientTrustConfig(contentsOf: TestVectors.url("oms/goldens/_signing/testdata/custom_trust_config.json"))
        // An older snapshot of the production root (Rekor v1 only).
        #expect(custom.trustedRoot.transparencyLogs.map(\.baseURL) == ["https://rekor.sigstore.dev"])
    }

    @Test func logKeyWithoutStartIsAnError() throws {
        let json = #"""
        {"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[{"baseUrl":"https://log.example",
        "hashAlgorithm":"SHA2_256","publicKey":{"rawBytes":"MCowBQYDK2VwAyEAt8rlp1knGwjfbcXAYPYAkn0XiLz1x8O4t8rlp1knGwg=",
        "keyDetails":"PKIX_ED25519","validFor":{"end":"2030-01-01T00:00:00Z"}},"logId":{"keyId":"AAAA"}}]}
        """#
        let error = #expect(throws: SigstoreVerificationError.self) { _ = try TrustedRoot(json: Array(json.utf8)) }
        #expect(error?.reason.contains("validFor.start") == true)
    }

    @Test func validityIncludesBothEnds() throws {
        let start = try #require(RFC3339.date("2024-01-01T00:00:00Z"))
        let end = try #require(RFC3339.date("2024-01-02T00:00:00.000Z"))
        let period = ValidityPeriod(start: start, end: end)
        #expect(period.contains(start) && period.contains(end))
        #expect(!period.contains(end.addingTimeInterval(0.001)) && !period.contains(start.addingTimeInterval(-0.001)))
        #expect(ValidityPeriod(start: start, end: nil).contains(Date(timeIntervalSince1970: 4_000_000_000)))
    }

    @Test func rfc3339() throws {
        #expect(RFC3339.date("2021-01-12T11:53:27Z")?.timeIntervalSince1970 == 1_610_452_407)
        #expect(RFC3339.date("2021-01-12T11:53:27.000Z")?.timeIntervalSince1970 == 1_610_452_407)
        #expect(RFC3339.date("2021-01-12T12:53:27+01:00")?.timeIntervalSince1970 == 1_610_452_407)
        let nanos = try #require(RFC3339.date("2026-06-04T12:43:29.186617431Z"))
        #expect(abs(nanos.timeIntervalSince1970 - 1_780_577_009.186617431) < 0.000_01)
        #expect(RFC3339.date("2021-13-12T11:53:27Z") == nil)
        #expect(RFC3339.date("2021-01-12 11:53") == nil)
        #expect(RFC3339.date("2021-01-12T11:53:27") == nil)
        #expect(RFC3339.string(Date(timeIntervalSince1970: 1_610_452_407)) == "2021-01-12T11:53:27Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }
}
