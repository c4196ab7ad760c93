import Crypto
import ModelHashing
import Sigstore

/// The in-toto statement carrying the OMS predicate: builds the signed payload from a
/// `Manifest` and reads a manifest back from a verified payload.
///
/// Written payloads are RFC 8785 canonical JSON (keys sorted, no white space, UTF-8), so the
/// same model and options always give the same bytes. `shard_size` is an integer;
/// `ignore_paths` is sorted and present only when non-empty. Resources are in manifest order
/// (paths component by component, shards by offset), a single-file model's file is named `.`
/// and shard resources use the algorithm `<hash>-sharded-<size>`: the forms the reference
/// writes and verifies.
public enum OMSStatement {
    /// The in-toto statement type written and expected.
    public static let statementType = "https://in-toto.io/Statement/v1"
    /// The OMS v1.0 predicate type written (v0.1 is also read).
    public static let predicateType = "https://model_signing/signature/v1.0"
    /// The predicate of model_signing v0.2, accepted when verifying only.
    public static let legacyPredicateType = "https://model_signing/Digests/v0.1"

    /// The most resources (files or shards) a signature may list when verifying: ten times the
    /// million-file models this is built for, and well above what the largest accepted signature
    /// file could hold with valid names and digests.
    public static let maximumResourceCount = 10_000_000

    /// The longest resource name accepted when verifying, in bytes: Linux's `PATH_MAX`
    /// (a shard name adds its `:start:end` suffix within the same bound).
    public static let maximumNameLength = 4096

    /// The payload bytes for `manifest`.
    public static func payload(for manifest: Manifest) -> [UInt8] {
        var serialization = JSONObject()
        serialization["method"] = .string(manifest.serialization.method.name)
        serialization["hash_type"] = .string(manifest.serialization.hashAlgorithm.rawValue)
        serialization["allow_symlinks"] = .bool(manifest.serialization.allowSymlinks)
        if case .shards(let size) = manifest.serialization.method {
            serialization["shard_size"] = .integer(size)
        }
        let ignorePaths = manifest.serialization.ignorePaths.map(\.utf8).sorted { $0.lexicographicallyPrecedes($1) }
        if !ignorePaths.isEmpty {
            serialization["ignore_paths"] = .array(ignorePaths.map { .string(String(decoding: $0, as: UTF8.self)) })
        }
        let resources = manifest.resources.map { resource in
            JSONValue.object(JSONObject([
                ("name", .string(resource.name)),
                ("algorithm", .string(resource.algorithm)),
                ("digest", .string(resource.digestHex)),
            ]))
        }
        let statement = JSONObject([
            ("_type", .string(statementType)),
            ("subject", .array([subject(for: manifest)])),
            ("predicateType", .string(predicateType)),
            ("predicate", .object(JSONObject([
                ("serialization", .object(serialization)),
                ("resources", .array(resources)),
            ]))),
        ])
        return JSONValue.object(statement).serialized(.canonical)
    }

    /// The statement's subject: the model's name and root digest. Other statements about the
    /// same model (model-card attestations) use the same subject.
    package static func subject(for manifest: Manifest) -> JSONValue {
        .object(JSONObject([
            ("name", .string(manifest.modelName)),
            ("digest", .object(JSONObject([("sha256", .string(Hex.encode(manifest.rootDigest)))]))),
        ]))
    }
}
