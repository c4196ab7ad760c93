import Foundation

/// PEM text: base64 between `-----BEGIN <label>-----` and `-----END <label>-----` lines.
/// Text outside the blocks is ignored (certtool writes a readable preamble).
package enum PEM {
    /// The DER bytes of every block with `label`, in order.
    package static func blocks(in text: String, label: String) -> [[UInt8]] {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        var result: [[UInt8]] = []
        var remaining = Substring(text)
        while let start = remaining.range(of: begin) {
            let afterBegin = remaining[start.upperBound...]
            guard let stop = afterBegin.range(of: end) else { break }
            if let der = Base64.decode(afterBegin[..<stop.lowerBound]) { result.append(der) }
            remaining = afterBegin[stop.upperBound...]
        }
        return result
    }

    package static func firstBlock(in text: String, label: String) -> [UInt8]? {
        blocks(in: text, label: label).first
    }

    /// PEM text for `der` with 64-character lines and a final newline.
    package static func encode(_ der: [UInt8], label: String) -> String {
        let body = Base64.encode(der)
        var lines: [Substring] = []
        var index = body.startIndex
        while index < body.endIndex {
            let next = body.index(index, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(body[index..<next])
            index = next
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}
