import SwiftASN1

/// A DER structure that is not what a check expected; carries a short reason.
package struct DERFormatError: Error, Sendable, CustomStringConvertible {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

extension ASN1Node {
    /// The children of a constructed node; an error for a primitive one.
    package func children(_ what: String) throws(DERFormatError) -> [ASN1Node] {
        guard case .constructed(let collection) = content else {
            throw DERFormatError("\(what): expected a constructed value")
        }
        return Array(collection)
    }

    /// The content octets of a primitive node; an error for a constructed one.
    package func primitiveBytes(_ what: String) throws(DERFormatError) -> ArraySlice<UInt8> {
        guard case .primitive(let bytes) = content else {
            throw DERFormatError("\(what): expected a primitive value")
        }
        return bytes
    }

    /// The children of a node that must carry `identifier` (SEQUENCE by default).
    package func elements(_ what: String, identifier expected: ASN1Identifier = .sequence) throws(DERFormatError) -> [ASN1Node] {
        guard identifier == expected else {
            throw DERFormatError("\(what): expected tag \(expected), found \(identifier)")
        }
        return try children(what)
    }

    /// Whether this node is the context-specific tag `[number]`.
    package func isContextTag(_ number: UInt) -> Bool {
        identifier.tagClass == .contextSpecific && identifier.tagNumber == number
    }

    /// The object identifier this node holds.
    package func objectIdentifier(_ what: String) throws(DERFormatError) -> ASN1ObjectIdentifier {
        do {
            return try ASN1ObjectIdentifier(derEncoded: self)
        } catch {
            throw DERFormatError("\(what): expected an OBJECT IDENTIFIER")
        }
    }

    /// The contents of an OCTET STRING.
    package func octetString(_ what: String) throws(DERFormatError) -> ArraySlice<UInt8> {
        guard identifier == .octetString else { throw DERFormatError("\(what): expected an OCTET STRING") }
        return try primitiveBytes(what)
    }

    /// A small non-negative INTEGER (versions, status codes).
    package func smallInteger(_ what: String) throws(DERFormatError) -> Int {
        do {
            return try Int(derEncoded: self)
        } catch {
            throw DERFormatError("\(what): expected a small INTEGER")
        }
    }
}

/// Parses one DER value that must span all of `bytes`.
package func parseDER(_ bytes: some Collection<UInt8>, _ what: String) throws(DERFormatError) -> ASN1Node {
    do {
        return try DER.parse(Array(bytes))
    } catch {
        throw DERFormatError("\(what): not valid DER (\(LibraryErrorText.problem(error)))")
    }
}

/// Encodes a DER length prefix and content under `tag` (a single identifier octet).
package func derEncode(tag: UInt8, content: some Collection<UInt8>) -> [UInt8] {
    var output: [UInt8] = [tag]
    let length = content.count
    if length < 0x80 {
        output.append(UInt8(length))
    } else {
        var lengthBytes: [UInt8] = []
        var remaining = length
        while remaining > 0 {
            lengthBytes.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        output.append(0x80 | UInt8(lengthBytes.count))
        output.append(contentsOf: lengthBytes)
    }
    output.append(contentsOf: content)
    return output
}
