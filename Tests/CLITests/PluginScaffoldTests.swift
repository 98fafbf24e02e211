import Foundation
import Testing

/// `trialcheck plugin new`: the scaffold writes a plugin module and its tests that compile
/// against the plugin API alone (the engine is not involved), and refuses bad names.
@Suite("trialcheck plugin new")
struct PluginScaffoldTests {
    /// A fresh folder with a copy of Package.swift, as the package root.
    static func packageCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-scaffold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TrialCheckBinary.repositoryRoot.appendingPathComponent("Package.swift"), to: folder.appendingPathComponent("Package.swift")
        )
        return folder
    }

    /// The compiled modules beside the binary (TrialCheckCore.swiftmodule), if this build has them.
    static var modules: URL? {
        let folder = TrialCheckBinary.executable.deletingLastPathComponent().appendingPathComponent("Modules")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("TrialCheckCore.swiftmodule").path) ? folder : nil
    }

    /// `swiftc` on PATH, if there is one.
    static var swiftc: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/swiftc" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func compile(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(swiftc))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("The scaffold writes a check, its plugin enum and tests, and prints the lines to add")
    func scaffold() throws {
        let root = try Self.packageCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try TrialCheckBinary.run(["plugin", "new", "demo-marker", "--package-path", root.path])
        #expect(run.status == 0, "\(run.standardError)")
        for path in ["Plugins/DemoMarkerChecks/DemoMarkerCheck.swift", "Plugins/DemoMarkerChecks/DemoMarkerChecksPlugin.swift", "Tests/PluginTests/DemoMarkerCheckTests.swift"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) missing")
        }
        #expect(run.standardOutput.contains("\"DemoMarkerChecks\","))
        #expect(run.standardOutput.contains("import DemoMarkerChecks"))
        #expect(run.standardOutput.contains("DemoMarkerChecksPlugin.self,"))
        let source = try String(contentsOf: root.appendingPathComponent("Plugins/DemoMarkerChecks/DemoMarkerCheck.swift"), encoding: .utf8)
        #expect(source.contains("static let identifier = \"demo-marker\""))
        #expect(source.contains("kind: identifier,"))

        let again = try TrialCheckBinary.run(["plugin", "new", "DemoMarker", "--package-path", root.path])
        #expect(again.status == 2)
        #expect(again.standardError.contains("already exists; nothing was written"))
    }

    @Test(
        "The generated plugin and its tests compile against the plugin API alone",
        .enabled(if: swiftc != nil && modules != nil, "needs swiftc and the built modules")
    )
    func compiles() throws {
        let root = try Self.packageCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try TrialCheckBinary.run(["plugin", "new", "demo-marker", "--package-path", root.path]).status == 0)
        let modules = try #require(Self.modules).path
        let built = root.appendingPathComponent("modules")
        try FileManager.default.createDirectory(at: built, withIntermediateDirectories: true)
        let plugin = root.appendingPathComponent("Plugins/DemoMarkerChecks")
        let sources = try FileManager.default.contentsOfDirectory(atPath: plugin.path).sorted().map { plugin.appendingPathComponent($0).path }
        let module = try Self.compile(
            ["-parse-as-library", "-emit-module", "-module-name", "DemoMarkerChecks", "-I", modules,
             "-emit-module-path", built.appendingPathComponent("DemoMarkerChecks.swiftmodule").path] + sources
        )
        #expect(module.status == 0, "\(module.output)")
        let tests = try Self.compile(
            ["-typecheck", "-parse-as-library", "-I", built.path, "-I", modules,
             root.appendingPathComponent("Tests/PluginTests/DemoMarkerCheckTests.swift").path]
        )
        #expect(tests.status == 0, "\(tests.output)")
    }

    @Test("Bad names, existing kinds and a folder without Package.swift are refused", arguments: [
        (["plugin", "new", "9lives"], "is not a plugin name"),
        (["plugin", "new", "age-range"], "a check kind 'age-range' already exists"),
        (["plugin", "new", "biomarker", "--package-path", "/"], "no Package.swift"),
    ])
    func refused(_ arguments: [String], _ message: String) throws {
        let run = try TrialCheckBinary.run(arguments)
        #expect(run.status == 2)
        #expect(run.standardError.contains(message), "\(run.standardError)")
    }
}
