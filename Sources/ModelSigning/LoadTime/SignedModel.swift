import ModelHashing
import Sigstore
import ModelSigningPlatform

/// A model whose signature has been checked, read through verified reads: every byte it hands
/// out has just been hashed (or was hashed by an earlier read and kept in its memory) and
/// matched the signed digest.
///
/// Open it once — the signature and statement are checked then, and the signed manifest is
/// kept — and read files or byte ranges through it. Nothing is hashed at open time; each read
/// verifies what it reads:
///
/// ```swift
/// let model = try await SignedModel.open(modelAt: "llama", signatureAt: "llama/model.sig",
///                                        verifier: KeyVerifier(publicKey: key))
/// let config = try model.readFile(ModelPath("config.json")!)          // whole file, verified
/// let tensor = try model.read(ModelPath("model.safetensors")!,        // a range: only the
///                             range: 4096..<(4096 + 1 << 20))         // shards it touches
/// ```
///
/// Guarantees (see `docs/load-time-verification.md` for the full statement):
/// - A read returns, or leaves in caller memory, only bytes whose verification unit (the whole
///   file with `files` serialization, each touched shard with `shards`) was hashed from those
///   very bytes in memory and matched the signature. Bytes are never read from disk twice.
/// - On any failure nothing is returned; memory the caller passed in is zeroed.
/// - Reading a range of a `files`-serialized file hashes the whole file. Sign large files with
///   shards (`--shard-size`) so that range reads cost about the range plus one shard per end.
/// - Files not read are not checked; opening a model says nothing about them.
///
/// A `SignedModel` is immutable apart from its cache of verified shards and counters, and can
/// be shared between threads. Reads block on file I/O; the `async` overloads run them off the
/// cooperative thread pool.
public final class SignedModel: Sendable {
    /// The model path as given to ``open(modelAt:signatureAt:verifier:options:)``.
    public let modelPath: String
    /// The verified, signed manifest.
    public let manifest: Manifest
    /// Who signed (key hint, certificate subject or identity).
    public let signer: String
    /// Whether the signature only verified over model_signing v0.2's legacy encoding.
    public let usedCompatibilityEncoding: Bool
    /// The signature's RFC 3161 timestamps that verified (key and certificate methods with
    /// trusted timestamp authorities); empty otherwise.
    public let timestamps: [VerifiedTimestamp]
    /// The signature's RFC 3161 timestamps left unchecked (no timestamp authority was trusted).
    public let uncheckedTimestampCount: Int
    /// The options the model was opened with.
    public let options: Options

    /// Whether the model is a single file (its only file is named `.`; its basename also works).
    let isSingleFile: Bool
    /// The file name that also designates a single-file model's file.
    let singleFileName: ModelPath?
    /// Signed resources by file, shards by offset.
    let resourcesByPath: [ModelPath: [Resource]]
    let cache: PlatformMutex<VerifiedUnitCache>
    let counters = ReadCounters()

    init(modelPath: String, manifest: Manifest, signer: String, usedCompatibilityEncoding: Bool,
         timestamps: [VerifiedTimestamp] = [], uncheckedTimestampCount: Int = 0, options: Options,
         isSingleFile: Bool, singleFileName: ModelPath?) {
        self.modelPath = modelPath
        self.manifest = manifest
        self.signer = signer
        self.usedCompatibilityEncoding = usedCompatibilityEncoding
        self.timestamps = timestamps
        self.uncheckedTimestampCount = uncheckedTimestampCount
        self.options = options
        self.isSingleFile = isSingleFile
        self.singleFileName = singleFileName
        var byPath: [ModelPath: [Resource]] = [:]
        for resource in manifest.resources {
            let path = isSingleFile ? ModelPath.singleFile : resource.path
            byPath[path, default: []].append(resource)
        }
        for key in byPath.keys {
            byPath[key]?.sort { ($0.range?.lowerBound ?? 0) < ($1.range?.lowerBound ?? 0) }
        }
        self.resourcesByPath = byPath
        self.cache = PlatformMutex(VerifiedUnitCache(capacity: options.cacheCapacity))
    }

    /// Checks the signature file with `verifier` and keeps the signed manifest. Nothing in the
    /// model is hashed yet.
    ///
    /// - Throws: the signature's errors (unreadable, malformed, wrong signer, invalid
    ///   statement), or ``ModelSigningError/hashing(_:)`` when the model path does not exist.
    public static func open(modelAt path: String, signatureAt signaturePath: String, verifier: any BundleVerifier,
                            options: Options = Options()) async throws(ModelSigningError) -> SignedModel {
        let bundle = try SignatureFile.bundle(at: signaturePath)
        return try await open(modelAt: path, bundle: bundle, verifier: verifier, options: options)
    }

    /// Checks a parsed bundle with `verifier` and keeps the signed manifest.
    public static func open(modelAt path: String, bundle: SigstoreBundle, verifier: any BundleVerifier,
                            options: Options = Options()) async throws(ModelSigningError) -> SignedModel {
        let verified = try await ModelVerifier(verifier: verifier).verifiedPayload(of: bundle)
        let manifest = try OMSStatement.manifest(fromPayload: verified.payload)
        guard let root = ModelTreeWalker.realPath(path) else {
            throw .hashing(.modelNotFound(path: path, errno: errno))
        }
        var status = stat()
        guard stat(root, &status) == 0 else { throw .hashing(.modelNotFound(path: path, errno: errno)) }
        let isSingleFile = status.st_mode & S_IFMT == S_IFREG
        var singleFileName: ModelPath?
        if isSingleFile {
            let paths = Set(manifest.resources.map(\.path))
            let basename = FileSystemPath.lastComponent(root).flatMap { ModelPath($0) }
            // The signature must describe a single-file model too: one file named `.` or by basename.
            guard paths.count == 1, let only = paths.first, only == .singleFile || only == basename else {
                throw .modelMismatch(ModelMismatch(missing: paths.sorted().map(\.string), extra: ["."], changed: []))
            }
            singleFileName = basename
        }
        return SignedModel(modelPath: path, manifest: manifest, signer: verified.signerDescription,
                           usedCompatibilityEncoding: verified.usedCompatibilityEncoding, timestamps: verified.timestamps,
                           uncheckedTimestampCount: verified.uncheckedTimestampCount, options: options,
                           isSingleFile: isSingleFile, singleFileName: singleFileName)
    }

    /// The files the signature covers, in manifest order (a single-file model's file is `.`).
    /// With `shards` serialization, empty files have no resource and are not listed.
    public var signedFiles: [ModelPath] {
        var seen = Set<ModelPath>()
        return manifest.resources.map { isSingleFile ? .singleFile : $0.path }.filter { seen.insert($0).inserted }
    }

    /// What verified reads have cost so far.
    public var statistics: Statistics { counters.snapshot() }

    /// Verification units hashed by several workers at once (BLAKE3's tree mode), for tests.
    package var unitsHashedInParallel: Int { counters.unitsHashedInParallel }

    /// Drops every verified unit kept in memory; later reads hash again.
    public func clearCache() {
        cache.withLock { $0.removeAll() }
    }
}

