/// Base64 as protobuf JSON uses it: written in the standard alphabet with padding; read in the
/// standard or URL-safe alphabet, with or without padding.
///
/// Encoding and decoding work on contiguous buffers with table look-ups: a large model's
/// signature carries a payload of tens of megabytes in base64.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Marks bytes that are not base64 digits in ``decodeTable``.
    private static let invalid: UInt8 = 0xFF
    /// Marks white space (tolerated anywhere, as in PEM bodies) in ``decodeTable``.
    private static let skipped: UInt8 = 0xFE
    /// Marks `=` in ``decodeTable``.
    private static let pad: UInt8 = 0xFD

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        for space in [0x0A, 0x0D, 0x20, 0x09] { table[space] = skipped }
        table[Int(UInt8(ascii: "="))] = pad
        return table
    }()

    package static func encode<Bytes: Collection<UInt8>>(_ input: Bytes) -> String {
        if let encoded = input.withContiguousStorageIfAvailable(encode(buffer:)) { return encoded }
        return Array(input).withUnsafeBufferPointer(encode(buffer:))
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let outputCount = (input.count + 2) / 3 * 4
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { output in
                var read = 0
                var written = 0
                while read + 3 <= input.count {
                    let triple = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                    output[written] = alphabet[Int(triple >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(triple >> 12 & 0x3F)]
                    output[written + 2] = alphabet[Int(triple >> 6 & 0x3F)]
                    output[written + 3] = alphabet[Int(triple & 0x3F)]
                    read += 3
                    written += 4
                }
                let remaining = input.count - read
                if remaining > 0 {
                    let second = remaining > 1 ? UInt32(input[read + 1]) : 0
                    let triple = UInt32(input[read]) << 16 | second << 8
                    output[written] = alphabet[Int(triple >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(triple >> 12 & 0x3F)]
                    output[written + 2] = remaining > 1 ? alphabet[Int(triple >> 6 & 0x3F)] : UInt8(ascii: "=")
                    output[written + 3] = UInt8(ascii: "=")
                    written += 4
                }
                return written
            }
        }
    }

    /// Decodes `text`; returns nil when it is not base64. Line breaks are tolerated (PEM bodies).
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable(decode(buffer:)) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer(decode(buffer:))
    }

    /// Decodes base64 bytes; nil when they are not base64.
    package static func decode(bytes: some Collection<UInt8>) -> [UInt8]? {
        if let decoded = bytes.withContiguousStorageIfAvailable(decode(buffer:)) { return decoded }
        return Array(bytes).withUnsafeBufferPointer(decode(buffer:))
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        decodeTable.withUnsafeBufferPointer { table in
            var valid = true
            let output = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { output, initialized in
                var read = 0
                var written = 0
                // Fastest path: eight digits to six bytes, written as one 8-byte store (the two
                // extra bytes are overwritten next, or lie past the end) while room remains.
                if let base = output.baseAddress {
                    let target = UnsafeMutableRawPointer(base)
                    while read + 8 <= input.count, written + 8 <= output.count {
                        let a = table[Int(input[read])], b = table[Int(input[read + 1])]
                        let c = table[Int(input[read + 2])], d = table[Int(input[read + 3])]
                        let e = table[Int(input[read + 4])], f = table[Int(input[read + 5])]
                        let g = table[Int(input[read + 6])], h = table[Int(input[read + 7])]
                        guard (a | b | c | d | e | f | g | h) < 64 else { break }
                        let first = UInt64(a) << 18 | UInt64(b) << 12 | UInt64(c) << 6 | UInt64(d)
                        let second = UInt64(e) << 18 | UInt64(f) << 12 | UInt64(g) << 6 | UInt64(h)
                        target.storeBytes(of: ((first << 24 | second) << 16).bigEndian, toByteOffset: written, as: UInt64.self)
                        read += 8
                        written += 6
                    }
                }
                // Fast path: whole quads of digits, with no white space or padding inside.
                while read + 4 <= input.count {
                    let a = table[Int(input[read])], b = table[Int(input[read + 1])]
                    let c = table[Int(input[read + 2])], d = table[Int(input[read + 3])]
                    guard (a | b | c | d) < 64 else { break }
                    let quad = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[written] = UInt8(truncatingIfNeeded: quad >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: quad >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: quad)
                    read += 4
                    written += 3
                }
                // The rest, one digit at a time: white space, padding, a last partial quad.
                var accumulator: UInt32 = 0
                var bits = 0
                var padding = 0
                while read < input.count {
                    let value = table[Int(input[read])]
                    read += 1
                    if value == pad {
                        padding += 1
                        continue
                    }
                    if value == skipped { continue }
                    guard padding == 0, value != invalid else {
                        valid = false
                        break
                    }
                    accumulator = accumulator << 6 | UInt32(value)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        output[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                        written += 1
                    }
                }
                // 6 leftover bits can't come from whole bytes; more than 2 '=' is never valid.
                if bits >= 6 || padding > 2 { valid = false }
                initialized = written
            }
            return valid ? output : nil
        }
    }
}

/// Lowercase hexadecimal.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    package static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable(encode(buffer:)) { return encoded }
        return Array(bytes).withUnsafeBufferPointer(encode(buffer:))
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        digits.withUnsafeBufferPointer { digits in
            String(unsafeUninitializedCapacity: input.count * 2) { output in
                for (index, byte) in input.enumerated() {
                    output[2 * index] = digits[Int(byte >> 4)]
                    output[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                return input.count * 2
            }
        }
    }

    /// Decodes hex in either case; nil when the text is not an even-length hex string.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable(decode(buffer:)) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer(decode(buffer:))
    }

    /// Each byte's value as a hex digit (either case), or 0xFF for every other byte.
    private static let digitValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for byte in UInt8.min...UInt8.max {
            if let value = nibble(byte) { table[Int(byte)] = value }
        }
        return table
    }()

    /// Decodes hex bytes in place (a digest inside a larger document); nil when they are not
    /// an even-length hex string. A table look-up per digit: signatures of large models hold
    /// hundreds of thousands of digests.
    package static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % 2 == 0 else { return nil }
        return digitValues.withUnsafeBufferPointer { table in
            var valid = true
            let output = [UInt8](unsafeUninitializedCapacity: input.count / 2) { output, initialized in
                var index = 0
                while index < input.count {
                    let high = table[Int(input[index])], low = table[Int(input[index + 1])]
                    guard high | low < 0x10 else {
                        valid = false
                        break
                    }
                    output[index / 2] = high << 4 | low
                    index += 2
                }
                initialized = index / 2
            }
            return valid ? output : nil
        }
    }

    /// The value of one hex digit in either case; nil for any other byte.
    @inline(__always)
    package static func nibble(_ byte: UInt8) -> UInt8? {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")
        if letter < 6 { return letter + 10 }
        return nil
    }
}
