import Crypto
import ModelHashing
import Sigstore

extension OMSStatement {
    /// Reads the manifest a verified payload describes, checking the statement type, predicate
    /// type, single subject, serialization, resource names and the root digest.
    ///
    /// Resources keep the order they are listed in. Both the reference's and the
    /// specification's variants are accepted (single file named `.` or by its basename, shard
    /// algorithm `sha256` or `sha256-sharded-N`, `shard_size` integer or float).
    public static func manifest(fromPayload payload: [UInt8]) throws(ModelSigningError) -> Manifest {
        try manifest(fromPayload: payload, maximumResourceCount: maximumResourceCount)
    }

    /// ``manifest(fromPayload:)`` with another resource-count limit (tests use a small one).
    package static func manifest(fromPayload payload: [UInt8],
                                 maximumResourceCount: Int) throws(ModelSigningError) -> Manifest {
        // The one-pass reader takes the shapes signers write; anything else, and every error,
        // is left to the full parser, which alone decides what is refused and how it is said.
        if let manifest = OMSStatementScanner.manifest(fromPayload: payload, maximumResourceCount: maximumResourceCount) {
            return manifest
        }
        return try parsedManifest(fromPayload: payload, maximumResourceCount: maximumResourceCount)
    }

    /// ``manifest(fromPayload:)`` through a full JSON tree: slower on large signatures, but it
    /// reads every form the payload may take and words every error.
    package static func parsedManifest(fromPayload payload: [UInt8],
                                       maximumResourceCount: Int) throws(ModelSigningError) -> Manifest {
        let statement: JSONReader
        do {
            statement = try JSONReader(document: payload)
        } catch {
            throw .invalidPayload("not a JSON object: \(error.reason)")
        }
        do {
            let type = try statement.string("_type")
            guard type == statementType else { throw ModelSigningError.invalidPayload("_type is \(DisplayText.quoted(type)), expected \(DisplayText.quoted(statementType))") }
            let predicateType = try statement.string("predicateType")
            if predicateType == legacyPredicateType {
                return try legacyManifest(statement, maximumResourceCount: maximumResourceCount)
            }
            guard predicateType == OMSStatement.predicateType else {
                throw ModelSigningError.invalidPayload("predicateType is \(DisplayText.quoted(predicateType)), expected \(DisplayText.quoted(OMSStatement.predicateType))")
            }
            let (modelName, rootHex) = try subject(of: statement)

            let predicate = try statement.object("predicate")
            let serialization = try parseSerialization(try predicate.object("serialization"))
            let entries = try predicate.objects("resources")
            try checkResourceCount(entries.count, limit: maximumResourceCount)
            var resources: [Resource] = []
            resources.reserveCapacity(entries.count)
            for (index, entry) in entries.enumerated() {
                resources.append(try parseResource(entry, index: index, serialization: serialization))
            }
            return try checkedManifest(modelName: modelName, rootHex: rootHex, serialization: serialization,
                                       resources: resources)
        } catch let error as ModelSigningError {
            throw error
        } catch let error as BundleError {
            throw .invalidPayload("\(error.field): \(error.reason)")
        } catch {
            throw .invalidPayload("\(LibraryErrorText.problem(error))")
        }
    }

    /// The manifest of `resources` once the list as a whole is checked: not empty, no name
    /// twice, and their root digest is the subject's.
    static func checkedManifest(modelName: String, rootHex: String, serialization: Serialization,
                                resources: [Resource]) throws(ModelSigningError) -> Manifest {
        guard !resources.isEmpty else { throw .invalidPayload("the signature lists no resources") }
        try checkUnique(resources)
        let manifest = Manifest(modelName: modelName, serialization: serialization, resources: resources, sorted: false)
        guard Hex.decode(rootHex) == manifest.rootDigest else {
            throw .invalidPayload("subject digest \(rootHex) does not match the resources (expected \(Hex.encode(manifest.rootDigest)))")
        }
        return manifest
    }

    /// Refuses a name listed twice. Signers list resources in the canonical order, strictly
    /// increasing, which rules out repeats without hashing every name.
    private static func checkUnique(_ resources: [Resource]) throws(ModelSigningError) {
        var increasing = true
        for index in resources.indices.dropFirst() where !Resource.precedes(resources[index - 1], resources[index]) {
            increasing = false
            break
        }
        if increasing { return }
        // A name is exactly its path and range (shard names are split at the last two ':'),
        // so comparing those compares the names' bytes without writing the names out.
        var names = Set<ResourceKey>(minimumCapacity: resources.count)
        for resource in resources where !names.insert(ResourceKey(path: resource.path, range: resource.range)).inserted {
            throw .invalidPayload("resource \(resource.name) is listed twice")
        }
    }

    private static func checkResourceCount(_ count: Int, limit: Int) throws(ModelSigningError) {
        guard count <= limit else {
            throw .invalidPayload("the signature lists \(count) resources; at most \(limit) are accepted")
        }
    }

    private static func checkNameLength(_ name: String) throws(ModelSigningError) {
        let length = name.utf8.count
        guard length <= maximumNameLength else {
            throw .invalidPayload("a resource name is \(length) bytes long; at most \(maximumNameLength) are accepted (it starts \"\(name.prefix(64))\")")
        }
    }

    private struct ResourceKey: Hashable {
        let path: ModelPath
        let range: Range<Int64>?
    }

