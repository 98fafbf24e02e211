import Foundation
import Testing

/// A bad waiver or baseline file is a located error (exit 2), and the audit's reports are
/// still written, as the README says.
@Suite("trialcheck audit, bad waiver and baseline files")
struct BadWaiverBaselineCLITests {
    static func files(_ name: String, _ text: String) throws -> (folder: URL, file: String, report: String) {
        let folder = try CIGatingTests.scratch()
        let file = try CIGatingTests.write(text, name, in: folder)
        return (folder, file, folder.appendingPathComponent("out/report.json").path)
    }

    @Test("A bad waiver file: located error, exit 2, reports written without the waivers")
    func badWaivers() throws {
        let (folder, file, report) = try Self.files("waivers.yaml", "waivers:\n  - patient: L-1\n    check: enrolment-window\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CIGatingTests.audit(["--waivers", file, "--report", "json:\(report)"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(file):2:5: error: the waiver has no 'reason'"), "\(run.standardError)")
        #expect(run.standardError.contains("the reports were written without them"))
        #expect(run.standardOutput.contains("Summary by check"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"L-1\""))
    }

    @Test("A baseline that is not JSON: its syntax error located, exit 2, reports written")
    func baselineSyntax() throws {
        let (folder, file, report) = try Self.files("previous.json", "{\n  \"findings\": [\n    {\"patient\": \"L-1\",}\n  ]\n}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CIGatingTests.audit(["--baseline", file, "--report", "json:\(report)"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(file):3:23: error: the baseline is not JSON: "), "\(run.standardError)")
        #expect(!run.standardError.contains("The data isn't in the correct format"))
        #expect(FileManager.default.fileExists(atPath: report))
        #expect(run.standardOutput.contains("Summary by check"))
    }

    @Test("A baseline that is JSON but no report: located at the value that is wrong")
    func baselineShape() throws {
        let (folder, file, report) = try Self.files("previous.json", "{\n  \"findings\": \"none\"\n}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CIGatingTests.audit(["--baseline", file, "--report", "json:\(report)"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(file):"), "\(run.standardError)")
        #expect(run.standardError.contains("error: the baseline is not a report: "))
        #expect(FileManager.default.fileExists(atPath: report))
    }

    @Test("A missing baseline: error naming it, exit 2, reports written")
    func baselineMissing() throws {
        let folder = try CIGatingTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let run = try CIGatingTests.audit(["--baseline", folder.path + "/none.json", "--report", "json:\(report)"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("none.json"))
        #expect(FileManager.default.fileExists(atPath: report))
    }
}
