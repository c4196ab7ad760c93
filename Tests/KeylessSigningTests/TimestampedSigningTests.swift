import Foundation
import KeylessSigning
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing
import X509

/// RFC 3161 timestamps on key and certificate signatures through the library: the loopback
/// TSA (`openssl ts -reply`) timestamps the signature, and the key and certificate verifiers
/// check every token against the TSA chain they are given.
@Suite(.serialized) struct TimestampedSigningTests {
    static func authority(_ stack: LocalSigstore) -> TimestampAuthorityClient {
        TimestampAuthorityClient(url: stack.tsaURL, policy: KeylessLoopbackTests.policy)
    }

    static func trusted(_ stack: LocalSigstore) throws -> CertificateAuthority {
        try CertificateAuthority(timestampAuthorityChainAt: stack.tsaCertificateChainPath)
    }

    /// What an expected error says.
    static func message(_ error: ModelSigningError?) -> String {
        error.map { "\($0)" } ?? "no error"
    }

    /// A root, an intermediate and an EC leaf valid over `leafValidity`, as files.
    static func pki(in directory: TemporaryDirectory, leafValidity: ClosedRange<Date>? = nil) throws -> TestPKI.Files {
        let root = try TestPKI.authority(commonName: "Timestamp Test Root", key: .ec(.p256))
        let intermediate = try TestPKI.authority(commonName: "Timestamp Test Intermediate", key: .ec(.p256), issuer: root)
        let leaf = try TestPKI.leaf(commonName: "Timestamped Signer", issuer: intermediate, validity: leafValidity)
        return try TestPKI.write(root: root, intermediate: intermediate, leaf: leaf, into: directory)
    }

    @Test func keySignatureCarriesAVerifiedTimestamp() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            let key = ECPrivateKey.generate(curve: .p256)
            let signaturePath = directory.appending("model.sig").path
            let before = Date()
            let bundle = try await ModelSigner(signer: KeySigner(privateKey: key, timestampAuthorities: [Self.authority(stack)]))
                .sign(modelAt: model.path, signatureAt: signaturePath)
            let after = Date()
            #expect(bundle.verificationMaterial.rfc3161Timestamps.count == 1)

