/// Typed access to a JSON object that reports missing or mistyped fields with their path.
/// Field names are protobuf JSON names; the snake_case spelling is accepted too.
package struct JSONReader {
    package let object: JSONObject
    package let path: String

    package init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    /// Reads a whole document that must be a JSON object.
    package init<Bytes: Collection<UInt8>>(document: Bytes, path: String = "") throws(BundleError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(document)
        } catch {
            throw BundleError(field: path, reason: error.description)
        }
        try self.init(documentValue: value, path: path)
    }

    /// Reads a whole parsed document that must be a JSON object.
    package init(documentValue value: JSONValue, path: String = "") throws(BundleError) {
        guard let object = value.objectValue else {
            throw BundleError(field: path, reason: "expected a JSON object, found \(value.kindName)")
        }
        self.init(object, path: path)
    }

    package func childPath(_ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    package func error(_ name: String?, _ reason: String) -> BundleError {
        BundleError(field: name.map(childPath) ?? path, reason: reason)
    }

    /// The raw value, treating JSON null as absent (protobuf JSON semantics).
    package func value(_ name: String) -> JSONValue? {
        guard let value = object.field(name), !value.isNull else { return nil }
        return value
    }

    package func contains(_ name: String) -> Bool { value(name) != nil }

    package func optionalObject(_ name: String) throws(BundleError) -> JSONReader? {
        guard let value = value(name) else { return nil }
        guard let object = value.objectValue else { throw error(name, "expected an object, found \(value.kindName)") }
        return JSONReader(object, path: childPath(name))
    }

    package func object(_ name: String) throws(BundleError) -> JSONReader {
        guard let reader = try optionalObject(name) else { throw error(name, "missing") }
        return reader
    }

    package func optionalString(_ name: String) throws(BundleError) -> String? {
        guard let value = value(name) else { return nil }
        guard let string = value.stringValue else { throw error(name, "expected a string, found \(value.kindName)") }
        return string
    }

    package func string(_ name: String) throws(BundleError) -> String {
        guard let string = try optionalString(name) else { throw error(name, "missing") }
        return string
    }

    package func optionalBool(_ name: String) throws(BundleError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard let bool = value.boolValue else { throw error(name, "expected a boolean, found \(value.kindName)") }
        return bool
    }

    /// A 64-bit integer written as a number or as a decimal string (protobuf int64).
    package func optionalInt64(_ name: String) throws(BundleError) -> Int64? {
        guard let value = value(name) else { return nil }
        switch value {
        case .number(let number):
            guard let integer = number.int64Value else { throw error(name, "expected an integer, found \(number)") }
            return integer
        case .string(let text):
            guard let integer = Int64(text) else { throw error(name, "expected an integer, found \(DisplayText.quoted(text))") }
            return integer
        default:
            throw error(name, "expected an integer, found \(value.kindName)")
        }
    }

    package func int64(_ name: String) throws(BundleError) -> Int64 {
        guard let integer = try optionalInt64(name) else { throw error(name, "missing") }
        return integer
    }

    /// Bytes written as base64 (standard or URL-safe).
    package func optionalBytes(_ name: String) throws(BundleError) -> [UInt8]? {
        guard let text = try optionalString(name) else { return nil }
        guard let bytes = Base64.decode(text) else { throw error(name, "not valid base64") }
        return bytes
    }

    package func bytes(_ name: String) throws(BundleError) -> [UInt8] {
        guard let bytes = try optionalBytes(name) else { throw error(name, "missing") }
        return bytes
    }

    /// An array of objects; absent means empty.
    package func objects(_ name: String) throws(BundleError) -> [JSONReader] {
        guard let value = value(name) else { return [] }
        guard let array = value.arrayValue else { throw error(name, "expected an array, found \(value.kindName)") }
        var readers: [JSONReader] = []
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue else {
                throw error("\(name)[\(index)]", "expected an object, found \(element.kindName)")
            }
            readers.append(JSONReader(object, path: childPath("\(name)[\(index)]")))
        }
        return readers
    }

    /// An array of strings; absent means empty.
    package func strings(_ name: String) throws(BundleError) -> [String] {
        guard let value = value(name) else { return [] }
        guard let array = value.arrayValue else { throw error(name, "expected an array, found \(value.kindName)") }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw error("\(name)[\(index)]", "expected a string, found \(element.kindName)")
            }
            strings.append(string)
        }
        return strings
    }
}
