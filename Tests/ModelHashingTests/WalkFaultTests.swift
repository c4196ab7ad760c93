import Foundation
import ModelHashing
import ModelSigningTestSupport
import Testing

/// Files that disappear or change kind between the walk and the hashing are named in the error,
/// never hashed as something else.
@Suite struct WalkFaultTests {
    @Test func aFileRemovedAfterTheWalkIsNamed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for index in 0..<20 { try directory.write("m/f\(index)", "file \(index)") }
        let hasher = ModelHasher()
        let tree = try hasher.walk(modelAt: directory.appending("m").path)
        try FileManager.default.removeItem(at: directory.appending("m/f7"))
        do {
            _ = try await hasher.hash(tree)
            Issue.record("hashing succeeded although f7 was removed")
        } catch {
            #expect("\(error)".contains("f7"), "\(error)")
        }
    }

    @Test func aFileReplacedByAFolderAfterTheWalkIsNamed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/a", "a")
        try directory.write("m/b", "b")
        let hasher = ModelHasher()
        let tree = try hasher.walk(modelAt: directory.appending("m").path)
        try FileManager.default.removeItem(at: directory.appending("m/b"))
        try directory.write("m/b/inner", "now a folder")
        do {
            _ = try await hasher.hash(tree)
            Issue.record("hashing succeeded although b became a folder")
        } catch {
            #expect("\(error)".contains("b"), "\(error)")
        }
    }

    @Test func aModelRemovedBeforeTheWalkIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.appending("gone").path
        #expect(throws: ModelHashingError.self) { try ModelHasher().walk(modelAt: missing) }
    }
}

/// A model under a folder whose name is not UTF-8 is refused with that folder named, not
/// reported as missing.
@Suite struct NonUTF8ModelPathTests {
    @Test func aModelUnderANonUTF8FolderIsRefusedByName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var folder = Array((directory.path + "/dir").utf8)
        folder.append(0xFF)
        let cFolder = (folder + [0]).map { CChar(bitPattern: $0) }
        #expect(mkdir(cFolder, 0o755) == 0)
        // A link with a UTF-8 name leads into the folder, so the model path itself is valid text.
        #expect(symlink(cFolder, directory.appending("link").path) == 0)
        try "w".write(toFile: directory.appending("link/model.bin").path, atomically: false, encoding: .utf8)
        do {
            _ = try ModelHasher().walk(modelAt: directory.appending("link/model.bin").path)
            Issue.record("a model under a non-UTF-8 folder was walked")
        } catch {
            #expect("\(error)".contains("dir\\xff/model.bin is not valid UTF-8"), "\(error)")
        }
    }
}
