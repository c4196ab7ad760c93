/// A parsed JSON document that keeps what matters for signatures: object key order (so that
/// documents can be written back in a chosen layout), number literals as written (so that
/// `1000000000.0` and `1000000000` are both understood as integers), and strings exactly as
/// decoded (never normalized).
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The kind of value, for error messages.
    package var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Convenience for building integers.
    package static func integer<I: BinaryInteger>(_ value: I) -> JSONValue {
        .number(JSONNumber(literal: String(value)))
    }
}

/// A JSON number kept as its literal text.
package struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The number exactly as written in the document (validated JSON number syntax).
    package let literal: String

    package init(literal: String) {
        self.literal = literal
    }

    /// The value as a 64-bit integer when it is integral and in range, accepting forms such as
    /// `8`, `8.0`, `8e0` and `1000000000.0` (protobuf Struct numbers are written as floats).
    package var int64Value: Int64? {
        if let exact = Int64(literal) { return exact }
        guard let double = Double(literal), double.isFinite, double.rounded() == double,
              double >= -9_007_199_254_740_992, double <= 9_007_199_254_740_992 else { return nil }
        return Int64(double)
    }

    package var doubleValue: Double? { Double(literal) }

    package var description: String { literal }
}

/// A JSON object with its keys in document order. Keys are unique (the parser rejects duplicates).
package struct JSONObject: Sendable, Equatable {
    package private(set) var entries: [(key: String, value: JSONValue)]

    package init(_ entries: [(key: String, value: JSONValue)] = []) {
        self.entries = entries
    }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (left, right) in zip(lhs.entries, rhs.entries) {
            guard left.key.utf8.elementsEqual(right.key.utf8), left.value == right.value else { return false }
        }
        return true
    }

    /// The value for `key`, compared byte for byte.
    package subscript(key: String) -> JSONValue? {
        get {
            entries.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
        }
        set {
            if let index = entries.firstIndex(where: { $0.key.utf8.elementsEqual(key.utf8) }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// The value for a protobuf field, looked up under its JSON (camelCase) name and, failing
    /// that, its original snake_case name, as protobuf JSON parsers do.
    package func field(_ camelCaseName: String) -> JSONValue? {
        fieldKey(camelCaseName).flatMap { self[$0] }
    }

    /// The key ``field(_:)`` reads for `camelCaseName`: that name when present, else its
    /// snake_case spelling when present; nil when neither is.
    package func fieldKey(_ camelCaseName: String) -> String? {
        if self[camelCaseName] != nil { return camelCaseName }
        let snake = JSONObject.snakeCase(camelCaseName)
        return snake != camelCaseName && self[snake] != nil ? snake : nil
    }

    package var keys: [String] { entries.map(\.key) }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result.append("_")
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}
