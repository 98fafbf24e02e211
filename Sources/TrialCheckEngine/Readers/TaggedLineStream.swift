import TrialCheckCore

/// An input rebuilt in memory from a tagged-line stream, under its original path: a file,
/// or a folder of files (a FHIR Bulk Data export, SDTM datasets).
public struct MemoryInput: Sendable, Hashable {
    /// What the input holds.
    public enum Content: Sendable, Hashable {
        /// A file's bytes.
        case file([UInt8])
        /// A folder's files' bytes, by file name.
        case folder([String: [UInt8]])
    }

    /// The original input's path, as locations name it.
    public let path: String
    /// Its bytes.
    public let content: Content
}

/// Reads a tagged-line stream: the original lines of some inputs, each with where it came
/// from, as a distributed engine sends one partition's patients (grouped by patient) to one
/// audit.
///
/// Each line of the stream is a JSON object:
/// `{"input": "cohort/sdtm", "file": "cohort/sdtm/ae.csv", "line": 12, "text": "..."}`:
/// the input path as given to the engine (a file or a folder), the file the line is in
/// (the input itself, or a file in that folder), the line's number in that file (from 1),
/// and the line's text without its line feed. A CSV file's header line comes as any other.
///
/// Each file is rebuilt with its lines at their original numbers (the lines not sent are
/// blank, which every line-based reader skips), so every location a report gives is the
/// original file and line. Inputs come in the order the stream first names them; a file's
/// lines in line order, whatever order they came in.
public enum TaggedLineStream {
    /// A problem with the stream itself: a line that is not a tagged line, or a line sent twice.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// Where in the stream.
        public let location: SourceLocation
        /// What is wrong.
        public let reason: String

        public var description: String { "\(location): error: \(reason)" }
    }

    /// The inputs `bytes` (the stream, read from `name`) holds, in the order it first names them.
    public static func inputs(from bytes: [UInt8], name: String) throws(Problem) -> [MemoryInput] {
        var inputOrder: [String] = []
        var filesByInput: [String: [String]] = [:]
        var linesByFile: [String: [(number: Int, text: [UInt8])]] = [:]
        var streamLine = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            streamLine += 1
            let line = Array(bytes[start..<end])
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            let tagged = try parse(line, at: SourceLocation(file: name, line: streamLine))
            if filesByInput[tagged.input] == nil {
                inputOrder.append(tagged.input)
                filesByInput[tagged.input] = []
            }
            if linesByFile[tagged.file] == nil { filesByInput[tagged.input]?.append(tagged.file) }
            linesByFile[tagged.file, default: []].append((tagged.line, tagged.text))
        }
        var inputs: [MemoryInput] = []
        for input in inputOrder {
            var files: [String: [UInt8]] = [:]
            for file in filesByInput[input] ?? [] {
                let bytes = try rebuild(linesByFile[file] ?? [], file: file, stream: name)
                if file == input {
                    inputs.append(MemoryInput(path: input, content: .file(bytes)))
                } else {
                    files[fileName(file, in: input)] = bytes
                }
            }
            if !files.isEmpty { inputs.append(MemoryInput(path: input, content: .folder(files))) }
        }
        return inputs
    }

    /// The name of `file` in the folder `input` (its path relative to the folder).
    private static func fileName(_ file: String, in input: String) -> String {
        let folder = input.hasSuffix("/") ? input : input + "/"
        return file.hasPrefix(folder) ? String(file.dropFirst(folder.count)) : file
    }

    /// One file's bytes, each line at its number: blank lines where none was sent.
    private static func rebuild(_ lines: [(number: Int, text: [UInt8])], file: String, stream: String) throws(Problem) -> [UInt8] {
        let sorted = lines.sorted { $0.number < $1.number }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.reduce(0) { $0 + $1.text.count + 1 } + (sorted.last?.number ?? 0))
        var nextLine = 1
        for (number, text) in sorted {
            guard number >= nextLine else {
                throw Problem(location: SourceLocation(file: stream), reason: "line \(number) of '\(file)' was sent twice")
            }
            bytes.append(contentsOf: repeatElement(0x0A, count: number - nextLine))
            bytes.append(contentsOf: text)
            bytes.append(0x0A)
            nextLine = number + 1
        }
        return bytes
    }

    /// One tagged line's members.
    private static func parse(_ line: [UInt8], at location: SourceLocation) throws(Problem) -> (input: String, file: String, line: Int, text: [UInt8]) {
        let expected = "expected a tagged line: {\"input\": path, \"file\": path, \"line\": number, \"text\": the line}"
        let node: SyntaxNode
        do throws(SyntaxError) {
            node = try JSONSyntaxParser.parse(line, firstLine: location.line ?? 1)
        } catch {
            throw Problem(location: location, reason: "invalid JSON: \(error.message); \(expected)")
        }
        guard case .string(let file)? = node["file"]?.content, !file.isEmpty else {
            throw Problem(location: location, reason: "no 'file' text; \(expected)")
        }
        guard case .string(let text)? = node["text"]?.content else {
            throw Problem(location: location, reason: "no 'text'; \(expected)")
        }
        guard case .number(let numberText)? = node["line"]?.content, let number = Int(numberText), number >= 1 else {
            throw Problem(location: location, reason: "no 'line' number of at least 1; \(expected)")
        }
        guard !text.utf8.contains(0x0A) else {
            throw Problem(location: location, reason: "the 'text' holds a line feed: send one line per tagged line")
        }
        var input = file
        if let inputNode = node["input"] {
            guard case .string(let given) = inputNode.content, !given.isEmpty else {
                throw Problem(location: location, reason: "'input' is not a path; \(expected)")
            }
            input = given
        }
        return (input, file, number, Array(text.utf8))
    }
}
