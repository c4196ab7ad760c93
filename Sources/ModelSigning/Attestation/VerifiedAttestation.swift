/// What a successful attestation verification established.
public struct VerifiedAttestation: Sendable, Equatable {
    /// The attested BOM: the model card's facts and the model's files.
    public var bom: MLBOM
    /// Who signed the attestation (key hint, certificate subject or identity).
    public var signer: String

    public init(bom: MLBOM, signer: String) {
        self.bom = bom
        self.signer = signer
    }
}
