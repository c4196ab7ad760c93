import Foundation
import Testing
@testable import Sigstore

/// The trust configuration (fixed with the verifier) apart from the signer policy (per call).
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct VerifierConfigurationTests {
    static let bundle = "sigstore/bundles/sigstore-java/bundle.sigstore"  // message signature, public-good, appu@google.com
    static let artifact = "sigstore/bundles/sigstore-java/artifact.txt"
    static let appu = VerificationPolicy.Signer.certificate(IdentityPolicy(identity: "appu@google.com", issuer: Issuers.google))
    static let someoneElse = VerificationPolicy.Signer.certificate(IdentityPolicy(identity: "someone@google.com", issuer: Issuers.google))

    @Test func oneVerifierServesSeveralSignerPolicies() async throws {
        let bundle = try TestVectors.bundle(Self.bundle)
        let artifact = Artifact.file(TestVectors.url(Self.artifact))
        let verifier = SigstoreVerifier(trustedRoot: try .production(),
                                        policy: VerificationPolicy(signer: Self.someoneElse, configuration: .keyless))
        // The default signer policy refuses; the same verifier with the signer named per call accepts.
        let refused = await #expect(throws: SigstoreVerificationError.self) { _ = try await verifier.verify(bundle, artifact: artifact) }
        #expect(refused?.check == .identity)
        let result = try await verifier.verify(bundle, artifact: artifact, signer: Self.appu)
        #expect(result.identity?.subjectAlternativeNames == ["appu@google.com"])
        #expect(result.logEntries.count == 1)
    }

    @Test func theConfigurationDecidesWhatIsRequired() async throws {
        let bundle = try TestVectors.bundle(Self.bundle)
        let artifact = Artifact.file(TestVectors.url(Self.artifact))
        var noCTLog = try TrustedRoot.production()
        noCTLog.certificateTransparencyLogs = []
        let strict = SigstoreVerifier(trustedRoot: noCTLog, policy: VerificationPolicy(signer: Self.appu, configuration: .keyless))
        let error = await #expect(throws: SigstoreVerificationError.self) { _ = try await strict.verify(bundle, artifact: artifact) }
        #expect(error?.check == .signedCertificateTimestamp)

        var withoutSCT = VerifierConfiguration.keyless
        withoutSCT.requireSignedCertificateTimestamp = false
        let relaxed = SigstoreVerifier(trustedRoot: noCTLog, policy: VerificationPolicy(signer: Self.appu, configuration: withoutSCT))
        _ = try await relaxed.verify(bundle, artifact: artifact)

        var twoTimes = VerifierConfiguration.keyless
        twoTimes.minimumTrustedTimes = 2
        let demanding = SigstoreVerifier(trustedRoot: try .production(), policy: VerificationPolicy(signer: Self.appu, configuration: twoTimes))
        let tooFew = await #expect(throws: SigstoreVerificationError.self) { _ = try await demanding.verify(bundle, artifact: artifact) }
        #expect(tooFew?.check == .trustedTime)
    }

    @Test func thePolicyPropertiesAreTheConfiguration() throws {
        var policy = VerificationPolicy.identity("a@example.com", issuer: "https://issuer.example")
        #expect(policy.configuration == .keyless)
        policy.requireTransparencyLog = false
        policy.minimumTrustedTimes = 3
        #expect(policy.configuration.requireTransparencyLog == false)
        #expect(policy.configuration.minimumTrustedTimes == 3)
        let pem = try String(contentsOf: TestVectors.url("sigstore/bundles/sigstore-go/public-keys/public-key-validity.pem"), encoding: .utf8)
        let keyPolicy = VerificationPolicy.publicKey(try TrustedPublicKey(pem: pem))
        #expect(keyPolicy.configuration == .publicKey)
    }
}
