/// Writes JSON to a ``ReportOutput`` piece by piece, byte for byte as Foundation's
/// `JSONEncoder` writes it with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, so
/// a report can be streamed without changing its bytes:
///
/// - two spaces of indentation a level, `"key" : value`, members separated by `,` and a
///   line break, and an empty array or object written as `[`, two line breaks, the
///   indentation and `]`;
/// - strings escaped as Foundation escapes them: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
///   other control characters as `\u00xx` (lowercase hex), everything else (`/`, DEL,
///   non-ASCII) as its UTF-8 bytes; except that invisible formatting characters
///   (``ControlEscaping/isInvisibleFormatting(_:)``: bidirectional overrides, ...) are
///   written as `\u202e`, so a report viewed as text is not reordered by its data (the
///   decoded string is the same).
///
/// With the ``Layout/compact`` layout it writes the bytes `JSONEncoder` writes without
/// `.prettyPrinted`: no line breaks or indentation, `"key":value`, `[]` and `{}` when empty
/// (the rows output's lines), the strings escaped as above.
///
/// The caller writes object keys in sorted order (byte order of their UTF-8, as `sortedKeys`
/// sorts), opens and closes containers in pairs, and writes one value after each key.
struct PrettyJSONWriter {
    /// How members and containers are laid out.
    enum Layout {
        /// Line breaks and two spaces of indentation a level, `"key" : value`.
        case pretty
        /// All on one line, `"key":value`.
        case compact
    }

    /// Where the bytes go.
    let output: ReportOutput
    /// How the JSON is laid out.
    let layout: Layout
    /// For each open container, whether a member was written yet.
    private var hasMembers: [Bool] = []

    /// A writer to `output`, at the top level.
    init(output: ReportOutput, layout: Layout = .pretty) {
        self.output = output
        self.layout = layout
    }

    // MARK: - Containers

    /// Opens an object (as a value: after a key, as an element, or at the top level).
    mutating func beginObject() {
        output.write(byte: UInt8(ascii: "{"))
        hasMembers.append(false)
    }

    /// Closes the innermost object.
    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Opens an array.
    mutating func beginArray() {
        output.write(byte: UInt8(ascii: "["))
        hasMembers.append(false)
    }

    /// Closes the innermost array.
    mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Starts an object member: `"name" : `, its value to follow. `name` needs no escaping.
    mutating func key(_ name: StaticString) {
        startMember()
        output.write(byte: UInt8(ascii: "\""))
        output.write(name)
        output.write(layout == .pretty ? Self.prettyKeyEnd : Self.compactKeyEnd)
    }

    /// Starts an object member whose name is text (a dictionary's key).
    mutating func key(_ name: String) {
        startMember()
        writeString(name)
        output.write(layout == .pretty ? Self.prettyNameEnd : Self.compactNameEnd)
    }

    /// Starts an array element, its value to follow.
    mutating func element() {
        startMember()
    }

    // MARK: - Values

    /// Writes a string value.
    mutating func string(_ text: String) {
        writeString(text)
    }

    /// Writes an integer value.
    mutating func integer(_ value: Int) {
        output.write(String(value))
    }

    /// Writes `true` or `false`.
    mutating func bool(_ value: Bool) {
        output.write(value ? "true" : "false")
    }

    // MARK: - Members with their values

    /// Writes `"name" : "text"`.
    mutating func member(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    /// Writes `"name" : "text"` if `text` is not `nil` (as `encodeIfPresent` does).
    mutating func member(_ name: StaticString, _ text: String?) {
        guard let text else { return }
        member(name, text)
    }

    /// Writes `"name" : value`.
    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        integer(value)
    }

    /// Writes `"name" : value` if `value` is not `nil`.
    mutating func member(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        member(name, value)
    }

