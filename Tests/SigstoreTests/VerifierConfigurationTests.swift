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

    @Test func transparencyLogThresholdCountsDistinctLogs() async throws {
        let bundle = try TestVectors.bundle(Self.bundle)
        let artifact = Artifact.file(TestVectors.url(Self.artifact))
        let one = SigstoreVerifier(trustedRoot: try .production(), policy: VerificationPolicy(signer: Self.appu, configuration: .keyless))
        #expect(try await one.verify(bundle, artifact: artifact).logEntries.count == 1)

        var twoLogs = VerifierConfiguration.keyless
        twoLogs.transparencyLogThreshold = 2
        #expect(twoLogs.requireTransparencyLog)
        let demanding = SigstoreVerifier(trustedRoot: try .production(), policy: VerificationPolicy(signer: Self.appu, configuration: twoLogs))
        let error = await #expect(throws: SigstoreVerificationError.self) { _ = try await demanding.verify(bundle, artifact: artifact) }
        #expect(error?.check == .bundleStructure)
        #expect(error?.description.contains("verified entries from 1 transparency log(s), 2 distinct log(s) required") == true,
                "\(String(describing: error))")
    }

    @Test func signedTimestampThresholdCountsVerifiedRFC3161Timestamps() async throws {
        // One RFC 3161 timestamp (staging TSA) and one transparency-log entry.
        let bundle = try TestVectors.bundle("sigstore/bundles/sigstore-java/bundle-with-timestamp.sigstore")
        let artifact = Artifact.file(TestVectors.url(Self.artifact))
        let signer = VerificationPolicy.Signer.certificate(IdentityPolicy(identity: "aaronlew@google.com", issuer: Issuers.google))
        var configuration = VerifierConfiguration.keyless
        configuration.signedTimestampThreshold = 1
        let one = SigstoreVerifier(trustedRoot: try .staging(), policy: VerificationPolicy(signer: signer, configuration: configuration))
        let result = try await one.verify(bundle, artifact: artifact)
        #expect(result.trustedTimes.count == 2)

        configuration.signedTimestampThreshold = 2
        let two = SigstoreVerifier(trustedRoot: try .staging(), policy: VerificationPolicy(signer: signer, configuration: configuration))
        let error = await #expect(throws: SigstoreVerificationError.self) { _ = try await two.verify(bundle, artifact: artifact) }
        #expect(error?.check == .timestamp)
        #expect(error?.description.contains("RFC 3161 timestamps from 1 authority(ies), 2 distinct authority(ies) required") == true,
                "\(String(describing: error))")

        // A bundle without any timestamp fails a threshold of 1 the same way.
        let plain = try TestVectors.bundle(Self.bundle)
        configuration.signedTimestampThreshold = 1
        let production = SigstoreVerifier(trustedRoot: try .production(), policy: VerificationPolicy(signer: Self.appu, configuration: configuration))
        let none = await #expect(throws: SigstoreVerificationError.self) { _ = try await production.verify(plain, artifact: artifact) }
        #expect(none?.check == .timestamp)
    }

    @Test func signedCertificateTimestampThresholdCountsDistinctCTLogs() async throws {
        let bundle = try TestVectors.bundle(Self.bundle)
        let artifact = Artifact.file(TestVectors.url(Self.artifact))
        var twoCTLogs = VerifierConfiguration.keyless
        twoCTLogs.signedCertificateTimestampThreshold = 2
        let demanding = SigstoreVerifier(trustedRoot: try .production(), policy: VerificationPolicy(signer: Self.appu, configuration: twoCTLogs))
        let error = await #expect(throws: SigstoreVerificationError.self) { _ = try await demanding.verify(bundle, artifact: artifact) }
        #expect(error?.check == .signedCertificateTimestamp)
        #expect(error?.description.contains("2 distinct log(s) required") == true, "\(String(describing: error))")
    }

    @Test func theYesNoRequirementsAreThresholdsOfOne() {
        var configuration = VerifierConfiguration(requireTransparencyLog: false, requireSignedCertificateTimestamp: true)
        #expect(configuration.transparencyLogThreshold == 0)
        #expect(configuration.signedCertificateTimestampThreshold == 1)
        configuration.transparencyLogThreshold = 3
        configuration.requireTransparencyLog = true  // keeps the higher threshold
        #expect(configuration.transparencyLogThreshold == 3)
        configuration.requireSignedCertificateTimestamp = false
        #expect(configuration.signedCertificateTimestampThreshold == 0)
        #expect(VerifierConfiguration.keyless == VerifierConfiguration(requireTransparencyLog: true, requireSignedCertificateTimestamp: true))
        #expect(VerifierConfiguration.publicKey.transparencyLogThreshold == 0)
        #expect(VerifierConfiguration.publicKey.signedTimestampThreshold == 0)
        #expect(VerifierConfiguration.publicKey.minimumTrustedTimes == 0)
    }
}
