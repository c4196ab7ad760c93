import Foundation
import Testing
@testable import Sigstore

/// Every bundle under `vectors/sigstore/bundles` with the outcome recorded in the vectors
/// README (§6), through the library.
struct VectorCase: Sendable, CustomTestStringConvertible {
    enum Root: Sendable {
        case production, staging
        case file(String)
        /// Staging with its timestamp authorities replaced by `tsa/ca.json`.
        case stagingWithTestTSA
        /// Line 2 of `github-private-no-tlog/trusted_root.jsonl`.
        case githubPrivate
    }

    enum Signer: Sendable {
        case identity(String, String)
        case anyIdentity
        case key(String, ValidityPeriod?)
    }

    enum Input: Sendable {
        case file(String)
        case digest(DigestAlgorithm, String)
        /// Verify as DSSE without an artifact (payload only).
        case none
    }

    enum Expectation: Sendable {
        case verifies
        case fails(Set<SigstoreVerificationError.Check>)
        /// The bundle does not even parse.
        case malformed
    }

    var name: String
    var bundle: String
    var root: Root
    var signer: Signer
    var input: Input
    var expectation: Expectation
    var requireTransparencyLog: Bool? = nil
    var requireSCT: Bool? = nil
    var requireInclusionProof = false
    var allowRootInChain = false
    var minimumTrustedTimes = 1

    var testDescription: String { name }

    func trustedRoot() throws -> TrustedRoot {
        switch root {
        case .production: return try TrustedRoot.production()
        case .staging: return try TrustedRoot.staging()
        case .file(let path): return try TestVectors.trustedRoot(path)
        case .stagingWithTestTSA:
            var root = try TrustedRoot.staging()
            let json = try TestVectors.bytes("sigstore/bundles/sigstore-python/tsa/ca.json")
            root.timestampAuthorities = [try CertificateAuthority(JSONReader(document: json))]
            return root
        case .githubPrivate:
            let text = String(decoding: try TestVectors.bytes("sigstore/bundles/sigstore-java/github-private-no-tlog/trusted_root.jsonl"), as: UTF8.self)
            let lines = text.split(separator: "\n")
            return try TrustedRoot(json: Array(lines[1].utf8))
        }
    }

    func policy() throws -> VerificationPolicy {
        var policy: VerificationPolicy
        switch signer {
        case .identity(let identity, let issuer): policy = .identity(identity, issuer: issuer)
        case .anyIdentity: policy = VerificationPolicy(signer: .certificate(nil))
        case .key(let path, let validity):
            let pem = String(decoding: try TestVectors.bytes(path), as: UTF8.self)
            policy = .publicKey(try TrustedPublicKey(pem: pem, validity: validity))
        }
        if let requireTransparencyLog { policy.requireTransparencyLog = requireTransparencyLog }
        if let requireSCT { policy.requireSignedCertificateTimestamp = requireSCT }
        policy.allowRootInCertificateChain = allowRootInChain
        policy.requireInclusionProof = requireInclusionProof
        if case .key = signer {} else { policy.minimumTrustedTimes = minimumTrustedTimes }
        return policy
    }

    func run() async throws -> SigstoreVerificationResult {
        let bundle = try TestVectors.bundle(self.bundle)
        let verifier = SigstoreVerifier(trustedRoot: try trustedRoot(), policy: try policy())
        switch input {
        case .file(let path): return try await verifier.verify(bundle, artifact: .file(TestVectors.url(path)))
        case .digest(let algorithm, let hex): return try await verifier.verify(bundle, artifact: .digest(algorithm, Array(hex: hex)))
        case .none: return try await verifier.verifyDSSE(bundle)
        }
    }
}

private let go = "sigstore/bundles/sigstore-go/"
private let py = "sigstore/bundles/sigstore-python/"
private let java = "sigstore/bundles/sigstore-java/"
private let javaArtifact = java + "artifact.txt"
private let appu = VectorCase.Signer.identity("appu@google.com", Issuers.google)
private let serviceAccount = VectorCase.Signer.identity(Issuers.serviceAccount, Issuers.google)
private let beacon = VectorCase.Signer.identity(Issuers.beacon, Issuers.githubActions)
private let william = VectorCase.Signer.identity("william@yossarian.net", Issuers.githubOAuth)
private let aaronlew = VectorCase.Signer.identity("aaronlew@google.com", Issuers.google)

