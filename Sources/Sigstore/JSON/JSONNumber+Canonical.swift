extension JSONNumber {
    /// The number as RFC 8785 writes it: the IEEE-754 double closest to the literal, in
    /// ECMAScript `Number.prototype.toString` form (shortest round-trip digits; exponent form
    /// below 1e-6 and from 1e21 on; `-0` as `0`). Nil for values that are not finite.
    package var canonicalLiteral: String? {
        guard let value = Double(literal), value.isFinite else { return nil }
        return JSONNumber.ecmaScriptString(value)
    }

    /// ECMAScript `Number::toString(10)` of a finite double.
    package static func ecmaScriptString(_ value: Double) -> String {
        if value == 0 { return "0" }
        let negative = value < 0
        // Swift's description is the shortest representation that round-trips, correctly
        // rounded: the digits ECMAScript asks for. Take its digits and decimal exponent.
        let text = String(describing: value.magnitude)
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointPosition = mantissa.count
        if let dot = mantissa.firstIndex(of: ".") {
            pointPosition = mantissa.distance(from: mantissa.startIndex, to: dot)
            digits = String(mantissa[..<dot]) + String(mantissa[mantissa.index(after: dot)...])
        } else {
            digits = String(mantissa)
        }
        // Normalize: value = 0.d1d2…dk × 10^n with d1 ≠ 0 (ECMAScript's n is this n).
        var n = pointPosition + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            n -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        let k = digits.count
        var result: String
        if k <= n && n <= 21 {
            result = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            result = digits[..<split] + "." + digits[split...]
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            let first = digits.prefix(1)
            let rest = digits.dropFirst()
            result = first + (rest.isEmpty ? "" : "." + rest) + "e" + sign + String(e.magnitude)
        }
        return negative ? "-" + result : result
    }
}
