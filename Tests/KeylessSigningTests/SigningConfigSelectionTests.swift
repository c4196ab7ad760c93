import Foundation
import Sigstore
import Testing

/// The v0.2 service-selection rules (sigstore.md §3.1), one test per rule.
@Suite struct SigningConfigSelectionTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func service(_ url: String, version: Int = 1, start: String = "2020-01-01T00:00:00Z", end: String? = nil,
                        operator op: String = "op") -> String {
        let endField = end.map { ", \"end\": \"\($0)\"" } ?? ""
        return "{\"url\": \"\(url)\", \"majorApiVersion\": \(version), \"validFor\": {\"start\": \"\(start)\"\(endField)}, \"operator\": \"\(op)\"}"
    }

    static func config(ca: [String] = [service("https://ca")], oidc: [String] = [service("https://oidc")],
                       rekor: [String], tsa: [String] = [], rekorSelector: String = "{\"selector\": \"ANY\"}",
                       tsaSelector: String = "{\"selector\": \"ANY\"}") throws -> SigningConfig {
        let json = """
            {"mediaType": "application/vnd.dev.sigstore.signingconfig.v0.2+json",
             "caUrls": [\(ca.joined(separator: ","))], "oidcUrls": [\(oidc.joined(separator: ","))],
             "rekorTlogUrls": [\(rekor.joined(separator: ","))], "tsaUrls": [\(tsa.joined(separator: ","))],
             "rekorTlogConfig": \(rekorSelector), "tsaConfig": \(tsaSelector)}
            """
        return try SigningConfig(json: Array(json.utf8))
    }

    @Test func certificateAuthorityIsTheNewestValidOne() throws {
        let config = try Self.config(ca: [Self.service("https://old", start: "2020-01-01T00:00:00Z"),
                                          Self.service("https://new", start: "2025-01-01T00:00:00Z"),
                                          Self.service("https://expired", start: "2025-06-01T00:00:00Z", end: "2025-07-01T00:00:00Z"),
                                          Self.service("https://future", start: "2099-01-01T00:00:00Z")],
                                     rekor: [Self.service("https://rekor")])
        let selection = try config.select(at: Self.now)
        #expect(selection.certificateAuthority.url == "https://new")
        #expect(selection.oidcProvider?.url == "https://oidc")
    }

    @Test func unsupportedVersionsAreIgnored() throws {
        let config = try Self.config(ca: [Self.service("https://ca-v9", version: 9, start: "2025-01-01T00:00:00Z"),
                                          Self.service("https://ca-v1")],
                                     rekor: [Self.service("https://rekor-v3", version: 3), Self.service("https://rekor-v1")])
        let selection = try config.select(at: Self.now)
        #expect(selection.certificateAuthority.url == "https://ca-v1")
        #expect(selection.transparencyLogs.map(\.url) == ["https://rekor-v1"])
    }

    @Test func noValidCertificateAuthorityIsAnError() throws {
        let config = try Self.config(ca: [Self.service("https://expired", end: "2021-01-01T00:00:00Z")],
                                     rekor: [Self.service("https://rekor")])
        let error = #expect(throws: SigstoreVerificationError.self) { try config.select(at: Self.now) }
        #expect(error?.reason.contains("no certificate authority") == true)
    }

    @Test func highestLogVersionWinsUnlessAVersionIsAsked() throws {
        let config = try Self.config(rekor: [Self.service("https://v1", version: 1), Self.service("https://v2", version: 2)])
        #expect(try config.select(at: Self.now).transparencyLogs.map(\.url) == ["https://v2"])
        #expect(try config.select(rekorVersion: 1, at: Self.now).transparencyLogs.map(\.url) == ["https://v1"])
        #expect(try config.select(rekorVersion: 2, at: Self.now).transparencyLogs.map(\.url) == ["https://v2"])
        #expect(throws: SigstoreVerificationError.self) { try config.select(rekorVersion: 3, at: Self.now) }
    }

    @Test func askedVersionMissingIsAnError() throws {
        let config = try Self.config(rekor: [Self.service("https://v1", version: 1)])
        let error = #expect(throws: SigstoreVerificationError.self) { try config.select(rekorVersion: 2, at: Self.now) }
        #expect(error?.reason.contains("Rekor version 2") == true)
    }

    @Test func atMostOneServicePerOperatorTheNewest() throws {
        let config = try Self.config(rekor: [Self.service("https://a-old", start: "2020-01-01T00:00:00Z", operator: "a"),
                                             Self.service("https://a-new", start: "2024-01-01T00:00:00Z", operator: "a"),
                                             Self.service("https://b", operator: "b")],
                                     rekorSelector: "{\"selector\": \"ALL\"}")
        #expect(try config.select(at: Self.now).transparencyLogs.map(\.url) == ["https://a-new", "https://b"])
    }

    @Test func anySelectsOne() throws {
        let config = try Self.config(rekor: [Self.service("https://a", operator: "a"), Self.service("https://b", operator: "b")],
                                     tsa: [Self.service("https://tsa-a", operator: "a"), Self.service("https://tsa-b", operator: "b")])
        let selection = try config.select(at: Self.now)
        #expect(selection.transparencyLogs.count == 1)
        #expect(selection.timestampAuthorities.count == 1)
    }

    @Test func exactSelectsCountOrFails() throws {
        let logs = [Self.service("https://a", operator: "a"), Self.service("https://b", operator: "b"),
                    Self.service("https://c", operator: "c")]
        let two = try Self.config(rekor: logs, rekorSelector: "{\"selector\": \"EXACT\", \"count\": 2}")
        #expect(try two.select(at: Self.now).transparencyLogs.count == 2)
        let tooMany = try Self.config(rekor: logs, rekorSelector: "{\"selector\": \"EXACT\", \"count\": 4}")
        let error = #expect(throws: SigstoreVerificationError.self) { try tooMany.select(at: Self.now) }
        #expect(error?.reason.contains("EXACT") == true)
    }

    @Test func allSelectsEveryOperator() throws {
        let config = try Self.config(rekor: [Self.service("https://a", operator: "a")],
                                     tsa: [Self.service("https://tsa-a", operator: "a"), Self.service("https://tsa-b", operator: "b"),
                                           Self.service("https://tsa-old", end: "2021-01-01T00:00:00Z", operator: "c")],
                                     tsaSelector: "{\"selector\": \"ALL\"}")
        #expect(Set(try config.select(at: Self.now).timestampAuthorities.map(\.url)) == ["https://tsa-a", "https://tsa-b"])
    }

    @Test func undefinedSelectorIsRefused() throws {
        #expect(throws: SigstoreVerificationError.self) {
            try Self.config(rekor: [Self.service("https://a")], rekorSelector: "{\"selector\": \"UNDEFINED\"}")
        }
    }

    @Test func wrongMediaTypeIsRefused() throws {
        let json = #"{"mediaType": "application/vnd.dev.sigstore.signingconfig.v0.1+json"}"#
        let error = #expect(throws: SigstoreVerificationError.self) { try SigningConfig(json: Array(json.utf8)) }
        #expect(error?.reason.contains("media type") == true)
    }

    @Test func bundledConfigsSelectThePublicServices() throws {
        let production = try SigningConfig.bundled(.production).select()
        #expect(production.certificateAuthority.url == "https://fulcio.sigstore.dev")
        #expect(production.transparencyLogs.map(\.majorAPIVersion) == [1])
        let staging = try SigningConfig.bundled(.staging).select()
        #expect(staging.transparencyLogs.map(\.majorAPIVersion) == [2])
        #expect(staging.timestampAuthorities.count == 1)
        #expect(try SigningConfig.bundled(.staging).select(rekorVersion: 1).transparencyLogs.map(\.url) == ["https://rekor.sigstage.dev"])
    }
}
