import Foundation
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
        // The rest keeps its bytes up to its last cell's end, and no more (a row's plain
        // cells are copied with the separators between them).
        #expect(group.bytes.count == group.cells.last?.end)
        #expect(group.bytes.count == "P1,a,quoted, with commaP1,bb".utf8.count)
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

    @Test("Keeping only the last row leaves it first, as removing it would give it; rows read after follow it")
    func lastRowKept() throws {
        var group = try Self.group("P1,a,\"quoted, with comma\"\nP1,bb,\nP2,\"two\nlines\",c\n")
        var copy = group
        let last = copy.removeLastRow()
        group.keepLastRow()
        #expect(Self.texts(group) == Self.texts(last))
        #expect(Self.positions(group) == [["3:1", "3:4", "4:8"]])
        #expect(group.bytes == last.bytes)
        let reader = CSVRowReader(source: ByteSource(bytes: Array("P2,z,22\n".utf8), path: "rows.csv"))
        #expect(try reader.next(into: &group, inputName: "rows.csv"))
        #expect(Self.texts(group) == [["P2", "two\nlines", "c"], ["P2", "z", "22"]])
        var empty = CSVRowGroup()
        empty.keepLastRow()
        #expect(empty.rows.isEmpty && empty.bytes.isEmpty)
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

/// The row reader's one-pass path for plain fields against its field-by-field path: a block
/// of one byte never holds a whole field, so every field goes the general way; larger
/// blocks cut rows at every other place. Every block size must read the same rows.
@Suite("CSV rows across block boundaries")
struct CSVRowBlockTests {
    static let texts = [
        "id,a,b\nP1,1,2\nP1,,x\n",
        "id;a\r\nP1;\"quoted; with\"\"quote\"\r\nP2;plain\r\n",
        "a,b\rP1,c\rP2,d",
        "P1,Zoë,東京,\n\nP2,\"multi\nline\",end",
        "P1,,,\n,,,\n\"\",\"\",x\n",
        "P1,a\u{0},b\nP2, spaced ,\ttab\t\n",
        "only\n",
        "P1,trailing\r",
        // Cells longer than a word: read eight bytes at a time up to what needs a look.
        "id,description,value\nP1,a rather long plain cell,12345678901234567\nP2,long\u{0}cell with a NUL inside,tab\tinside a long cell\n",
        "P1,Zoë Zoë Zoë Zoë Zoë,東京東京東京東京,abcdefghijklmnop\r\nP2,abcdefgh,ijklmnop,qrstuvwx\r\n",
        "id;a\nP1;abcdefgh;ijklmnopq;r\nP2;long,with,commas,inside;x\nP3;\"quoted after a long;cell\";abcdefghijklmnopqrstuvwxyz\n",
        "abcdefg,hijklmno\rpqrstuvw\nxyz0123456789,\u{7F}\u{7F}\u{7F}\u{7F}\u{7F}\u{7F}\u{7F}\u{7F}\u{7F}, \u{1F}~~~~~~~~~~\n",
        // Whole rows at once: separators at every place of a word, a plain rest after a
        // quoted cell, a byte that is not ASCII or a NUL late in a long row, a quote and a
        // carriage return only further on in the block.
        ",,,,,,,,,,,,,,,,,,,\n,a,,b,,c,,d,,e,,f,,g,,h\nabcdefgh,ijklmnop,qrstuvwx,\n",
        "P1,\"q\",abcdefgh,ijklmnop,,,,,,,,,,,,x\nP2,abcdefghijklmnopqrstuvwxyz0123456789,é\nP3,abcdefghijklmnopqrstuvwx\u{0}yz,1\n",
        "id,a\nP1,plain\nP2,plain\nP3,\"quoted\"\nP4,plain\r\nP5,plain\nP6,plain",
        "\"id\",\"a\",\"b\"\n\"P1\",\"\",\"x,y\"\nP2,abcdefghij,klmnopqrst\n\"P3\",plain after a quote,\"\"\n",
        // Quoted cells read at once, and those that are not: long ones, a doubled quote, a
        // line end, a byte beyond ASCII or a NUL inside, a quote closing at the text's end.
        "\"P1\",\"a quoted cell longer than a word\",\"x\"\r\n\"P2\",\"say \"\"hi\"\" twice\",\"\"\"\"\r\n\"P3\",\"two\nlines\",\"Zoë\"\r\n\"P4\",\"a\u{0}b\",\"end\"",
    ]

    private static func rows(_ text: String, blockSize: Int, separator: UInt8) throws -> [[String]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = CSVRowReader(source: try ByteSource(path: path, blockSize: blockSize))
        reader.separator = separator
        var group = CSVRowGroup()
        while try reader.next(into: &group, inputName: path) {}
        return group.rows.indices.map { row in
            group.row(row, file: nil).fields.map { "\($0.position.line):\($0.position.column)=\($0.text)|\($0.defect == nil)" }
        }
    }

    @Test("Every block size reads the same cells, texts and positions", arguments: texts)
    func sameRowsWhateverTheBlocks(text: String) throws {
        let separator = text.contains(";") ? UInt8(ascii: ";") : UInt8(ascii: ",")
        let reference = try Self.rows(text, blockSize: 1, separator: separator)
        #expect(!reference.isEmpty)
        for blockSize in [2, 3, 4, 5, 7, 11, 1 << 16] {
            #expect(try Self.rows(text, blockSize: blockSize, separator: separator) == reference, "block size \(blockSize)")
        }
    }
}

/// The row reader's eight-byte test against its byte-by-byte reading of an unquoted run.
@Suite("CSV plain cell bytes eight at a time")
struct CSVPlainCellPrefixTests {
    /// What the byte-by-byte reading passes without a look of its own: ASCII from space up,
    /// other than the separator.
    private static func plainPrefix(_ bytes: [UInt8], separator: UInt8) -> Int {
        bytes.firstIndex { $0 == separator || $0 < 0x20 || $0 >= 0x80 } ?? bytes.count
    }

    private static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test("Every byte at every place of a word, after plain bytes and before others", arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func everyByteEveryPlace(separator: UInt8) {
        let separatorWord = UInt64(separator) &* 0x0101_0101_0101_0101
        for byte in UInt8.min...UInt8.max {
            for place in 0..<8 {
                for filler in [UInt8(ascii: "a"), 0x20, 0x7F, 0x00, 0xFF, separator] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                    bytes[place] = byte
                    for after in (place + 1)..<8 { bytes[after] = filler }
                    let found = CSVRowReader.plainCellPrefix(Self.word(bytes), separatorWord: separatorWord)
                    #expect(found == Self.plainPrefix(bytes, separator: separator), "\(bytes)")
                }
            }
        }
    }

    @Test("Words of random bytes, mostly plain")
    func randomWords() {
        var generator = SystemRandomNumberGenerator()
        let separatorWord = UInt64(UInt8(ascii: ",")) &* 0x0101_0101_0101_0101
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ -> UInt8 in
                Int.random(in: 0..<4, using: &generator) == 0 ? UInt8.random(in: .min ... .max, using: &generator) : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            #expect(CSVRowReader.plainCellPrefix(Self.word(bytes), separatorWord: separatorWord) == Self.plainPrefix(bytes, separator: UInt8(ascii: ",")))
        }
    }
}
