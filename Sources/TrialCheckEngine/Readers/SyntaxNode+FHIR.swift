import TrialCheckCore

/// Reading FHIR datatypes (CodeableConcept, Reference, Quantity, extensions) from nodes.
extension SyntaxNode {
    /// The elements of a list; a single value reads as a list of one.
    var elements: [SyntaxNode] {
        switch content {
        case .array(let items): items
        case .null: []
        default: [self]
        }
    }

    /// The text of a string or number, trimmed; `nil` if empty.
    var text: String? {
        guard let text = scalarText?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }

    /// The codings of a CodeableConcept.
    var codings: [SyntaxNode] { self["coding"]?.elements ?? [] }

    /// Whether a CodeableConcept has a coding with `code` (in `system`, where given).
    func hasCoding(_ code: String, system: String? = nil) -> Bool {
        codings.contains { coding in
            coding["code"]?.text == code && (system == nil || coding["system"]?.text == system)
        }
    }

    /// The first code of a CodeableConcept in one of `systems`.
    func code(in systems: [String]) -> String? {
        codings.first { coding in coding["system"]?.text.map(systems.contains) ?? false }?["code"]?.text
    }

    /// A CodeableConcept as people read it: its text, else the first coding's display,
    /// else the first code. Its node, for the position.
    var conceptTextNode: SyntaxNode? {
        if let text = self["text"], text.text != nil { return text }
        if let display = codings.lazy.compactMap({ $0["display"] }).first(where: { $0.text != nil }) { return display }
        return codings.lazy.compactMap { $0["code"] }.first { $0.text != nil }
    }

    /// Every text a CodeableConcept carries (text, displays, codes), for matching words.
    var conceptWords: [String] {
        ([self["text"]?.text] + codings.flatMap { [$0["display"]?.text, $0["code"]?.text] }).compactMap { $0 }
    }

    /// The extensions (or nested extensions) with one of `urls`.
    func extensions(_ urls: [String]) -> [SyntaxNode] {
        (self["extension"]?.elements ?? []).filter { $0["url"]?.text.map(urls.contains) ?? false }
    }

    /// The reference text of a Reference (`Patient/p1`, `urn:uuid:...`).
    var referenceText: String? { self["reference"]?.text }
}
