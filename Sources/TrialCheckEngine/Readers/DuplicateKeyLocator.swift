/// Finds where a key is repeated in a YAML mapping. libyaml reports a duplicate key at
/// the mapping's start; a user needs the line of the repeat.
enum DuplicateKeyLocator {
    /// The position of the second occurrence of `key` as a key of the mapping that starts
    /// at `mapping`: in a block mapping, the next occurrence at the first one's column; in a
    /// flow mapping (`{...}`), the next one at the same brace depth.
    static func secondOccurrence(of key: String, in text: String, mappingAt mapping: TextPosition) -> TextPosition? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard mapping.line >= 1, mapping.line <= lines.count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        let firstLine = lines[mapping.line - 1]
        // libyaml marks a flow mapping at its brace or at its first key.
        var braceColumn = min(mapping.column - 1, firstLine.count - 1)
        while braceColumn > 0, firstLine[braceColumn] != "{", firstLine[braceColumn - 1] == " " || firstLine[braceColumn - 1] == "{" {
            braceColumn -= 1
        }
        let isFlow = braceColumn >= 0 && braceColumn < firstLine.count && firstLine[braceColumn] == "{"
        let mapping = isFlow ? TextPosition(line: mapping.line, column: braceColumn + 1) : mapping
        var found: [(position: TextPosition, depth: Int)] = []
        var depth = 0
        for lineIndex in (mapping.line - 1)..<lines.count {
            let line = lines[lineIndex]
            var column = lineIndex == mapping.line - 1 ? mapping.column - 1 : 0
            while column < line.count {
                let scalar = line[column]
                if isFlow {
                    if scalar == "{" || scalar == "[" { depth += 1 }
                    if scalar == "}" || scalar == "]" { depth -= 1 }
                    if depth == 0 && column > mapping.column - 1 { break }
                }
                let startsKey = column == 0 || [" ", "{", ",", "-", "\t"].contains(line[column - 1])
                if startsKey, let length = spellings.lazy.compactMap({ matchKey($0, in: line, at: column) }).first {
                    found.append((TextPosition(line: lineIndex + 1, column: column + 1), depth))
                    // An empty key matches its colon alone: step past it all the same.
                    column += max(length, 1)
                    continue
                }
                column += 1
            }
            if isFlow && depth == 0 && !found.isEmpty { break }
        }
        guard let first = found.first else { return nil }
        let sameLevel = found.dropFirst().first { candidate in
            isFlow ? candidate.depth == first.depth : candidate.position.column == first.position.column
        }
        return sameLevel?.position
    }

    /// The length of `spelling` followed by optional spaces and a colon at `column`, if there.
    private static func matchKey(_ spelling: [Unicode.Scalar], in line: [Unicode.Scalar], at column: Int) -> Int? {
        guard column + spelling.count <= line.count, Array(line[column..<(column + spelling.count)]) == spelling else { return nil }
        var end = column + spelling.count
        while end < line.count, line[end] == " " { end += 1 }
        guard end < line.count, line[end] == ":" else { return nil }
        return end - column
    }
}
