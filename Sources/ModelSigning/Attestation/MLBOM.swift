import Foundation
import ModelHashing
import Sigstore

/// A CycloneDX 1.6 ML-BOM for a signed model: a `machine-learning-model` component carrying
/// the model card's facts (licence, task, data sets, metrics, considerations), one `file`
/// component per signed file with its digest from the manifest, and the base models and data
/// sets as components the model depends on.
///
/// The JSON is written by ``serialized()``; verification reads back what a verified
/// attestation states.
public struct MLBOM: Sendable, Equatable {
    /// A signed file of the model.
    public struct File: Sendable, Equatable {
        /// The path inside the model, as in the manifest (`.` for a single-file model).
        public var name: String
        /// The CycloneDX hash algorithm (`SHA-256`, `BLAKE2b-512`, `BLAKE3`); nil for a shard
        /// signature, which has no whole-file digest.
        public var algorithm: String?
        /// The digest in lowercase hex; nil with `algorithm`.
        public var digest: String?

        public init(name: String, algorithm: String?, digest: String?) {
            self.name = name
            self.algorithm = algorithm
            self.digest = digest
        }
    }

    public static let specVersion = "1.6"
    /// Names this tool in the BOM's metadata.
    static let toolName = "swift-model-signing"
    /// The property recording the attested card file's SHA-256.
    static let modelCardDigestProperty = "swift-model-signing:model-card:sha256"
    /// The property recording each language the card lists (CycloneDX has no field for it).
    static let languageProperty = "huggingface:language"

    public var facts: ModelCardFacts
    public var files: [File]
    /// When the BOM was made (ISO 8601), if recorded.
    public var timestamp: String?

    public init(facts: ModelCardFacts, files: [File], timestamp: String? = nil) {
        self.facts = facts
        self.files = files
        self.timestamp = timestamp
    }

    /// The BOM for `card` describing the model `manifest` lists, made now.
    public init(card: ModelCard, manifest: Manifest) {
        self.init(facts: card.facts(defaultName: manifest.modelName), files: MLBOM.files(of: manifest),
                  timestamp: Date().formatted(.iso8601))
    }

    /// The file list of a manifest: each file once, with its whole-file digest when the
    /// serialization has one.
    public static func files(of manifest: Manifest) -> [File] {
        switch manifest.serialization.method {
        case .files:
            let algorithm = cycloneDXAlgorithm(manifest.serialization.hashAlgorithm)
            return manifest.resources.map { File(name: $0.name, algorithm: algorithm, digest: $0.digestHex) }
        case .shards:
            var seen = Set<ModelPath>()
            return manifest.resources.filter { seen.insert($0.path).inserted }
                .map { File(name: $0.path.string, algorithm: nil, digest: nil) }
        }
    }

    static func cycloneDXAlgorithm(_ algorithm: HashAlgorithm) -> String {
        switch algorithm {
        case .sha256: return "SHA-256"
        case .blake2b: return "BLAKE2b-\(algorithm.digestByteCount * 8)"
        case .blake3: return "BLAKE3"
        }
    }

    /// The BOM as JSON (UTF-8, keys in a fixed order).
    public func serialized() -> [UInt8] {
        JSONValue.object(document).serialized()
    }

