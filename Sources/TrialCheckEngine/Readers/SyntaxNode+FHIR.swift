import TrialCheckCore

/// Reading a FHIR Bundle's entries from its parsed tree (the resources are read as ``FHIRNode``s).
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
}
