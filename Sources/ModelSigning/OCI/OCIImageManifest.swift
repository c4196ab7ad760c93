import ModelHashing
import Sigstore

/// An OCI image manifest (as `skopeo inspect --raw` or `oras manifest fetch` print it) seen as
/// a model: each layer is a file whose digest the manifest already records, so a model in a
/// registry is signed without downloading it.
///
/// Naming follows the reference's pull request #623 and the Go port: the config blob becomes
/// `config.json`; a layer is named by its `org.opencontainers.image.title` annotation, else
/// `layer_NNN.tar.gz` with its zero-based index. The signature records `files` serialization
/// with SHA-256, so a directory holding the unpacked files (each layer's title being the file
/// name and its digest the file's SHA-256) verifies against it like any model. The model name
/// is the manifest file's name without its extension.
public struct OCIImageManifest: Sendable {
    /// One named blob of the manifest.
    public struct Entry: Sendable, Equatable {
        public let name: ModelPath
        /// Always `sha256` (other digests are refused).
        public let algorithm: String
        public let digest: [UInt8]
    }

    /// The config blob (`config.json`) first, then the layers in manifest order; of blobs with
    /// the same name only the last is kept.
    public let entries: [Entry]

    /// Parses a manifest document; `source` names it in errors.
    public init(json bytes: [UInt8], source: String) throws(ModelSigningError) {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw .invalidRequest("\(source): not a JSON OCI manifest: \(error)")
        }
        guard let root = document.objectValue else {
            throw .invalidRequest("\(source): an OCI manifest is a JSON object, this is \(document.kindName)")
        }
        let mediaType = root["mediaType"]?.stringValue ?? ""
        if root["manifests"] != nil {
            throw .invalidRequest("\(source): this is an image index (\(mediaType.isEmpty ? "a list of manifests" : mediaType)), not an image manifest; sign the manifest of one platform (skopeo inspect --raw docker://IMAGE@sha256:DIGEST)")
        }
        if root["blobs"] != nil, root["layers"] == nil {
            throw .invalidRequest("\(source): this is an OCI artifact manifest (\(mediaType.isEmpty ? "blobs" : mediaType)), which the reference does not sign; push the artifact as an image manifest (oras push does) and sign that")
        }
        guard let layers = root["layers"]?.arrayValue else {
            throw .invalidRequest("\(source): not an OCI image manifest: it has no 'layers' array")
        }
        var entries: [Entry] = []
        if let config = root["config"]?.objectValue, let digest = config["digest"]?.stringValue {
            entries.append(try OCIImageManifest.entry(name: "config.json", digest: digest, source: source, what: "config"))
        }
        for (index, layer) in layers.enumerated() {
            guard let descriptor = layer.objectValue else {
                throw .invalidRequest("\(source): layer \(index) is \(layer.kindName), not a descriptor object")
            }
            // Like the reference, a layer without a digest is skipped.
            guard let digest = descriptor["digest"]?.stringValue else { continue }
            let title = descriptor["annotations"]?.objectValue?["org.opencontainers.image.title"]?.stringValue
            let name = title ?? "layer_" + OCIImageManifest.threeDigits(index) + ".tar.gz"
            entries.append(try OCIImageManifest.entry(name: name, digest: digest, source: source, what: "layer \(index)"))
        }
        guard !entries.isEmpty else {
            throw .invalidRequest("\(source): the OCI manifest lists no digests")
        }
        // A later blob replaces an earlier one of the same name, as in the reference's pull
        // request and the Go port: a model pushed with its own config.json (usual for Hugging
        // Face models) has that layer, not the image config, signed as config.json.
        var lastIndex: [ModelPath: Int] = [:]
        for (index, entry) in entries.enumerated() { lastIndex[entry.name] = index }
        self.entries = entries.enumerated().filter { lastIndex[$0.element.name] == $0.offset }.map(\.element)
    }

    /// Reads and parses the manifest file at `path` (at most 16 MiB).
    public init(contentsOf path: String) throws(ModelSigningError) {
        try self.init(json: try SignatureFile.contents(of: path, what: "OCI manifest", limit: 16 << 20), source: path)
    }

    /// Whether the file at `path` is an OCI image manifest (a `.json` file whose document has
    /// `schemaVersion` 2 and a `layers` array) — how `verify` recognizes one without the flag.
    public static func isManifest(at path: String) -> Bool {
        guard path.lowercased().hasSuffix(".json"),
              let bytes = try? SignatureFile.contents(of: path, what: "OCI manifest", limit: 16 << 20),
              let root = (try? JSONParser.parse(bytes))?.objectValue else { return false }
        return root["schemaVersion"]?.numberValue?.int64Value == 2 && root["layers"]?.arrayValue != nil
    }

    /// The manifest to sign or compare: `files` serialization with SHA-256, entries not
    /// matched by `ignoring` (a name, a folder of names, or a base name).
    /// - Parameters:
    ///   - modelName: the manifest file's name without extension, as the reference records it.
    ///   - ignorePaths: names, folders of names or base names to leave out.
    public func manifest(modelName: String, ignoring ignorePaths: [String] = []) -> Manifest {
        let ignored = Set(ignorePaths.map { Array($0.utf8) })
        let kept = entries.filter { entry in
            let name = Array(entry.name.string.utf8)
            let base = Array((entry.name.string.split(separator: "/").last.map(String.init) ?? entry.name.string).utf8)
            return !ignored.contains(name) && !ignored.contains(base)
                && !ignored.contains { prefix in name.starts(with: prefix + [UInt8(ascii: "/")]) }
        }
        let resources = kept.map { Resource(path: $0.name, range: nil, algorithm: $0.algorithm, digest: $0.digest) }
        return Manifest(modelName: modelName, serialization: Serialization(method: .files, hashAlgorithm: .sha256),
                        resources: resources)
    }

    /// The model name the reference records for a manifest file: its name without extension.
    public static func modelName(forManifestAt path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    private static func entry(name: String, digest: String, source: String, what: String) throws(ModelSigningError) -> Entry {
        guard let path = ModelPath(name), path != .singleFile else {
            throw .invalidRequest("\(source): \(what) is named '\(name)', which is not a relative path inside a model")
        }
        let parts = digest.split(separator: ":", maxSplits: 1).map(String.init)
        let algorithm = parts.count == 2 ? parts[0].lowercased() : "sha256"
        let hex = parts.count == 2 ? parts[1] : digest
        // The statement records `files` with SHA-256, which verifiers (ours among them) hold
        // every resource to; registries use sha256 throughout.
        guard algorithm == "sha256" else {
            throw .invalidRequest("\(source): \(what) has a \(algorithm) digest; only sha256 digests can be signed")
        }
        guard let bytes = Hex.decode(hex), bytes.count == 32 else {
            throw .invalidRequest("\(source): \(what) has a malformed \(algorithm) digest '\(digest)'")
        }
        return Entry(name: path, algorithm: algorithm, digest: bytes)
    }

    private static func threeDigits(_ value: Int) -> String {
        let text = String(value)
        return text.count >= 3 ? text : String(repeating: "0", count: 3 - text.count) + text
    }
}