    /// Writes `"name" : value` as `JSONEncoder` writes a `Double`: its shortest round-trip
    /// digits, without a trailing `.0`; nothing if `value` is `nil`.
    mutating func member(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        let text = value.description
        output.write(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// Writes `"name" : true` or `false` if `value` is not `nil`.
    mutating func member(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    /// Writes `"name" : [...]`, each element written by `body`.
    mutating func array<Elements: Sequence>(
        _ name: StaticString, _ elements: Elements, _ body: (inout PrettyJSONWriter, Elements.Element) -> Void
    ) {
        key(name)
        beginArray()
        for item in elements {
            element()
            body(&self, item)
        }
        endArray()
    }

    /// Writes `"name" : [...]` of strings.
    mutating func array(_ name: StaticString, strings: [String]) {
        array(name, strings) { writer, text in writer.string(text) }
    }

    /// Writes `"name" : {...}`, its members written by `body`.
    mutating func object(_ name: StaticString, _ body: (inout PrettyJSONWriter) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    // MARK: - Layout

    private static let prettyKeyEnd: StaticString = "\" : "
    private static let compactKeyEnd: StaticString = "\":"
    private static let prettyNameEnd: StaticString = " : "
    private static let compactNameEnd: StaticString = ":"
    private static let twoSpaces: StaticString = "  "

    /// A comma, a line break and the spaces of the deepest indentation written at once:
    /// a member's separator and indentation are one slice of it.
    private static let breakAndIndentation: [UInt8] = Array(",\n".utf8) + Array(repeating: UInt8(ascii: " "), count: 2 * 32)

    private mutating func startMember() {
        let index = hasMembers.count - 1
        if layout == .compact {
            if index >= 0 {
                if hasMembers[index] { output.write(byte: UInt8(ascii: ",")) }
                hasMembers[index] = true
            }
            return
        }
        guard index >= 0 else { return }
        writeBreak(comma: hasMembers[index], depth: hasMembers.count)
        hasMembers[index] = true
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = hasMembers.popLast() ?? false
        if layout == .compact {
            output.write(byte: bracket)
            return
        }
        if !hadMembers { output.write(byte: UInt8(ascii: "\n")) }
        writeBreak(comma: false, depth: hasMembers.count)
        output.write(byte: bracket)
    }

    /// Writes `,` (if `comma`), a line break and the indentation of `depth` levels.
    private func writeBreak(comma: Bool, depth: Int) {
        let table = Self.breakAndIndentation
        let start = comma ? 0 : 1
        let end = 2 + 2 * depth
        table.withUnsafeBufferPointer { bytes in
            output.write(UnsafeBufferPointer(rebasing: bytes[start ..< min(end, bytes.count)]))
        }
        // Deeper than the table: the rest two spaces at a time.
        for _ in stride(from: table.count, to: end, by: 2) { output.write(Self.twoSpaces) }
    }

    // MARK: - Strings

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes `text` quoted and escaped, copying runs that need no escape at once.
    private func writeString(_ text: String) {
        var text = text
        output.write(byte: UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time, to the first that may need an escape.
                if index + 8 <= bytes.count, let base = bytes.baseAddress {
                    let plain = JSONCursor.plainTextPrefix(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                    index += plain
                    if plain == 8 { continue }
                }
                let byte = bytes[index]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    // Invisible formatting characters start with one of these bytes in UTF-8.
                    guard byte == 0xD8 || byte == 0xE2 || byte == 0xEF,
                          let (scalar, length) = Self.scalar(at: index, in: bytes),
                          ControlEscaping.isInvisibleFormatting(scalar)
                    else {
                        index += 1
                        continue
                    }
                    if start < index { output.write(UnsafeBufferPointer(rebasing: bytes[start ..< index])) }
                    output.write("\\u")
                    for shift in stride(from: 12, through: 0, by: -4) {
                        output.write(byte: Self.hexDigits[Int((scalar.value >> UInt32(shift)) & 0x0F)])
                    }
                    index += length
                    start = index
                    continue
                }
                if start < index { output.write(UnsafeBufferPointer(rebasing: bytes[start ..< index])) }
                index += 1
                start = index
                switch byte {
                case UInt8(ascii: "\""): output.write("\\\"")
                case UInt8(ascii: "\\"): output.write("\\\\")
                case 0x08: output.write("\\b")
                case 0x09: output.write("\\t")
                case 0x0A: output.write("\\n")
                case 0x0C: output.write("\\f")
                case 0x0D: output.write("\\r")
                default:
                    output.write("\\u00")
                    output.write(byte: Self.hexDigits[Int(byte >> 4)])
                    output.write(byte: Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            if start < bytes.count { output.write(UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        output.write(byte: UInt8(ascii: "\""))
    }

    /// The two- or three-byte scalar of valid UTF-8 starting at `index`, and its length.
    private static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int)? {
        let lead = UInt32(bytes[index])
        if lead & 0xE0 == 0xC0, index + 1 < bytes.count {
            return Unicode.Scalar((lead & 0x1F) << 6 | UInt32(bytes[index + 1]) & 0x3F).map { ($0, 2) }
        }
        if lead & 0xF0 == 0xE0, index + 2 < bytes.count {
            let value = (lead & 0x0F) << 12 | (UInt32(bytes[index + 1]) & 0x3F) << 6 | UInt32(bytes[index + 2]) & 0x3F
            return Unicode.Scalar(value).map { ($0, 3) }
        }
        return nil
    }
}
