import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// ``SyntaxMember`` and ``MappedMember`` read the member tuples of a mapping node and of a
/// mapped event where they lie: each must be laid out as its tuple, field for field, and
/// read the same keys and values.
@Suite("Member structs laid out as their tuples")
struct MemberLayoutTests {
    typealias Tuple = (key: String, keyPosition: TextPosition, value: SyntaxNode)
    typealias MappedTuple = (String, SyntaxNode)

    @Test func syntaxMemberHasTheTuplesLayout() {
        #expect(MemoryLayout<SyntaxMember>.size == MemoryLayout<Tuple>.size)
        #expect(MemoryLayout<SyntaxMember>.stride == MemoryLayout<Tuple>.stride)
        #expect(MemoryLayout<SyntaxMember>.alignment == MemoryLayout<Tuple>.alignment)
        #expect(MemoryLayout<SyntaxMember>.offset(of: \.key) == MemoryLayout<Tuple>.offset(of: \.key))
        #expect(MemoryLayout<SyntaxMember>.offset(of: \.keyPosition) == MemoryLayout<Tuple>.offset(of: \.keyPosition))
        #expect(MemoryLayout<SyntaxMember>.offset(of: \.value) == MemoryLayout<Tuple>.offset(of: \.value))
    }

    @Test func mappedMemberHasTheTuplesLayout() {
        #expect(MemoryLayout<MappedMember>.size == MemoryLayout<MappedTuple>.size)
        #expect(MemoryLayout<MappedMember>.stride == MemoryLayout<MappedTuple>.stride)
        #expect(MemoryLayout<MappedMember>.alignment == MemoryLayout<MappedTuple>.alignment)
        #expect(MemoryLayout<MappedMember>.offset(of: \.key) == MemoryLayout<MappedTuple>.offset(of: \.0))
        #expect(MemoryLayout<MappedMember>.offset(of: \.node) == MemoryLayout<MappedTuple>.offset(of: \.1))
    }

    /// Keys (small and long texts) and values of every kind read in place as they read from the tuples.
    @Test func membersReadInPlaceAsTheTuples() {
        let file = "datasets/a-file-name-longer-than-fifteen-bytes.csv"
        let values: [SyntaxNode] = [
            SyntaxNode(content: .null, position: TextPosition(line: 1, column: 2)),
            SyntaxNode(content: .bool(true), position: TextPosition(line: 3, column: 4, file: file)),
            .number("12.5", at: TextPosition(line: 5, column: 6)),
            .text("a text longer than fifteen bytes", at: TextPosition(line: 7, column: 8, file: file)),
            .list([.text("x", at: TextPosition(line: 9, column: 1))], at: TextPosition(line: 9, column: 1)),
            .mapping([("inner", .text("y", at: TextPosition(line: 10, column: 2)))], at: TextPosition(line: 10, column: 1)),
        ]
        let keys = ["k", "a key longer than fifteen bytes", "date", "type", "", "ключ"]
        let tuples: [Tuple] = zip(keys, values).enumerated().map { index, pair in
            (key: pair.0, keyPosition: TextPosition(line: index + 1, column: index + 20, file: index.isMultiple(of: 2) ? nil : file), value: pair.1)
        }
        let read = tuples.withMembersInPlace { members in
            members.indices.map { (members[$0].key, members[$0].keyPosition, members[$0].value.value, members[$0].value.position) }
        }
        #expect(read.map(\.0) == keys)
        #expect(read.map(\.1) == tuples.map(\.keyPosition))
        #expect(read.map(\.2) == values.map(\.value))
        #expect(read.map(\.3) == values.map(\.position))

        let mapped: [MappedTuple] = zip(keys, values).map { ($0, $1) }
        let readMapped = mapped.withMappedMembersInPlace { members in
            members.indices.map { (members[$0].key, members[$0].node.value, members[$0].node.position) }
        }
        #expect(readMapped.map(\.0) == keys)
        #expect(readMapped.map(\.1) == values.map(\.value))
        #expect(readMapped.map(\.2) == values.map(\.position))
    }
}
