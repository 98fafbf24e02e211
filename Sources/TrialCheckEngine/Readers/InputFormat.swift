/// A patient-history input format.
public enum InputFormat: String, Sendable, CaseIterable {
    /// A YAML document: a list of records, or a mapping with `patients:`.
    case yaml
    /// A JSON document of the same shape.
    case json
    /// One JSON record per line, read as a stream.
    case ndjson

    /// The format a path's extension names, or `nil` (standard input, or an unknown extension).
    public static func fromExtension(of path: String) -> InputFormat? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") { return .ndjson }
        if lowered.hasSuffix(".json") { return .json }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
        return nil
    }

    /// Guesses the format from the first bytes: `[` is a JSON document; on standard input
    /// `{` is NDJSON (a bad first line must not lose the stream); in a file, a first line
    /// that is a whole JSON object is NDJSON and `{` otherwise a JSON document; anything
    /// else is YAML.
    static func sniff(_ prefix: [UInt8], isStandardInput: Bool = false) -> InputFormat {
        var index = 0
        while index < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[index]) { index += 1 }
        guard index < prefix.count else { return .ndjson }
        switch prefix[index] {
        case UInt8(ascii: "["):
            return .json
        case UInt8(ascii: "{"):
            if isStandardInput { return .ndjson }
            let lineEnd = prefix[index...].firstIndex(of: 0x0A) ?? prefix.count
            let firstLine = Array(prefix[index..<lineEnd])
            if (try? JSONSyntaxParser.parse(firstLine)) != nil { return .ndjson }
            return lineEnd == prefix.count ? .ndjson : .json
        default:
            return .yaml
        }
    }
}
