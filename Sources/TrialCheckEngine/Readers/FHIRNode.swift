import TrialCheckCore

/// One value of a FHIR resource, read in place on its ``JSONTape``: the questions the FHIR
/// mapping asks (a member by name, a list's elements, a scalar's text, where it was read)
/// answered as the resource's ``SyntaxNode`` tree answers them, with a node built
/// (``syntax``) only for a value the mapping keeps.
struct FHIRNode: Sendable {
    let tape: JSONTape
    let index: Int

    private var entry: JSONTape.Entry { tape.entries[index] }

    /// Where the value starts.
    var position: TextPosition { tape.position(of: index) }

    /// Whether the value is a JSON object.
    var isObject: Bool { entry.kind == .object }

    /// The value of `key` in an object (the first, if the key is repeated).
    subscript(key: String) -> FHIRNode? {
        var key = key
        return key.withUTF8 { tape.member(named: $0, of: index) }.map { FHIRNode(tape: tape, index: $0) }
    }

    /// The elements of a list; a single value reads as a list of one, `null` as none.
    var elements: FHIRNodes {
        let entry = entry
        switch entry.kind {
        case .array: return FHIRNodes(tape: tape, startIndex: index + 1, endIndex: Int(entry.next))
        case .null: return .none(on: tape)
        default: return FHIRNodes(tape: tape, startIndex: index, endIndex: Int(entry.next))
        }
    }

    /// The text of a string, number or Boolean (``SyntaxNode/scalarText``).
    var scalarText: String? {
        guard let range = entry.textRange else { return nil }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// The text of a string or number, trimmed; `nil` if empty (``SyntaxNode/text``).
    var text: String? {
        guard let range = entry.textRange else { return nil }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            let content = UnsafeBufferPointer(rebasing: bytes[range])
            // No space at either end: nothing to trim (as `trimmingWhitespace` finds first).
            if let first = content.first, let last = content.last, !Self.isSpace(first), !Self.isSpace(last) {
                return String(decoding: content, as: UTF8.self)
            }
            let text = String(decoding: content, as: UTF8.self).trimmingWhitespace()
            return text.isEmpty ? nil : text
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether ``text`` is not `nil` (a string, number or Boolean not blank), told by the
    /// bytes where they tell it.
    var hasText: Bool {
        guard let range = entry.textRange else { return false }
        let blank: Bool? = tape.bytes.withUnsafeBufferPointer { bytes in
            var carriageReturn = false
            for offset in range {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A: continue
                // A carriage return before a line feed is one character, which trimming keeps.
                case 0x0D: carriageReturn = true
                default: return false
                }
            }
            return carriageReturn ? nil : true
        }
        return blank.map { !$0 } ?? (text != nil)
    }

    /// Whether ``text`` ends with `suffix` (as `String.hasSuffix` tells), compared by bytes
    /// for ASCII text.
    func textHasSuffix(_ suffix: String) -> Bool {
        guard let range = entry.textRange else { return false }
        var suffix = suffix
        let ends: Bool? = suffix.withUTF8 { suffix in
            tape.bytes.withUnsafeBufferPointer { bytes in
                guard let last = range.last, !Self.isSpaceOrNotASCII(bytes[last]), suffix.first != 0x0A,
                      !range.contains(where: { bytes[$0] >= 0x80 }), !suffix.contains(where: { $0 >= 0x80 }) else { return nil }
                guard suffix.count <= range.count else { return false }
                return bytes.matches(range.upperBound - suffix.count..<range.upperBound, suffix)
            }
        }
        return ends ?? (text?.hasSuffix(suffix) ?? false)
    }

    /// Whether ``text`` is `other`, compared by bytes where that is the same.
    func isText(_ other: String) -> Bool {
        guard let range = entry.textRange else { return false }
        var other = other
        let same: Bool? = other.withUTF8 { other in
            tape.bytes.withUnsafeBufferPointer { bytes in
                // Bytes tell only for ASCII text without spaces at either end (spaces are
                // trimmed; other texts compare as Unicode does).
                guard let first = range.first, !other.isEmpty,
                      !Self.isSpaceOrNotASCII(bytes[first]), !Self.isSpaceOrNotASCII(bytes[range.upperBound - 1]) else { return nil }
                if bytes.matches(range, other) { return true }
                if range.contains(where: { bytes[$0] >= 0x80 }) || other.contains(where: { $0 >= 0x80 }) { return nil }
                return false
            }
        }
        return same ?? (text == other)
    }

    private static func isSpaceOrNotASCII(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte >= 0x80
    }

    /// The value as a syntax node, with everything in it.
    var syntax: SyntaxNode {
        let entry = entry
        let position = position
        switch entry.kind {
        case .null: return SyntaxNode(content: .null, position: position)
        case .bool: return SyntaxNode(content: .bool(tape.bytes[Int(entry.start)] == UInt8(ascii: "t")), position: position)
        case .number: return SyntaxNode(content: .number(scalarText ?? ""), position: position)
        case .string: return SyntaxNode(content: .string(scalarText ?? ""), position: position)
        case .array: return SyntaxNode(content: .array(elements.map(\.syntax)), position: position)
        case .object:
            var members: [(key: String, keyPosition: TextPosition, value: SyntaxNode)] = []
            var child = index + 1
            while child < Int(entry.next) {
                let member = tape.entries[child]
                let key = String(decoding: tape.bytes[Int(member.keyStart)..<Int(member.keyEnd)], as: UTF8.self)
                let keyPosition = TextPosition(line: member.keyLine, column: Int(member.keyColumn), file: tape.file)
                members.append((key, keyPosition, FHIRNode(tape: tape, index: child).syntax))
                child = Int(member.next)
            }
            return SyntaxNode(content: .object(members), position: position)
        }
    }
}

/// The elements of a list on a ``JSONTape``, each read in place.
struct FHIRNodes: Collection, Sendable {
    let tape: JSONTape
    /// The entry of the first element.
    let startIndex: Int
    /// The entry after the last element.
    let endIndex: Int

