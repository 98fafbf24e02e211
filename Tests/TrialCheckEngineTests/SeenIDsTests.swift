import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The set of patient ids an audit has seen: exact, and answering where an id was first read.
@Suite("SeenIDs: the compact set of ids seen")
struct SeenIDsTests {
    @Test("A new id is recorded; a repeat answers where the first was read")
    func firstAndRepeat() {
        var seen = SeenIDs()
        #expect(seen.insert("BJ-0001", at: SourceLocation(file: "a.ndjson", line: 3)) == nil)
        #expect(seen.insert("BJ-0002", at: SourceLocation(file: "a.ndjson", line: 4)) == nil)
        let first = seen.insert("BJ-0001", at: SourceLocation(file: "b.ndjson", line: 9))
        #expect(first == SourceLocation(file: "a.ndjson", line: 3))
        #expect(first?.description == "a.ndjson:3")
    }

    @Test("A location without a line (or line 0) is answered without one; columns are not kept")
    func noLine() {
        var seen = SeenIDs()
        _ = seen.insert("a", at: SourceLocation(file: "bundle.json"))
        _ = seen.insert("b", at: SourceLocation(file: "rows.csv", line: 0))
        _ = seen.insert("c", at: SourceLocation(file: "x.yaml", line: 7, column: 3))
        #expect(seen.insert("a", at: SourceLocation(file: "other")) == SourceLocation(file: "bundle.json"))
        #expect(seen.insert("b", at: SourceLocation(file: "other")) == SourceLocation(file: "rows.csv"))
        #expect(seen.insert("c", at: SourceLocation(file: "other")) == SourceLocation(file: "x.yaml", line: 7))
    }

    @Test("Ids are compared exactly: prefixes, case, empty, non-ASCII and long ids stay apart")
    func exact() {
        let ids = ["", "A", "a", "a ", "ab", "abc", "P-1", "P-10", "P-01", "Zoë", "Zoe\u{308}", "患者-1", "\u{0}", "x\u{1F}y",
                   String(repeating: "long", count: 100), String(repeating: "L", count: 3 << 20)]
        var seen = SeenIDs()
        for (line, id) in ids.enumerated() {
            #expect(seen.insert(id, at: SourceLocation(file: "f", line: line + 1)) == nil, "\(id.prefix(20)) taken as seen")
        }
        for (line, id) in ids.enumerated() {
            #expect(seen.insert(id, at: SourceLocation(file: "g", line: 1)) == SourceLocation(file: "f", line: line + 1))
        }
    }

    @Test("Hundreds of thousands of ids across files: every repeat found, no false repeat")
    func many() {
        var seen = SeenIDs()
        let count = 300_000
        for index in 0 ..< count {
            let file = index < count / 2 ? "first.ndjson" : "second.ndjson"
            #expect(seen.insert("ZZ-\(index)", at: SourceLocation(file: file, line: index + 1)) == nil)
        }
        for index in stride(from: 0, to: count, by: 997) {
            let file = index < count / 2 ? "first.ndjson" : "second.ndjson"
            #expect(seen.insert("ZZ-\(index)", at: SourceLocation(file: "third", line: 1)) == SourceLocation(file: file, line: index + 1))
        }
        #expect(seen.insert("ZZ-\(count)", at: SourceLocation(file: "third", line: 2)) == nil)
    }
}

extension SeenIDsTests {
    @Test("Ids read after the arena is full are still recorded exactly")
    func fullArena() {
        var seen = SeenIDs(arenaChunks: 1)
        let count = 150_000
        for index in 0 ..< count {
            #expect(seen.insert("patient-\(index)", at: SourceLocation(file: "f", line: index + 1)) == nil)
        }
        for index in stride(from: 0, to: count, by: 101) {
            #expect(seen.insert("patient-\(index)", at: SourceLocation(file: "g", line: 1)) == SourceLocation(file: "f", line: index + 1))
        }
        #expect(seen.insert("patient-\(count)", at: SourceLocation(file: "g", line: 2)) == nil)
    }
}
