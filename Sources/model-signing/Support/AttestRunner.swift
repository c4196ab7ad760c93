import Foundation
import ModelHashing
import ModelSigning
import Sigstore

/// The part of every `attest` subcommand that does not depend on the signing method, and the
/// attestation check of every `verify` subcommand.
enum AttestRunner {
    static func attest(selection: ModelSelectionOptions, hashing: ModelHashingOptions, attestation: AttestationOptions,
                       signer: any BundleSigner, reporter: CommandReporter,
                       extraDetails: () -> [(String, JSONValue)] = { [] }) async throws {
        let card = try ModelCard(contentsOf: attestation.modelCard)
        let modelSigner = ModelSigner(signer: signer, hasher: try SignRunner.hasher(selection: selection, hashing: hashing))
        let progress = HashingProgress()
        let path = attestation.attestationPath
        let (bundle, bom) = try await CommandReporter.withProgress(progress) {
            try await Attestation.sign(card: card, modelAt: selection.modelPath, with: modelSigner, attestationAt: path,
                                       signatureAt: attestation.signature, progress: progress)
        }
        reporter.succeed([("model", .string(selection.modelPath)), ("attestation", .string(path)),
                          ("files", .integer(bom.files.count)), ("model_card", ModelCardReport.json(bom.facts))]
                         + extraDetails())
        // Verification will compare the two subjects; say now when they already differ.
        if let signed = recordedSubject(ofSignatureAt: attestation.signature),
           let attested = bundle.subjectDigest, Array(signed.utf8) != Array(attested.utf8) {
            StandardError.write("Warning: the model signature \(attestation.signature) records sha256:\(signed), this attestation "
                                + "sha256:\(attested); verifying them together will fail. Attest with the hashing options the model "
                                + "was signed with (--hash, --shard-size, --ignore-paths), or sign the model again.\n")
        }
    }

    /// The subject digest of the model signature at `path`, unverified (only for a warning); nil
    /// when there is no regular file there or it is not a signature.
    private static func recordedSubject(ofSignatureAt path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 << 20) else { return nil }
        return (try? SigstoreBundle.parse(Array(data)))?.subjectDigest
    }

    /// Verifies the attestation `options` ask for against the verified model; nil when none was asked for.
    static func verify(_ options: AttestationVerificationOptions, signaturePath: String, verifier: any BundleVerifier,
                       model manifest: Manifest) async throws -> VerifiedAttestation? {
        guard let path = options.attestationPath(besideSignature: signaturePath) else { return nil }
        let verified = try await Attestation.verify(attestationAt: path, verifier: verifier, model: manifest,
                                                    modelCardAt: options.modelCard)
        if options.requireModelCard, !verified.bom.facts.hasModelCardData {
            throw AttestationError.modelCardMissing("attestation \(path) carries no model card facts (--require-model-card)")
        }
        return verified
    }

    /// When the model signature covers the attestation file (the model was signed after it was
    /// attested, into the model), verification finds that file "missing" once it is ignored;
    /// says so plainly.
    static func explain(_ error: ModelSigningError, attestationInsideModel inside: ModelPath?) -> any Error {
        guard let inside, let mismatch = error.mismatch,
              mismatch.missing.contains(where: { Array($0.utf8) == inside.utf8 }) else { return error }
        return AttestationError.malformedAttestation(
            path: inside.string,
            reason: "the model signature covers this attestation file (the model was signed after it was written into the model); "
                + "attest after signing, or keep the attestation outside the model")
    }
}

extension SigstoreBundle {
    /// The root digest (hex) the bundle's statement names as its subject, read without
    /// verifying anything; nil when it has none.
    var subjectDigest: String? {
        guard let payload = dsseEnvelope?.payload, let statement = try? JSONReader(document: payload) else { return nil }
        return try? OMSStatement.subject(of: statement).rootHex
    }
}

