/// `errno` values turned into text for error messages.
package enum SystemError {
    /// The C library's description of `code` (`strerror`), or `error N` when it has none.
    package static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// The description of the current `errno`.
    package static var lastMessage: String { message(for: errno) }
}
