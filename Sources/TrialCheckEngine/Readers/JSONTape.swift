import TrialCheckCore

/// One JSON value as a flat table of its values (a tape), in document order, over the bytes
/// of its scalars: what a ``SyntaxNode`` tree holds, positions included, in one array of
/// plain entries rather than a tree of arrays and strings.
///
/// A tape is read from a line's bytes in one pass (``read(_:line:file:)``), where its
/// strings are the line's own bytes, or made from a parsed tree (``init(_:)``) for what that
/// read gives up on. Nothing is built for a value until it is asked for: ``FHIRNode`` reads
/// members, elements and texts in place and makes a ``SyntaxNode`` only of what is kept.
final class JSONTape: Sendable {
    /// What a value is.
    enum Kind: UInt8, Sendable {
        case null, bool, number, string, array, object
    }

    /// One value: its kind, where its text is, where it was read, and, as a member of an
    /// object, its key.
    ///
    /// The lines come first and the kind last, so the entry takes 48 bytes, not 56 (what
    /// reading, spilling and reading back a tape copies).
    struct Entry: Sendable {
        var line: Int
        var keyLine: Int = 0
        /// The range in ``JSONTape/bytes`` of a string's, number's or Boolean's text (what
        /// ``SyntaxNode/scalarText`` gives).
        var start: Int32
        var end: Int32
        /// The index of the entry after this value and everything in it.
        var next: Int32
        var column: Int32
        /// The range of the key in ``JSONTape/bytes``, for a member of an object (else empty).
        var keyStart: Int32 = 0
        var keyEnd: Int32 = 0
        var keyColumn: Int32 = 0
        var kind: Kind

        /// An entry of no key.
        init(kind: Kind, start: Int32, end: Int32, next: Int32, column: Int32, line: Int) {
            self.line = line
            self.start = start
            self.end = end
            self.next = next
            self.column = column
            self.kind = kind
        }

        /// The range of the text of a string, number or Boolean; `nil` for null, a list or
        /// an object.
        var textRange: Range<Int>? {
            switch kind {
            case .string, .number, .bool: Int(start)..<Int(end)
            case .null, .array, .object: nil
            }
        }
    }

    /// The texts the entries' ranges name.
    let bytes: [UInt8]
    /// The values, the root first; a list's or object's own values follow it, up to its
    /// ``Entry/next``.
    let entries: [Entry]
    /// The file positions name, where it is not the input's own path.
    let file: String?

    /// A tape of `entries` over `bytes`, as read or made (``init(_:)``, ``read(_:line:file:)``).
    init(bytes: [UInt8], entries: [Entry], file: String?) {
        self.bytes = bytes
        self.entries = entries
        self.file = file
    }

    /// The root value.
    var root: FHIRNode { FHIRNode(tape: self, index: 0) }

