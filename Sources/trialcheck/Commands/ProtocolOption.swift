import ArgumentParser
import Foundation
import TrialCheckEngine

/// `--protocol`: a protocol file, or a protocol id found in Protocols/.
struct ProtocolOption: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "A protocol file, or a protocol id looked up in $\(ProtocolLocator.environmentVariable) and Protocols/.",
            valueName: "path-or-id"
        )
    )
    var `protocol`: String

    /// Loads and validates the protocol, printing every problem on failure.
    func load() throws -> ProtocolDefinition {
        try ProtocolOption.load(`protocol`)
    }

    static func load(_ reference: String) throws -> ProtocolDefinition {
        let path: String
        switch ProtocolLocator.resolve(reference, environment: ProcessInfo.processInfo.environment) {
        case .success(let found): path = found
        case .failure(let notFound):
            Console.error("error: \(notFound)")
            throw ExitCode(2)
        }
        do {
            return try ProtocolLoader(registry: TrialCheck.registry).load(path: path)
        } catch {
            Console.error(error.description)
            let count = error.problems.count
            Console.error("\(path): \(count) problem\(count == 1 ? "" : "s"); no record was read.")
            throw ExitCode(2)
        }
    }
}
