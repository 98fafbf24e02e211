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
        return key.withUTF8 { key in
            tape.entries.withUnsafeBufferPointer { entries in
                let entry = entries[index]
                guard entry.kind == .object else { return nil }
                return tape.bytes.withUnsafeBufferPointer { bytes in
                    var child = index + 1
                    let end = Int(entry.next)
                    while child < end {
                        let member = entries[child]
                        if Int(member.keyEnd - member.keyStart) == key.count,
                           bytes.matches(Int(member.keyStart)..<Int(member.keyEnd), key) {
                            return FHIRNode(tape: tape, index: child)
                        }
                        child = Int(member.next)
                    }
                    return nil
                }
            }
        }
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
        let entry = entry
        switch entry.kind {
        case .string, .number, .bool:
            return tape.bytes.withUnsafeBufferPointer { bytes in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)]), as: UTF8.self)
            }
        default:
            return nil
        }
    }

    /// The text of a string or number, trimmed; `nil` if empty (``SyntaxNode/text``).
    var text: String? {
        guard let text = scalarText?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }

    /// Whether ``text`` is `other`, compared by bytes where that is the same.
    func hasText(_ other: String) -> Bool {
        let entry = entry
        switch entry.kind {
        case .string, .number, .bool: break
        default: return false
        }
        var other = other
        let same: Bool? = other.withUTF8 { other in
            tape.bytes.withUnsafeBufferPointer { bytes in
                let range = Int(entry.start)..<Int(entry.end)
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
            (coding["code"]?.hasText(code) ?? false) && (system.map { coding["system"]?.hasText($0) ?? false } ?? true)
        }
    }

    /// The first code of a CodeableConcept in one of `systems`.
    func code(in systems: [String]) -> String? {
        codings.first { coding in
            guard let system = coding["system"] else { return false }
            return systems.contains(where: system.hasText)
        }?["code"]?.text
    }

    /// A CodeableConcept as people read it: its text, else the first coding's display,
    /// else the first code. Its node, for the position.
    var conceptTextNode: FHIRNode? {
        if let text = self["text"], text.text != nil { return text }
        if let display = codings.lazy.compactMap({ $0["display"] }).first(where: { $0.text != nil }) { return display }
        return codings.lazy.compactMap { $0["code"] }.first { $0.text != nil }
    }

    /// Every text a CodeableConcept carries (text, displays, codes), for matching words.
    var conceptWords: [String] {
        ([self["text"]?.text] + codings.flatMap { [$0["display"]?.text, $0["code"]?.text] }).compactMap { $0 }
    }

    /// The extensions (or nested extensions) with one of `urls`.
    func extensions(_ urls: [String]) -> [FHIRNode] {
        elements(of: "extension").filter { element in
            guard let url = element["url"] else { return false }
            return urls.contains(where: url.hasText)
        }
    }

    /// The reference text of a Reference (`Patient/p1`, `urn:uuid:...`).
    var referenceText: String? { self["reference"]?.text }
}
