import ArgumentParser
import ModelSigning
import Sigstore

/// The expected signer and the trusted root of `verify sigstore` and `read sigstore`.
struct SigstoreVerificationOptions: ParsableArguments {
    @OptionGroup var signer: SigstoreIdentityOptions
    @OptionGroup var trust: TrustRootOptions

    func validate() throws {
        if trust.instance != nil && (trust.staging || trust.trustConfig != nil) {
            throw ValidationError("--instance cannot be combined with --use-staging or --trust-config")
        }
    }

    /// The verifier: the trusted root the options select, and the identity policy.
    func verifier() async throws -> SigstoreModelVerifier {
        let root: TrustedRoot
        do {
            root = try await TrustResolution.trustedRoot(trust)
        } catch let error as SigstoreVerificationError where trust.trustConfig != nil {
            // As the library's SigstoreModelVerifier reports an unusable trust configuration.
            throw ModelSigningError.invalidRequest(error.description)
        }
        return SigstoreModelVerifier(trustedRoot: root, policy: .identity(signer.identity, issuer: signer.identityProvider))
    }
}
