import ArgumentParser
import Foundation
import TrialCheckEngine
import TrialCheckSynthetic

extension TrialCheck {
    /// `trialcheck generate`: a synthetic cohort of any size, for trying and benchmarking.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a synthetic cohort of patient histories (NCT07177794 only).",
            discussion: """
                Realistic full histories (diagnosis, induction, definitive chemoradiotherapy, \
                screening labs with units and limits, ECOG, consent, Arm A study drug), streamed \
                in constant memory; the same seed gives byte-identical output. Only the shape of \
                protocol NCT07177794 is known: another protocol is an error. \
                --deviation-rate is the share of patients given a deviation of one of the four \
                design checks (age, radiotherapy-dose, enrollment-window, no-adjuvant-therapy); \
                a quarter as many get an edge case of those checks and a third as many a \
                deviation of another check. With 0, every record passes the whole protocol. \
                No record describes a real person.
                """
        )

        @OptionGroup var configurationOptions: ConfigurationOptions

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("The protocol, as a file or an id; only NCT07177794 is supported.", valueName: "path-or-id")
        )
        var `protocol`: String

        @Option(help: ArgumentHelp("How many patients.", valueName: "n"))
        var patients: Int

        @Option(help: ArgumentHelp("The random seed: the same seed gives the same cohort.", valueName: "s"))
        var seed: UInt64 = 7794

        @Option(help: ArgumentHelp("Share of patients with a design-check deviation, 0 to 1.", valueName: "r"))
        var deviationRate: Double = 0.1

        @Option(help: "Output format.")
        var format: CohortFormat = .ndjson

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            guard patients >= 0 else { throw ValidationError("--patients must be 0 or more.") }
            guard deviationRate.isFinite, (0 ... 1).contains(deviationRate) else {
                throw ValidationError("--deviation-rate must be between 0 and 1.")
            }
        }

        func run() throws {
            try checkProtocol()
            let generator = CohortGenerator(seed: seed, patients: patients, deviationRate: deviationRate, format: format)
            let descriptor: Int32
            if let output {
                descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard descriptor >= 0 else {
                    throw AuditFailure(Notice(.error, at: output, "cannot write: \(String(cString: strerror(errno)))"))
                }
            } else {
                descriptor = STDOUT_FILENO
            }
            defer { if output != nil { close(descriptor) } }
            do {
                try generator.write { chunk in try Self.writeAll(chunk, to: descriptor) }
            } catch {
                throw AuditFailure(Notice(.error, "cannot write the cohort: \(error)"))
            }
        }

        /// Accepts the NCT07177794 id, or a protocol file whose id is NCT07177794.
        private func checkProtocol() throws {
            let supported = CohortGenerator.protocolID
            if `protocol` == supported { return }
            let definition = try ProtocolOption.load(`protocol`)
            guard definition.id == supported else {
                throw AuditFailure(Notice(.error, "'generate' knows the record shape of protocol \(supported) only; '\(`protocol`)' is protocol \(definition.id)"))
            }
        }

        private static func writeAll(_ chunk: UnsafeRawBufferPointer, to descriptor: Int32) throws {
            guard var base = chunk.baseAddress else { return }
            var remaining = chunk.count
            while remaining > 0 {
                let written = write(descriptor, base, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(reason: String(cString: strerror(errno)))
                }
                base += written
                remaining -= written
            }
        }
    }
}

extension CohortFormat: ChoiceArgument {}
