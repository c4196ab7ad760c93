import ModelHashing
import Sigstore

/// Signed model metadata: a model card as a CycloneDX 1.6 ML-BOM (``MLBOM``) carried in an
/// in-toto v1 statement whose subject is the model's root digest exactly as the OMS signature
/// records it, signed as a DSSE bundle by any ``BundleSigner``.
///
/// ```swift
/// let signer = ModelSigner(signer: KeySigner(privateKey: key))
/// let card = try ModelCard(contentsOf: "my-model/README.md")
/// try await Attestation.sign(card: card, modelAt: "my-model", with: signer,
///                            attestationAt: "my-model/model.att.sig", signatureAt: "my-model/model.sig")
///
/// let model = try await ModelVerifier(verifier: KeyVerifier(publicKey: publicKey))
///     .verify(modelAt: "my-model", signatureAt: "my-model/model.sig")
/// let attested = try await Attestation.verify(attestationAt: "my-model/model.att.sig",
///                                             verifier: KeyVerifier(publicKey: publicKey),
///                                             model: model.signedManifest)
/// print(attested.bom.facts.license ?? "no licence")
/// ```
public enum Attestation {
    /// The statement's predicate type: a CycloneDX BOM.
    public static let predicateType = "https://cyclonedx.org/bom"
    /// The attestation's file name when none is given: beside the model signature.
    public static let defaultFileName = "model.att.sig"
    /// Attestations larger than this are refused rather than read into memory.
    static let maximumSize = 64 << 20

    /// `model.att.sig` in the signature's directory.
    public static func defaultPath(besideSignature signaturePath: String) -> String {
        directoryPrefix(of: signaturePath) + defaultFileName
    }

