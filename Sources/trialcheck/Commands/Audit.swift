import ArgumentParser
import Foundation
import TrialCheckCore
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck audit`: the main job.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit patient histories against a protocol and report deviations.",
            discussion: """
                Inputs are patient-history v1 files: YAML or JSON documents, or NDJSON \
                (one record per line; '-' reads standard input). Other formats are mapped \
                to the same model: CSV (one row per event), FHIR R4/mCODE (a Bundle, NDJSON \
                resources, or a Bulk Data folder) and CDISC SDTM (a folder of datasets). \
                A bad record is listed as rejected and the rest is audited; what a mapping \
                does not use is noted on standard error, and every event type, key, unit and \
                arm label no check uses is listed in the report's data coverage (--strict makes \
                those the audit does not understand an input error). An input that is missing, \
                unreadable or empty stops the audit before any report (exit code 2).
                """
        )

        enum Colour: String, ExpressibleByArgument, CaseIterable {
            case auto, always, never
        }

        @OptionGroup var protocolOption: ProtocolOption

        @OptionGroup var external: ExternalOptions

        @Argument(help: ArgumentHelp("Patient-history files; '-' for standard input.", valueName: "input"))
        var inputs: [String] = []

        @Option(help: "Report format.")
        var format: ReportFormat = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(
            name: .customLong("report"),
            help: ArgumentHelp("Also write a report in another format to a file (repeatable): FORMAT:PATH, such as junit:out/junit.xml.", valueName: "format:path")
        )
        var extraReports: [ReportRequest] = []

        @Option(help: ArgumentHelp("The day the data were extracted, for records whose file names none: ongoing treatment is judged as continuing to it.", valueName: "YYYY-MM-DD"))
        var dataCutoff: String?

        @Option(help: ArgumentHelp(
            "The sites' time zone, for records whose file names none: the day a time written in UTC (2026-01-20T23:30:00Z) falls on. An IANA name (Asia/Shanghai) or an offset (+08:00).",
            valueName: "zone"
        ))
        var timezone: String?

        @Option(help: ArgumentHelp("A YAML file of accepted deviations; waived findings never fail the audit.", valueName: "file"))
        var waivers: String?

        @Option(help: ArgumentHelp("The day waivers' expiry dates are judged on (default: today, UTC).", valueName: "YYYY-MM-DD"))
        var asOf: String?

        @Option(help: ArgumentHelp("A previous JSON report: fail only on findings that are new since it.", valueName: "report.json"))
        var baseline: String?

        @Option(help: ArgumentHelp("Replace patient ids in every report with a keyed hash; the key is read from this file.", valueName: "key-file"))
        var pseudonymizeKeyFile: String?

        @Option(help: ArgumentHelp(
            "Generalize dates in the reports' evidence: 'year' writes birth dates as the year alone.",
            valueName: "how"
        ))
        var generalizeDates: DateGeneralization?

        @Option(help: ArgumentHelp(
            "Read every input as this format instead of detecting it (by extension, content, or a folder's files).",
            valueName: "format"
        ))
        var inputFormat: InputFormat?

        @Option(help: ArgumentHelp(
            "The field separator of CSV inputs: auto (detected from the header line), comma, or semicolon (';', with decimal commas: '50,4 Gy').",
            valueName: "separator"
        ))
        var csvSeparator: CSVSeparator = .auto

        @Option(help: ArgumentHelp(
            "The longest record read, in bytes (an NDJSON line; default 64 MiB): a longer one is rejected, located by its line, without being read whole.",
            valueName: "bytes"
        ))
        var maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes

        @Option(help: "The least serious verdict that fails the audit (exit code 1).")
        var failOn: FailLevel = .deviation

        @Option(help: ArgumentHelp("Threads to decode and judge records on (default: every core). The report is the same for any value.", valueName: "n"))
        var jobs: Int = Auditor.defaultJobs

        @Option(help: "Colour in the text report.")
        var color: Colour = .auto

        @OptionGroup var reportOptions: ReportOptions

        @Flag(help: "Make data the audit does not understand (an unknown event type, key, unit or arm) an input error: exit 2.")
        var strict = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
            guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be at least 1.") }
            guard !inputs.isEmpty else {
                throw ValidationError("Give at least one input file, or '-' to read standard input.")
            }
        }

        func run() throws {
            SignalHandling.install()
            let definition = try protocolOption.load(externalPolicy: external.policy)
            try external.refuseUnlessAllowed(definition)
            try refuseOverwritingInputs()
            let asOfDay = try resolveAsOf()
            // A bad waiver or baseline file is an error (exit 2), but the audit's reports are
            // still written, without it.
            var fileErrors: [String] = []
            let waiverList = waivers.flatMap { Self.loadWaivers($0, definition: definition, errors: &fileErrors) }
            let key = try pseudonymizeKeyFile.map(Self.loadKey)
            let baselineReport = baseline.flatMap { path in
                Self.loadBaseline(path, errors: &fileErrors).flatMap { baseline in
                    Self.comparable(baseline, path: path, protocolID: definition.id, key: key, errors: &fileErrors)
                }
            }

            let progress = ProgressLine.forStandardError()
            let cutoff = try dataCutoff.map { text in
                guard let date = PartialDate(iso8601: text) else {
                    throw ValidationError("--data-cutoff: expected a date such as 2026-11-01, found '\(text)'.")
                }
                return date
            }
            let zone = try timezone.map { text in
                guard let zone = SiteTimeZone(text) else {
                    throw ValidationError("--timezone: expected \(SiteTimeZone.expected), found '\(text)'.")
                }
                return zone
            }
            // Findings wait on disk for the reports, so memory stays flat however many there are.
            var report = Auditor(definition: definition).audit(
                inputs: inputs, format: inputFormat, dataCutoff: cutoff, timeZone: zone, csvSeparator: csvSeparator,
                maxRecordBytes: maxRecordBytes, jobs: jobs,
                details: ([format] + extraReports.map(\.format)).reduce(into: []) { $0.formUnion($1.requiredDetails) },
                findingStorage: .temporaryFile
            ) { count in
                progress?.update(count)
            }
            progress?.finish()
            // An input that is missing, unreadable or empty: no report of part of the data.
            guard report.inputErrors.isEmpty else {
                for error in report.inputErrors { Console.error(Console.data(error.description)) }
                throw ExitCode(ExitStatus.error.rawValue)
            }

            if let waiverList { report.apply(waivers: waiverList, asOf: asOfDay) }
            if let key { report.pseudonymize(key: key) }
            if let generalizeDates { report.generalizeDates(generalizeDates) }
            if let baselineReport, let baseline { report.compare(toBaseline: baselineReport, path: baseline) }

            var options = ReportFormat.Options()
            options.colour = color == .always || (color == .auto && output == nil && Console.wantsColour)
            options.timestamp = "\(asOfDay)T00:00:00"
            options.fullReport = extraReports.first(where: { $0.format.isFullReport })?.path
            options.failOn = failOn
            try reportOptions.apply(to: &options)
            for request in extraReports {
                var fileOptions = options
                fileOptions.colour = false
                try request.format.write(report, options: fileOptions, to: request.path)
            }
            try format.write(report, options: options, to: output)
            for input in report.inputs {
                for note in input.notes ?? [] {
                    Console.error("\(Console.data(input.path)): note: \(Console.data(note))")
                }
            }
            for input in report.coverage?.inputs ?? [] {
                for element in input.elements where element.status == .unknown {
                    let location = Console.data(element.first.map { "\($0): " } ?? "\(input.path): ")
                    Console.error("\(location)\(strict ? "error" : "warning"): \(Console.data(element.sentence))")
                }
            }
            for rejection in report.rejected {
                Console.error("\(Console.data(rejection.location.description)): error: \(Console.data(rejection.reason))")
            }
            for diagnostic in report.diagnostics ?? [] where diagnostic.level != .note {
                let check = diagnostic.check.map { "check '\(Console.data($0))': " } ?? ""
                Console.error("\(diagnostic.level.rawValue): \(check)\(Console.data(diagnostic.message))")
            }
            for outcome in report.waivers ?? [] where outcome.status != .applied {
                let waiver = outcome.waiver
                let location = waiver.location.map { "\(Console.data($0.description)): " } ?? ""
                Console.error("\(location)warning: waiver for \(Console.data(waiver.patient)) / \(Console.data(waiver.check)) is \(outcome.status.rawValue)")
            }
            for error in fileErrors { Console.error(error) }
            if !fileErrors.isEmpty { throw ExitCode(ExitStatus.error.rawValue) }
            let status = report.exitStatus(failingOn: failOn, strict: strict)
            if status != .clean { throw ExitCode(status.rawValue) }
        }

        /// Exit 2 before any record is read if a report would be written over an input.
        private func refuseOverwritingInputs() throws {
            let reports = (output.map { [$0] } ?? []) + extraReports.map(\.path)
            var read = inputs + [waivers, baseline, pseudonymizeKeyFile].compactMap { $0 }
            if case .success(let path) = ProtocolLocator.resolve(protocolOption.protocol, environment: ProcessInfo.processInfo.environment) {
                read.append(path)
            }
            guard let clash = OutputGuard.clash(reports: reports, inputs: read) else { return }
            Console.error("error: the report '\(Console.data(clash.report))' is the input '\(Console.data(clash.input))'; writing it would destroy the input (choose another report path); nothing was audited")
            throw ExitCode(ExitStatus.error.rawValue)
        }

        private func resolveAsOf() throws -> CalendarDay {
            guard let asOf else { return CalendarDay.today() }
            guard let date = PartialDate(iso8601: asOf), date.isComplete else {
                throw ValidationError("--as-of: expected a date such as 2026-11-25, found '\(asOf)'.")
            }
            return date.span.first
        }

        /// The waivers in `path`, or `nil` with its located problems added to `errors`.
        private static func loadWaivers(_ path: String, definition: ProtocolDefinition, errors: inout [String]) -> [Waiver]? {
            do {
                return try WaiverFile.load(path: path, knownChecks: Set(definition.checks.map(\.id)))
            } catch {
                errors.append(error.description)
                errors.append("\(Console.data(path)): the waivers were not applied; the reports were written without them")
                return nil
            }
        }

        /// The baseline report in `path`, or `nil` with its located problem added to `errors`.
        private static func loadBaseline(_ path: String, errors: inout [String]) -> AuditReport? {
            do {
                return try BaselineFile.load(path: path)
            } catch {
                errors.append(error.description)
                errors.append("\(Console.data(path)): no finding was compared with the baseline; the reports were written without it")
                return nil
            }
        }

        /// `baseline`, or `nil` with the reason added to `errors` when it is of another
        /// protocol or holds other ids than this audit's reports will.
        private static func comparable(_ baseline: AuditReport, path: String, protocolID: String, key: [UInt8]?, errors: inout [String]) -> AuditReport? {
            let scheme = key.map(IDScheme.pseudonymized(key:)) ?? IDScheme.raw
            guard let reason = AuditReport.baselineMismatch(baseline, protocolID: protocolID, idScheme: scheme) else { return baseline }
            errors.append("\(Console.data(path)): error: \(reason)")
            errors.append("\(Console.data(path)): no finding was compared with the baseline; the reports were written without it")
            return nil
        }

        private static func loadKey(_ path: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("error: cannot read the pseudonymization key file '\(path)'")
                throw ExitCode(2)
            }
            let key = Array(data).trimmingTrailingNewlines()
            guard key.count >= 16 else {
                Console.error("error: the pseudonymization key in '\(path)' is shorter than 16 bytes; use a long random key")
                throw ExitCode(2)
            }
            return key
        }
    }
}

/// `--report FORMAT:PATH`.
struct ReportRequest: ExpressibleByArgument {
    let format: ReportFormat
    let path: String

    init?(argument: String) {
        guard let colon = argument.firstIndex(of: ":"),
              let format = ReportFormat(rawValue: String(argument[..<colon])),
              argument.index(after: colon) < argument.endIndex
        else { return nil }
        self.format = format
        path = String(argument[argument.index(after: colon)...])
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}

extension Array where Element == UInt8 {
    fileprivate func trimmingTrailingNewlines() -> [UInt8] {
        var bytes = self
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return bytes
    }
}

extension InputFormat: ExpressibleByArgument {}
extension CSVSeparator: ExpressibleByArgument {}
extension FailLevel: ExpressibleByArgument {}
extension DateGeneralization: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
