import Testing
@testable import TrialCheckEngine

@Suite("CSV row groups")
struct CSVRowGroupTests {
    /// The rows of `text`, read into one group.
    private static func group(_ text: String) throws -> CSVRowGroup {
        let reader = CSVRowReader(source: ByteSource(bytes: Array(text.utf8), path: "rows.csv"))
        var group = CSVRowGroup()
        while try reader.next(into: &group, inputName: "rows.csv") {}
        return group
    }

    private static func texts(_ group: CSVRowGroup) -> [[String]] {
        group.rows.indices.map { row in group.row(row, file: nil).fields.map(\.text) }
    }

    private static func positions(_ group: CSVRowGroup) -> [[String]] {
        group.rows.indices.map { row in group.row(row, file: nil).fields.map { "\($0.position.line):\($0.position.column)" } }
    }

    @Test("The last row moves to a group of its own, with its texts and positions; the rest stays")
    func lastRowMoves() throws {
        var group = try Self.group("P1,a,\"quoted, with comma\"\nP1,bb,\nP2,\"two\nlines\",c\n")
        let last = group.removeLastRow()
        #expect(Self.texts(group) == [["P1", "a", "quoted, with comma"], ["P1", "bb", ""]])
        #expect(Self.texts(last) == [["P2", "two\nlines", "c"]])
        #expect(Self.positions(last) == [["3:1", "3:4", "4:8"]])
        #expect(group.bytes.count == "P1aquoted, with commaP1bb".utf8.count)
    }

    @Test("Rows read into a moved row's group follow it, as in a group read from the start")
    func rowsFollowAMovedRow() throws {
        let text = "P1,x\nP2,y,1\nP2,z,22\n"
        var first = try Self.group("P1,x\nP2,y,1\n")
        var moved = first.removeLastRow()
        let reader = CSVRowReader(source: ByteSource(bytes: Array("P2,z,22\n".utf8), path: "rows.csv"))
        #expect(try reader.next(into: &moved, inputName: "rows.csv"))
        let whole = try Self.group(text)
        #expect(Self.texts(moved) == Array(Self.texts(whole).dropFirst()))
        #expect(Self.texts(first) == [["P1", "x"]])
        first.removeAll()
        #expect(first.rows.isEmpty && first.cells.isEmpty && first.bytes.isEmpty)
    }

    @Test("Taking the only row leaves an empty group; taking from an empty group gives one")
    func edges() throws {
        var group = try Self.group("P1,a\n")
        let last = group.removeLastRow()
        #expect(group.rows.isEmpty && group.cells.isEmpty && group.bytes.isEmpty)
        #expect(Self.texts(last) == [["P1", "a"]])
        var empty = CSVRowGroup()
        #expect(empty.removeLastRow().rows.isEmpty)
    }
}