let vectorCases: [VectorCase] = [
    // sigstore-go
    VectorCase(name: "go sigstore.js provenance (public-good.json)", bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
               root: .file(go + "trusted-roots/public-good.json"),
               signer: .identity("https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main", Issuers.githubActions),
               input: .digest(.sha512, "46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"),
               expectation: .verifies),
    VectorCase(name: "go sigstore.js provenance (production)", bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
               root: .production,
               signer: .identity("https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main", Issuers.githubActions),
               input: .digest(.sha512, "46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"),
               expectation: .verifies),
    VectorCase(name: "go sigstore.js provenance, wrong SAN", bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
               root: .production, signer: .identity("someone@example.com", Issuers.githubActions),
               input: .digest(.sha512, "46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"),
               expectation: .fails([.identity])),
    VectorCase(name: "go sigstore.js provenance, wrong digest", bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
               root: .production, signer: .anyIdentity,
               input: .digest(.sha512, "56d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"),
               expectation: .fails([.artifact])),
    VectorCase(name: "go sigstore.js provenance, 2 trusted times required", bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
               root: .production, signer: .anyIdentity, input: .none, expectation: .fails([.trustedTime]), minimumTrustedTimes: 2),
    // The chain of this v0.1 bundle carries the Fulcio root: tolerated in v0.1 bundles, as
    // sigstore-go does (v0.2+ bundles with a root are rejected; see MutationTests).
    VectorCase(name: "go dsse (v0.1, SET only, root CA in chain)", bundle: go + "bundles/dsse.sigstore.json", root: .production,
               signer: .identity("brian@dehamer.com", Issuers.githubOAuth),
               input: .digest(.sha512, "bbfd372fc9beeb777fe35d05bb10c0c70a9733d366a75fed7dd18866c7391de3ee7e88ba74dd47abf3e15c845e547fcf0e5c3da80854c751554224d3a6d4e55f"),
               expectation: .verifies),
    VectorCase(name: "go dsse (v0.1, SET only), inclusion proof required", bundle: go + "bundles/dsse.sigstore.json", root: .production,
               signer: .anyIdentity, input: .none, expectation: .fails([.bundleStructure]), requireInclusionProof: true,
               allowRootInChain: true),
    VectorCase(name: "go dsse-2sigs", bundle: go + "bundles/dsse-2sigs.sigstore.json", root: .production, signer: .anyIdentity,
               input: .none, expectation: .fails([.bundleStructure]), allowRootInChain: true),
    VectorCase(name: "go othername", bundle: go + "bundles/othername.sigstore.json", root: .file(go + "trusted-roots/scaffolding.json"),
               signer: .identity("foo!oidc.local", "http://oidc.local:8080"),
               input: .digest(.sha256, "bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b"), expectation: .verifies),
    VectorCase(name: "go othername, email SAN expected", bundle: go + "bundles/othername.sigstore.json",
               root: .file(go + "trusted-roots/scaffolding.json"), signer: .identity("foo@oidc.local", "http://oidc.local:8080"),
               input: .digest(.sha256, "bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b"), expectation: .fails([.identity])),
    VectorCase(name: "go public-key-validity, key valid [epoch, epoch+1s]", bundle: go + "bundles/public-key-validity.sigstore.json",
               root: .file(go + "trusted-roots/public-key-validity.json"),
               signer: .key(go + "public-keys/public-key-validity.pem",
                            ValidityPeriod(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1))),
               input: .digest(.sha256, "6ae8a75555209fd6c44157c0aed8016e763ff435a19cf186f76863140143ff72"), expectation: .fails([.signerValidity])),
    VectorCase(name: "go public-key-validity, key without a window", bundle: go + "bundles/public-key-validity.sigstore.json",
               root: .file(go + "trusted-roots/public-key-validity.json"), signer: .key(go + "public-keys/public-key-validity.pem", nil),
               input: .digest(.sha256, "6ae8a75555209fd6c44157c0aed8016e763ff435a19cf186f76863140143ff72"), expectation: .verifies),

    // sigstore-python
    VectorCase(name: "py bundle.txt (v0.1)", bundle: py + "bundle.txt.sigstore", root: .staging,
               signer: .identity("a@tny.town", Issuers.githubOAuth), input: .file(py + "bundle.txt"), expectation: .verifies),
    VectorCase(name: "py bundle.txt, other SAN", bundle: py + "bundle.txt.sigstore", root: .staging,
               signer: .identity("b@tny.town", Issuers.githubOAuth), input: .file(py + "bundle.txt"), expectation: .fails([.identity])),
    VectorCase(name: "py bundle.txt, other issuer", bundle: py + "bundle.txt.sigstore", root: .staging,
               signer: .identity("a@tny.town", Issuers.google), input: .file(py + "bundle.txt"), expectation: .fails([.identity])),
    VectorCase(name: "py bundle.txt, production root", bundle: py + "bundle.txt.sigstore", root: .production,
               signer: .anyIdentity, input: .file(py + "bundle.txt"), expectation: .fails([.signedEntryTimestamp])),
    VectorCase(name: "py bundle_v3", bundle: py + "bundle_v3.txt.sigstore", root: .staging, signer: william,
               input: .file(py + "bundle_v3.txt"), expectation: .verifies),
    VectorCase(name: "py bundle_v3_alt", bundle: py + "bundle_v3_alt.txt.sigstore", root: .staging, signer: william,
               input: .file(py + "bundle_v3_alt.txt"), expectation: .verifies),
    VectorCase(name: "py bundle_v3_github.whl", bundle: py + "bundle_v3_github.whl.sigstore", root: .production,
               signer: .identity("https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2", Issuers.githubActions),
               input: .file(py + "bundle_v3_github.whl"), expectation: .verifies),
    VectorCase(name: "py bundle_v3_no_signed_time", bundle: py + "bundle_v3_no_signed_time.txt.sigstore.json", root: .production,
               signer: .anyIdentity, input: .file(py + "bundle_v3_no_signed_time.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py bundle_cve_2022_36056", bundle: py + "bundle_cve_2022_36056.txt.sigstore", root: .staging, signer: william,
               input: .file(py + "bundle_cve_2022_36056.txt"), expectation: .fails([.logEntryBody])),
    VectorCase(name: "py bundle_invalid_version", bundle: py + "bundle_invalid_version.txt.sigstore", root: .staging,
               signer: .anyIdentity, input: .file(py + "bundle_invalid_version.txt"), expectation: .malformed),
    VectorCase(name: "py bundle_no_cert_v1", bundle: py + "bundle_no_cert_v1.txt.sigstore", root: .production, signer: .anyIdentity,
               input: .file(py + "bundle_no_cert_v1.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py bundle_no_checkpoint", bundle: py + "bundle_no_checkpoint.txt.sigstore", root: .staging, signer: .anyIdentity,
               input: .file(py + "bundle_no_checkpoint.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py bundle_no_log_entry", bundle: py + "bundle_no_log_entry.txt.sigstore", root: .production, signer: .anyIdentity,
               input: .file(py + "bundle_no_log_entry.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py staging-rekor-v2", bundle: py + "staging-rekor-v2.txt.sigstore.json", root: .staging,
               signer: .identity("jku@goto.fi", Issuers.githubOAuth), input: .file(py + "staging-rekor-v2.txt"), expectation: .verifies),
    VectorCase(name: "py a.dsse.staging-rekor-v2", bundle: py + "a.dsse.staging-rekor-v2.txt.sigstore.json", root: .staging,
               signer: beacon, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "py a.dsse.staging-rekor-v2, neighbouring file", bundle: py + "a.dsse.staging-rekor-v2.txt.sigstore.json",
               root: .staging, signer: beacon, input: .file(py + "a.dsse.staging-rekor-v2.txt"), expectation: .fails([.artifact])),
    VectorCase(name: "py tsa/bundle.txt (staging + tsa/ca.json)", bundle: py + "tsa/bundle.txt.sigstore", root: .stagingWithTestTSA,
               signer: .identity("alexis.challande@trailofbits.com", Issuers.google), input: .file(py + "tsa/bundle.txt"),
               expectation: .verifies, minimumTrustedTimes: 2),
    VectorCase(name: "py tsa/bundle.txt (staging + tsa/ca.json), 3 times required", bundle: py + "tsa/bundle.txt.sigstore",
               root: .stagingWithTestTSA, signer: .anyIdentity, input: .file(py + "tsa/bundle.txt"),
               expectation: .fails([.trustedTime]), minimumTrustedTimes: 3),
    VectorCase(name: "py tsa/bundle.txt (plain staging)", bundle: py + "tsa/bundle.txt.sigstore", root: .staging,
               signer: .identity("alexis.challande@trailofbits.com", Issuers.google), input: .file(py + "tsa/bundle.txt"), expectation: .verifies),
    VectorCase(name: "py tsa/bundle.duplicate", bundle: py + "tsa/bundle.duplicate.sigstore", root: .stagingWithTestTSA,
               signer: .anyIdentity, input: .file(py + "tsa/bundle.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py tsa/bundle.many_timestamp", bundle: py + "tsa/bundle.many_timestamp.sigstore", root: .stagingWithTestTSA,
               signer: .anyIdentity, input: .file(py + "tsa/bundle.txt"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "py tsa/bundle.txt.late_timestamp", bundle: py + "tsa/bundle.txt.late_timestamp.sigstore", root: .staging,
               signer: .anyIdentity, input: .file(py + "tsa/bundle.txt"), expectation: .fails([.signerValidity, .certificateChain])),
    VectorCase(name: "py tsa/bundle.txt.late_timestamp (staging + tsa/ca.json)", bundle: py + "tsa/bundle.txt.late_timestamp.sigstore",
               root: .stagingWithTestTSA, signer: .anyIdentity, input: .file(py + "tsa/bundle.txt"),
               expectation: .fails([.signerValidity, .certificateChain])),

    // sigstore-java
    VectorCase(name: "java bundle (v0.2)", bundle: java + "bundle.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle, other SAN", bundle: java + "bundle.sigstore", root: .production,
               signer: .identity("appu@example.com", Issuers.google), input: .file(javaArtifact), expectation: .fails([.identity])),
    VectorCase(name: "java bundle.v1", bundle: java + "bundle.v1.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.v2", bundle: java + "bundle.v2.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.v3", bundle: java + "bundle.v3.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.v3_1", bundle: java + "bundle.v3_1.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.v1.no.inclusion (client policy: v0.1 SET only accepted)", bundle: java + "bundle.v1.no.inclusion.sigstore",
               root: .production, signer: appu, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.v1.no.inclusion, inclusion proof required", bundle: java + "bundle.v1.no.inclusion.sigstore",
               root: .production, signer: appu, input: .file(javaArtifact), expectation: .fails([.bundleStructure]), requireInclusionProof: true),
    VectorCase(name: "java bundle.v2.no.inclusion", bundle: java + "bundle.v2.no.inclusion.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .fails([.bundleStructure])),
    VectorCase(name: "java bundle.v3.no.inclusion", bundle: java + "bundle.v3.no.inclusion.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .fails([.bundleStructure])),
    VectorCase(name: "java bundle.v3_1.no.inclusion", bundle: java + "bundle.v3_1.no.inclusion.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .fails([.bundleStructure])),
    VectorCase(name: "java bundle-no-digest", bundle: java + "bundle-no-digest.sigstore", root: .production, signer: appu,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle-with-bad-checkpoint-signature", bundle: java + "bundle-with-bad-checkpoint-signature.sigstore",
               root: .production, signer: beacon, input: .file(javaArtifact), expectation: .fails([.checkpoint])),
    VectorCase(name: "java bundle-with-mismatched-set", bundle: java + "bundle-with-mismatched-set.sigstore", root: .production,
               signer: beacon, input: .file(javaArtifact), expectation: .fails([.signedEntryTimestamp])),
    VectorCase(name: "java bundle-with-wrong-tlog-entry", bundle: java + "bundle-with-wrong-tlog-entry.sigstore", root: .production,
               signer: appu, input: .file(javaArtifact), expectation: .fails([.logEntryBody])),
    VectorCase(name: "java bundle-with-expired-cert", bundle: java + "bundle-with-expired-cert.sigstore", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .fails([.signerValidity])),
    VectorCase(name: "java bundle-with-timestamp", bundle: java + "bundle-with-timestamp.sigstore", root: .staging, signer: aaronlew,
               input: .file(javaArtifact), expectation: .verifies, minimumTrustedTimes: 2),
    VectorCase(name: "java bundle-with-rekor-v2-entry", bundle: java + "bundle-with-rekor-v2-entry.sigstore", root: .staging,
               signer: aaronlew, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_ECDSA_P256_SHA_256", bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_ECDSA_P256_SHA_256 with a SHA-512 digest", bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json",
               root: .production, signer: serviceAccount,
               input: .digest(.sha512, "d2e21657046bff108efe3963c778ed2a8033867988fc24d9f1a2fa9e9648fe1987c0f9c5cc67396eab3ee73654ccdbfdfecffaba13390b90e317c003878747fa"),
               expectation: .fails([.artifact])),
    VectorCase(name: "java PKIX_ECDSA_P256_SHA_256 by digest", bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json", root: .production,
               signer: serviceAccount, input: .digest(.sha256, "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"),
               expectation: .verifies),
    VectorCase(name: "java PKIX_ECDSA_P384_SHA_384", bundle: java + "PKIX_ECDSA_P384_SHA_384.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_ECDSA_P521_SHA_512", bundle: java + "PKIX_ECDSA_P521_SHA_512.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_RSA_PKCS1V15_2048_SHA256", bundle: java + "PKIX_RSA_PKCS1V15_2048_SHA256.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_RSA_PKCS1V15_3072_SHA256", bundle: java + "PKIX_RSA_PKCS1V15_3072_SHA256.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java PKIX_RSA_PKCS1V15_4096_SHA256", bundle: java + "PKIX_RSA_PKCS1V15_4096_SHA256.sigstore.json", root: .production,
               signer: serviceAccount, input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.dsse", bundle: java + "bundle.dsse.sigstore", root: .production,
               signer: .identity("https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main", Issuers.githubActions),
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.dsse, digest of \"nonsense\"", bundle: java + "bundle.dsse.sigstore", root: .production,
               signer: .anyIdentity, input: .digest(.sha256, "999aaa8645bb72ff599e143b1e3d2a94777127f4783a69f067251f7bbebc5ab6"),
               expectation: .fails([.artifact])),
    VectorCase(name: "java bundle.dsse.bad-signature", bundle: java + "bundle.dsse.bad-signature.sigstore", root: .production,
               signer: .anyIdentity, input: .file(javaArtifact), expectation: .fails([.signature])),
    VectorCase(name: "java bundle.dsse.mismatched-envelope", bundle: java + "bundle.dsse.mismatched-envelope.sigstore", root: .production,
               signer: beacon, input: .none, expectation: .fails([.logEntryBody])),
    VectorCase(name: "java bundle.dsse.mismatched-signature", bundle: java + "bundle.dsse.mismatched-signature.sigstore", root: .production,
               signer: beacon, input: .none, expectation: .fails([.logEntryBody])),
    VectorCase(name: "java bundle.dsse.rekor-v2", bundle: java + "bundle.dsse.rekor-v2.sigstore", root: .production, signer: serviceAccount,
               input: .file(javaArtifact), expectation: .verifies),
    VectorCase(name: "java bundle.dsse.rekor-v2.bad-signature", bundle: java + "bundle.dsse.rekor-v2.bad-signature.sigstore", root: .staging,
               signer: beacon, input: .none, expectation: .fails([.signature])),
    VectorCase(name: "java bundle.dsse.rekor-v2.mismatched-envelope", bundle: java + "bundle.dsse.rekor-v2.mismatched-envelope.sigstore",
               root: .staging, signer: beacon, input: .none, expectation: .fails([.logEntryBody])),
    VectorCase(name: "java bundle.dsse.rekor-v2.mismatched-signature", bundle: java + "bundle.dsse.rekor-v2.mismatched-signature.sigstore",
               root: .staging, signer: beacon, input: .none, expectation: .fails([.logEntryBody])),
    VectorCase(name: "java bundle.dsse.rekor-v2.bad-entry-type", bundle: java + "bundle.dsse.rekor-v2.bad-entry-type.sigstore",
               root: .staging, signer: aaronlew, input: .none, expectation: .fails([.logEntryBody])),
    VectorCase(name: "java github-private-no-tlog (GitHub root, no tlog, no CT)", bundle: java + "github-private-no-tlog/attestation.sigstore.json",
               root: .githubPrivate,
               signer: .identity("https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb", Issuers.githubActions),
               input: .digest(.sha256, "caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551"), expectation: .verifies,
               requireTransparencyLog: false, requireSCT: false),
    VectorCase(name: "java github-private-no-tlog, default policy", bundle: java + "github-private-no-tlog/attestation.sigstore.json",
               root: .githubPrivate, signer: .anyIdentity,
               input: .digest(.sha256, "caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551"), expectation: .fails([.bundleStructure])),
    VectorCase(name: "java github-private-no-tlog, digest not a subject", bundle: java + "github-private-no-tlog/attestation.sigstore.json",
               root: .githubPrivate, signer: .anyIdentity,
               input: .digest(.sha256, "daa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551"), expectation: .fails([.artifact]),
               requireTransparencyLog: false, requireSCT: false),
]

@Suite("Vector bundles through the library")
struct VectorBundleTests {
    // Needs the shared vectors (MODEL_SIGNING_VECTORS or ../shared/vectors); skipped when absent.
    @Test(.enabled(if: TestVectors.available, "test vectors not found"), arguments: vectorCases)
    func outcome(_ testCase: VectorCase) async throws {
        switch testCase.expectation {
        case .verifies:
            _ = try await testCase.run()
        case .malformed:
            #expect(throws: BundleError.self) { _ = try TestVectors.bundle(testCase.bundle) }
        case .fails(let checks):
            do {
                _ = try await testCase.run()
                Issue.record("\(testCase.name) verified but should fail with \(checks)")
            } catch let error as SigstoreVerificationError {
                #expect(checks.contains(error.check), "\(testCase.name): \(error)")
            }
        }
    }
}
