/// Reads the YAML that data files are written in straight from the bytes into a
/// ``SyntaxNode`` tree: block mappings and sequences by indentation, one-line flow
/// mappings and sequences (`{type: lab, value: 4.9}`), one-line plain and quoted scalars,
/// comments. About a tenth of the cost of going through libyaml's events.
///
/// Anything outside that subset makes it give way with `nil`, and the caller takes the
/// libyaml route (``YAMLEventReader``), which gives way to Yams in turn: a scalar over
/// several lines, a block scalar (`|`, `>`), an escape in a double-quoted scalar, a quoted
/// or explicit key, an empty value, an anchor, alias, tag or directive, a document
/// marker, a tab, a carriage return, a control or line-separator character, a repeated
/// key, and every syntax error. Where it does read a document, its tree is libyaml's,
/// positions included (columns count characters, as libyaml's do).
enum YAMLDataScanner {
    /// The tree of `text`, or `nil` when the document needs another route.
    ///
    /// - Parameter reusingTexts: whether a short text met again is taken from a
    ///   ``ShortTextTable`` rather than made again (the tree is the same either way; tests
    ///   compare the two).
    static func read(_ text: String, reusingTexts: Bool = true) -> SyntaxNode? {
        var text = text
        return text.withUTF8 { bytes in
            guard let isASCII = textKind(bytes) else { return nil }
            guard reusingTexts else {
                var scanner = Scanner(bytes: bytes, isASCII: isASCII, texts: nil)
                return try? scanner.document()
            }
            return ShortTextTable.withTable { table in
                var scanner = Scanner(bytes: bytes, isASCII: isASCII, texts: table)
                return try? scanner.document()
            }
        }
    }

    /// Whether `bytes` are all ASCII (`true`) or also hold other characters (`false`);
    /// `nil` when they hold a byte this reader leaves to libyaml: a tab, a carriage
    /// return or another control character, a byte-order mark, a line or paragraph
    /// separator, or a character outside the Basic Multilingual Plane.
    static func textKind(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return true }
        var isASCII = true
        var index = 0
        let count = bytes.count
        while index < count {
            if index + 8 <= count,
                isPrintableASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                guard byte >= 0x20 && byte != 0x7F || byte == Byte.newline else { return nil }
                index += 1
                continue
            }
            isASCII = false
            let next = index + 1 < count ? bytes[index + 1] : 0
            let third = index + 2 < count ? bytes[index + 2] : 0
            switch byte {
            case 0xC2 where next < 0xA0: return nil  // C1 controls, NEL
            case 0xE2 where next == 0x80 && (third == 0xA8 || third == 0xA9): return nil  // LS, PS
            case 0xEF where next == 0xBB && third == 0xBF: return nil  // byte-order mark
            case 0xEF where next == 0xBF && third >= 0xBE: return nil  // U+FFFE, U+FFFF
            case 0xF0...: return nil
            default: index += 1
            }
        }
        return isASCII
    }

    /// Whether a plain scalar in a flow collection ends at `byte`, or may: a line feed, `#`,
    /// `,`, `:`, `[`, `]`, `{` or `}`. One bit test for the many bytes that are none of them.
    static func isFlowPlainStop(_ byte: UInt8) -> Bool {
        guard byte < 0x80 else { return false }
        // The bits of the bytes below 64 and of those from 64 to 127.
        let stops: UInt64 = byte < 64
            ? 1 << 0x0A | 1 << 0x23 | 1 << 0x2C | 1 << 0x3A
            : 1 << (0x5B - 64) | 1 << (0x5D - 64) | 1 << (0x7B - 64) | 1 << (0x7D - 64)
        return stops >> UInt64(byte & 63) & 1 != 0
    }

    /// Whether the eight bytes of `word` are each printable ASCII (space to `~`) or a line
    /// feed: the usual word of a data file, passed without looking at its bytes one by one.
    /// With no byte's high bit set, adding 0x60 or 0x01 to every byte carries into no
    /// other byte, so the sums' high bits mark the bytes below a space and the deletes.
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        guard word & highBits == 0 else { return false }
        let notNewline = ((word ^ 0x0A0A_0A0A_0A0A_0A0A) &+ 0x7F7F_7F7F_7F7F_7F7F) & highBits
        let belowSpace = ~(word &+ 0x6060_6060_6060_6060) & highBits
        let delete = (word &+ 0x0101_0101_0101_0101) & highBits
        return (belowSpace & notNewline) | delete == 0
    }
}

