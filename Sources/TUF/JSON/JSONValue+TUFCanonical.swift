import Sigstore

extension JSONValue {
    /// The canonical form TUF signs: securesystemslib's OLPC canonical JSON. No white space,
    /// object keys sorted by code point, strings written as UTF-8 with only `"` and `\`
    /// escaped, integers only (no fractions or exponents), `true`/`false`/`null`.
    /// Nil when the value holds a number that is not a plain integer, which that encoding
    /// refuses.
    package func tufCanonicalBytes() -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        return writeTUFCanonical(to: &output) ? output : nil
    }

    private func writeTUFCanonical(to output: inout [UInt8]) -> Bool {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number):
            // Only integer literals: securesystemslib raises on floats.
            guard let integer = Int64(number.literal) else { return false }
            output.append(contentsOf: String(integer).utf8)
        case .string(let value): JSONValue.writeTUFCanonicalString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                guard element.writeTUFCanonical(to: &output) else { return false }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            // Code point order equals UTF-8 byte order.
            let entries = object.entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (position, entry) in entries.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeTUFCanonicalString(entry.key, to: &output)
                output.append(UInt8(ascii: ":"))
                guard entry.value.writeTUFCanonical(to: &output) else { return false }
            }
            output.append(UInt8(ascii: "}"))
        }
        return true
    }

    private static func writeTUFCanonicalString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { output.append(UInt8(ascii: "\\")) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }
}