    /// The index of the entry of the member `key` names in the object at `index` (the
    /// first, if the key is repeated); `nil` if there is none or the value is no object.
    func member(named key: UnsafeBufferPointer<UInt8>, of index: Int) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBufferPointer { bytes in
                let entry = entries[index]
                guard entry.kind == .object else { return nil }
                let length = Int32(truncatingIfNeeded: key.count)
                var child = index + 1
                let end = Int(entry.next)
                while child < end {
                    let member = entries[child]
                    // Lengths first, then the first byte: most keys differ there.
                    if member.keyEnd - member.keyStart == length, length == 0 || bytes[Int(member.keyStart)] == key[0],
                       bytes.matches(Int(member.keyStart)..<Int(member.keyEnd), key) {
                        return child
                    }
                    child = Int(member.next)
                }
                return nil
            }
        }
    }

    /// The position of the entry at `index`.
    func position(of index: Int) -> TextPosition {
        let entry = entries[index]
        return TextPosition(line: entry.line, column: Int(entry.column), file: file)
    }

    // MARK: - From a tree

    /// The tape of a parsed tree (positions and texts as the tree has them).
    convenience init(_ node: SyntaxNode) {
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        Self.append(node, key: nil, to: &entries, bytes: &bytes)
        self.init(bytes: bytes, entries: entries, file: node.position.file)
    }

    private static func append(
        _ node: SyntaxNode, key: (text: String, position: TextPosition)?, to entries: inout [Entry], bytes: inout [UInt8]
    ) {
        let index = entries.count
        var entry = Entry(kind: .null, start: 0, end: 0, next: 0, column: Int32(truncatingIfNeeded: node.position.column), line: node.position.line)
        if let key {
            entry.keyStart = Int32(truncatingIfNeeded: bytes.count)
            bytes += key.text.utf8
            entry.keyEnd = Int32(truncatingIfNeeded: bytes.count)
            entry.keyColumn = Int32(truncatingIfNeeded: key.position.column)
            entry.keyLine = key.position.line
        }
        func text(_ text: String) {
            entry.start = Int32(truncatingIfNeeded: bytes.count)
            bytes += text.utf8
            entry.end = Int32(truncatingIfNeeded: bytes.count)
        }
        switch node.content {
        case .null: entry.kind = .null
        case .bool(let flag): entry.kind = .bool; text(flag ? "true" : "false")
        case .number(let number): entry.kind = .number; text(number)
        case .string(let string): entry.kind = .string; text(string)
        case .array: entry.kind = .array
        case .object: entry.kind = .object
        }
        entries.append(entry)
        switch node.content {
        case .array(let items):
            for item in items { append(item, key: nil, to: &entries, bytes: &bytes) }
        case .object(let members):
            for member in members { append(member.value, key: (member.key, member.keyPosition), to: &entries, bytes: &bytes) }
        default:
            break
        }
        entries[index].next = Int32(truncatingIfNeeded: entries.count)
    }

    // MARK: - From bytes

    /// The tape of the JSON value on one line (surrounding spaces allowed), or `nil` where
    /// the read gives up: on anything the parser would reject, and on what it leaves to the
    /// parser (an escape sequence in a string, nesting deeper than ``JSONCursor/maximumDepth``, a line
    /// past 2 GB). Its positions are the parser's: `line`, and columns in characters.
    static func read(_ bytes: [UInt8], line: Int, file: String?) -> JSONTape? {
        guard bytes.count < Int32.max else { return nil }
        let entries: [Entry]? = bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, line: line)
            reader.entries.reserveCapacity(buffer.count / 16 + 4)
            reader.skipSpace()
            guard reader.value(key: nil, depth: 1) else { return nil }
            reader.skipSpace()
            guard reader.index == buffer.count else { return nil }
            return reader.entries
        }
        guard let entries else { return nil }
        return JSONTape(bytes: bytes, entries: entries, file: file)
    }

    /// The one pass of ``read(_:line:file:)``.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let line: Int
        var index = 0
        /// The UTF-8 continuation bytes before ``index``: columns count characters.
        var continuationBytes = 0
        var entries: [Entry] = []

        init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
            self.bytes = bytes
            self.line = line
        }

        var column: Int32 { Int32(truncatingIfNeeded: index - continuationBytes + 1) }

        mutating func skipSpace() {
            index = JSONCursor.endOfSpace(in: bytes, from: index)
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Reads one value into the entries, as the member `key` (its range and column) if given.
        mutating func value(key: (range: Range<Int>, column: Int32)?, depth: Int) -> Bool {
            guard index < bytes.count, depth <= JSONCursor.maximumDepth else { return false }
            let entryIndex = entries.count
            var entry = Entry(kind: .null, start: 0, end: 0, next: 0, column: column, line: line)
            if let key {
                entry.keyStart = Int32(truncatingIfNeeded: key.range.lowerBound)
                entry.keyEnd = Int32(truncatingIfNeeded: key.range.upperBound)
                entry.keyColumn = key.column
                entry.keyLine = line
            }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let range = string() else { return false }
                entry.kind = .string
                entry.start = Int32(truncatingIfNeeded: range.lowerBound)
                entry.end = Int32(truncatingIfNeeded: range.upperBound)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = index
                let kind: Kind
                if literal("true") || literal("false") {
                    kind = .bool
                } else if literal("null") {
                    kind = .null
                } else {
                    return false
                }
                entry.kind = kind
                if kind == .bool {
                    entry.start = Int32(truncatingIfNeeded: start)
                    entry.end = Int32(truncatingIfNeeded: index)
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var cursor = JSONCursor(bytes, at: index)
                guard let range = cursor.number() else { return false }
                index = cursor.index
                entry.kind = .number
                entry.start = Int32(truncatingIfNeeded: range.lowerBound)
                entry.end = Int32(truncatingIfNeeded: range.upperBound)
            case UInt8(ascii: "["):
                index += 1
                entry.kind = .array
                entries.append(entry)
                skipSpace()
                if !skip(UInt8(ascii: "]")) {
                    repeat {
                        skipSpace()
                        guard value(key: nil, depth: depth + 1) else { return false }
                        skipSpace()
                    } while skip(UInt8(ascii: ","))
                    guard skip(UInt8(ascii: "]")) else { return false }
                }
                entries[entryIndex].next = Int32(truncatingIfNeeded: entries.count)
                return true
            case UInt8(ascii: "{"):
                index += 1
                entry.kind = .object
                entries.append(entry)
                skipSpace()
                if !skip(UInt8(ascii: "}")) {
                    repeat {
                        skipSpace()
                        let keyColumn = column
                        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return false }
                        skipSpace()
                        guard skip(UInt8(ascii: ":")) else { return false }
                        skipSpace()
                        guard value(key: (key, keyColumn), depth: depth + 1) else { return false }
                        skipSpace()
                    } while skip(UInt8(ascii: ","))
                    guard skip(UInt8(ascii: "}")) else { return false }
                }
                entries[entryIndex].next = Int32(truncatingIfNeeded: entries.count)
                return true
            default:
                return false
            }
            entry.next = Int32(truncatingIfNeeded: entryIndex + 1)
            entries.append(entry)
            return true
        }

        mutating func literal(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count, bytes.matches(index..<index + count, literal) else { return false }
            index += count
            return true
        }

        /// The range of the content of the string at ``index`` (its quote), read through its
        /// closing quote; `nil` for an escape sequence, a control character or invalid UTF-8.
        mutating func string() -> Range<Int>? {
            let start = index + 1
            let scan = JSONCursor.plainString(in: bytes, from: start)
            guard scan.closed else { return nil }
            if !scan.isASCII {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<scan.end])
                guard String(validating: content, as: UTF8.self) != nil else { return nil }
                continuationBytes += content.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 1 : 0) }
            }
            index = scan.end + 1
            return start..<scan.end
        }
    }
}
