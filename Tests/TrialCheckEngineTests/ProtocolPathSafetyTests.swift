import Foundation
import Testing
@testable import TrialCheckEngine

/// A protocol id resolves only inside the protocol folders; an error about a file that is no
/// protocol quotes one short line of it; a report file is replaced whole or not at all.
@Suite("Protocol paths and report files")
struct ProtocolPathSafetyTests {
    /// A protocol folder and, beside it, a secret protocol file outside it.
    static func folders() throws -> (root: URL, protocols: URL) {
        let root = try TestSupport.temporaryFolder()
        let protocols = root.appendingPathComponent("protocols")
        let secret = root.appendingPathComponent("secret")
        try FileManager.default.createDirectory(at: protocols, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: secret, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: TestSupport.shippedProtocolPath, encoding: .utf8)
        try Data(text.utf8).write(to: secret.appendingPathComponent("leak.yaml"))
        try Data(text.utf8).write(to: protocols.appendingPathComponent("inside.yaml"))
        try FileManager.default.createSymbolicLink(
            atPath: protocols.appendingPathComponent("escape.yaml").path, withDestinationPath: "../secret/leak.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: protocols.appendingPathComponent("alias.yaml").path, withDestinationPath: "inside.yaml")
        return (root, protocols)
    }

    @Test("An id with '/', '..' or NUL is no id", arguments: ["../secret/leak", "..", "a/b", "x\u{0}y", "", "..leak"])
    func notAnID(reference: String) throws {
        let (root, protocols) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(!ProtocolLocator.isID(reference))
        let result = ProtocolLocator.resolve(reference, environment: [ProtocolLocator.environmentVariable: protocols.path])
        guard case .failure(let notFound) = result else {
            Issue.record("'\(reference)' resolved to \(result)")
            return
        }
        #expect(!notFound.description.contains("\u{0}"))
    }

    @Test("An id resolves inside its folder, through a link that stays inside, never one that leads out")
    func links() throws {
        let (root, protocols) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = [ProtocolLocator.environmentVariable: protocols.path]
        #expect(try ProtocolLocator.resolve("inside", environment: environment).get() == protocols.path + "/inside.yaml")
        #expect(try ProtocolLocator.resolve("alias", environment: environment).get() == protocols.path + "/alias.yaml")
        #expect(throws: ProtocolLocator.NotFound.self) { try ProtocolLocator.resolve("escape", environment: environment).get() }
        // A path given explicitly is the user's choice.
        let explicit = root.appendingPathComponent("secret/leak.yaml").path
        #expect(try ProtocolLocator.resolve(explicit, environment: environment).get() == explicit)
    }

    @Test("A file that is not a protocol is quoted by at most one short line", arguments: [1, 2, 500])
    func shortExcerpt(lines: Int) throws {
        let text = (1...lines).map { "user\($0):x:\($0):\($0):secret-\($0)-" + String(repeating: "z", count: 150) }.joined(separator: "\n")
        let path = try TestSupport.writeTemporary(text, name: "passwd")
        do {
            _ = try ProtocolLoader(registry: TestSupport.registry).load(path: path)
            Issue.record("loaded a password file as a protocol")
        } catch {
            let message = error.description
            #expect(!message.contains("\n"))
            #expect(!message.contains("secret-2"))
            #expect(!message.contains(String(repeating: "z", count: 100)))
            #expect(message.count <= path.count + 250, "\(message)")
            // YAML folds the lines into one value; the quote is of the first line alone.
            #expect(!message.contains("user2"), "\(message)")
        }
    }

    @Test("The excerpt: one line, at most the limit, control characters escaped")
    func excerpt() {
        #expect(ControlEscaping.excerpt("short") == "short")
        #expect(ControlEscaping.excerpt(String(repeating: "a", count: 80)) == String(repeating: "a", count: 80))
        #expect(ControlEscaping.excerpt(String(repeating: "a", count: 81)) == String(repeating: "a", count: 79) + "…")
        #expect(ControlEscaping.excerpt("one\ntwo\nthree") == "one… (3 lines)")
        #expect(ControlEscaping.excerpt("a\u{1B}b") == #"a\u{1B}b"#)
    }

    @Test("A report file is replaced on finish, and left as it was if never finished")
    func atomicReport() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.txt").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let output = try ReportOutput.file(atPath: path)
            output.write(String(repeating: "x", count: 200_000))
            // Dropped before finish: as a failed reporter or a signal would leave it.
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.txt"])
        let output = try ReportOutput.file(atPath: path)
        output.write("new")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try output.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.txt"])
    }
}

/// A baseline's problems are located by the project's own JSON parser and by the path of
/// the value that is wrong.
@Suite("Baseline file")
struct BaselineFileTests {
    @Test("A JSON syntax error is located at its line and column")
    func syntax() throws {
        let error = #expect(throws: ProtocolError.self) {
            try BaselineFile.decode(Array("{\n  \"a\": [1,\n  2,,]\n}".utf8), path: "b.json")
        }
        #expect(error?.description.hasPrefix("b.json:3:5: error: the baseline is not JSON: ") == true, "\(String(describing: error))")
    }

    @Test("A value of the wrong kind is located where it is")
    func shape() throws {
        let json = JSONReporter().render(try ReporterGoldenTests.report())
        let wrong = "\"status\" : \"deviation\""
        // The first finding's status (the baseline's resolved findings come before it).
        let findings = try #require(json.range(of: "\n  \"findings\" : ["))
        let range = try #require(json.range(of: wrong, range: findings.upperBound..<json.endIndex))
        let broken = json.replacingCharacters(in: range, with: "\"status\" : 42")
        let before = json[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 12
        let error = #expect(throws: ProtocolError.self) {
            try BaselineFile.decode(Array(broken.utf8), path: "b.json")
        }
        #expect(error?.description.hasPrefix("b.json:\(line):\(column): error: the baseline is not a report: 'findings.0.status': ") == true, "\(String(describing: error))")
        // No report at all: located at its start, naming what is missing.
        let empty = #expect(throws: ProtocolError.self) { try BaselineFile.decode(Array("{}".utf8), path: "b.json") }
        #expect(empty?.description.hasPrefix("b.json:1:1: error: the baseline is not a report: the report: has no ") == true)
    }

    @Test("A report written by the JSON reporter reads back")
    func roundTrip() throws {
        let report = try ReporterGoldenTests.report()
        let json = JSONReporter().render(report)
        #expect(JSONReporter().render(try BaselineFile.decode(Array(json.utf8), path: "b.json")) == json)
    }
}