            let result = try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey, timestampAuthorities: [try Self.trusted(stack)]))
                .verify(modelAt: model.path, signatureAt: signaturePath)
            let timestamp = try #require(result.timestamps.first)
            #expect(result.timestamps.count == 1 && result.uncheckedTimestampCount == 0)
            // openssl writes whole seconds with accuracy 1 s.
            #expect(timestamp.time >= before.addingTimeInterval(-2) && timestamp.time <= after.addingTimeInterval(2))
            #expect(timestamp.authority.contains("sigstore-local TSA"))

            // Without a trusted TSA the timestamps are reported as unchecked, not verified.
            let unchecked = try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey))
                .verify(modelAt: model.path, signatureAt: signaturePath)
            #expect(unchecked.timestamps.isEmpty && unchecked.uncheckedTimestampCount == 1)
        }
    }

    @Test func timestampOfAnotherTSAIsRefused() async throws {
        // A second loopback Sigstore: another, independent TSA.
        try await KeylessLoopbackTests.withStack { other, _ in
            try await KeylessLoopbackTests.withStack { stack, directory in
                let model = try KeylessLoopbackTests.model(in: directory)
                let key = ECPrivateKey.generate(curve: .p256)
                let signaturePath = directory.appending("model.sig").path
                _ = try await ModelSigner(signer: KeySigner(privateKey: key, timestampAuthorities: [Self.authority(stack)]))
                    .sign(modelAt: model.path, signatureAt: signaturePath)
                let error = await #expect(throws: ModelSigningError.self) {
                    try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey, timestampAuthorities: [try Self.trusted(other)]))
                        .verify(modelAt: model.path, signatureAt: signaturePath)
                }
                #expect(Self.message(error).contains("not signed by a trusted timestamp authority"), "\(String(describing: error))")
            }
        }
    }

    @Test func tokenForAnotherSignatureIsRefused() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            let key = ECPrivateKey.generate(curve: .p256)
            let signer = ModelSigner(signer: KeySigner(privateKey: key, timestampAuthorities: [Self.authority(stack)]))
            let first = try await signer.sign(modelAt: model.path, signatureAt: directory.appending("first.sig").path)
            let second = try await signer.sign(modelAt: model.path, signatureAt: directory.appending("second.sig").path)
            // The first signature with the (genuine) timestamp of the second one.
            var spliced = first
            spliced.verificationMaterial.rfc3161Timestamps = second.verificationMaterial.rfc3161Timestamps
            let splicedPath = directory.appending("spliced.sig")
            try Data(spliced.serialized()).write(to: splicedPath)
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey, timestampAuthorities: [try Self.trusted(stack)]))
                    .verify(modelAt: model.path, signatureAt: splicedPath.path)
            }
            #expect(Self.message(error).contains("message imprint is not the sha256 of the signature"), "\(String(describing: error))")
        }
    }

    @Test func expiredCertificateVerifiesOnlyThroughATimestampInsideItsValidity() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            // Valid now, expired a few seconds from now.
            let expiry = Date().addingTimeInterval(8)
            let files = try Self.pki(in: directory, leafValidity: Date().addingTimeInterval(-86_400)...expiry)
            var signer = try CertificateSigner(privateKeyPath: files.leafKey, signingCertificatePath: files.leaf,
                                               certificateChainPaths: [files.intermediate])
            signer.timestampAuthorities = [Self.authority(stack)]
            let signaturePath = directory.appending("model.sig").path
            _ = try await ModelSigner(signer: signer).sign(modelAt: model.path, signatureAt: signaturePath)
            let anchors = try CertificateLoader.certificates(contentsOf: files.root)

            // Before expiry it verifies either way.
            let early = try await ModelVerifier(verifier: CertificateVerifier(trustAnchors: anchors, timestampAuthorities: [try Self.trusted(stack)]))
                .verify(modelAt: model.path, signatureAt: signaturePath)
            #expect(early.timestamps.count == 1)

            let wait = expiry.timeIntervalSinceNow + 1.5
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            let expired = await #expect(throws: ModelSigningError.self) {
                try await ModelVerifier(verifier: CertificateVerifier(trustAnchors: anchors))
                    .verify(modelAt: model.path, signatureAt: signaturePath)
            }
            #expect(Self.message(expired).contains("expired") || Self.message(expired).contains("not valid"),
                    "\(String(describing: expired))")
            let result = try await ModelVerifier(verifier: CertificateVerifier(trustAnchors: anchors, timestampAuthorities: [try Self.trusted(stack)]))
                .verify(modelAt: model.path, signatureAt: signaturePath)
            #expect(result.timestamps.count == 1)
            #expect(try #require(result.timestamps.first).time <= expiry)

            // The CLI agrees.
            if let cli = TestEnvironment.cli {
                let base = ["verify", "certificate", model.path, "--signature", signaturePath, "--certificate-chain", files.root]
                let without = try await TimestampedSigningCLITests.run(cli, base)
                #expect(without.status == 1, "\(without.stderr)")
                #expect(without.stderr.contains("expired") && without.stderr.contains("1 RFC 3161 timestamp(s), not checked"),
                        "\(without.stderr)")
                let with = try await TimestampedSigningCLITests.run(cli, base + ["--tsa_certificate_chain", stack.tsaCertificateChainPath])
                #expect(with.status == 0, "\(with.stderr)")
            }
        }
    }

    @Test func timestampOutsideTheCertificateValidityIsRefused() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            // Expired an hour ago; signed (without a TSA) at a time inside its validity.
            let now = Date()
            let files = try Self.pki(in: directory, leafValidity: now.addingTimeInterval(-7200)...now.addingTimeInterval(-3600))
            let key = try ECPrivateKey(contentsOf: files.leafKey)
            let signingCertificate = try CertificateLoader.certificate(contentsOf: files.leaf)
            let chain = try CertificateLoader.certificates(contentsOf: files.intermediate)
            var signer = try CertificateSigner(privateKey: key, signingCertificate: signingCertificate, certificateChain: chain,
                                               signingTime: now.addingTimeInterval(-5400))

            // Asking the TSA now is refused at signing: its time is outside the validity.
            signer.timestampAuthorities = [Self.authority(stack)]
            let refusedPath = directory.appending("refused.sig").path
            let signingError = await #expect(throws: ModelSigningError.self) {
                try await ModelSigner(signer: signer).sign(modelAt: model.path, signatureAt: refusedPath)
            }
            #expect(Self.message(signingError).contains("outside the signing certificate's validity"), "\(String(describing: signingError))")
            #expect(!FileManager.default.fileExists(atPath: refusedPath))

            // A bundle made by hand with a genuine timestamp of now over its signature.
            signer.timestampAuthorities = []
            var bundle = try await ModelSigner(signer: signer).sign(modelAt: model.path, signatureAt: directory.appending("plain.sig").path)
            let signature = try #require(bundle.dsseEnvelope?.signatures.first?.signature)
            bundle.verificationMaterial.rfc3161Timestamps = [try await Self.authority(stack).timestamp(signature: signature)]
            let path = directory.appending("late.sig")
            try Data(bundle.serialized()).write(to: path)
            let anchors = try CertificateLoader.certificates(contentsOf: files.root)
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelVerifier(verifier: CertificateVerifier(trustAnchors: anchors, timestampAuthorities: [try Self.trusted(stack)]))
                    .verify(modelAt: model.path, signatureAt: path.path)
            }
            #expect(Self.message(error).contains("the time timestamp #1"), "\(String(describing: error))")
        }
    }

    @Test func authorityRefusingFailsTheSigning() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            await stack.setFault(.status(.tsa, code: 403))
            let path = directory.appending("model.sig").path
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelSigner(signer: KeySigner(privateKey: ECPrivateKey.generate(curve: .p256), timestampAuthorities: [Self.authority(stack)]))
                    .sign(modelAt: model.path, signatureAt: path)
            }
            let text = Self.message(error)
            #expect(text.contains(stack.tsaURL) && text.contains("403"), "\(text)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func authorityAnsweringForAnotherDigestFailsTheSigning() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            await stack.setFault(.tsaWrongDigest)
            let path = directory.appending("model.sig").path
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelSigner(signer: KeySigner(privateKey: ECPrivateKey.generate(curve: .p256), timestampAuthorities: [Self.authority(stack)]))
                    .sign(modelAt: model.path, signatureAt: path)
            }
            let text = Self.message(error)
            #expect(text.contains(stack.tsaURL) && text.contains("another digest"), "\(text)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func chainFileMustStartWithTheSigningCertificate() throws {
        let directory = try TemporaryDirectory("tsa-chain")
        defer { directory.remove() }
        let root = try TestPKI.authority(commonName: "TSA Root", key: .ec(.p256))
        let leaf = try TestPKI.leaf(commonName: "TSA", issuer: root, extendedKeyUsage: [.timeStamping])
        let reversed = try directory.write("reversed.pem", try root.certificatePEM + leaf.certificatePEM).path
        let error = #expect(throws: ModelSigningError.self) { try CertificateAuthority(timestampAuthorityChainAt: reversed) }
        #expect(Self.message(error).contains("signing certificate must come first"))
        let ordered = try directory.write("ordered.pem", try leaf.certificatePEM + root.certificatePEM).path
        #expect(try CertificateAuthority(timestampAuthorityChainAt: ordered).certificates.count == 2)
    }
}
