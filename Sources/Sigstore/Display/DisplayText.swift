/// Text from untrusted input (a bundle, a signed statement, a file name) made safe to show
/// in a human-readable message: control characters cannot move the cursor, clear the screen
/// or fake a line, and a huge value cannot make a huge message.
///
/// JSON output does not use it: its writer escapes control characters itself and keeps
/// values whole.
public enum DisplayText {
    /// The most characters kept of one embedded value.
    public static let maximumValueLength = 256
    /// The most characters kept of a whole message.
    public static let maximumMessageLength = 8_192

    /// `text` with control characters escaped and, past `limit` characters, cut short with a
    /// note of how much was left out.
    ///
    /// Escaped: C0 controls and DEL (`\n`, `\r`, `\t`, others as `\u{1B}`), C1 controls, and
    /// the bidirectional overrides and isolates that reorder what a terminal shows.
    public static func escaped<Text: StringProtocol>(_ text: Text, limit: Int = maximumValueLength) -> String {
        var output = ""
        var kept = 0
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard kept < limit else {
                var leftOut = scalar.utf8.count
                while let rest = scalars.next() { leftOut += rest.utf8.count }
                output += "… (\(leftOut) more bytes)"
                break
            }
            kept += 1
            if needsEscape(scalar) {
                output += escape(scalar)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `text` escaped, cut to ``maximumValueLength`` and in double quotes: for a value
    /// embedded in a message.
    public static func quoted<Text: StringProtocol>(_ text: Text) -> String {
        "\"" + escaped(text) + "\""
    }

    /// A whole message made safe to print: escaped, and cut to ``maximumMessageLength``.
    public static func message(_ text: String) -> String {
        escaped(text, limit: maximumMessageLength)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi marks, overrides, isolates
        default: return false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