    /// No elements.
    static func none(on tape: JSONTape) -> FHIRNodes { FHIRNodes(tape: tape, startIndex: 0, endIndex: 0) }

    subscript(position: Int) -> FHIRNode { FHIRNode(tape: tape, index: position) }

    func index(after index: Int) -> Int { Int(tape.entries[index].next) }
}

/// Reading FHIR datatypes (CodeableConcept, Reference, Quantity, extensions).
extension FHIRNode {
    /// The elements of the list under `key`; none if there is no such member.
    func elements(of key: String) -> FHIRNodes {
        self[key]?.elements ?? .none(on: tape)
    }

    /// The codings of a CodeableConcept.
    var codings: FHIRNodes { elements(of: "coding") }

    /// Whether a CodeableConcept has a coding with `code` (in `system`, where given).
    func hasCoding(_ code: String, system: String? = nil) -> Bool {
        codings.contains { coding in
            (coding["code"]?.isText(code) ?? false) && (system.map { coding["system"]?.isText($0) ?? false } ?? true)
        }
    }

    /// The first code of a CodeableConcept in one of `systems`.
    func code(in systems: [String]) -> String? {
        codings.first { coding in
            guard let system = coding["system"] else { return false }
            return systems.contains(where: system.isText)
        }?["code"]?.text
    }

    /// A CodeableConcept as people read it: its text, else the first coding's display,
    /// else the first code. Its node, for the position.
    var conceptTextNode: FHIRNode? {
        if let text = self["text"], text.hasText { return text }
        if let display = codings.lazy.compactMap({ $0["display"] }).first(where: \.hasText) { return display }
        return codings.lazy.compactMap { $0["code"] }.first(where: \.hasText)
    }

    /// Every text a CodeableConcept carries (text, displays, codes), for matching words.
    var conceptWords: [String] {
        ([self["text"]?.text] + codings.flatMap { [$0["display"]?.text, $0["code"]?.text] }).compactMap { $0 }
    }

    /// The extensions (or nested extensions) with one of `urls`.
    func extensions(_ urls: [String]) -> [FHIRNode] {
        elements(of: "extension").filter { element in
            guard let url = element["url"] else { return false }
            return urls.contains(where: url.isText)
        }
    }

    /// The reference text of a Reference (`Patient/p1`, `urn:uuid:...`).
    var referenceText: String? { self["reference"]?.text }
}
