import ModelHashing
import Sigstore

/// Why signing or verification failed: a stable ``code`` to branch on, the reason in words, and
/// where useful the path and the underlying error. Printed, it reads as one sentence naming the
/// problem and where it is.
///
/// Branch on ``code``, never on the text:
///
/// ```swift
/// do {
///     try await ModelVerifier(verifier: verifier).verify(modelAt: "model", signatureAt: "model.sig")
/// } catch let error as ModelSigningError where error.code == .modelMismatch {
///     print("changed files:", error.mismatch?.changed.map(\.name) ?? [])
/// }
/// ```
///
/// Throw sites build errors with the static functions named after each code
/// (`throw ModelSigningError.certificate("…")`).
public struct ModelSigningError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Values are stable across releases; new ones may be added,
    /// so a `switch` over them needs a default.
    public let code: Code
    /// What was wrong, in words, without the prefix ``description`` adds for some codes.
    public let reason: String
    /// The file the error concerns, when there is one (a key file, a file that could not be
    /// read or written).
    public let path: String?
    /// The error this one reports, when it came from a lower layer: a `ModelHashingError`, a
    /// `BundleError`, a `SigstoreVerificationError` (whose `check` names the Sigstore step that
    /// failed) …
    public let underlying: (any Error)?
    /// Every difference between the model and its signature, for ``Code/modelMismatch``.
    public let mismatch: ModelMismatch?

    /// An error with a code and a reason.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what was wrong, in words.
    ///   - path: the file concerned, if any.
    ///   - underlying: the lower-layer error being reported, if any.
    public init(_ code: Code, _ reason: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.init(code: code, reason: reason, path: path, underlying: underlying, mismatch: nil)
    }

    private init(code: Code, reason: String, path: String?, underlying: (any Error)?, mismatch: ModelMismatch?) {
        self.code = code
        self.reason = reason
        self.path = path
        self.underlying = underlying
        self.mismatch = mismatch
    }

    /// The model hashing error, for ``Code/hashing``.
    public var hashingError: ModelHashingError? { underlying as? ModelHashingError }

    /// The Sigstore check that failed, when a Sigstore verification failed.
    public var sigstoreCheck: SigstoreVerificationError.Check? { (underlying as? SigstoreVerificationError)?.check }

    /// One line naming the problem and where it is (control characters escaped, length bounded).
    public var description: String {
        // Reasons embed names and fields from signatures and model files: shown escaped.
        DisplayText.message(rawDescription)
    }

    private var rawDescription: String {
        switch code.presentation {
        case .bare: return reason
        case .prefixed(let prefix): return "\(prefix): \(reason)"
        case .key: return path.map { "key \($0): \(reason)" } ?? "key: \(reason)"
        case .path: return path.map { "\($0): \(reason)" } ?? reason
        }
    }
}

extension ModelSigningError {
    /// Reading or hashing the model failed.
    public static func hashing(_ error: ModelHashingError) -> ModelSigningError {
        ModelSigningError(.hashing, error.description, underlying: error)
    }

    /// The signature file is not a well-formed bundle.
    public static func malformedBundle(_ error: BundleError) -> ModelSigningError {
        ModelSigningError(.malformedBundle, error.description, underlying: error)
    }

    /// A key file (at `path`, when known) could not be used.
    public static func key(path: String?, reason: String) -> ModelSigningError {
        ModelSigningError(.key, reason, path: path)
    }

    /// A certificate could not be used or is not trusted.
    public static func certificate(_ reason: String) -> ModelSigningError {
        ModelSigningError(.certificate, reason)
    }

    /// The signing certificate does not chain to a trusted CA at the signing time.
    public static func certificateChain(_ reason: String) -> ModelSigningError {
        ModelSigningError(.certificateChain, reason)
    }

    /// The signing certificate's embedded SCT is missing or invalid.
    public static func signedCertificateTimestamp(_ reason: String) -> ModelSigningError {
        ModelSigningError(.signedCertificateTimestamp, reason)
    }

    /// The signing certificate names another identity or issuer than required.
    public static func identityMismatch(_ reason: String) -> ModelSigningError {
        ModelSigningError(.identityMismatch, reason)
    }

    /// The bundle was made by another signing method, or for another key.
    public static func verificationMaterialMismatch(_ reason: String) -> ModelSigningError {
        ModelSigningError(.verificationMaterialMismatch, reason)
    }

    /// The signature does not verify.
    public static func invalidSignature(_ reason: String) -> ModelSigningError {
        ModelSigningError(.invalidSignature, reason)
    }

    /// The signed statement is not a valid OMS statement.
    public static func invalidPayload(_ reason: String) -> ModelSigningError {
        ModelSigningError(.invalidPayload, reason)
    }

    /// The model differs from what was signed.
    public static func modelMismatch(_ mismatch: ModelMismatch) -> ModelSigningError {
        ModelSigningError(code: .modelMismatch, reason: mismatch.description, path: nil, underlying: nil, mismatch: mismatch)
    }

    /// A file could not be read or written.
    public static func io(path: String, reason: String) -> ModelSigningError {
        ModelSigningError(.io, reason, path: path)
    }

    /// The request itself is inconsistent (for example an ignore path outside the model).
    public static func invalidRequest(_ reason: String) -> ModelSigningError {
        ModelSigningError(.invalidRequest, reason)
    }

    /// A signing service (keyless signing: OIDC, Fulcio, Rekor, a timestamp authority) failed;
    /// the text names the service and its answer.
    public static func signingService(_ reason: String) -> ModelSigningError {
        ModelSigningError(.signingService, reason)
    }

    /// An RFC 3161 timestamp in the signature does not verify against the trusted timestamp
    /// authorities, or proves a time the signer was not valid at.
    public static func timestamp(_ reason: String) -> ModelSigningError {
        ModelSigningError(.timestamp, reason)
    }
}
