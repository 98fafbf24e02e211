import ArgumentParser
import Foundation
import TrialCheckCore
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck audit`: the main job.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Audit patient histories against a protocol and report deviations.",
            discussion: """
                Inputs are patient-history v1 files: YAML or JSON documents, or NDJSON \
                (one record per line; '-' reads standard input). Other formats are mapped \
                to the same model: CSV (one row per event), FHIR R4/mCODE (a Bundle, NDJSON \
                resources, or a Bulk Data folder), CDISC SDTM (a folder of datasets), and wide \
                EDC exports (REDCap CSV or JSON, any wide CSV) through a mapping file (--mapping). \
                A bad record is listed as rejected and the rest is audited; what a mapping \
                does not use is noted on standard error, and every event type, key, unit and \
                arm label no check uses is listed in the report's data coverage (--strict makes \
                those the audit does not understand an input error). An input that is missing, \
                unreadable or empty stops the audit before any report (exit code 2).
                """
        )

        @OptionGroup var protocolOption: ProtocolOption

        @OptionGroup var configurationOptions: ConfigurationOptions

        @OptionGroup var external: ExternalOptions

        @Argument(help: ArgumentHelp("Patient-history files; '-' for standard input.", valueName: "input"))
        var inputs: [String] = []

        @Option(help: "Report format.")
        var format: ReportFormat = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Read the inputs as wide EDC exports (REDCap CSV or JSON, any wide CSV) through this mapping file.", valueName: "mapping.yaml"))
        var mapping: String?

        @Option(help: ArgumentHelp("The REDCap data dictionary (CSV) of the export, instead of the one the mapping file names.", valueName: "file"))
        var dictionary: String?

        @Option(
            name: .customLong("report"),
            help: ArgumentHelp(
                "Also write a report in another format to a file (repeatable): FORMAT:PATH, such as junit:out/junit.xml. Formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                valueName: "format:path"
            ),
            completion: .file(),
            transform: ReportRequest.init(parsing:)
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
            "Generalize dates in the reports: 'year' writes birth dates as the year alone; 'shift' moves every date of a patient by a keyed per-patient number of days (needs --pseudonymize-key-file).",
            valueName: "how"
        ))
        var generalizeDates: DateProtection?

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

        @Option(help: "The least serious thing that fails the audit (exit code 1): qtl (breached quality tolerance limits only), deviation, indeterminate or not-evaluable; every level but never also fails on a breached limit.")
        var failOn: FailLevel = .deviation

        @Option(help: ArgumentHelp("Threads to decode and judge records on (default: every core). The report is the same for any value.", valueName: "n"))
        var jobs: Int = Auditor.defaultJobs

        @Option(help: "Colour in the text report.")
        var color: Colour = .auto

        @OptionGroup var verbosity: Verbosity

        @Flag(help: ArgumentHelp(
            "Read the input (a file, or '-' for standard input) as a tagged-line stream: JSON lines {\"input\", \"file\", \"line\", \"text\"} carrying the original lines of --input-format inputs, as trialcheck-spark sends a partition's patients; locations name the original files and lines."
        ))
        var taggedLines = false

        @OptionGroup var reportOptions: ReportOptions

        @Flag(help: "Make data the audit does not understand (an unknown event type, key, unit or arm) an input error: exit 2.")
        var strict = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
            guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be at least 1.") }
            if generalizeDates == .shift, pseudonymizeKeyFile == nil {
                throw ValidationError("--generalize-dates shift needs --pseudonymize-key-file: the shifts are keyed by the pseudonymization key.")
            }
            guard dictionary == nil || mapping != nil else {
                throw ValidationError("--dictionary is read with --mapping: give the mapping file too.")
            }
            guard !inputs.isEmpty else {
                throw ValidationError("Give at least one input file, or '-' to read standard input.")
            }
            if taggedLines {
                guard inputs.count == 1 else { throw ValidationError("--tagged-lines reads one stream: give one file, or '-' for standard input.") }
                guard inputFormat != nil else {
                    throw ValidationError("--tagged-lines needs --input-format: the format of the original lines (ndjson, csv, fhir or sdtm).")
                }
            }
        }

        func run() throws {
            SignalHandling.install()
            // A YAML or JSON document is parsed whole before its first patient is judged:
            // with more than one thread, that parse runs while the protocol loads.
            if jobs > 1, !taggedLines, mapping == nil, let first = inputs.first {
                DocumentPrefetch.start(path: first, format: inputFormat)
            }
            let definition = try protocolOption.load(externalPolicy: external.policy)
            try external.refuseUnlessAllowed(definition)
            try refuseOverwritingInputs()
            let request = try makeRequest(definition: definition, mapping: try loadMapping())
            let progress = ProgressLine.forStandardError()
            let outcome = try AuditSession(request).run { count in progress?.update(count) }
            progress?.finish()
            // An input that is missing, unreadable or empty: no report of part of the data.
            guard outcome.isReportable else { throw AuditFailure(outcome.notices) }

            var options = ReportFormat.Options()
            options.colour = color.wanted(writingToTerminal: output == nil || output == "-")
            options.timestamp = "\(request.asOf)T00:00:00"
            options.fullReport = extraReports.first(where: { $0.format.isFullReport })?.path
            options.failOn = failOn
            try reportOptions.apply(to: &options)
            for request in extraReports {
                var fileOptions = options
                fileOptions.colour = false
                try request.format.write(outcome.report, options: fileOptions, to: request.path)
            }
            try format.write(outcome.report, options: options, to: output)
            verbosity.show(outcome.notices)
            if outcome.status != .clean { throw ExitCode(outcome.status.rawValue) }
        }

        /// The engine's request for these arguments.
        private func makeRequest(definition: ProtocolDefinition, mapping: ExportMapping?) throws -> AuditRequest {
            let sources = try taggedLines ? Self.readTaggedLines(inputs[0]) : inputs.map(AuditInput.path)
            var request = AuditRequest(definition: definition, sources: sources)
            request.reading.format = inputFormat
            request.reading.csvSeparator = csvSeparator
            request.reading.maxRecordBytes = maxRecordBytes
            request.reading.dataCutoff = try dataCutoff.map { text in
                guard let date = PartialDate(iso8601: text) else {
                    throw ValidationError("--data-cutoff: expected a date such as 2026-11-01, found '\(text)'.")
                }
                return date
            }
            request.reading.timeZone = try timezone.map { text in
                guard let zone = SiteTimeZone(text) else {
                    throw ValidationError("--timezone: expected \(SiteTimeZone.expected), found '\(text)'.")
                }
                return zone
            }
            request.jobs = jobs
            request.details = ([format] + extraReports.map(\.format)).reduce(into: []) { $0.formUnion($1.requiredDetails) }
            // Findings wait on disk for the reports, so memory stays flat however many there are.
            request.findingStorage = .temporaryFile
            request.waiversPath = waivers
            request.asOf = try resolveAsOf()
            request.baselinePath = baseline
            if let pseudonymizeKeyFile { request.pseudonymKey = try PseudonymKey.load(path: pseudonymizeKeyFile) }
            request.dateProtection = generalizeDates
            request.failOn = failOn
            request.strict = strict
            request.mapping = mapping
            return request
        }

        /// The inputs a tagged-line stream holds; a stream that cannot be read is an error (exit 2).
        private static func readTaggedLines(_ path: String) throws(AuditFailure) -> [AuditInput] {
            let name = path == "-" ? HistoryReader.standardInputName : path
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else if let contents = FileManager.default.contents(atPath: path) {
                data = contents
            } else {
                throw AuditFailure(Notice(.error, at: name, "cannot read the tagged-line stream"))
            }
            do {
                let inputs = try TaggedLineStream.inputs(from: Array(data), name: name)
                guard !inputs.isEmpty else {
                    throw AuditFailure(Notice(.error, at: name, "the tagged-line stream is empty: no patient records"))
                }
                return inputs.map(AuditInput.memory)
            } catch let failure as AuditFailure {
                throw failure
            } catch let problem as TaggedLineStream.Problem {
                throw AuditFailure(Notice(.error, at: problem.location.description, problem.reason))
            } catch {
                throw AuditFailure(Notice(.error, at: name, "\(error)"))
            }
        }

        /// Exit 2 before any record is read if a report would be written over an input.
        private func refuseOverwritingInputs() throws {
            let reports = (output.map { [$0] } ?? []) + extraReports.map(\.path)
            var read = inputs + [waivers, baseline, pseudonymizeKeyFile, mapping, dictionary].compactMap { $0 }
            if case .success(let path) = ProtocolLocator.resolve(protocolOption.protocol, environment: ProcessInfo.processInfo.environment) {
                read.append(path)
            }
            guard let clash = OutputGuard.clash(reports: reports, inputs: read) else { return }
            throw AuditFailure(Notice(.error, "the report '\(clash.report)' is the input '\(clash.input)'; writing it would destroy the input (choose another report path); nothing was audited"))
        }

        /// The mapping file, checked against every input's header; its located problems end
        /// the command (exit 2) before any record is read.
        /// The mapping `--mapping` names, checked against every input before any is read.
        private func loadMapping() throws(AuditFailure) -> ExportMapping? {
            guard let mapping else { return nil }
            var problems: [Notice] = []
            do {
                let loaded = try ExportMapping.load(path: mapping, dictionaryPath: dictionary)
                for input in inputs {
                    do {
                        try loaded.check(exportAt: input, separator: csvSeparator)
                    } catch {
                        problems += error.notices
                    }
                }
                if problems.isEmpty { return loaded }
            } catch {
                problems += error.notices
            }
            throw AuditFailure(problems + [Notice(.error, "the mapping cannot read the export; nothing was audited")])
        }

        private func resolveAsOf() throws -> CalendarDay {
            guard let asOf else { return CalendarDay.today() }
            guard let date = PartialDate(iso8601: asOf), date.isComplete else {
                throw ValidationError("--as-of: expected a date such as 2026-11-25, found '\(asOf)'.")
            }
            return date.span.first
        }
    }
}

extension InputFormat: ChoiceArgument {}
extension CSVSeparator: ChoiceArgument {}
extension FailLevel: ChoiceArgument {}

/// `--generalize-dates`: birth dates to the year, or a keyed per-patient shift of every date.
extension DateProtection: ChoiceArgument {}
extension ReportFormat: ChoiceArgument {}
