import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Tagged-line streams: the original lines of inputs, with their files and line numbers,
/// as a distributed engine sends one partition's patients.
@Suite("Tagged-line streams")
struct TaggedLineStreamTests {
    /// A tagged line.
    static func tagged(_ input: String, _ file: String, _ line: Int, _ text: String) throws -> String {
        let object: [String: Any] = ["input": input, "file": file, "line": line, "text": text]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every line of every file of `input` (a file, or a folder's files ending in `suffix`), tagged.
    static func stream(of input: String, suffix: String = "", keeping keep: (String, Int, String) -> Bool = { _, _, _ in true }) throws -> String {
        let path = input
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let files = isFolder.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(suffix) }.sorted().map { input + "/" + $0 }
            : [input]
        var lines: [String] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.isEmpty && keep(file, index + 1, String(line)) {
                lines.append(try tagged(input, file, index + 1, String(line)))
            }
        }
        // Reversed: the stream's order of lines within a file does not matter.
        return lines.reversed().joined(separator: "\n") + "\n"
    }

    /// The absolute path of a file or folder of the repository.
    static func inRepository(_ relative: String) -> String {
        ReaderTestSupport.repositoryRoot.appendingPathComponent(relative).path
    }

    /// The audit of `sources`.
    static func audit(_ sources: [AuditInput], format: InputFormat) throws -> AuditReport {
        Auditor(definition: try TestSupport.shippedProtocol()).audit(sources: sources, format: format, jobs: 2, details: [.patientRows])
    }

    @Test("A file's lines are rebuilt at their numbers, in line order, whatever order they came in")
    func rebuild() throws {
        let stream = [
            try Self.tagged("a.csv", "a.csv", 4, "row 4"),
            try Self.tagged("a.csv", "a.csv", 1, "header"),
            try Self.tagged("b", "b/x.ndjson", 2, "{}"),
        ].joined(separator: "\n")
        let inputs = try TaggedLineStream.inputs(from: Array(stream.utf8), name: "<stdin>")
        #expect(inputs == [
            MemoryInput(path: "a.csv", content: .file(Array("header\n\n\nrow 4\n".utf8))),
            MemoryInput(path: "b", content: .folder(["x.ndjson": Array("\n{}\n".utf8)])),
        ])
    }

    @Test("A stream that is not tagged lines is located and refused", arguments: [
        ("{\"file\": \"a\", \"line\": 1}", "no 'text'"),
        ("{\"file\": \"a\", \"line\": 0, \"text\": \"x\"}", "no 'line' number of at least 1"),
        ("{\"line\": 1, \"text\": \"x\"}", "no 'file' text"),
        ("not json", "invalid JSON"),
        ("{\"file\": \"a\", \"line\": 1, \"text\": \"x\"}\n{\"file\": \"a\", \"line\": 1, \"text\": \"y\"}", "line 1 of 'a' was sent twice"),
    ])
    func problems(stream: String, expected: String) {
        #expect {
            _ = try TaggedLineStream.inputs(from: Array(("\n" + stream).utf8), name: "s.ndjson")
        } throws: { error in
            let description = (error as? TaggedLineStream.Problem)?.description ?? ""
            return description.contains(expected) && description.hasPrefix("s.ndjson")
        }
    }

    @Test("Every format's tagged lines audit as the inputs themselves, at the original files and lines", arguments: [
        ("Examples/formats/csv/site-records.csv", "", InputFormat.csv),
        ("Examples/formats/sdtm", ".csv", InputFormat.sdtm),
        ("Examples/formats/fhir", ".ndjson", InputFormat.fhir),
        ("Examples/NCT07177794/site-records.ndjson", "", InputFormat.ndjson),
    ])
    func sameAsInputs(relative: String, suffix: String, format: InputFormat) throws {
        let input = Self.inRepository(relative)
        let stream = try Self.stream(of: input, suffix: suffix)
        let memory = try TaggedLineStream.inputs(from: Array(stream.utf8), name: "<stdin>")
        let fromStream = try Self.audit(memory.map(AuditInput.memory), format: format)
        let direct = try Self.audit([.path(input)], format: format)
        #expect(fromStream.inputErrors.isEmpty)
        #expect(Array(fromStream.allFindings) == Array(direct.allFindings))
        #expect(fromStream.rejected == direct.rejected)
        #expect(fromStream.summary == direct.summary)
        #expect(fromStream.checks == direct.checks)
        #expect(fromStream.patientRows == direct.patientRows)
        #expect(fromStream.inputs.map(\.path) == [input])
        #expect(fromStream.patientRows.allSatisfy { $0.location?.file.hasPrefix(input) == true })
    }

    @Test("One patient's lines alone give that patient's findings, located in the original file")
    func onePatient() throws {
        let input = Self.inRepository("Examples/formats/csv/site-records.csv")
        let stream = try Self.stream(of: input) { _, number, text in number == 1 || text.hasPrefix("BJ-0002,") }
        let memory = try TaggedLineStream.inputs(from: Array(stream.utf8), name: "<stdin>")
        let part = try Self.audit(memory.map(AuditInput.memory), format: .csv)
        let whole = try Self.audit([.path(input)], format: .csv)
        #expect(part.summary.patients == 1)
        #expect(Array(part.allFindings) == whole.allFindings.filter { $0.patient == "BJ-0002" })
        #expect(part.patientRows == whole.patientRows.filter { $0.patient == "BJ-0002" })
        #expect((part.patientRows.first?.location?.line ?? 0) > 1)
    }
}
