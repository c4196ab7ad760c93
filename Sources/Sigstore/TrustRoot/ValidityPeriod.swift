import Foundation

/// A time range from a trusted root (`validFor`). Both ends are included; a missing end means
/// the range is open.
public struct ValidityPeriod: Sendable, Equatable, CustomStringConvertible {
    public var start: Date?
    public var end: Date?

    public init(start: Date?, end: Date?) {
        self.start = start
        self.end = end
    }

    /// Whether `date` lies in the range, both ends included.
    public func contains(_ date: Date) -> Bool {
        if let start, date < start { return false }
        if let end, date > end { return false }
        return true
    }

    public var description: String {
        "\(start.map(RFC3339.string) ?? "…") to \(end.map(RFC3339.string) ?? "…")"
    }
}

extension ValidityPeriod {
    /// Reads `validFor` (`{start, end}` as RFC 3339 strings). A missing object is an open range.
    package init(_ reader: JSONReader?, field: String, requireStart: Bool) throws(SigstoreVerificationError) {
        guard let reader else {
            if requireStart {
                throw SigstoreVerificationError(.trustMaterial, "\(field): validFor.start is missing")
            }
            self.init(start: nil, end: nil)
            return
        }
        func date(_ name: String) throws(SigstoreVerificationError) -> Date? {
            let text: String?
            do {
                text = try reader.optionalString(name)
            } catch {
                throw SigstoreVerificationError(.trustMaterial, "\(error.field): \(error.reason)")
            }
            guard let text else { return nil }
            guard let value = RFC3339.date(text) else {
                throw SigstoreVerificationError(.trustMaterial, "\(reader.childPath(name)): not an RFC 3339 time: \(DisplayText.quoted(text))")
            }
            return value
        }
        let start = try date("start")
        if requireStart, start == nil {
            throw SigstoreVerificationError(.trustMaterial, "\(reader.childPath("start")): missing")
        }
        self.init(start: start, end: try date("end"))
    }
}
