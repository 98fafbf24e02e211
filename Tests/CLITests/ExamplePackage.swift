import Foundation
import Synchronization

/// An example Swift package under Examples/, built on first use so that its end-to-end tests
/// always run (never skipped because nobody built it by hand).
enum ExamplePackage {
    /// The outcome of each package's build, by path, so one process builds each once.
    private static let builds = Mutex<[String: Result<URL, BuildFailure>]>([:])

    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The debug build folder of the package at `path` (relative to the repository root),
    /// after `swift build` there.
    static func built(_ path: String) throws -> URL {
        try builds.withLock { builds in
            if let done = builds[path] { return try done.get() }
            let result = Result { try build(path) }.mapError { BuildFailure(description: "\($0)") }
            builds[path] = result
            return try result.get()
        }
    }

    private static func build(_ path: String) throws -> URL {
        let package = TrialCheckBinary.repositoryRoot.appendingPathComponent(path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--package-path", package.path]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (environment["PATH"].map { $0 + ":" } ?? "") + "/opt/swift/usr/bin"
        process.environment = environment
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let output = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BuildFailure(description: "swift build --package-path \(path) failed:\n\(String(decoding: output, as: UTF8.self).suffix(2000))")
        }
        return package.appendingPathComponent(".build/debug")
    }
}
