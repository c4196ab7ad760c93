import Crypto

/// The digests of a model under one serialization, in manifest order.
public struct Manifest: Sendable, Equatable {
    /// Informational name (the model folder's or file's last path component).
    public var modelName: String
    /// How the resources were hashed.
    public var serialization: Serialization
    /// Resources in the order they are recorded.
    public var resources: [Resource]

    /// Builds a manifest; `sorted` puts resources in the canonical order (paths by component,
    /// shards by offset) used when signing.
    public init(modelName: String, serialization: Serialization, resources: [Resource], sorted: Bool = true) {
        self.modelName = modelName
        self.serialization = serialization
        self.resources = sorted ? resources.sorted(by: Resource.precedes) : resources
    }

    /// The files the resources name, each once, in the order first listed (all of a file's
    /// shards name it). While paths only grow, as in canonical order, repeats can only be
    /// neighbours, so names are hashed only for a list in another order.
    package var filePaths: [ModelPath] {
        var paths: [ModelPath] = []
        var seen: Set<ModelPath>?
        for resource in resources {
            let path = resource.path
            if var set = seen.take() {
                if set.insert(path).inserted { paths.append(path) }
                seen = set
            } else if let last = paths.last, !(last < path) {
                if last == path { continue }
                var set = Set(paths)
                if set.insert(path).inserted { paths.append(path) }
                seen = set
            } else {
                paths.append(path)
            }
        }
        return paths
    }

    /// SHA-256 over the concatenated raw resource digests in listed order (always SHA-256,
    /// whatever the serialization's hash).
    public var rootDigest: [UInt8] {
        var hasher = SHA256()
        // One update per digest costs more than the hashing itself: digests go in by batches.
        let batchSize = 1 << 16
        var batch: [UInt8] = []
        batch.reserveCapacity(batchSize)
        for resource in resources {
            batch.append(contentsOf: resource.digest)
            if batch.count >= batchSize - 64 {
                batch.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        batch.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }
}
