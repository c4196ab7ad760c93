import ModelSigningPlatform

/// Asking the user a secret on the controlling terminal.
enum TerminalPrompt {
    /// True when standard input is a terminal (so a prompt can be answered).
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Reads a line from the terminal without echoing it (`getpass`), or nil if none can be read.
    static func secret(_ prompt: String) -> [UInt8]? {
        guard standardInputIsTerminal, let entered = getpass(prompt) else { return nil }
        let length = strlen(entered)
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(entered).assumingMemoryBound(to: UInt8.self), count: length))
        // getpass returns a static buffer: clear the PIN from it.
        memset(entered, 0, length)
        return bytes
    }
}
