/// The syntax tree of a whole YAML or JSON patient-history document.
struct ParsedDocument: Sendable {
    /// The document's root.
    let tree: SyntaxNode
    /// Whether every mapping was looked at for repeated keys as it was read (the YAML
    /// scanners do); the record decoder then need not look again.
    let keysAreUnique: Bool

    /// Parses `bytes` as a JSON document (`isJSON`) or a YAML one: a pure function of the
    /// bytes, so a parse made on another thread ahead of time (``DocumentPrefetch``) is the
    /// reader's own.
    static func parse(_ bytes: [UInt8], isJSON: Bool) -> Result<ParsedDocument, SyntaxError> {
        do throws(SyntaxError) {
            if isJSON { return .success(ParsedDocument(tree: try JSONSyntaxParser.parse(bytes), keysAreUnique: false)) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SyntaxError(message: "the file is not UTF-8 text", position: TextPosition(line: 1, column: 1))
            }
            let parsed = try YAMLSyntaxParser.parseDocument(text)
            return .success(ParsedDocument(tree: parsed.tree, keysAreUnique: parsed.keysAreUnique))
        } catch {
            return .failure(error)
        }
    }
}
