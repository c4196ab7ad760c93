/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block of a PEM file. Text outside
/// blocks (certtool writes a human-readable preamble) is skipped.
package struct PEMBlock: Sendable, Equatable {
    package let label: String
    /// Header lines such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption).
    package let headers: [String]
    package let der: [UInt8]

    /// Every block in `text`, in order.
    package static func parseAll(_ text: String) throws(PEMError) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var current: (label: String, headers: [String], body: [Substring])?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmingSuffix { $0 == "\r" || $0 == " " || $0 == "\t" }
            if let block = current {
                if line.hasPrefix("-----END ") {
                    let label = line.dropFirst("-----END ".count).dropLast("-----".count)
                    guard line.hasSuffix("-----"), label == block.label else {
                        throw PEMError("PEM block \(block.label) ends with a mismatched END line")
                    }
                    guard let der = Base64.decode(block.body.joined()), !der.isEmpty else {
                        throw PEMError("PEM block \(block.label) does not contain valid base64")
                    }
                    blocks.append(PEMBlock(label: block.label, headers: block.headers, der: der))
                    current = nil
                } else if line.contains(":") && block.body.isEmpty {
                    current?.headers.append(String(line))
                } else if !line.isEmpty {
                    current?.body.append(line)
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                let label = line.dropFirst("-----BEGIN ".count).dropLast("-----".count)
                current = (String(label), [], [])
            }
        }
        if let block = current { throw PEMError("PEM block \(block.label) has no END line") }
        return blocks
    }

    /// The DER of the first block labelled `label`, or nil when there is none or the text is
    /// not well-formed PEM.
    package static func firstDER(in text: String, label: String) -> [UInt8]? {
        (try? parseAll(text))?.first { $0.label == label }?.der
    }

    /// PEM text for `der` with 64-character lines and a final newline (OpenSSL's layout).
    package static func encode(_ der: [UInt8], label: String) -> String {
        let base64 = Array(Base64.encode(der))
        var text = "-----BEGIN \(label)-----\n"
        var index = 0
        while index < base64.count {
            let end = min(index + 64, base64.count)
            text += String(base64[index..<end]) + "\n"
            index = end
        }
        text += "-----END \(label)-----\n"
        return text
    }
}

/// A PEM file that cannot be parsed.
package struct PEMError: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
