import Crypto
import _CryptoExtras
import Foundation
import Sigstore
import SwiftASN1

/// Decryption of PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018): PBKDF2 with an HMAC
/// PRF, then AES-CBC. This is what `openssl pkcs8 -topk8 -v2 aes-256-cbc`, `openssl genpkey
/// -aes256` and Python's `BestAvailableEncryption` produce.
enum EncryptedPrivateKeyInfo {
    static let pbes2: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 5, 13]
    static let pbkdf2: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 5, 12]

    static func decrypt(_ der: [UInt8], password: String) throws(ModelSigningError) -> [UInt8] {
        do {
            let root = try DER.parse(der)
            let (algorithm, encryptedData) = try pair(root)
            let (schemeNode, parametersNode) = try pair(algorithm)
            guard try ASN1ObjectIdentifier(derEncoded: schemeNode) == pbes2 else {
                throw ModelSigningError.key(path: nil, reason: "encrypted key uses an unsupported scheme (only PBES2 with PBKDF2 and AES-CBC)")
            }
            let (kdf, encryption) = try pair(parametersNode)
            let (kdfOID, kdfParameters) = try pair(kdf)
            guard try ASN1ObjectIdentifier(derEncoded: kdfOID) == pbkdf2 else {
                throw ModelSigningError.key(path: nil, reason: "encrypted key uses an unsupported key derivation (only PBKDF2)")
            }
            guard case .constructed(let kdfFields) = kdfParameters.content else { throw malformed }
            let kdfItems = Array(kdfFields)
            guard kdfItems.count >= 2 else { throw malformed }
            let salt = try ASN1OctetString(derEncoded: kdfItems[0]).bytes
            let iterations = try Int(derEncoded: kdfItems[1])
            guard iterations > 0, iterations <= 10_000_000 else { throw malformed }
            var prf = KDF.Insecure.PBKDF2.HashFunction.insecureSHA1
            for item in kdfItems.dropFirst(2) where item.identifier == .sequence {
                guard case .constructed(let prfFields) = item.content, let prfOID = prfFields.first(where: { _ in true }) else { continue }
                switch try ASN1ObjectIdentifier(derEncoded: prfOID) {
                case [1, 2, 840, 113549, 2, 7]: prf = .insecureSHA1
                case [1, 2, 840, 113549, 2, 9]: prf = .sha256
                case [1, 2, 840, 113549, 2, 10]: prf = .sha384
                case [1, 2, 840, 113549, 2, 11]: prf = .sha512
                default: throw ModelSigningError.key(path: nil, reason: "encrypted key uses an unsupported PBKDF2 hash")
                }
            }
            let (cipherOID, ivNode) = try pair(encryption)
            let keyLength: Int
            switch try ASN1ObjectIdentifier(derEncoded: cipherOID) {
            case [2, 16, 840, 1, 101, 3, 4, 1, 2]: keyLength = 16
            case [2, 16, 840, 1, 101, 3, 4, 1, 22]: keyLength = 24
            case [2, 16, 840, 1, 101, 3, 4, 1, 42]: keyLength = 32
            default: throw ModelSigningError.key(path: nil, reason: "encrypted key uses an unsupported cipher (only AES-128/192/256-CBC)")
            }
            let iv = try ASN1OctetString(derEncoded: ivNode).bytes
            let ciphertext = try ASN1OctetString(derEncoded: encryptedData).bytes
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: Array(salt), using: prf,
                                                        outputByteCount: keyLength, unsafeUncheckedRounds: iterations)
            let plaintext: Data
            do {
                plaintext = try AES._CBC.decrypt(Array(ciphertext), using: key, iv: try AES._CBC.IV(ivBytes: Array(iv)))
            } catch {
                throw ModelSigningError.key(path: nil, reason: "cannot decrypt the private key: wrong password?")
            }
            return Array(plaintext)
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .key(path: nil, reason: "malformed encrypted private key: \(LibraryErrorText.problem(error))")
        }
    }

    private static var malformed: ModelSigningError { .key(path: nil, reason: "malformed encrypted private key") }

    private static func pair(_ node: ASN1Node) throws -> (ASN1Node, ASN1Node) {
        guard case .constructed(let fields) = node.content else { throw malformed }
        var iterator = fields.makeIterator()
        guard let first = iterator.next(), let second = iterator.next() else { throw malformed }
        return (first, second)
    }
}
