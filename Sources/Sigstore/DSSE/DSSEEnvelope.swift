/// A DSSE envelope: a typed payload and its signatures.
public struct DSSEEnvelope: Sendable, Equatable {
    /// The in-toto payload type, the only one model signatures use.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    public var payload: [UInt8]
    public var payloadType: String
    public var signatures: [DSSESignature]

    public init(payload: [UInt8], payloadType: String = DSSEEnvelope.inTotoPayloadType, signatures: [DSSESignature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// The bytes a DSSE signature covers (pre-authentication encoding):
    /// `"DSSEv1" SP len(type) SP type SP len(payload) SP payload`.
    public var preAuthenticationEncoding: [UInt8] {
        DSSEEnvelope.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
    }

    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        var bytes = preAuthenticationHeader(payloadType: payloadType, payloadCount: payload.count)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The pre-authentication encoding up to the payload, for signers and verifiers that hash
    /// the payload where it is instead of copying it behind the header.
    package static func preAuthenticationHeader(payloadType: String, payloadCount: Int) -> [UInt8] {
        Array("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payloadCount) ".utf8)
    }
}

/// One DSSE signature. `keyid` is informational and never used for verification.
public struct DSSESignature: Sendable, Equatable {
    public var signature: [UInt8]
    public var keyID: String?

    public init(signature: [UInt8], keyID: String? = nil) {
        self.signature = signature
        self.keyID = keyID
    }
}
