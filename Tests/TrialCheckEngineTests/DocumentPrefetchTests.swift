import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A document parsed ahead on another thread must read exactly as the reader's own parse:
/// the same patients, rejections, hash and errors, and never a parse of other bytes.
@Suite("Document prefetch", .serialized)
struct DocumentPrefetchTests {
    /// What reading `path` gives: every item, the hash, or the error.
    private static func outcome(_ path: String) -> String {
        do {
            let result = try ReaderTestSupport.read(path)
            return "\(result.format) \(result.patients) \(result.rejections) \(result.sha256)"
        } catch {
            return "error: \(error)"
        }
    }

    private static let documents: [(name: String, text: String)] = [
        ("list.yaml", "- id: P1\n  enrollment: {date: 2026-01-20, arm: A}\n  events:\n    - {type: lab, date: 2026-01-10, test: anc, value: 1.9}\n- id: P2\n  enrollment: {date: 2026-02-01}\n"),
        ("header.yaml", "format: patient-history/1\nsite: S9\ndata_cutoff: 2026-06-30\npatients:\n  - id: P1\n    enrollment: {date: 2026-01-20}\n    events: [{type: consent, date: 2026-01-18}]\n"),
        ("libyaml.yaml", "patients:\n  - id: P1\n    note: |\n      two\n      lines\n    enrollment: {date: 2026-01-20}\n"),
        ("document.json", #"{"patients": [{"id": "P1", "enrollment": {"date": "2026-01-20"}, "events": [{"type": "consent", "date": "2026-01-18"}]}]}"#),
        ("list.json", #"[{"id": "P1", "enrollment": {"date": "2026-01-20"}}, {"id": 7}]"#),
        ("malformed.yaml", "patients:\n  - id: P1\n    enrollment: {date: 2026-01-20\n"),
        ("malformed.json", #"{"patients": [{"id": "P1",]}"#),
        ("repeated.yaml", "patients:\n  - id: P1\n    id: P2\n    enrollment: {date: 2026-01-20}\n"),
        ("wrong-format.yaml", "format: patient-history/9\npatients: []\n"),
    ]

    @Test("A prefetched document reads as the reader's own parse: items, hash and errors", arguments: documents.indices)
    func sameAsReading(index: Int) throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let path = try scratch.write(Self.documents[index].name, Self.documents[index].text)
        let plain = Self.outcome(path)
        DocumentPrefetch.start(path: path, format: nil)
        let prefetched = Self.outcome(path)
        #expect(prefetched == plain)
        // The reader took it: nothing is left for the same bytes.
        let bytes = Array(Self.documents[index].text.utf8)
        #expect(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: path.hasSuffix(".json")) == nil)
    }

    @Test("The example site reads the same with and without a prefetch")
    func exampleSite() throws {
        let path = ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/NCT07177794/site-records.yaml").path
        let plain = try ReaderTestSupport.read(path)
        DocumentPrefetch.start(path: path, format: nil)
        let prefetched = try ReaderTestSupport.read(path)
        #expect(prefetched.patients == plain.patients)
        #expect(prefetched.rejections == plain.rejections)
        #expect(prefetched.sha256 == plain.sha256)
        #expect(plain.patients.count == 242)
    }

    @Test("A non-UTF-8 YAML document is malformed either way")
    func notUTF8() throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let path = try scratch.write("latin1.yaml", Array("- id: P1\n  site: ".utf8) + [0xE9] + Array("\n".utf8))
        let plain = Self.outcome(path)
        #expect(plain.contains("not UTF-8"))
        DocumentPrefetch.start(path: path, format: nil)
        #expect(Self.outcome(path) == plain)
    }

    @Test("The parse is handed over only for the same path, kind and bytes, once")
    func handedOverOnlyForTheSameBytes() throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let text = "- id: P1\n  enrollment: {date: 2026-01-20}\n"
        let path = try scratch.write("one.yaml", text)
        let bytes = Array(text.utf8)

        DocumentPrefetch.start(path: path, format: nil)
        #expect(DocumentPrefetch.take(path: path + ".other", bytes: bytes, isJSON: false) == nil)
        let taken = try #require(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: false))
        let own = ParsedDocument.parse(bytes, isJSON: false)
        #expect(String(describing: try taken.get().tree) == String(describing: try own.get().tree))
        #expect(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: false) == nil)

        DocumentPrefetch.start(path: path, format: nil)
        #expect(DocumentPrefetch.take(path: path, bytes: bytes + [0x0A], isJSON: false) == nil)
        DocumentPrefetch.start(path: path, format: nil)
        #expect(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: true) == nil)
    }

