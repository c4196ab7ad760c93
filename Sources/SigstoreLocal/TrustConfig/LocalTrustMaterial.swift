import Foundation
import Sigstore
import X509

/// Writes the trusted root, signing config (v0.2) and client trust config of a loopback
/// Sigstore, in the JSON mapping of sigstore/protobuf-specs.
struct LocalTrustMaterial: Sendable {
    struct Log: Sendable {
        var baseURL: String
        var keyDetails: String
        var publicKeyDER: [UInt8]
        var logID: [UInt8]
    }

    var rekorV1: Log
    var rekorV2: Log
    var ctLog: Log
    var fulcioURL: String
    var fulcioChain: [Certificate]  // intermediate, root
    var oidcURL: String
    var tsaURL: String
    var tsaChain: [Certificate]  // leaf, root
    /// Start of every validity period (before now, so that just-made signatures are covered).
    var validFrom: Date

    var trustedRoot: JSONValue {
        .object(JSONObject([
            ("mediaType", .string("application/vnd.dev.sigstore.trustedroot+json;version=0.1")),
            ("tlogs", .array([logJSON(rekorV1), logJSON(rekorV2)])),
            ("certificateAuthorities", .array([authorityJSON(commonName: "sigstore-local Fulcio", uri: fulcioURL, chain: fulcioChain)])),
            ("ctlogs", .array([logJSON(ctLog)])),
            ("timestampAuthorities", .array([authorityJSON(commonName: "sigstore-local TSA", uri: tsaURL, chain: tsaChain)])),
        ]))
    }

    /// The signing config naming the loopback services, with Rekor `rekorVersion` (1 or 2).
    func signingConfig(rekorVersion: Int) -> JSONValue {
        let rekor = rekorVersion == 2 ? rekorV2.baseURL : rekorV1.baseURL
        return .object(JSONObject([
            ("mediaType", .string("application/vnd.dev.sigstore.signingconfig.v0.2+json")),
            ("caUrls", .array([service(fulcioURL, version: 1)])),
            ("oidcUrls", .array([service(oidcURL, version: 1)])),
            ("rekorTlogUrls", .array([service(rekor, version: rekorVersion)])),
            ("tsaUrls", .array([service(tsaURL, version: 1)])),
            ("rekorTlogConfig", .object(JSONObject([("selector", .string("ANY"))]))),
            ("tsaConfig", .object(JSONObject([("selector", .string("ANY"))]))),
        ]))
    }

    func clientTrustConfig(rekorVersion: Int) -> JSONValue {
        .object(JSONObject([
            ("mediaType", .string(ClientTrustConfig.mediaType)),
            ("trustedRoot", trustedRoot),
            ("signingConfig", signingConfig(rekorVersion: rekorVersion)),
        ]))
    }

    private var validFor: JSONValue { .object(JSONObject([("start", .string(RFC3339.string(validFrom)))])) }

    private func service(_ url: String, version: Int) -> JSONValue {
        .object(JSONObject([("url", .string(url)), ("majorApiVersion", .integer(version)), ("validFor", validFor),
                            ("operator", .string("sigstore-local"))]))
    }

    private func logJSON(_ log: Log) -> JSONValue {
        .object(JSONObject([
            ("baseUrl", .string(log.baseURL)),
            ("hashAlgorithm", .string("SHA2_256")),
            ("publicKey", .object(JSONObject([
                ("rawBytes", .string(Base64.encode(log.publicKeyDER))), ("keyDetails", .string(log.keyDetails)), ("validFor", validFor),
            ]))),
            ("logId", .object(JSONObject([("keyId", .string(Base64.encode(log.logID)))]))),
        ]))
    }

    private func authorityJSON(commonName: String, uri: String, chain: [Certificate]) -> JSONValue {
        .object(JSONObject([
            ("subject", .object(JSONObject([("organization", .string("sigstore-local")), ("commonName", .string(commonName))]))),
            ("uri", .string(uri)),
            ("certChain", .object(JSONObject([("certificates", .array(chain.map { .object(JSONObject([("rawBytes", .string(Base64.encode($0.derBytes)))])) }))]))),
            ("validFor", validFor),
        ]))
    }
}
