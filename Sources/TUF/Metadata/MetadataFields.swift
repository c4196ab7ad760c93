import Foundation
import Sigstore

/// Typed access to the fields of one metadata object; a missing or mistyped field is a
/// `malformed` error naming the role and the field.
struct MetadataFields {
    let object: JSONObject
    let role: String
    let path: String

    init(_ object: JSONObject, role: String, path: String = "signed") {
        self.object = object
        self.role = role
        self.path = path
    }

    func malformed(_ field: String, _ reason: String) -> TUFError {
        TUFError(role: role, check: .malformed, "malformed metadata: \(path).\(field) \(reason)")
    }

    func value(_ field: String) throws(TUFError) -> JSONValue {
        guard let value = object[field] else { throw malformed(field, "is missing") }
        return value
    }

    func string(_ field: String) throws(TUFError) -> String {
        guard let text = try value(field).stringValue else { throw malformed(field, "is not a string") }
        return text
    }

    func optionalString(_ field: String) throws(TUFError) -> String? {
        guard object[field] != nil else { return nil }
        return try string(field)
    }

    /// A non-negative integer written as a plain integer literal.
    func integer(_ field: String) throws(TUFError) -> Int {
        guard let number = try value(field).numberValue, let integer = Int(number.literal), integer >= 0 else {
            throw malformed(field, "is not a non-negative integer")
        }
        return integer
    }

    func optionalInteger(_ field: String) throws(TUFError) -> Int? {
        guard object[field] != nil else { return nil }
        return try integer(field)
    }

    func bool(_ field: String) throws(TUFError) -> Bool {
        guard let flag = try value(field).boolValue else { throw malformed(field, "is not a boolean") }
        return flag
    }

    func object(_ field: String) throws(TUFError) -> MetadataFields {
        guard let child = try value(field).objectValue else { throw malformed(field, "is not an object") }
        return MetadataFields(child, role: role, path: "\(path).\(field)")
    }

    func optionalObject(_ field: String) throws(TUFError) -> MetadataFields? {
        guard object[field] != nil else { return nil }
        return try self.object(field)
    }

    func array(_ field: String) throws(TUFError) -> [JSONValue] {
        guard let elements = try value(field).arrayValue else { throw malformed(field, "is not an array") }
        return elements
    }

    func stringArray(_ field: String) throws(TUFError) -> [String] {
        var result: [String] = []
        for element in try array(field) {
            guard let text = element.stringValue else { throw malformed(field, "holds a value that is not a string") }
            result.append(text)
        }
        return result
    }

    /// The `expires` field: exactly `YYYY-MM-DDTHH:MM:SSZ`, as TUF specifies.
    func expiry() throws(TUFError) -> Date {
        let text = try string("expires")
        guard let date = TUFDate.parse(text) else {
            throw malformed("expires", "is not a UTC time of the form YYYY-MM-DDTHH:MM:SSZ: \(text)")
        }
        return date
    }

    /// Checks `_type` and `spec_version` (major version 1).
    func checkHeader(type expected: String) throws(TUFError) {
        let type = try string("_type")
        guard Array(type.utf8) == Array(expected.utf8) else {
            throw TUFError(role: role, check: .malformed, "expected metadata of type \(expected), found \(type)")
        }
        let spec = try string("spec_version")
        let parts = spec.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0] == "1", parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw TUFError(role: role, check: .malformed, "unsupported spec_version \(spec) (this client implements 1.x)")
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// TUF's time format.
package enum TUFDate {
    /// Parses `YYYY-MM-DDTHH:MM:SSZ` strictly.
    package static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "Z") else { return nil }
        for index in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            return nil
        }
        return RFC3339.date(text)
    }

    /// Formats a date as `YYYY-MM-DDTHH:MM:SSZ`.
    package static func string(_ date: Date) -> String { RFC3339.string(date) }

}
