import ModelHashing
import Testing

@Suite struct ModelPathParsingTests {
    @Test(arguments: [("a", "a"), ("a/b.bin", "a/b.bin"), ("a//b", "a/b"), ("./a", "a"), ("a/./b", "a/b"), ("a/", "a"),
                      ("...", "..."), ("a/.b/..c", "a/.b/..c"), (".", "."), ("a/.", "a"), ("..a", "..a")])
    func normalizesLikeTheReference(text: String, expected: String) throws {
        let path = try #require(ModelPath(text))
        #expect(path.utf8 == Array(expected.utf8))
    }

    @Test(arguments: ["", "/a", "..", "a/..", "a/../b", "./", "a/\u{0}b", ".//", "//"])
    func refusesNamesOutsideTheModel(text: String) {
        #expect(ModelPath(text) == nil)
    }
}