/// The document does not fit the subset: another route reads it.
private struct GiveWay: Error {}

private enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let hash = UInt8(ascii: "#")
    static let dash = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
}

private struct Scanner {
    /// libyaml refuses a simple key longer than 1,024 characters (up to its `:`); longer
    /// ones, with a margin, are left to it.
    static let keyLengthLimit = 1000
    /// Collections nested deeper than this are left to the other routes (the scanner recurses).
    static let depthLimit = 500
    let bytes: UnsafeBufferPointer<UInt8>
    /// Whether every byte is ASCII: a column is then a byte offset in its line.
    let isASCII: Bool
    /// The short texts made so far, to take again; `nil`: every text is made anew.
    let texts: ShortTextTable?
    var index = 0
    var line = 1
    var lineStart = 0
    /// The indentation of the content line `index` is on; `-1` at the end of the text.
    var indent = -1
    /// How many collections are open.
    var depth = 0
    /// The ``KeyFingerprint`` of each key read of the mappings open, innermost last: a
    /// mapping looks for a repeated key with them, without reading its keys' text again.
    var keyPrints: [UInt64] = []

    init(bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, texts: ShortTextTable?) {
        self.bytes = bytes
        self.isASCII = isASCII
        self.texts = texts
        keyPrints.reserveCapacity(64)
    }

    mutating func document() throws(GiveWay) -> SyntaxNode {
        try nextContentLine()
        guard indent >= 0 else { throw GiveWay() }
        let root = try blockNode(column: indent)
        guard indent < 0 else { throw GiveWay() }
        return root
    }

    // MARK: Lines

