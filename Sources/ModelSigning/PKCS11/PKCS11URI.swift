import Sigstore

/// A PKCS #11 URI (RFC 7512) naming a private key on a token, and how to reach it.
///
/// `pkcs11:token=signing;object=model-key;id=%01?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin`
///
/// Path attributes (separated by `;`): `token`, `manufacturer`, `serial`, `model` (select the
/// token), `slot-id` (select the slot, decimal), `object` (the key's label), `id` (the key's
/// `CKA_ID`), `type` (must be `private` if present). Query attributes (separated by `&`):
/// `module-path` (the module file, or a directory to search with `module-name`),
/// `module-name`, `pin-value`, `pin-source` (`file:` URI or absolute path of a file holding the
/// PIN). `pin-value` is also accepted as a path attribute, as some tools write it there.
/// Values are percent-decoded to bytes and compared as bytes; unknown or repeated attributes
/// are refused rather than ignored, so that a typo cannot select another key.
public struct PKCS11URI: Sendable, Equatable {
    /// Percent-decoded path attributes by name.
    public private(set) var pathAttributes: [String: [UInt8]] = [:]
    /// Percent-decoded query attributes by name.
    public private(set) var queryAttributes: [String: [UInt8]] = [:]

    static let knownPathAttributes: Set<String> = ["token", "manufacturer", "serial", "model", "slot-id", "object", "id", "type", "pin-value"]
    static let knownQueryAttributes: Set<String> = ["module-path", "module-name", "pin-value", "pin-source"]

    /// Parses `text`; errors name the attribute at fault (never the PIN's value).
    public init(_ text: String) throws(ModelSigningError) {
        let bytes = Array(text.utf8)
        let scheme = Array("pkcs11:".utf8)
        guard bytes.count >= scheme.count, bytes[..<scheme.count].map({ PKCS11URI.asciiLowercased($0) }) == scheme else {
            throw PKCS11URI.invalid("it does not start with 'pkcs11:'")
        }
        let rest = bytes[scheme.count...]
        let questionMark = rest.firstIndex(of: UInt8(ascii: "?"))
        let path = rest[..<(questionMark ?? rest.endIndex)]
        let query = questionMark.map { rest[($0 + 1)...] } ?? []
        try PKCS11URI.parseAttributes(path, separator: ";", known: PKCS11URI.knownPathAttributes, kind: "path", into: &pathAttributes)
        try PKCS11URI.parseAttributes(query, separator: "&", known: PKCS11URI.knownQueryAttributes, kind: "query", into: &queryAttributes)
        if pathAttributes["pin-value"] != nil, queryAttributes["pin-value"] != nil {
            throw PKCS11URI.invalid("pin-value is given twice")
        }
        if pinValue != nil, queryAttributes["pin-source"] != nil {
            throw PKCS11URI.invalid("give either pin-value or pin-source, not both")
        }
        if let type = pathAttributes["type"], type != Array("private".utf8) {
            throw PKCS11URI.invalid("type=\(String(decoding: type, as: UTF8.self)) does not name a private key (use type=private or leave it out)")
        }
        if pathAttributes["object"] == nil, pathAttributes["id"] == nil {
            throw PKCS11URI.invalid("it names no key: give object=LABEL or id=ID")
        }
        if let slot = pathAttributes["slot-id"], PKCS11URI.decimal(slot) == nil {
            throw PKCS11URI.invalid("slot-id must be a decimal number below 2^32")
        }
    }

    /// The slot number from `slot-id`, if given.
    public var slotID: UInt? { pathAttributes["slot-id"].flatMap(PKCS11URI.decimal) }

    /// The PIN given inline (`pin-value`), if any.
    public var pinValue: [UInt8]? { queryAttributes["pin-value"] ?? pathAttributes["pin-value"] }

    /// The URI without its PIN, for messages.
    public var redacted: String {
        var text = "pkcs11:" + pathAttributes.filter { $0.key != "pin-value" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(PKCS11URI.percentEncoded($0.value))" }.joined(separator: ";")
        let query = queryAttributes.filter { $0.key != "pin-value" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(PKCS11URI.percentEncoded($0.value))" }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    static func invalid(_ reason: String) -> ModelSigningError {
        .invalidRequest("invalid PKCS #11 URI: \(reason)")
    }

    private static func parseAttributes(_ text: ArraySlice<UInt8>, separator: Character, known: Set<String>, kind: String,
                                        into attributes: inout [String: [UInt8]]) throws(ModelSigningError) {
        guard !text.isEmpty else { return }
        let separatorByte = UInt8(ascii: separator.unicodeScalars.first ?? ";")
        for part in text.split(separator: separatorByte, omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else {
                throw invalid("\(kind) attribute '\(String(decoding: part, as: UTF8.self))' has no '='")
            }
            let name = String(decoding: part[..<equals], as: UTF8.self)
            guard known.contains(name) else {
                throw invalid("unsupported \(kind) attribute '\(name)' (supported: \(known.sorted().joined(separator: ", ")))")
            }
            guard attributes[name] == nil else { throw invalid("\(kind) attribute '\(name)' is given twice") }
            attributes[name] = try percentDecoded(part[(equals + 1)...], attribute: name)
        }
    }

    static func percentDecoded(_ text: ArraySlice<UInt8>, attribute: String) throws(ModelSigningError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < text.endIndex,
                      let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2]) else {
                    throw invalid("attribute '\(attribute)' has a malformed percent escape")
                }
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return result
    }

    static func percentEncoded(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
                || byte == UInt8(ascii: "/")
            if isUnreserved { text.unicodeScalars.append(Unicode.Scalar(byte)) } else {
                text += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    static func decimal(_ bytes: [UInt8]) -> UInt? {
        guard !bytes.isEmpty, bytes.count <= 10, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let value = bytes.reduce(UInt(0)) { $0 * 10 + UInt($1 - 0x30) }
        return value <= UInt(UInt32.max) ? value : nil
    }
}
