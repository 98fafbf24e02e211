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

    /// The value of `key` in an object (the first, if the key is repeated). Keys are the
    /// mapping's own spelling: their bytes are read in place, no text is made or retained.
    subscript(key: StaticString) -> FHIRNode? {
        key.withUTF8Buffer { tape.member(named: $0, of: index) }.map { FHIRNode(tape: tape, index: $0) }
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
        var suffix = suffix
        return suffix.withUTF8 { endsWith(UnsafeBufferPointer(start: nil, count: 0), $0) } ?? (text?.hasSuffix(suffix) ?? false)
    }

    /// Whether ``text`` ends with `head` followed by `tail` (``textHasSuffix(_:)`` of the two
    /// spelled together, with no text made for ASCII text).
    func textHasSuffix(_ head: StaticString, _ tail: StaticString) -> Bool {
        let ends = head.withUTF8Buffer { head in tail.withUTF8Buffer { tail in endsWith(head, tail) } }
        return ends ?? (text?.hasSuffix("\(head)\(tail)") ?? false)
    }

    /// Whether the text's bytes end with those of `head` then `tail`, where bytes tell as
    /// `String.hasSuffix` does (ASCII text, no line feed after a carriage return); `nil`
    /// where they do not.
    private func endsWith(_ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let range = entry.textRange else { return false }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            guard let last = range.last, !Self.isSpaceOrNotASCII(bytes[last]), (head.first ?? tail.first) != 0x0A,
                  Self.isASCII(UnsafeBufferPointer(rebasing: bytes[range])), Self.isASCII(head), Self.isASCII(tail) else { return nil }
            guard head.count + tail.count <= range.count else { return false }
            let tailStart = range.upperBound - tail.count
            return bytes.matches(tailStart..<range.upperBound, tail) && bytes.matches(tailStart - head.count..<tailStart, head)
        }
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
                guard Self.isASCII(UnsafeBufferPointer(rebasing: bytes[range])), Self.isASCII(other) else { return nil }
                return false
            }
        }
        return same ?? (text == other)
    }

    /// Whether ``text`` is one of `others` (``isText(_:)`` of each in turn), the text's
    /// bytes read once: compared byte for byte with those of ASCII texts where they tell.
    func isText(oneOf others: [StaticString]) -> Bool {
        guard let range = entry.textRange else { return false }
        let same: Bool? = tape.bytes.withUnsafeBufferPointer { bytes in
            // As in `isText(_:)`: bytes tell for ASCII text without spaces at either end.
            guard let first = range.first, !Self.isSpaceOrNotASCII(bytes[first]), !Self.isSpaceOrNotASCII(bytes[range.upperBound - 1]),
                  Self.isASCII(UnsafeBufferPointer(rebasing: bytes[range])) else { return nil }
            var undecided = false
            for other in others {
                guard other.isASCII, other.utf8CodeUnitCount > 0 else {
                    undecided = true
                    continue
                }
                if other.withUTF8Buffer({ bytes.matches(range, $0) }) { return true }
            }
            return undecided ? nil : false
        }
        if let same { return same }
        let text = text
        return others.contains { text == "\($0)" }
    }

    private static func isSpaceOrNotASCII(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte >= 0x80
    }

    /// Whether no byte is above 0x7F, read eight bytes at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt64 = 0
        var offset = 0
        if let base = bytes.baseAddress {
            while offset + 8 <= bytes.count {
                high |= UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                offset += 8
            }
        }
        while offset < bytes.count {
            high |= UInt64(bytes[offset])
            offset += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// The value as a syntax node, with everything in it.
    var syntax: SyntaxNode {
        let entry = entry
        let position = position
        switch entry.kind {
        case .null: return SyntaxNode(content: .null, position: position)
        case .bool:
            // A tape read back from a damaged temporary file may give a Boolean no text.
            let isTrue = entry.start < entry.end && tape.bytes[Int(entry.start)] == UInt8(ascii: "t")
            return SyntaxNode(content: .bool(isTrue), position: position)
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
    func elements(of key: StaticString) -> FHIRNodes {
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
        code { systems.contains(where: $0.isText) }
    }

    /// The first code of a CodeableConcept in `system` (``code(in:)`` of one system, with no
    /// list made).
    func code(in system: String) -> String? {
        code { $0.isText(system) }
    }

    /// The code of the first coding whose system `isSystem` accepts.
    private func code(where isSystem: (FHIRNode) -> Bool) -> String? {
        codings.first { coding in
            guard let system = coding["system"] else { return false }
            return isSystem(system)
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
        elements(of: "extension").filter { Self.isExtension($0, urls) }
    }

    /// The first of ``extensions(_:)`` (no list made).
    func firstExtension(_ urls: [String]) -> FHIRNode? {
        elements(of: "extension").first { Self.isExtension($0, urls) }
    }

    /// Whether an extension has one of `urls`.
    private static func isExtension(_ element: FHIRNode, _ urls: [String]) -> Bool {
        guard let url = element["url"] else { return false }
        return urls.contains(where: url.isText)
    }

    /// The reference text of a Reference (`Patient/p1`, `urn:uuid:...`).
    var referenceText: String? { self["reference"]?.text }
}
