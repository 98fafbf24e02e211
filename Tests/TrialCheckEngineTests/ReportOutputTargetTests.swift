import Foundation
import Testing
@testable import TrialCheckEngine

/// A report written to a path that is not a plain file: the device, pipe or link stays what
/// it was, and the report reaches what it names.
@Suite("Report output to special paths")
struct ReportOutputTargetTests {
    @Test("A report written to /dev/null leaves the device in place")
    func deviceStaysADevice() throws {
        let output = try ReportOutput.file(atPath: "/dev/null")
        output.write("{}\n")
        try output.finish()
        var status = stat()
        #expect(stat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR)
        let strays = try FileManager.default.contentsOfDirectory(atPath: "/dev").filter { $0.hasPrefix(".null.") }
        #expect(strays.isEmpty)
    }

    @Test("A report written to a named pipe reaches its reader, and the pipe stays a pipe")
    func namedPipe() throws {
        let folder = try TestSupport.temporaryFolder()
        let pipe = folder.appendingPathComponent("report.fifo").path
        #expect(mkfifo(pipe, 0o600) == 0)
        // The reading end, opened first without blocking, so the writer's open does not wait.
        let reader = open(pipe, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        do {
            let output = try ReportOutput.file(atPath: pipe)
            output.write("report text\n")
            try output.finish()
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while case let count = read(reader, &chunk, chunk.count), count > 0 {
            received += chunk[..<count]
        }
        #expect(received == Array("report text\n".utf8))
        var status = stat()
        #expect(lstat(pipe, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("A report written through a symbolic link replaces the file it names and keeps the link")
    func symbolicLink() throws {
        let folder = try TestSupport.temporaryFolder()
        let target = folder.appendingPathComponent("reports/latest.json").path
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("reports").path, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let link = folder.appendingPathComponent("report.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let output = try ReportOutput.file(atPath: link)
        output.write("new")
        try output.finish()

        var status = stat()
        #expect(lstat(link, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }
}
