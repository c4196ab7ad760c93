import ModelHashing
import ModelSigning
import Sigstore
import ModelSigningPlatform

/// Prints results the way the reference CLI does (`Signing succeeded` on stdout,
/// `Signing failed with error: …` on stderr, exit 1), or as one JSON object with `--json`.
struct CommandReporter {
    /// "Signing" or "Verification".
    let operation: String
    let json: Bool

    /// Reports success; `details` (the `--json` fields) is only evaluated for `--json`, since
    /// some fields cost time on large models (the root digest, the unchecked-file list).
    func succeed(_ details: @autoclosure () -> [(String, JSONValue)] = []) {
        if json {
            let object = JSONObject([("status", .string("success")), ("operation", .string(operation.lowercased()))] + details())
            print(String(decoding: JSONValue.object(object).serialized(), as: UTF8.self))
        } else {
            print("\(operation) succeeded")
        }
    }

    /// Reports `error` and returns the exit code to use.
    func fail(_ error: any Error) -> ExitCodeValue {
        let message = String(describing: error)
        if json {
            var details: [(String, JSONValue)] = [("status", .string("failure")), ("operation", .string(operation.lowercased())),
                                                  ("error", .string(message))]
            if let mismatch = (error as? ModelSigningError)?.mismatch {
                details.append(("missing", .array(mismatch.missing.map(JSONValue.string))))
                details.append(("extra", .array(mismatch.extra.map(JSONValue.string))))
                details.append(("changed", .array(mismatch.changed.map { change in
                    .object(JSONObject([("name", .string(change.name)), ("expected", .string(change.expectedDigest)),
                                        ("actual", .string(change.actualDigest))]))
                })))
            }
            print(String(decoding: JSONValue.object(JSONObject(details)).serialized(), as: UTF8.self))
        }
        // Every message may embed attacker-chosen text (escaped here; JSON escapes its own).
        StandardError.write("\(operation) failed with error: \(DisplayText.message(message))\n")
        return 1
    }

    typealias ExitCodeValue = Int32

    /// Runs `work`, showing progress on stderr when it is a terminal and the work takes more
    /// than a second.
    static func withProgress<T: Sendable>(_ progress: HashingProgress,
                                          _ work: () async throws -> T) async rethrows -> T {
        guard isatty(2) == 1 else { return try await work() }
        let display = Task.detached {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            while !Task.isCancelled {
                let total = progress.totalBytes
                let done = progress.bytesHashed
                if total > 0 {
                    let percent = Int(Double(done) / Double(total) * 100)
                    StandardError.write("\rHashing: \(percent)% (\(ByteCount.format(done)) of \(ByteCount.format(total)))   ")
                }
                try? await Task.sleep(nanoseconds: 250_000_000)
            }
        }
        defer {
            display.cancel()
        }
        let result = try await work()
        display.cancel()
        _ = await display.result
        if progress.bytesHashed > 0 { StandardError.write("\r\u{1B}[K") }
        return result
    }
}

enum StandardError {
    static func write(_ text: String) {
        // Nothing useful can be done when stderr itself fails.
        _ = FileDescriptorIO.writeAll(STDERR_FILENO, Array(text.utf8))
    }
}

enum ByteCount {
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(Int(value * 10) / 10) + "." + String(Int(value * 10) % 10) + " " + units[unit]
    }
}
