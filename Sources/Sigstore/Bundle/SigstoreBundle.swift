/// A Sigstore bundle: the signed content plus everything needed to verify it.
///
/// ``parse(_:)`` accepts every variant written by the reference and by Sigstore clients
/// (bundle media types 0.1 to 0.3, snake_case keys, standard or URL-safe base64, 64-bit
/// integers as strings or numbers). ``serialized()`` writes the v0.3 form compactly with the
/// key order `mediaType`, `verificationMaterial`, then the content.
public struct SigstoreBundle: Sendable, Equatable {
    /// The media type written by this library.
    public static let mediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json"

    /// Media types accepted when reading, with the bundle version they denote.
    public static let acceptedMediaTypes: [String: BundleVersion] = [
        "application/vnd.dev.sigstore.bundle+json;version=0.1": .v01,
        "application/vnd.dev.sigstore.bundle+json;version=0.2": .v02,
        "application/vnd.dev.sigstore.bundle+json;version=0.3": .v03,
        "application/vnd.dev.sigstore.bundle.v0.3+json": .v03,
    ]

    /// Versions of the bundle format.
    public enum BundleVersion: Int, Sendable, Comparable {
        case v01 = 1, v02 = 2, v03 = 3

        public static func < (lhs: BundleVersion, rhs: BundleVersion) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What was signed.
    public enum Content: Sendable, Equatable {
        /// A DSSE envelope (what model signatures use).
        case dsseEnvelope(DSSEEnvelope)
        /// A signature over an artifact digest.
        case messageSignature(MessageSignature)
    }

    public var mediaType: String
    public var verificationMaterial: VerificationMaterial
    public var content: Content

    public init(mediaType: String = SigstoreBundle.mediaTypeV03, verificationMaterial: VerificationMaterial, content: Content) {
        self.mediaType = mediaType
        self.verificationMaterial = verificationMaterial
        self.content = content
    }

    /// The format version named by ``mediaType``, or nil when the media type is not one of
    /// ``acceptedMediaTypes``.
    public var version: BundleVersion? { SigstoreBundle.acceptedMediaTypes[mediaType] }

    /// The DSSE envelope, when the content is one.
    public var dsseEnvelope: DSSEEnvelope? {
        if case .dsseEnvelope(let envelope) = content { return envelope }
        return nil
    }
}

/// A signature over an artifact's digest (`messageSignature`).
public struct MessageSignature: Sendable, Equatable {
    /// The digest algorithm name as written (`SHA2_256`, …) and the digest, when present.
    public var messageDigest: (algorithm: String, digest: [UInt8])?
    public var signature: [UInt8]

    public init(messageDigest: (algorithm: String, digest: [UInt8])?, signature: [UInt8]) {
        self.messageDigest = messageDigest
        self.signature = signature
    }

    public static func == (lhs: MessageSignature, rhs: MessageSignature) -> Bool {
        lhs.signature == rhs.signature && lhs.messageDigest?.algorithm == rhs.messageDigest?.algorithm
            && lhs.messageDigest?.digest == rhs.messageDigest?.digest
    }
}