    func byte(at offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    var current: UInt8 { byte(at: index) }

    @inline(__always)
    var position: TextPosition {
        TextPosition(line: line, column: characterColumn(at: index))
    }

    func characterColumn(at offset: Int) -> Int {
        if isASCII { return offset - lineStart + 1 }
        var characters = 0
        for at in lineStart..<offset where bytes[at] & 0xC0 != 0x80 {
            characters += 1
        }
        return characters + 1
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == Byte.space { index += 1 }
    }

    /// Moves to the first character of the next line with content (not blank, not only a
    /// comment), setting ``indent``; `index` is at the start of a line.
    mutating func nextContentLine() throws(GiveWay) {
        while true {
            skipSpaces()
            guard index < bytes.count else {
                indent = -1
                return
            }
            switch bytes[index] {
            case Byte.newline:
                startLine(after: index)
            case Byte.hash:
                skipToLineEnd()
            default:
                let spaces = index - lineStart
                if spaces == 0, isDocumentMarker() { throw GiveWay() }
                indent = spaces
                return
            }
        }
    }

    func isDocumentMarker() -> Bool {
        let first = current
        return (first == Byte.dash || first == Byte.dot) && byte(at: index + 1) == first && byte(at: index + 2) == first
    }

    mutating func startLine(after newline: Int) {
        index = newline + 1
        line += 1
        lineStart = index
    }

    mutating func skipToLineEnd() {
        while index < bytes.count, bytes[index] != Byte.newline { index += 1 }
        if index < bytes.count { startLine(after: index) }
    }

    /// Ends a line whose value has been read: spaces, a comment, the line break, then on
    /// to the next content line.
    mutating func finishLine() throws(GiveWay) {
        skipSpaces()
        // After a value, only a comment (after a space) may stand before the line break;
        // the end of the input, the break and the comment are then ``nextContentLine()``'s.
        if index < bytes.count, bytes[index] != Byte.newline {
            guard bytes[index] == Byte.hash, index > lineStart, bytes[index - 1] == Byte.space else { throw GiveWay() }
        }
        try nextContentLine()
    }

    /// Whether `index` is at a sequence entry's `-`.
    var isAtEntry: Bool {
        current == Byte.dash && isBlankOrEnd(byte(at: index + 1), at: index + 1)
    }

    func isBlankOrEnd(_ byte: UInt8, at offset: Int) -> Bool {
        offset >= bytes.count || byte == Byte.space || byte == Byte.newline
    }

    mutating func enterCollection() throws(GiveWay) {
        depth += 1
        guard depth <= Self.depthLimit else { throw GiveWay() }
    }

    // MARK: Block collections

    /// The block collection starting at `index`, in column `column`.
    mutating func blockNode(column: Int) throws(GiveWay) -> SyntaxNode {
        if isAtEntry { return try blockSequence(column: column) }
        guard keyEnd() != nil else { throw GiveWay() }
        return try blockMapping(column: column)
    }

    mutating func blockSequence(column: Int) throws(GiveWay) -> SyntaxNode {
        try enterCollection()
        defer { depth -= 1 }
        let start = position
        var items: [SyntaxNode] = []
        repeat {
            index += 1
            skipSpaces()
            let item: SyntaxNode
            if index >= bytes.count || current == Byte.newline || current == Byte.hash {
                try finishLine()
                guard indent > column else { throw GiveWay() }
                item = try blockNode(column: indent)
            } else if isAtEntry {
                throw GiveWay()
            } else if keyEnd() != nil {
                item = try blockMapping(column: index - lineStart)  // after `- `: spaces only
            } else {
                item = try inlineValue()
                try finishLine()
            }
            items.append(item)
            guard indent <= column else { throw GiveWay() }
        } while indent == column && isAtEntry
        return SyntaxNode(content: .array(items), position: start)
    }

    mutating func blockMapping(column: Int) throws(GiveWay) -> SyntaxNode {
        try enterCollection()
        defer { depth -= 1 }
        let start = position
        var members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)] = []
        let firstPrint = keyPrints.count
        defer { keyPrints.removeLast(keyPrints.count - firstPrint) }
        repeat {
            guard let colon = keyEnd(), colon - index <= Self.keyLengthLimit else { throw GiveWay() }
            let keyPosition = position
            let key = try keyText(from: index, to: colon)
            index = colon + 1
            skipSpaces()
            let value: SyntaxNode
            if index >= bytes.count || current == Byte.newline || current == Byte.hash {
                try finishLine()
                if indent > column {
                    value = try blockNode(column: indent)
                } else if indent == column, isAtEntry {
                    value = try blockSequence(column: column)
                } else {
                    throw GiveWay()
                }
            } else {
                value = try inlineValue()
                try finishLine()
            }
            members.append((key: key, keyPosition: keyPosition, value: value))
            guard indent <= column else { throw GiveWay() }
        } while indent == column
        guard !repeatsAKey(members, printsFrom: firstPrint) else { throw GiveWay() }
        return SyntaxNode(content: .object(members), position: start)
    }

    /// The offset of the `:` that ends a plain key starting at `index` on this line, or `nil`.
    func keyEnd() -> Int? {
        guard startsPlain() else { return nil }
        var at = index + 1
        while at < bytes.count {
            switch bytes[at] {
            case Byte.newline: return nil
            case Byte.colon where isBlankOrEnd(byte(at: at + 1), at: at + 1): return at
            case Byte.hash where bytes[at - 1] == Byte.space: return nil
            default: at += 1
            }
        }
        return nil
    }

    /// The plain scalar between two offsets (trailing spaces dropped), typed by the core
    /// schema and placed at `position`.
    @inline(__always)
    func plainScalar(from start: Int, to end: Int, at position: TextPosition) throws(GiveWay) -> SyntaxNode {
        let scalar = try plainBytes(from: start, to: end)
        if let texts, let words = ShortTextBytes(bytes, from: start, length: scalar.count) {
            let (text, kind) = texts.text(of: scalar, words: words)
            return SyntaxNode(content: YAMLSyntaxParser.content(of: text, kind: kind), position: position)
        }
        let text = String(decoding: scalar, as: UTF8.self)
        return SyntaxNode(content: YAMLSyntaxParser.content(of: text, isPlain: true), position: position)
    }

    /// A plain scalar's bytes between two offsets, trailing spaces dropped.
    @inline(__always)
    func plainBytes(from start: Int, to end: Int) throws(GiveWay) -> UnsafeBufferPointer<UInt8> {
        var end = end
        while end > start, bytes[end - 1] == Byte.space { end -= 1 }
        guard end > start else { throw GiveWay() }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A mapping key's text between two offsets, trailing spaces dropped; its
    /// fingerprint joins ``keyPrints``.
    @inline(__always)
    mutating func keyText(from start: Int, to end: Int) throws(GiveWay) -> String {
        let key = try plainBytes(from: start, to: end)
        if let texts, let words = ShortTextBytes(bytes, from: start, length: key.count) {
            keyPrints.append(words.keyFingerprint)
            return texts.text(of: key, words: words).text
        }
        keyPrints.append(KeyFingerprint.of(key))
        return String(decoding: key, as: UTF8.self)
    }

    /// Whether a mapping whose keys' fingerprints start at `firstPrint` in ``keyPrints``
    /// holds a key twice.
    func repeatsAKey(_ members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)], printsFrom firstPrint: Int) -> Bool {
        keyPrints.withUnsafeBufferPointer { prints in
            members.firstRepeatedKey(prints: UnsafeBufferPointer(rebasing: prints[firstPrint...])) != nil
        }
    }

    // MARK: Values

    /// A flow collection or a quoted scalar starting here; nil where a plain scalar may start.
    mutating func collectionOrQuoted() throws(GiveWay) -> SyntaxNode? {
        switch current {
        case Byte.openBracket: try flowSequence()
        case Byte.openBrace: try flowMapping()
        case Byte.singleQuote, Byte.doubleQuote: try quoted()
        default: nil
        }
    }

    /// A value on the rest of a line in block context: a flow collection, a quoted or a plain scalar.
    mutating func inlineValue() throws(GiveWay) -> SyntaxNode {
        if let node = try collectionOrQuoted() { return node }
        guard startsPlain() else { throw GiveWay() }
        let start = position
        let first = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.newline || byte == Byte.hash && bytes[index - 1] == Byte.space { break }
            // `a: b: c` is an error; `a: b:` would be a key.
            if byte == Byte.colon, isBlankOrEnd(self.byte(at: index + 1), at: index + 1) { throw GiveWay() }
            index += 1
        }
        return try plainScalar(from: first, to: index, at: start)
    }

    /// Whether a plain scalar may start at `index`: not at an indicator, and not at a
    /// `-`, `?` or `:` followed by a blank or a flow indicator.
    @inline(__always)
    func startsPlain() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case Byte.space, Byte.newline, Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace,
             Byte.hash, Byte.singleQuote, Byte.doubleQuote, Byte.colon,
             UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        case Byte.dash:
            let next = byte(at: index + 1)
            return !isBlankOrEnd(next, at: index + 1) && !Self.isFlowIndicator(next) && next != Byte.hash && next != Byte.colon
        default:
            return true
        }
    }

    static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == Byte.comma || byte == Byte.openBracket || byte == Byte.closeBracket || byte == Byte.openBrace || byte == Byte.closeBrace
    }

    /// A quoted scalar on one line: `'...'` with `''` for a quote, or `"..."` without escapes.
    mutating func quoted() throws(GiveWay) -> SyntaxNode {
        let start = position
        let quote = current
        index += 1
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw GiveWay() }
            let byte = bytes[index]
            switch byte {
            case Byte.newline:
                throw GiveWay()
            case Byte.backslash where quote == Byte.doubleQuote:
                throw GiveWay()
            case quote:
                if quote == Byte.singleQuote, self.byte(at: index + 1) == Byte.singleQuote {
                    text.append(byte)
                    index += 2
                    continue
                }
                index += 1
                return SyntaxNode(content: .string(String(decoding: text, as: UTF8.self)), position: start)
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    // MARK: Flow collections (on one line)

    mutating func flowSequence() throws(GiveWay) -> SyntaxNode {
        try enterCollection()
        defer { depth -= 1 }
        let start = position
        index += 1
        skipSpaces()
        var items: [SyntaxNode] = []
        if current == Byte.closeBracket {
            index += 1
            return SyntaxNode(content: .array(items), position: start)
        }
        while true {
            items.append(try flowNode())
            skipSpaces()
            guard try flowSeparator(closing: Byte.closeBracket) else { break }
        }
        return SyntaxNode(content: .array(items), position: start)
    }

    mutating func flowMapping() throws(GiveWay) -> SyntaxNode {
        try enterCollection()
        defer { depth -= 1 }
        let start = position
        index += 1
        skipSpaces()
        var members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)] = []
        if current == Byte.closeBrace {
            index += 1
            return SyntaxNode(content: .object(members), position: start)
        }
        // Room for an event's handful of keys without growing the array on the way.
        members.reserveCapacity(8)
        let firstPrint = keyPrints.count
        defer { keyPrints.removeLast(keyPrints.count - firstPrint) }
        while true {
            guard startsPlain() else { throw GiveWay() }
            let keyPosition = position
            let first = index
            try scanFlowPlain()
            guard current == Byte.colon, byte(at: index + 1) == Byte.space, index - first <= Self.keyLengthLimit else { throw GiveWay() }
            let key = try keyText(from: first, to: index)
            index += 2
            skipSpaces()
            members.append((key: key, keyPosition: keyPosition, value: try flowNode()))
            skipSpaces()
            guard try flowSeparator(closing: Byte.closeBrace) else { break }
        }
        guard !repeatsAKey(members, printsFrom: firstPrint) else { throw GiveWay() }
        return SyntaxNode(content: .object(members), position: start)
    }

    /// After an entry: `,` and another entry (`true`), or the closing bracket (`false`).
    @inline(__always)
    mutating func flowSeparator(closing: UInt8) throws(GiveWay) -> Bool {
        switch current {
        case Byte.comma:
            index += 1
            skipSpaces()
            // A trailing comma, or an entry on the next line.
            guard index < bytes.count, current != closing, current != Byte.newline else { throw GiveWay() }
            return true
        case closing:
            index += 1
            return false
        default:
            throw GiveWay()
        }
    }

    mutating func flowNode() throws(GiveWay) -> SyntaxNode {
        if let node = try collectionOrQuoted() { return node }
        guard startsPlain() else { throw GiveWay() }
        let start = position
        let first = index
        try scanFlowPlain()
        // `[a: 1]` (a pair) and `{k: a:b}` are left to libyaml.
        guard current != Byte.colon else { throw GiveWay() }
        return try plainScalar(from: first, to: index, at: start)
    }

    /// Moves past a plain scalar in a flow collection: up to a flow indicator or a `:`.
    @inline(__always)
    mutating func scanFlowPlain() throws(GiveWay) {
        var at = index
        defer { index = at }
        while at < bytes.count {
            let byte = bytes[at]
            // Most bytes are none of the few that stop or end the scan: one bit test tells.
            if YAMLDataScanner.isFlowPlainStop(byte) {
                if byte == Byte.colon || Self.isFlowIndicator(byte) { return }
                if byte == Byte.newline || byte == Byte.hash && bytes[at - 1] == Byte.space { throw GiveWay() }
            }
            at += 1
        }
        throw GiveWay()
    }
}
