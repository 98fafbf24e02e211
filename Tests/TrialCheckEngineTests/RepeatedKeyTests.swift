import Testing
@testable import TrialCheckEngine

/// `firstRepeatedKey`: the first member whose key an earlier member has, as a plain search
/// of every earlier member finds it, whatever the keys share (length, first bytes).
@Suite("Repeated keys in a mapping")
struct RepeatedKeyTests {
    private static func members(_ keys: [String]) -> [(key: String, keyPosition: TextPosition, value: SyntaxNode)] {
        keys.enumerated().map { index, key in
            (key: key, keyPosition: TextPosition(line: 1, column: index + 1), value: SyntaxNode(content: .null, position: TextPosition(line: 1, column: index + 1)))
        }
    }

    /// The answer by comparing every pair of keys as text.
    private static func reference(_ keys: [String]) -> Int? {
        keys.indices.dropFirst().first { later in keys[..<later].contains(keys[later]) }
    }

    @Test("The first repeat is found, or none", arguments: [
        [String](),
        ["type"],
        ["type", "date", "test", "unit"],
        ["type", "date", "type"],
        ["type", "date", "test", "date", "type"],
        ["abcdefgX", "abcdefgY"],
        ["abcdefgX", "abcdefgY", "abcdefgX"],
        ["immune_related", "immune_relatedness", "immune_related"],
        ["", "a", ""],
        ["dosé", "dose", "dosé"],
        ["Dose", "dose"],
        [String(repeating: "k", count: 300) + "1", String(repeating: "k", count: 300) + "2"],
        [String(repeating: "k", count: 300), "x", String(repeating: "k", count: 300)],
    ])
    func smallMappings(keys: [String]) {
        #expect(Self.members(keys).firstRepeatedKey == Self.reference(keys))
    }

    @Test("Past the pairwise limit the keys are hashed, with the same answer")
    func largeMappings() {
        let distinct = (0..<40).map { "key\($0)" }
        #expect(Self.members(distinct).firstRepeatedKey == nil)
        let repeated = distinct + ["key7", "key3"]
        #expect(Self.members(repeated).firstRepeatedKey == Self.reference(repeated))
        #expect(Self.members(repeated).firstRepeatedKey == 40)
    }
}
