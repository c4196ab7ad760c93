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

    /// SHA-256 over the concatenated raw resource digests in listed order (always SHA-256,
    /// whatever the serialization's hash).
    public var rootDigest: [UInt8] {
        var hasher = SHA256()
        for resource in resources {
            resource.digest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return Array(hasher.finalize())
    }
}