    /// The BOM as a JSON object, for embedding in a statement.
    package var document: JSONObject {
        var metadata = JSONObject()
        if let timestamp { metadata["timestamp"] = .string(timestamp) }
        metadata["tools"] = .object(JSONObject([("components", .array([.object(JSONObject([
            ("type", .string("application")), ("name", .string(MLBOM.toolName)),
        ]))]))]))
        metadata["component"] = .object(modelComponent)

        var components: [JSONValue] = []
        var dependsOn: [JSONValue] = []
        for (index, baseModel) in facts.baseModels.enumerated() {
            let ref = "base-model-\(index + 1)"
            components.append(.object(JSONObject([("type", .string("machine-learning-model")), ("bom-ref", .string(ref)),
                                                  ("name", .string(baseModel))])))
            dependsOn.append(.string(ref))
        }
        for (index, dataset) in facts.datasets.enumerated() {
            let ref = MLBOM.datasetReference(index)
            components.append(.object(JSONObject([
                ("type", .string("data")), ("bom-ref", .string(ref)), ("name", .string(dataset)),
                ("data", .array([.object(JSONObject([("type", .string("dataset")), ("name", .string(dataset))]))])),
            ])))
            dependsOn.append(.string(ref))
        }
        for (index, file) in files.enumerated() {
            var component = JSONObject([("type", .string("file")), ("bom-ref", .string("file-\(index + 1)")),
                                        ("name", .string(file.name))])
            if let algorithm = file.algorithm, let digest = file.digest {
                component["hashes"] = .array([.object(JSONObject([("alg", .string(algorithm)), ("content", .string(digest))]))])
            }
            components.append(.object(component))
        }
        var bom = JSONObject([
            ("bomFormat", .string("CycloneDX")),
            ("specVersion", .string(MLBOM.specVersion)),
            ("version", .integer(1)),
            ("metadata", .object(metadata)),
        ])
        if !components.isEmpty { bom["components"] = .array(components) }
        var dependencies: [JSONValue] = [.object(JSONObject([("ref", .string("model")), ("dependsOn", .array(dependsOn))]))]
        for reference in dependsOn {
            dependencies.append(.object(JSONObject([("ref", reference), ("dependsOn", .array([]))])))
        }
        bom["dependencies"] = .array(dependencies)
        return bom
    }

    static func datasetReference(_ index: Int) -> String { "dataset-\(index + 1)" }

    private var modelComponent: JSONObject {
        var component = JSONObject([("type", .string("machine-learning-model")), ("bom-ref", .string("model")),
                                    ("name", .string(facts.name))])
        if let version = facts.version { component["version"] = .string(version) }
        if let license = facts.license {
            component["licenses"] = .array([.object(JSONObject([("license", .object(JSONObject([("name", .string(license))])))]))])
        }
        if !facts.tags.isEmpty { component["tags"] = .array(facts.tags.map(JSONValue.string)) }
        var properties: [JSONValue] = facts.languages.map { language in
            .object(JSONObject([("name", .string(MLBOM.languageProperty)), ("value", .string(language))]))
        }
        if let digest = facts.modelCardSHA256 {
            properties.append(.object(JSONObject([("name", .string(MLBOM.modelCardDigestProperty)), ("value", .string(digest))])))
        }
        if !properties.isEmpty { component["properties"] = .array(properties) }

        var modelCard = JSONObject()
        var parameters = JSONObject()
        if let task = facts.task { parameters["task"] = .string(task) }
        if !facts.datasets.isEmpty {
            parameters["datasets"] = .array(facts.datasets.indices.map { index in
                .object(JSONObject([("ref", .string(MLBOM.datasetReference(index)))]))
            })
        }
        if !parameters.keys.isEmpty { modelCard["modelParameters"] = .object(parameters) }
        if !facts.metrics.isEmpty {
            modelCard["quantitativeAnalysis"] = .object(JSONObject([("performanceMetrics", .array(facts.metrics.map { metric in
                var entry = JSONObject([("type", .string(metric.type)), ("value", .string(metric.value))])
                if let slice = metric.slice { entry["slice"] = .string(slice) }
                return .object(entry)
            }))]))
        }
        let considerations = facts.considerations
        if !considerations.isEmpty {
            var entry = JSONObject()
            func strings(_ key: String, _ values: [String]) {
                if !values.isEmpty { entry[key] = .array(values.map(JSONValue.string)) }
            }
            strings("users", considerations.users)
            strings("useCases", considerations.useCases)
            strings("technicalLimitations", considerations.technicalLimitations)
            strings("performanceTradeoffs", considerations.performanceTradeoffs)
            if !considerations.ethicalConsiderations.isEmpty {
                entry["ethicalConsiderations"] = .array(considerations.ethicalConsiderations.map { text in
                    .object(JSONObject([("name", .string(text))]))
                })
            }
            if !considerations.environmentalConsiderations.isEmpty {
                entry["environmentalConsiderations"] = .object(JSONObject([("properties", .array(
                    considerations.environmentalConsiderations.map { text in
                        .object(JSONObject([("name", .string("description")), ("value", .string(text))]))
                    }))]))
            }
            modelCard["considerations"] = .object(entry)
        }
        if !modelCard.keys.isEmpty { component["modelCard"] = .object(modelCard) }
        return component
    }
}