    @Test("A file changed after the prefetch started is read as it is when the reader reads it")
    func changedFile() throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let path = try scratch.write("changing.yaml", "- id: OLD\n  enrollment: {date: 2026-01-20}\n")
        DocumentPrefetch.start(path: path, format: nil)
        _ = try scratch.write("changing.yaml", "- id: NEW\n  enrollment: {date: 2026-01-21}\n- id: TWO\n  enrollment: {date: 2026-01-22}\n")
        let read = try ReaderTestSupport.read(path)
        #expect(read.patients.map(\.id) == ["NEW", "TWO"])
        #expect(read.patients.first?.enrollment.date.description == "2026-01-21")
    }

    @Test("Started again for the same path and format, the prefetch goes on; another format starts afresh")
    func startedAgain() throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let text = "- id: P1\n  enrollment: {date: 2026-01-20}\n"
        let path = try scratch.write("again.yaml", text)
        #expect(DocumentPrefetch.start(path: path, format: nil))
        #expect(DocumentPrefetch.start(path: path, format: nil))
        #expect(DocumentPrefetch.take(path: path, bytes: Array(text.utf8), isJSON: false) != nil)
        #expect(DocumentPrefetch.take(path: path, bytes: Array(text.utf8), isJSON: false) == nil)
        // Told YAML after a start with no format: read again, as told.
        #expect(DocumentPrefetch.start(path: path, format: nil))
        #expect(DocumentPrefetch.start(path: path, format: .yaml))
        #expect(DocumentPrefetch.take(path: path, bytes: Array(text.utf8), isJSON: false) != nil)
    }

    @Test("Streams, other formats, pipes and large files are not read ahead")
    func notReadAhead() throws {
        let scratch = try ScratchFolder(prefix: "prefetch")
        let ndjson = try scratch.write("stream.ndjson", #"{"id": "P1", "enrollment": {"date": "2026-01-20"}}"# + "\n")
        let fhir = try scratch.write("bundle.json", #"{"resourceType": "Bundle", "entry": []}"#)
        let csv = try scratch.write("rows.csv", "id,enrollment_date\nP1,2026-01-20\n")
        for path in [ndjson, fhir, csv] {
            #expect(!DocumentPrefetch.start(path: path, format: nil), "\(path)")
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: true) == nil, "\(path)")
            #expect(DocumentPrefetch.take(path: path, bytes: bytes, isJSON: false) == nil, "\(path)")
        }

        // Read as NDJSON when told so, whatever the extension.
        let yaml = try scratch.write("told.yaml", "- id: P1\n")
        #expect(!DocumentPrefetch.start(path: yaml, format: .ndjson))
        #expect(DocumentPrefetch.take(path: yaml, bytes: Array("- id: P1\n".utf8), isJSON: false) == nil)

        // A pipe is never opened ahead: starting returns at once, with no writer.
        let pipe = scratch.url.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(!DocumentPrefetch.start(path: pipe, format: nil))
        #expect(DocumentPrefetch.take(path: pipe, bytes: [], isJSON: false) == nil)

        // Larger than the limit: left to the reader (a sparse file, so nothing is written).
        let large = scratch.url.appendingPathComponent("large.yaml").path
        #expect(FileManager.default.createFile(atPath: large, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: large))
        try handle.truncate(atOffset: UInt64(DocumentPrefetch.largestFile + 1))
        try handle.close()
        #expect(!DocumentPrefetch.start(path: large, format: nil))
        #expect(DocumentPrefetch.take(path: large, bytes: [], isJSON: false) == nil)
    }

    @Test("Bytes are compared whole", arguments: [
        ([UInt8](), [UInt8](), true),
        ([1, 2, 3], [1, 2, 3], true),
        ([1, 2, 3], [1, 2, 4], false),
        ([1, 2, 3], [1, 2], false),
        ([], [0], false),
    ] as [([UInt8], [UInt8], Bool)])
    func comparison(first: [UInt8], second: [UInt8], same: Bool) {
        #expect(DocumentPrefetch.same(first, second) == same)
        #expect(DocumentPrefetch.same(second, first) == same)
    }
}
