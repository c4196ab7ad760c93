/// An `errno` value as an error, for results of the platform layer's calls.
package struct ErrnoCode: Error, Sendable, Equatable, CustomStringConvertible {
    /// The raw `errno` value.
    package let code: Int32

    package init(_ code: Int32) { self.code = code }

    /// The C library's description (`strerror`).
    package var description: String { SystemError.message(for: code) }
}
