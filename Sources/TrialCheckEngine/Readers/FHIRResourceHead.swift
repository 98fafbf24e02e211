import TrialCheckCore

/// What grouping a FHIR resource by patient needs of it (its type, id and patient
/// reference, and where it starts), read from one NDJSON line with a ``JSONCursor``: no
/// syntax tree is built, and the rest of the line is only checked to be JSON.
///
/// It gives the values the resource's parsed tree gives (``FHIRResource/type``,
/// ``FHIRResource/id``, ``FHIRMapper/patientReference(of:)``), or `nil` where it cannot
/// tell them alone: whatever the cursor gives up on (a syntax error, an escape sequence,
/// a key that is not ASCII, deep nesting), a line that is not an object with a
/// `resourceType`. The caller then parses the line, which gives the tree or the located error.
struct FHIRResourceHead {
    /// `resourceType`.
    let type: String
    /// The logical id, if any.
    let id: String?
    /// The reference to the patient the resource is about.
    let patientReference: String?
    /// The column the resource's object starts at.
    let column: Int

    /// `Type/id`, as references name it.
    var reference: String? { id.map { "\(type)/\($0)" } }

    /// The head of the resource on `line`, or `nil` if the line must be parsed.
    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> FHIRResourceHead? {
        var cursor = JSONCursor(line)
        cursor.skipSpace()
        // Only spaces, tabs and carriage returns come before: one column each.
        let column = cursor.index + 1
        guard cursor.skip(UInt8(ascii: "{")) else { return nil }
        var type: String??
        var id: String??
        // The references of `subject`, `patient` and `individual`, in that order of precedence.
        var references: [String??] = [nil, nil, nil]
        let read = cursor.members(uniqueKeys: false) { cursor, key in
            if type == nil, cursor.matches(key, "resourceType") {
                guard let text = cursor.text() else { return false }
                type = .some(text)
                return true
            }
            if id == nil, cursor.matches(key, "id") {
                guard let text = cursor.text() else { return false }
                id = .some(text)
                return true
            }
            for (offset, name) in Self.referenceKeys.enumerated() where references[offset] == nil && cursor.matches(key, name) {
                guard let reference = cursor.referenceText() else { return false }
                references[offset] = .some(reference)
                return true
            }
            return cursor.skipValue(depth: 1)
        }
        cursor.skipSpace()
        guard read, cursor.isAtEnd, let type, let type else { return nil }
        return FHIRResourceHead(
            type: type, id: id ?? nil, patientReference: references.lazy.compactMap { $0 ?? nil }.first, column: column
        )
    }

    /// The keys whose Reference names the patient, first first.
    private static let referenceKeys: [StaticString] = ["subject", "patient", "individual"]
}

private extension JSONCursor {
    /// A value's ``SyntaxNode/text``, read past: `.some(nil)` for one without text (blank,
    /// `null`, a list or an object), `nil` if the cursor gives up.
    mutating func text() -> String?? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let text = scalarText() else { return nil }
            let trimmed = text.trimmingWhitespace()
            return .some(trimmed.isEmpty ? nil : trimmed)
        default:
            return skipValue(depth: 1) ? .some(nil) : nil
        }
    }

    /// A Reference's ``SyntaxNode/referenceText`` (the text of its first `reference` key;
    /// none if the value is not an object), read past; `nil` if the cursor gives up.
    mutating func referenceText() -> String?? {
        guard skip(UInt8(ascii: "{")) else { return skipValue(depth: 1) ? .some(nil) : nil }
        var reference: String??
        let read = members(uniqueKeys: false) { cursor, key in
            guard reference == nil, cursor.matches(key, "reference") else { return cursor.skipValue(depth: 2) }
            guard let text = cursor.text() else { return false }
            reference = .some(text)
            return true
        }
        guard read else { return nil }
        return .some(reference ?? nil)
    }
}
