import Sigstore

/// One metadata document as fetched: the `signed` object, its canonical bytes and the
/// signatures over them.
struct SignedMetadata {
    let role: String
    let signed: MetadataFields
    let canonicalSigned: [UInt8]
    /// Signature bytes by key id (bytes of the id).
    let signatures: [[UInt8]: [UInt8]]
    /// The document exactly as received, for the cache.
    let raw: [UInt8]

    init(bytes: [UInt8], role: String) throws(TUFError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw TUFError(role: role, check: .malformed, "malformed metadata: \(error.description)")
        }
        guard let top = document.objectValue else {
            throw TUFError(role: role, check: .malformed, "malformed metadata: not a JSON object")
        }
        let fields = MetadataFields(top, role: role, path: "")
        guard let signedValue = top["signed"], let signedObject = signedValue.objectValue else {
            throw TUFError(role: role, check: .malformed, "malformed metadata: signed is missing or not an object")
        }
        guard let canonical = signedValue.tufCanonicalBytes() else {
            throw TUFError(role: role, check: .malformed, "malformed metadata: signed holds a number that is not an integer (no canonical form)")
        }
        var signatures: [[UInt8]: [UInt8]] = [:]
        for element in try fields.array("signatures") {
            guard let entry = element.objectValue else {
                throw TUFError(role: role, check: .malformed, "malformed metadata: a signature is not an object")
            }
            let signature = MetadataFields(entry, role: role, path: "signatures[]")
            let keyID = Array(try signature.string("keyid").utf8)
            guard let bytes = Hex.decode(try signature.string("sig")) else {
                throw signature.malformed("sig", "is not hex")
            }
            guard signatures[keyID] == nil else {
                throw TUFError(role: role, check: .malformed, "malformed metadata: two signatures by key \(String(decoding: keyID, as: UTF8.self))")
            }
            signatures[keyID] = bytes
        }
        self.role = role
        self.signed = MetadataFields(signedObject, role: role)
        self.canonicalSigned = canonical
        self.signatures = signatures
        self.raw = bytes
    }

    /// Checks that at least `roleKeys.threshold` distinct keys of `roleKeys` signed, looking
    /// the keys up in `keys`. `signer` names whose keys are used, for the error.
    func verify(with roleKeys: RoleKeys, keys: [[UInt8]: TUFKey], signer: String) throws(TUFError) {
        var valid = 0
        for keyID in roleKeys.keyIDs {
            let id = Array(keyID.utf8)
            guard let key = keys[id], let signature = signatures[id] else { continue }
            if key.isValidSignature(signature, for: canonicalSigned) { valid += 1 }
        }
        guard valid >= roleKeys.threshold else {
            throw TUFError(role: role, check: .signature,
                           "\(valid) valid signature\(valid == 1 ? "" : "s") by \(signer)'s keys for \(role), threshold is \(roleKeys.threshold)")
        }
    }
}
