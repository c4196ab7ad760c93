import Foundation

/// A TUF client's local state in one directory: `root.json`, `timestamp.json`,
/// `snapshot.json`, `targets.json`, `<delegated role>.json` (percent-escaped), and verified
/// target files under `targets/`. Every file is written to a temporary file in the same
/// directory and renamed into place, so a reader sees either the old or the new file; writers
/// take `.lock` (flock) for a whole update so concurrent updates take turns.
public struct TUFStore: Sendable {
    /// The directory.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    var targetsDirectory: URL { directory.appendingPathComponent("targets", isDirectory: true) }

    /// The file name of a role's metadata (`<escaped role>.json`).
    static func metadataFileName(role: String) -> String { "\(TUFStore.escape(role)).json" }

    /// The file of a target in the cache (its path escaped into one name).
    func targetFile(_ path: String) -> URL { targetsDirectory.appendingPathComponent(TUFStore.escape(path)) }

    func metadataFile(role: String) -> URL { directory.appendingPathComponent(TUFStore.metadataFileName(role: role)) }

    /// The stored metadata of `role`, nil when absent.
    public func metadata(role: String) -> [UInt8]? { TUFStore.read(metadataFile(role: role)) }

    /// A stored target file, nil when absent.
    public func target(_ path: String) -> [UInt8]? { TUFStore.read(targetFile(path)) }

    static func read(_ url: URL) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return [UInt8](data)
    }

    /// Creates the directory and takes the update lock.
    func lock() throws(TUFError) -> FileLock {
        do {
            try FileManager.default.createDirectory(at: targetsDirectory, withIntermediateDirectories: true)
        } catch {
            throw TUFError(role: "cache", check: .storage, "cannot create \(targetsDirectory.path): \(error.localizedDescription)")
        }
        return try FileLock(path: directory.appendingPathComponent(".lock").path)
    }

    /// Writes `bytes` to `url` atomically (temporary file in the same folder, then rename).
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(TUFError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        do {
            try Data(bytes).write(to: temporary, options: [.withoutOverwriting])
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw TUFError(role: "cache", check: .storage, "cannot write \(url.path): \(error.localizedDescription)")
        }
        if let failure = atomicRename(temporary.path, url.path) {
            try? FileManager.default.removeItem(at: temporary)
            throw TUFError(role: "cache", check: .storage, "cannot replace \(url.path): \(failure)")
        }
    }

    /// Percent-escapes everything but unreserved URL characters, so any role name, target
    /// path or URL becomes one safe file name.
    public static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "."):
                // A name made only of dots would be "." or ".."; escape a leading dot.
                if output.isEmpty { output += "%2E" } else { output += "." }
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
