import Foundation
import KeylessSigning
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing

/// `SigstoreSigner.preparingCertificate()`: the token and the Fulcio certificate are obtained
/// while the caller hashes, against the loopback Sigstore.
@Suite(.serialized) struct PreparedCertificateTests {
    /// Counts the tokens asked for.
    struct CountingTokenProvider: IdentityTokenProvider {
        let token: String
        let calls = LockedBox(0)

        func identityToken() async throws(KeylessSigningError) -> IdentityToken {
            calls.set(calls.get() + 1)
            return try await ExplicitIdentityTokenProvider(token).identityToken()
        }
    }

    @Test func theCertificateIsRequestedBeforeSigningAndServesEverySignature() async throws {
        try await KeylessLoopbackTests.withStack { stack, _ in
            let provider = CountingTokenProvider(token: stack.identityToken)
            let signer = try KeylessLoopbackTests.signer(stack, provider: provider).preparingCertificate()
            // Nothing has been signed yet, and the token is asked for anyway.
            let deadline = Date().addingTimeInterval(60)
            while provider.calls.get() == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
            #expect(provider.calls.get() == 1)

            let first = try await signer.sign(artifact: Array("one".utf8))
            let second = try await signer.sign(artifact: Array("two".utf8))
            #expect(provider.calls.get() == 1, "one token and one certificate for both signatures")
            #expect(first.bundle.verificationMaterial.signer == second.bundle.verificationMaterial.signer)
            let verifier = SigstoreVerifier(trustedRoot: try TrustedRoot(contentsOf: URL(fileURLWithPath: stack.trustedRootPath)),
                                            policy: .identity(stack.identity, issuer: stack.issuer))
            _ = try await verifier.verify(first.bundle, artifact: .bytes(Array("one".utf8)))
            _ = try await verifier.verify(second.bundle, artifact: .bytes(Array("two".utf8)))
        }
    }

    @Test func aCertificateRefusedInAdvanceFailsTheSignatureAndWritesNothing() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory)
            let signaturePath = directory.appending("model.sig").path
            await stack.setFault(.fulcioUntrustedChain)
            let signer = try KeylessLoopbackTests.signer(stack).preparingCertificate()
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelSigner(signer: signer).sign(modelAt: model.path, signatureAt: signaturePath)
            }
            await stack.setFault(nil)
            let message = error.map { String(describing: $0) } ?? ""
            #expect(message.contains("does not verify against the trusted root"), "\(message)")
            #expect(!FileManager.default.fileExists(atPath: signaturePath))
        }
    }
}
