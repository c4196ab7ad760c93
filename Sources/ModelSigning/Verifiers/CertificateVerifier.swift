import Foundation
import Sigstore
import X509

/// Verifies certificate-method bundles: the bundle's `x509CertificateChain` holds the signing
/// certificate first and untrusted intermediates after it.
///
/// Verification builds a chain from the leaf through the bundle's other certificates to the
/// ``trustAnchors`` (see ``CertificateChainVerifier``), requires the leaf to allow signing
/// (KeyUsage digitalSignature or ExtendedKeyUsage codeSigning), checks every certificate's
/// validity at ``validationTime`` (the current time by default), applies the optional
/// ``identity`` constraints, and finally checks the DSSE signature with the leaf's EC key
/// (standard PAE, or model_signing v0.2's encoding hashed with SHA-256).
///
/// With ``timestampAuthorities``, every RFC 3161 timestamp in the bundle must verify against
/// them, and when there are any, the chain's validity is checked at each timestamp's time
/// instead of ``validationTime``: a certificate that has since expired still verifies when a
/// trusted timestamp proves the signature was made inside its validity, and only then.
///
/// ```swift
/// let anchors = try CertificateLoader.certificates(contentsOf: "ca.pem")
/// let verifier = CertificateVerifier(trustAnchors: anchors,
///                                    identity: CertificateIdentityConstraints(identities: ["builder@example.com"]))
/// try await ModelVerifier(verifier: verifier).verify(modelAt: "model", signatureAt: "model.sig")
/// ```
public struct CertificateVerifier: BundleVerifier {
    /// The CA certificates trusted as chain ends.
    public var trustAnchors: [Certificate]
    /// Who the signing certificate must name; empty accepts any certificate that chains to
    /// the anchors (the reference's behaviour).
    public var identity: CertificateIdentityConstraints
    /// When certificates must be valid; `nil` means the current time.
    public var validationTime: Date?
    /// Receives one line per certificate with its SHA-256 fingerprint (anchors, then the
    /// bundle's certificates), in the reference's `--log_fingerprints` format.
    public var fingerprintLog: (@Sendable (String) -> Void)?
    /// The timestamp authorities trusted for the bundle's RFC 3161 timestamps; empty: the
    /// timestamps are not checked and validity is checked at ``validationTime``. A bundle
    /// without timestamps verifies either way.
    public var timestampAuthorities: [CertificateAuthority]

    /// A verifier trusting `trustAnchors`, requiring `identity` of the leaf, and trusting
    /// `timestampAuthorities` for the signature's timestamps.
    public init(trustAnchors: [Certificate], identity: CertificateIdentityConstraints = CertificateIdentityConstraints(),
                validationTime: Date? = nil, fingerprintLog: (@Sendable (String) -> Void)? = nil,
                timestampAuthorities: [CertificateAuthority] = []) {
        self.trustAnchors = trustAnchors
        self.identity = identity
        self.validationTime = validationTime
        self.fingerprintLog = fingerprintLog
        self.timestampAuthorities = timestampAuthorities
    }

    /// Reads the trust anchors from PEM files (each may hold several certificates). With no
    /// paths, the system CA bundle is used, as the reference does; see ``SystemTrustStore``.
    public init(certificateChainPaths: [String], identity: CertificateIdentityConstraints = CertificateIdentityConstraints(),
                validationTime: Date? = nil) throws(ModelSigningError) {
        let anchors = certificateChainPaths.isEmpty
            ? try SystemTrustStore.load().certificates
            : try CertificateLoader.certificates(contentsOf: certificateChainPaths)
        self.init(trustAnchors: anchors, identity: identity, validationTime: validationTime)
    }

    public func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload {
        try await verify(bundle)
    }

    func verify(_ bundle: SigstoreBundle) async throws(ModelSigningError) -> VerifiedPayload {
        guard bundle.mediaType == SigstoreBundle.mediaTypeV03 else {
            throw .verificationMaterialMismatch("unsupported bundle media type \(DisplayText.quoted(bundle.mediaType)) for a certificate signature (expected \(SigstoreBundle.mediaTypeV03))")
        }
        let encoded: [[UInt8]]
        switch bundle.verificationMaterial.signer {
        case .x509CertificateChain(let certificates):
            encoded = certificates
        case .publicKey:
            throw .verificationMaterialMismatch("the signature was made with a public key (publicKey material), not a certificate chain; verify it with the key method")
        case .certificate:
            throw .verificationMaterialMismatch("the signature holds a single Sigstore (keyless) certificate, not a certificate chain; verify it with the sigstore method")
        }
        guard !encoded.isEmpty else {
            throw .certificate("the signature's x509CertificateChain holds no certificate")
        }
        guard encoded.count <= CertificateChainVerifier.maximumChainLength else {
            throw .certificate("the signature holds \(encoded.count) certificates, more than the \(CertificateChainVerifier.maximumChainLength) accepted")
        }
        var certificates: [Certificate] = []
        for (index, der) in encoded.enumerated() {
            do {
                certificates.append(try CertificateLoader.certificate(der: der))
            } catch {
                let which = index == 0 ? "the signing certificate" : "certificate #\(index + 1)"
                throw .certificate("\(which) in the signature: \(error.certificateReason)")
            }
        }
        if let fingerprintLog {
            for anchor in trustAnchors { fingerprintLog("[  init  ] sha256 Fingerprint: \(anchor.sha256Fingerprint)") }
            for certificate in certificates { fingerprintLog("[ verify ] sha256 Fingerprint: \(certificate.sha256Fingerprint)") }
        }
        let leaf = certificates[0]
        let key = try leaf.signingKey()
        let (timestamps, unchecked) = try await bundle.verifiedTimestamps(trusting: timestampAuthorities)
        var chain: [Certificate] = []
        if timestamps.isEmpty {
            do {
                chain = try await CertificateChainVerifier(trustAnchors: trustAnchors, validationTime: validationTime)
                    .verify(leaf: leaf, intermediates: Array(certificates.dropFirst()))
            } catch {
                // An expired certificate may be rescued by the timestamps nobody asked to check: say so.
                guard error.code.isCertificateFailure, unchecked > 0 else { throw error }
                throw ModelSigningError(error.code, "\(error.reason) (the signature carries \(unchecked) RFC 3161 timestamp(s), not checked: trust their timestamp authority, e.g. with --tsa-certificate-chain, to check validity at their times)",
                                        underlying: error.underlying)
            }
        } else {
            // Each trusted time must lie inside the validity of the whole chain.
            for (index, timestamp) in timestamps.enumerated() {
                do {
                    chain = try await CertificateChainVerifier(trustAnchors: trustAnchors, validationTime: timestamp.time)
                        .verify(leaf: leaf, intermediates: Array(certificates.dropFirst()))
                } catch {
                    guard error.code.isCertificateFailure else { throw error }
                    throw ModelSigningError(error.code, "at \(RFC3339.string(timestamp.time)), the time timestamp #\(index + 1) (\(timestamp.authority)) proves: \(error.reason)",
                                            underlying: error.underlying)
                }
            }
        }
        try identity.check(leaf)
        let anchor = chain.last.map { " issued under \(DisplayText.quoted($0.subject.description))" } ?? ""
        var verified = try bundle.verifiedDSSEPayload(with: key, signerDescription: "certificate \(leaf.summary)\(anchor)")
        verified.timestamps = timestamps
        verified.uncheckedTimestampCount = unchecked
        return verified
    }
}
