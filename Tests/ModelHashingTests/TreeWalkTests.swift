import Foundation
import ModelHashing
import ModelSigningTestSupport
import Testing

@Suite struct TreeWalkTests {
    private func paths(_ tree: ModelTree) -> [String] { tree.files.map(\.path.string) }

    @Test func includesDotfilesAndSkipsGitPathsOnlyAtTheTop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/.hidden", "a")
        try directory.write("m/.git/config", "b")
        try directory.write("m/.gitignore", "c")
        try directory.write("m/sub/.git/keep", "d")
        try directory.write("m/sub/.gitignore", "e")
        let model = directory.appending("m").path
        let tree = try ModelTreeWalker.walk(model, options: TreeWalkOptions())
        #expect(paths(tree) == [".hidden", "sub/.git/keep", "sub/.gitignore"])
        let all = try ModelTreeWalker.walk(model, options: TreeWalkOptions(ignoreGitPaths: false))
        #expect(paths(all) == [".git/config", ".gitignore", ".hidden", "sub/.git/keep", "sub/.gitignore"])
    }

    @Test func ignorePathsExcludeFilesAndWholeDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/a/x", "1")
        try directory.write("m/a/y", "2")
        try directory.write("m/ab", "3")
        try directory.write("m/b", "4")
        let options = TreeWalkOptions(ignorePaths: [try #require(ModelPath("a")), try #require(ModelPath("b"))])
        let tree = try ModelTreeWalker.walk(directory.appending("m").path, options: options)
        #expect(paths(tree) == ["ab"])
    }

    @Test func ordersByPathComponentsLikeTheReference() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["a.txt", "a-b", "a/b", "a/c"] { try directory.write("m/\(name)", name) }
        let tree = try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions())
        #expect(paths(tree) == ["a/b", "a/c", "a-b", "a.txt"])
    }

    @Test func symlinksAreRefusedByDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/real", "x")
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/link").path, withDestinationPath: "real")
        #expect(throws: ModelHashingError.symlinkNotAllowed(path: "link")) {
            try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions())
        }
    }

    @Test func symlinksInsideTheModelAreFollowedWhenAllowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/real", "x")
        try directory.write("m/dir/inner", "y")
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/link").path, withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/dirlink").path, withDestinationPath: "dir")
        let tree = try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions(allowSymlinks: true))
        #expect(paths(tree) == ["dir/inner", "dirlink/inner", "link", "real"])
    }

    @Test func symlinksLeavingTheModelAreRefusedEvenWhenAllowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("secret", "s")
        try directory.write("m/ok", "x")
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/escape").path,
                                                   withDestinationPath: "../secret")
        do {
            _ = try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions(allowSymlinks: true))
            Issue.record("an escaping link was accepted")
        } catch {
            guard case .symlinkEscapesModel(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "escape")
        }
        // Allowed when its target lies in an explicitly named root.
        let tree = try ModelTreeWalker.walk(directory.appending("m").path,
                                            options: TreeWalkOptions(allowSymlinks: true, symlinkRoots: [directory.path]))
        #expect(paths(tree) == ["escape", "ok"])
    }

    @Test func symlinkCyclesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/a/file", "x")
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/a/loop").path, withDestinationPath: "..")
        #expect(throws: ModelHashingError.brokenSymlink(path: "a/loop", reason: "it forms a cycle")) {
            try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions(allowSymlinks: true))
        }
        try FileManager.default.createSymbolicLink(atPath: directory.appending("m/self").path, withDestinationPath: "self")
        #expect(throws: ModelHashingError.self) {
            try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions(allowSymlinks: true))
        }
    }

    @Test func unicodeNormalizationFormsStayDistinct() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/caf\u{E9}", "nfc")
        try directory.write("m/cafe\u{301}", "nfd")
        let tree = try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions())
        #expect(tree.files.count == 2)
        #expect(Set(tree.files.map(\.path.utf8)).count == 2)
    }

    @Test func nonUTF8NamesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.appending("m"), withIntermediateDirectories: true)
        var bytes = Array((directory.path + "/m/bad").utf8)
        bytes.append(0xFF)
        bytes.append(0)
        let fd = bytes.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        #expect(throws: ModelHashingError.nonUTF8Name(path: "bad\\xff")) {
            try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions())
        }
    }

    @Test func aFileChangedAfterTheWalkIsDetected() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/weights", String(repeating: "w", count: 10_000))
        let hasher = ModelHasher()
        let tree = try hasher.walk(modelAt: directory.appending("m").path)
        try directory.write("m/weights", String(repeating: "w", count: 9_000))
        await #expect(throws: ModelHashingError.fileChanged(path: "weights")) {
            try await hasher.hash(tree)
        }
    }

    @Test("A file replaced after the walk by another of the same size and time is detected",
          arguments: [HashAlgorithm.sha256, .blake3])
    func aFileReplacedAfterTheWalkIsDetected(algorithm: HashAlgorithm) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let weights = directory.appending("m/weights").path
        try directory.write("m/weights", String(repeating: "w", count: 10_000))
        let hasher = ModelHasher(serialization: Serialization(hashAlgorithm: algorithm))
        let tree = try hasher.walk(modelAt: directory.appending("m").path)
        // A new inode with the old size and modification time, moved over the walked file.
        let replacement = try directory.write("replacement", String(repeating: "x", count: 10_000))
        let walked = tree.files[0].modificationTime
        let time = timespec(tv_sec: Int(walked / 1_000_000_000), tv_nsec: Int(walked % 1_000_000_000))
        #expect(utimensat(AT_FDCWD, replacement.path, [time, time], 0) == 0)
        #expect(rename(replacement.path, weights) == 0)
        let replaced = try #require(try hasher.walk(modelAt: directory.appending("m").path).files.first)
        #expect(replaced.size == tree.files[0].size && replaced.modificationTime == tree.files[0].modificationTime,
                "the replacement must look unchanged by size and time for this test to mean anything")
        await #expect(throws: ModelHashingError.fileChanged(path: "weights")) {
            try await hasher.hash(tree)
        }
    }

    @Test func modelPathParsingRejectsEscapes() {
        #expect(ModelPath("../x") == nil)
        #expect(ModelPath("a/../../x") == nil)
        #expect(ModelPath("/etc/passwd") == nil)
        #expect(ModelPath("") == nil)
        #expect(ModelPath("./a//b")?.string == "a/b")
        #expect(ModelPath(".") == .singleFile)
    }
}
