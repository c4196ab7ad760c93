import ModelHashing
import Sigstore

/// Signs models: hashes the model, builds the OMS statement and has a ``BundleSigner`` sign it.
///
/// ```swift
/// let key = try ECPrivateKey(pem: try String(contentsOfFile: "key.pem", encoding: .utf8))
/// let signer = ModelSigner(signer: KeySigner(privateKey: key))
/// try await signer.sign(modelAt: "my-model", signatureAt: "my-model/model.sig")
/// ```
public struct ModelSigner: Sendable {
    /// Signs the statement into a bundle (key, certificate…).
    public var signer: any BundleSigner
    /// The serialization, ignore paths, workers and symlink policy used to hash the model.
    public var hasher: ModelHasher

    /// A model signer using `signer`, hashing with `hasher` (SHA-256 over whole files by default).
    public init(signer: any BundleSigner, hasher: ModelHasher = ModelHasher()) {
        self.signer = signer
        self.hasher = hasher
    }

    /// A model signer using `signer`, hashing as `hashing` says (git paths skipped, no extra
    /// ignore paths or link roots; set those on ``hasher`` afterwards).
    public init(signer: any BundleSigner, hashing: HashingConfiguration) {
        self.init(signer: signer, hasher: ModelHasher(configuration: hashing))
    }

    /// Hashes the model and returns the manifest that signing would sign (no signing): git
    /// paths are recorded in the serialization's ignore paths unless `ModelHasher.ignoreGitPaths`
    /// is off, and BLAKE3 shards are refused.
    public func manifest(modelAt path: String, progress: HashingProgress? = nil) async throws(ModelSigningError) -> Manifest {
        let hasher = try applyingSignatureRules(modelAt: path, signatureAt: nil).hasher
        do throws(ModelHashingError) {
            let tree = try hasher.walk(modelAt: path)
            guard !tree.files.isEmpty else { throw ModelHashingError.emptyModel(path: path) }
            return try await hasher.hash(tree, progress: progress)
        } catch {
            throw .hashing(error)
        }
    }

    /// Signs the model and returns the bundle without writing it.
    public func sign(modelAt path: String, progress: HashingProgress? = nil) async throws(ModelSigningError) -> SigstoreBundle {
        let manifest = try await manifest(modelAt: path, progress: progress)
        return try await signer.bundle(signing: OMSStatement.payload(for: manifest))
    }

    /// Signs the model and writes the bundle to `signaturePath` atomically. A signature file
    /// inside the model is excluded from hashing and recorded in `ignore_paths`, and so is the
    /// model-card attestation's default place beside it (``Attestation/defaultPath(besideSignature:)``).
    @discardableResult
    public func sign(modelAt path: String, signatureAt signaturePath: String,
                     progress: HashingProgress? = nil) async throws(ModelSigningError) -> SigstoreBundle {
        let configured = try applyingSignatureRules(modelAt: path, signatureAt: signaturePath)
        let bundle = try await configured.sign(modelAt: path, progress: progress)
        try SignatureFile.replace(signaturePath, with: bundle.serialized())
        return bundle
    }
}