    /// The single subject of an in-toto statement about a model: its name (empty when absent)
    /// and root digest in hex, as ``subject(for:)`` writes them.
    package static func subject(of statement: JSONReader) throws -> (name: String, rootHex: String) {
        let subjects = try statement.objects("subject")
        guard subjects.count == 1 else {
            throw ModelSigningError.invalidPayload("expected exactly one subject, found \(subjects.count)")
        }
        return (try subjects[0].optionalString("name") ?? "", try subjects[0].object("digest").string("sha256"))
    }

    static func parseSerialization(_ reader: JSONReader) throws -> Serialization {
        let methodName = try reader.string("method")
        let hashName = try reader.string("hash_type")
        guard let algorithm = HashAlgorithm(rawValue: hashName) else {
            throw ModelSigningError.invalidPayload("unsupported hash_type \(DisplayText.quoted(hashName))")
        }
        // Like sizes, a typed field takes only its type: "true" or 1 are not booleans.
        let allowSymlinks = try reader.optionalBool("allow_symlinks") ?? false
        let method: Serialization.Method
        switch methodName {
        case "files": method = .files
        case "shards":
            guard let size = try reader.optionalInt64("shard_size") else {
                throw ModelSigningError.invalidPayload("shard serialization without shard_size")
            }
            guard size > 0 else { throw ModelSigningError.invalidPayload("shard_size must be positive, got \(size)") }
            method = .shards(size: size)
        default:
            throw ModelSigningError.invalidPayload("unsupported serialization method \(DisplayText.quoted(methodName))")
        }
        var ignorePaths: [ModelPath] = []
        for text in try reader.strings("ignore_paths") {
            // Ignore paths only ever remove files from the comparison, and the signature is
            // authenticated, so paths that cannot name anything inside the model are dropped.
            if let path = ModelPath(text), path != .singleFile { ignorePaths.append(path) }
        }
        return Serialization(method: method, hashAlgorithm: algorithm, allowSymlinks: allowSymlinks, ignorePaths: ignorePaths)
    }

    private static func parseResource(_ reader: JSONReader, index: Int,
                                      serialization: Serialization) throws -> Resource {
        let name = try reader.string("name")
        try checkNameLength(name)
        let algorithm = try reader.string("algorithm")
        let hex = try reader.string("digest")
        let hash = serialization.hashAlgorithm
        guard algorithm == hash.rawValue || algorithm == serialization.resourceAlgorithm else {
            throw ModelSigningError.invalidPayload("resource \(name) uses algorithm \(DisplayText.quoted(algorithm)), but the serialization says \(serialization.resourceAlgorithm)")
        }
        guard let digest = Hex.decode(hex), digest.count == hash.digestByteCount else {
            throw ModelSigningError.invalidPayload("resource \(name) has an invalid \(hash.rawValue) digest")
        }
        switch serialization.method {
        case .files:
            guard let path = ModelPath(name) else { throw ModelSigningError.invalidPayload("resource name \(DisplayText.quoted(name)) is not a relative path inside the model") }
            return Resource(path: path, range: nil, algorithm: algorithm, digest: digest)
        case .shards(let size):
            return try shardResource(name: name, size: size, algorithm: algorithm, digest: digest)
        }
    }

    /// The resource a shard name `path:start:end` records; the path itself may contain ':'.
    static func shardResource(name: String, size: Int64, algorithm: String,
                              digest: [UInt8]) throws(ModelSigningError) -> Resource {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let start = Int64(parts[parts.count - 2]), let end = Int64(parts[parts.count - 1]),
              start >= 0, end > start, end - start <= size, start % size == 0 else {
            throw .invalidPayload("shard name \(DisplayText.quoted(name)) is not path:start:end with a valid range")
        }
        let pathText = parts.dropLast(2).joined(separator: ":")
        guard let path = ModelPath(pathText) else {
            throw .invalidPayload("shard name \(DisplayText.quoted(name)) does not name a relative path inside the model")
        }
        return Resource(path: path, range: start..<end, algorithm: algorithm, digest: digest)
    }

    /// model_signing v0.2: each file is a subject; files + SHA-256; no root digest.
    private static func legacyManifest(_ statement: JSONReader, maximumResourceCount: Int) throws -> Manifest {
        let subjects = try statement.objects("subject")
        try checkResourceCount(subjects.count, limit: maximumResourceCount)
        var resources: [Resource] = []
        for subject in subjects {
            let name = try subject.string("name")
            try checkNameLength(name)
            let hex = try subject.object("digest").string("sha256")
            guard let path = ModelPath(name) else { throw ModelSigningError.invalidPayload("subject name \(DisplayText.quoted(name)) is not a relative path inside the model") }
            guard let digest = Hex.decode(hex), digest.count == 32 else { throw ModelSigningError.invalidPayload("subject \(name) has an invalid sha256 digest") }
            resources.append(Resource(path: path, range: nil, algorithm: "sha256", digest: digest))
        }
        guard !resources.isEmpty else { throw ModelSigningError.invalidPayload("the signature lists no files") }
        var names = Set<[UInt8]>()
        for resource in resources where !names.insert(resource.path.utf8).inserted {
            throw ModelSigningError.invalidPayload("file \(resource.name) is listed twice")
        }
        return Manifest(modelName: "", serialization: Serialization(method: .files, hashAlgorithm: .sha256, allowSymlinks: false),
                        resources: resources, sorted: false)
    }
}
