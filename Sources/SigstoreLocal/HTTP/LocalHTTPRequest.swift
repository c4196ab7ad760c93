import Foundation

/// A request as a loopback service sees it: the whole body already read (bounded).
struct LocalHTTPRequest: Sendable {
    var method: String
    /// The path without the query.
    var path: String
    /// Query parameters, percent-decoded (last value wins).
    var query: [String: String]
    /// Header fields with lower-cased names.
    var headers: [String: String]
    var body: [UInt8]

    /// The body read as `application/x-www-form-urlencoded`.
    var formFields: [String: String] { LocalHTTPRequest.decodeForm(String(decoding: body, as: UTF8.self)) }

    /// Decodes `a=b&c=d` with `+` as space and percent escapes.
    static func decodeForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) -> String in
                let spaced = raw.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
