extension ModelSigningError {
    /// The kind of a ``ModelSigningError``: a stable identifier (``rawValue``) to branch on.
    ///
    /// The certificate codes refine ``certificate``: ``certificateChain``,
    /// ``signedCertificateTimestamp`` and ``identityMismatch`` say which certificate check
    /// failed; ``isCertificateFailure`` is true for all four.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable identifier, for example `certificate-chain`.
        public let rawValue: String
        let presentation: Presentation

        /// How ``ModelSigningError/description`` frames the reason for a code.
        enum Presentation: Hashable, Sendable {
            /// The reason alone.
            case bare
            /// `prefix: reason`.
            case prefixed(String)
            /// `key PATH: reason`, or `key: reason` without a path.
            case key
            /// `PATH: reason`.
            case path
        }

        private init(_ rawValue: String, _ presentation: Presentation) {
            self.rawValue = rawValue
            self.presentation = presentation
        }

        /// The code with this stable identifier, or nil for an unknown one.
        ///
        /// - Parameter rawValue: an identifier such as `certificate-chain`.
        public init?(rawValue: String) {
            guard let code = Code.all.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = code
        }

        /// The stable identifier.
        public var description: String { rawValue }

        /// Reading or hashing the model failed (`hashing`); ``ModelSigningError/hashingError`` has the detail.
        public static let hashing = Code("hashing", .bare)
        /// The signature file is not a well-formed bundle (`malformed-bundle`).
        public static let malformedBundle = Code("malformed-bundle", .bare)
        /// A key file could not be used (`key`).
        public static let key = Code("key", .key)
        /// A certificate could not be used or is not trusted (`certificate`).
        public static let certificate = Code("certificate", .prefixed("certificate"))
        /// The signing certificate does not chain to a trusted CA at the signing time (`certificate-chain`).
        public static let certificateChain = Code("certificate-chain", .prefixed("certificate"))
        /// The signing certificate's embedded SCT is missing or invalid (`signed-certificate-timestamp`).
        public static let signedCertificateTimestamp = Code("signed-certificate-timestamp", .prefixed("certificate"))
        /// The signing certificate names another identity or OIDC issuer than required (`identity-mismatch`).
        public static let identityMismatch = Code("identity-mismatch", .prefixed("certificate"))
        /// The bundle was made by another signing method, or for another key (`verification-material-mismatch`).
        public static let verificationMaterialMismatch = Code("verification-material-mismatch", .bare)
        /// The signature, or what vouches for it (transparency log, timestamps), does not verify (`invalid-signature`).
        public static let invalidSignature = Code("invalid-signature", .prefixed("signature invalid"))
        /// The signed statement is not a valid OMS statement (`invalid-payload`).
        public static let invalidPayload = Code("invalid-payload", .prefixed("signed statement invalid"))
        /// The model differs from what was signed: a file's digest, a missing or an extra file
        /// (`model-mismatch`); ``ModelSigningError/mismatch`` lists the differences.
        public static let modelMismatch = Code("model-mismatch", .bare)
        /// A file could not be read or written (`io`).
        public static let io = Code("io", .path)
        /// The request itself is inconsistent, or trust material given by the caller is unusable (`invalid-request`).
        public static let invalidRequest = Code("invalid-request", .bare)
        /// A signing service (OIDC, Fulcio, Rekor, a timestamp authority) failed (`signing-service`).
        public static let signingService = Code("signing-service", .bare)
        /// An RFC 3161 timestamp in the signature does not verify against the trusted timestamp
        /// authorities, or proves a time the signer was not valid at (`timestamp`).
        public static let timestamp = Code("timestamp", .prefixed("timestamp"))

        /// Every code, in declaration order.
        public static let all: [Code] = [
            .hashing, .malformedBundle, .key, .certificate, .certificateChain, .signedCertificateTimestamp, .identityMismatch,
            .verificationMaterialMismatch, .invalidSignature, .invalidPayload, .modelMismatch, .io, .invalidRequest, .signingService,
            .timestamp,
        ]

        /// Whether this is ``certificate`` or one of its refinements.
        public var isCertificateFailure: Bool { presentation == .prefixed("certificate") }
    }
}
