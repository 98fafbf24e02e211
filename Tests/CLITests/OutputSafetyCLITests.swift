import Foundation
import Testing

/// A hostile or broken input cannot forge stderr lines, reach outside the protocol folders,
/// get a report written over it, or leave a report half-written on a signal.
@Suite("trialcheck audit, output safety")
struct OutputSafetyCLITests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Files in `folder` whose names mark them as temporary report files.
    static func temporaryFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test("Control characters from records reach standard error as visible escapes")
    func standardErrorEscaped() throws {
        let record = #"{"id": "X\u001b[2J\nerror: forged", "birth_date": "1960-01-01", "enrollment": {"date": "2026-02-30\u001b]0;t\u0007"}, "events": []}"# + "\n"
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "-"], input: record)
        #expect(run.status == 2)
        #expect(!run.standardError.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(run.standardError.contains(#"\u{1B}]0;t\u{07}"#))
        #expect(!run.standardError.contains("\nerror: forged"))
        #expect(!run.standardOutput.contains("\u{1B}"))
    }

    @Test("A file that is not a protocol is quoted by one short line, never whole")
    func notAProtocolQuotedShort() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("passwd")
        let lines = (1...200).map { "user\($0):x:\($0):\($0):secret-\($0):/home/u\($0):/bin/sh" }
        try Data(lines.joined(separator: "\n").utf8).write(to: secret)
        let run = try TrialCheckBinary.run(["audit", "--protocol", secret.path, "-"], input: "")
        #expect(run.status == 2)
        #expect(!run.standardError.contains("user2"), "one line of the file, though YAML folds its lines into one value")
        #expect(run.standardError.count < 600, "\(run.standardError)")
        for line in run.standardError.split(separator: "\n") { #expect(line.count <= 80 + secret.path.count + 200) }
    }

    @Test("A report is never written over an input", arguments: ["--output", "--report"])
    func reportOverInput(option: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("records.ndjson")
        try Data(AuditCommandTests.twoPatients.utf8).write(to: input)
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        for target in [input.path, link.path, folder.path + "/./records.ndjson"] {
            let value = option == "--output" ? target : "csv:\(target)"
            let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", option, value, input.path])
            #expect(run.status == 2)
            #expect(run.standardError.contains("is the input"), "\(run.standardError)")
            #expect(try String(contentsOf: input, encoding: .utf8) == AuditCommandTests.twoPatients)
        }
        // The protocol file is an input too.
        let protocolCopy = folder.appendingPathComponent("protocol.yaml")
        try FileManager.default.copyItem(at: TrialCheckBinary.repositoryRoot.appendingPathComponent("Protocols/NCT07177794.yaml"), to: protocolCopy)
        let before = try Data(contentsOf: protocolCopy)
        let run = try TrialCheckBinary.run(["audit", "-p", protocolCopy.path, "-o", protocolCopy.path, input.path])
        #expect(run.status == 2)
        #expect(try Data(contentsOf: protocolCopy) == before)
    }

    @Test("Reports replace their targets whole and leave no temporary file")
    func reportsRenamedIntoPlace() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("records.ndjson")
        try Data(AuditCommandTests.twoPatients.utf8).write(to: input)
        let html = folder.appendingPathComponent("out/report.html")
        let csv = folder.appendingPathComponent("out/report.csv")
        try FileManager.default.createDirectory(at: html.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: csv)
        let run = try TrialCheckBinary.run(["audit", "-p", "NCT07177794", "--format", "html", "-o", html.path, "--report", "csv:\(csv.path)", input.path])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(try String(contentsOf: html, encoding: .utf8).hasSuffix("</html>\n"))
        #expect(try String(contentsOf: csv, encoding: .utf8).hasPrefix("kind,patient,"))
        #expect(try Self.temporaryFiles(in: html.deletingLastPathComponent()).isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: csv.path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o044 } == 0o044, "a report is readable as a new file is")
    }

    @Test("SIGTERM and SIGINT stop the audit: old reports kept, no temporary file, 143 or 130 and one line", arguments: [(SIGTERM, Int32(143), "SIGTERM"), (SIGINT, Int32(130), "SIGINT")])
    func signal(number: Int32, status: Int32, name: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("slow.ndjson")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Held open for writing and never closed until the end: the audit waits on it.
        let writer = open(fifo.path, O_RDWR)
        #expect(writer >= 0)
        defer { close(writer) }
        let first = AuditCommandTests.twoPatients.split(separator: "\n").first.map(String.init) ?? ""
        _ = (first + "\n").withCString { write(writer, $0, strlen($0)) }
        let report = folder.appendingPathComponent("report.html")
        try Data("old report".utf8).write(to: report)

        let process = Process()
        process.executableURL = TrialCheckBinary.executable
        process.arguments = ["audit", "-p", "NCT07177794", "--format", "html", "-o", report.path, "--report", "csv:\(folder.path)/report.csv", fifo.path]
        process.currentDirectoryURL = TrialCheckBinary.repositoryRoot
        let errors = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning, "the audit should still wait on the FIFO")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        try errorHandle.close()
        let standardError = try String(contentsOf: errors, encoding: .utf8)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        #expect(standardError.split(separator: "\n").count == 1, "\(standardError)")
        #expect(standardError.contains(name))
        #expect(try String(contentsOf: report, encoding: .utf8) == "old report")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/report.csv"))
        #expect(try Self.temporaryFiles(in: folder).isEmpty)
    }
}