    /// `dir/` for `dir/name`, empty for a bare name.
    static func directoryPrefix(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// The in-toto statement (RFC 8785 canonical JSON) stating `bom` about the model `manifest` lists.
    public static func payload(bom: MLBOM, manifest: Manifest) -> [UInt8] {
        let statement = JSONObject([
            ("_type", .string(OMSStatement.statementType)),
            ("subject", .array([OMSStatement.subject(for: manifest)])),
            ("predicateType", .string(predicateType)),
            ("predicate", .object(bom.document)),
        ])
        return JSONValue.object(statement).serialized(.canonical)
    }

    /// Signs the statement of `bom` about `manifest` and returns the bundle.
    public static func sign(bom: MLBOM, manifest: Manifest,
                            with signer: any BundleSigner) async throws(AttestationError) -> SigstoreBundle {
        do {
            return try await signer.bundle(signing: payload(bom: bom, manifest: manifest))
        } catch {
            throw .signing(error)
        }
    }

    /// Hashes the model as `modelSigner` would sign it, builds the BOM of `card`, signs it with
    /// `modelSigner`'s signer and writes the bundle atomically to `attestationPath`.
    ///
    /// The attestation and the model signature (`signaturePath`, `model.sig` when nil) are left
    /// out of the hashing, and recorded in `ignore_paths`, when they lie inside the model, so
    /// the subject is the digest the model signature records.
    @discardableResult
    public static func sign(card: ModelCard, modelAt modelPath: String, with modelSigner: ModelSigner,
                            attestationAt attestationPath: String, signatureAt signaturePath: String? = nil,
                            progress: HashingProgress? = nil) async throws(AttestationError) -> (bundle: SigstoreBundle, bom: MLBOM) {
        let signature = signaturePath ?? directoryPrefix(of: attestationPath) + "model.sig"
        let configured = modelSigner.excluding(filesAt: ModelSigner.companionFiles(ofSignature: signature) + [attestationPath],
                                               inModelAt: modelPath)
        let manifest: Manifest
        do {
            manifest = try await configured.manifest(modelAt: modelPath, progress: progress)
        } catch {
            throw .signing(error)
        }
        let bom = MLBOM(card: card, manifest: manifest)
        let bundle = try await sign(bom: bom, manifest: manifest, with: configured.signer)
        do {
            try SignatureFile.replace(attestationPath, with: bundle.serialized())
        } catch {
            throw .signing(error)
        }
        return (bundle, bom)
    }

    /// Reads the attestation at `path` and verifies it against the verified model `manifest`
    /// (the ``VerificationResult/signedManifest`` of the model signature).
    ///
    /// - Parameters:
    ///   - path: the attestation file.
    ///   - verifier: checks the attestation's signature and signer.
    ///   - manifest: the verified model's manifest, whose digest and files the attestation must state.
    ///   - modelCardPath: when given, the card file must be the one that was attested.
    public static func verify(attestationAt path: String, verifier: any BundleVerifier, model manifest: Manifest,
                              modelCardAt modelCardPath: String? = nil) async throws(AttestationError) -> VerifiedAttestation {
        let bundle: SigstoreBundle
        do {
            bundle = try SigstoreBundle.parse(try SignatureFile.contents(of: path, what: "attestation", limit: maximumSize))
        } catch let error as ModelSigningError {
            throw .signing(error)
        } catch let error as BundleError {
            throw .malformedAttestation(path: path, reason: error.description)
        } catch {
            throw .malformedAttestation(path: path, reason: "\(error)")
        }
        let verified = try await verify(bundle, source: path, verifier: verifier, model: manifest)
        if let modelCardPath {
            let card = try ModelCard(contentsOf: modelCardPath)
            guard let attested = verified.bom.facts.modelCardSHA256 else {
                throw .modelCardMissing("attestation \(path) records no model card digest to compare \(modelCardPath) with")
            }
            guard Array(attested.utf8) == Array(card.sha256.utf8) else {
                throw .modelCardChanged(path: modelCardPath, attested: attested, actual: card.sha256)
            }
        }
        return verified
    }

    /// Verifies a parsed attestation bundle: its signature with `verifier`, that it is a
    /// CycloneDX statement whose subject is `manifest`'s root digest, and that its file list is
    /// the manifest's. `source` names it in errors.
    public static func verify(_ bundle: SigstoreBundle, source: String, verifier: any BundleVerifier,
                              model manifest: Manifest) async throws(AttestationError) -> VerifiedAttestation {
        let verified: VerifiedPayload
        do {
            verified = try await verifier.verifiedPayload(of: bundle)
        } catch {
            throw .untrusted(path: source, reason: String(describing: error))
        }
        let bom: MLBOM
        let rootHex: String
        do {
            let statement = try JSONReader(document: verified.payload)
            let type = try statement.string("_type")
            guard type == OMSStatement.statementType else { throw statement.error("_type", "is \"\(type)\", expected \"\(OMSStatement.statementType)\"") }
            let predicate = try statement.string("predicateType")
            if predicate == OMSStatement.predicateType || predicate == OMSStatement.legacyPredicateType {
                throw statement.error("predicateType", "this is a model signature, not a model-card attestation")
            }
            guard predicate == predicateType else { throw statement.error("predicateType", "is \"\(predicate)\", expected \"\(predicateType)\"") }
            rootHex = try OMSStatement.subject(of: statement).rootHex
            bom = try MLBOM(reading: try statement.object("predicate"))
        } catch let error as BundleError {
            throw .malformedAttestation(path: source, reason: error.field.isEmpty ? error.reason : "\(error.field): \(error.reason)")
        } catch {
            throw .malformedAttestation(path: source, reason: "\(error)")
        }
        let modelHex = Hex.encode(manifest.rootDigest)
        guard Array(rootHex.lowercased().utf8) == Array(modelHex.utf8) else {
            throw .otherModel(path: source, attested: rootHex, model: modelHex)
        }
        try compareFiles(bom.files, with: MLBOM.files(of: manifest), source: source)
        return VerifiedAttestation(bom: bom, signer: verified.signerDescription)
    }

    /// The attested file list must be the signed one: same names (as bytes) and digests.
    static func compareFiles(_ attested: [MLBOM.File], with signed: [MLBOM.File], source: String) throws(AttestationError) {
        func key(_ file: MLBOM.File) -> [UInt8] { Array(file.name.utf8) }
        var signedByName: [[UInt8]: MLBOM.File] = [:]
        for file in signed { signedByName[key(file)] = file }
        var attestedNames = Set<[UInt8]>()
        var extra: [String] = []
        var changed: [String] = []
        for file in attested {
            guard attestedNames.insert(key(file)).inserted else {
                throw .malformedAttestation(path: source, reason: "file \(file.name) is listed twice")
            }
            guard let expected = signedByName[key(file)] else { extra.append(file.name); continue }
            if expected.algorithm != file.algorithm || expected.digest?.lowercased() != file.digest?.lowercased() {
                changed.append(file.name)
            }
        }
        let missing = signed.filter { !attestedNames.contains(key($0)) }.map(\.name)
        guard missing.isEmpty, extra.isEmpty, changed.isEmpty else {
            throw .fileListMismatch(path: source, missing: missing.sorted(), extra: extra.sorted(), changed: changed.sorted())
        }
    }
}
