import Foundation
import TrialCheckCore

/// Runs a protocol's checks over patient histories and builds the report.
///
/// Records stream through one at a time: memory holds the set of ids seen (to reject
/// duplicates) and the findings (unless they are spilled to disk), never the cohort.
public struct Auditor: Sendable {
    /// The protocol audited against.
    public let definition: ProtocolDefinition
    /// What no check of the protocol uses, found patient by patient.
    private let coverage: CoverageCollector

    /// An auditor for `definition`.
    public init(definition: ProtocolDefinition) {
        self.definition = definition
        coverage = CoverageCollector(definition: definition)
    }

    /// Every check's judgement of one patient, in protocol order.
    public func judge(_ patient: PatientHistory) -> [Judgement] {
        definition.checks.map { $0.check.judge(patient) }
    }

    /// The event types some check reads, or that choose the protocol version (consent).
    private var eventTypesRead: Set<EventType> {
        var types = Set(definition.inputs.events.keys)
        if definition.versioning?.anchor == .consent { types.insert(.consent) }
        return types
    }

    /// The indices of the checks that judge in batches.
    private var batchCheckIndices: [Int] {
        definition.checks.indices.filter { definition.checks[$0].check.asBatchCheck != nil }
    }

    /// The per-patient checks' judgements, with a placeholder where a batch check will judge.
    /// Findings (the judgements that are not passes) have their messages written here, on
    /// the judging thread; a pass's message is never read.
    /// - Parameter isBatch: for each check, whether it judges in batches.
    private func judgeOneByOne(_ patient: PatientHistory, skipping isBatch: [Bool]) -> [Judgement] {
        definition.checks.indices.map { index in
            guard !isBatch[index] else { return Judgement(.notEvaluable, "Not judged yet.") }
            let judgement = definition.checks[index].check.judge(patient)
            return judgement.verdict == .pass ? judgement : judgement.written()
        }
    }

    /// Audits `inputs` (paths, `-` for standard input) in order.
    ///
    /// Every input is checked before any is read: if one cannot be opened, nothing is read
    /// and the report holds only ``AuditReport/inputErrors`` (one per such input). An input
    /// found empty (no record) or unreadable while reading is added to `inputErrors` too;
    /// the inputs after it are then only opened and checked for a first record. A report
    /// with input errors is incomplete: do not write it (the command line does not).
    ///
    /// Records are read in order, decoded and judged in parallel on `jobs` threads, one
    /// wave of records at a time (so memory stays flat), and merged back in input order:
    /// the report is byte-identical whatever `jobs` is.
    /// - Parameters:
    ///   - format: read every input as this format instead of detecting it.
    ///   - dataCutoff: the data cut-off of records whose file or record names none.
    ///   - timeZone: the site's time zone, for records whose file or record names none.
    ///   - csvSeparator: the field separator of CSV inputs (detected from each header by
    ///     default; `;` also means decimal commas).
    ///   - maxRecordBytes: the longest NDJSON line read; a longer record is rejected unread.
    ///   - jobs: threads to decode and judge on (at least 1).
    ///   - details: what to keep for reporters beyond findings and counts.
    ///   - findingStorage: where to keep findings until the report is written.
    ///   - mapping: read every input as a wide EDC export through this mapping file.
    ///   - progress: called after each record with the number read so far.
    public func audit(
        inputs: [String], format: InputFormat? = nil, dataCutoff: PartialDate? = nil, timeZone: SiteTimeZone? = nil,
        csvSeparator: CSVSeparator = .auto, maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes,
        jobs: Int = Auditor.defaultJobs, details: ReportDetails = .all, findingStorage: FindingStorage = .memory,
        mapping: ExportMapping? = nil, progress: ((Int) -> Void)? = nil
    ) -> AuditReport {
        audit(
            sources: inputs.map(AuditInput.path), format: format, dataCutoff: dataCutoff, timeZone: timeZone,
            csvSeparator: csvSeparator, maxRecordBytes: maxRecordBytes, jobs: jobs, details: details,
            findingStorage: findingStorage, mapping: mapping, progress: progress
        )
    }

    /// Audits `sources` (paths, or inputs rebuilt in memory from a tagged-line stream) in
    /// order; the other parameters are those of
    /// ``audit(inputs:format:dataCutoff:timeZone:csvSeparator:maxRecordBytes:jobs:details:findingStorage:mapping:progress:)``.
    public func audit(
        sources: [AuditInput], format: InputFormat? = nil, dataCutoff: PartialDate? = nil, timeZone: SiteTimeZone? = nil,
        csvSeparator: CSVSeparator = .auto, maxRecordBytes: Int = HistoryReader.defaultMaxRecordBytes,
        jobs: Int = Auditor.defaultJobs, details: ReportDetails = .all, findingStorage: FindingStorage = .memory,
        mapping: ExportMapping? = nil, progress: ((Int) -> Void)? = nil
    ) -> AuditReport {
        var builder = ReportBuilder(definition: definition, details: details, findingStorage: findingStorage)
        var coverageTally = CoverageTally(collector: coverage)
        var seen = SeenIDs()
        /// Patients whose earlier records were replaced by a rejection (split CSV patients).
        var replaced = Set<String>()
        var recordsRead = 0
        let jobs = max(1, jobs)
        let waveSize = max(256, jobs * 512)
        let batchIndices = Set(batchCheckIndices)
        let isBatch = definition.checks.indices.map(batchIndices.contains)
        // Events of types no check reads are left undecoded, unless a batch check (which
        // sees whole records) or a timeline (which draws every event) needs them.
        let eventTypesRead = batchIndices.isEmpty && !details.contains(.timelines) ? eventTypesRead : nil
        var inputErrors = InputPreflight.problems(opening: sources.compactMap(\.path))
        guard inputErrors.isEmpty else {
            builder.addDiagnostics(finishSessions())
            var report = builder.finish()
            report.inputErrors = inputErrors
            return report
        }
        for source in sources {
            let name = source.name
            var input = AuditReport.Input(path: name, format: nil, sha256: nil, patients: 0, rejected: 0)
            defer {
                builder.report.inputs.append(input)
                coverageTally.finishInput(path: name)
            }
            let reader: HistoryReader
            do {
                switch source {
                case .path(let path):
                    reader = try HistoryReader(
                        path: path, format: format, dataCutoff: dataCutoff, timeZone: timeZone, csvSeparator: csvSeparator,
                        maxRecordBytes: maxRecordBytes, mapping: mapping, eventTypesRead: eventTypesRead
                    )
                case .memory(let input):
                    reader = try HistoryReader(
                        memory: input, format: format, dataCutoff: dataCutoff, timeZone: timeZone, csvSeparator: csvSeparator,
                        maxRecordBytes: maxRecordBytes, mapping: mapping, eventTypesRead: eventTypesRead
                    )
                }
            } catch {
                if error.isInputUnusable {
                    inputErrors.append(error)
                } else {
                    builder.reject(RecordRejection(location: error.location, reason: error.reason))
                    input.rejected += 1
                }
                continue
            }
            guard inputErrors.isEmpty else {
                // The audit will not be reported: only say whether this input is usable too.
                do {
                    _ = try reader.nextRaw()
                } catch where error.isInputUnusable {
                    inputErrors.append(error)
                } catch {}
                continue
            }
            input.format = reader.format.rawValue
            // A pipeline of waves: while the per-patient checks decode and judge wave k on
            // `jobs` threads, this thread reads wave k + 1 and records wave k - 1, and batch
            // checks (external plugins) judge wave k - 1 on their own threads. One wave's
            // batch work at a time; waves are recorded in input order.
            var pending: DecodedWave?
            // Only CSV rows (plain or a mapped export) can turn out to hold a patient twice.
            let mayBeTakenBack = reader.format == .csv || reader.format == .edc
            /// Records a wave's records in input order; returns them (still held) for the
            /// caller to release.
            func record(_ wave: consuming DecodedWave) -> [JudgedRecord?] {
                if let readFailure = wave.readFailure {
                    builder.reject(readFailure)
                    input.rejected += 1
                }
                // Taken out of the wave, so that filling in the batch checks' slots changes
                // them in place.
                var results: [JudgedRecord?] = []
                swap(&results, &wave.results)
                for (index, judgements) in wave.batchWork?.take() ?? [] {
                    for (offset, entry) in wave.patients.enumerated() {
                        results[entry.position]?.judgements[index] = offset < judgements.count
                            ? judgements[offset]
                            : Judgement(.notEvaluable, "The check returned no verdict for this patient.")
                    }
                }
                for position in results.indices {
                    guard let (item, judgements, patientCoverage) = results[position] else { continue }
                    recordsRead += 1
                    defer { progress?(recordsRead) }
                    switch item {
                    case .rejected(let rejection):
                        builder.reject(rejection)
                        input.rejected += 1
                    case .replacing(let rejection, let earlier):
                        // What the patient's earlier rows gave is taken back: it counts once, rejected.
                        let id = rejection.patient ?? ""
                        if replaced.insert(id).inserted, seen.insert(id, at: earlier) == earlier {
                            builder.retract(patient: id)
                            input.patients -= 1
                            builder.reject(rejection)
                            input.rejected += 1
                        } else if !builder.replaceRejection(of: id, in: name, at: earlier, with: rejection) {
                            builder.reject(rejection)
                            input.rejected += 1
                        }
                    case .patient(let patient):
                        let location = patient.location ?? SourceLocation(file: name)
                        if let first = seen.insert(patient.id, at: location) {
                            builder.reject(RecordRejection(
                                location: location,
                                reason: "duplicate id '\(patient.id)' (first seen at \(first))",
                                patient: patient.id
                            ))
                            input.rejected += 1
                            continue
                        }
                        builder.record(patient, judgements: judgements, mayBeTakenBack: mayBeTakenBack)
                        if let patientCoverage { coverageTally.add(patientCoverage) }
                        input.patients += 1
                    }
                }
                return results
            }
            /// Starts the batch checks on a judged wave (once the previous wave's are done)
            /// and records the previous wave.
            func advance(to judged: JudgedWave) {
                var wave = DecodedWave(results: judged.results, readFailure: judged.readFailure)
                if !batchIndices.isEmpty {
                    wave.patients = wave.results.indices.compactMap { position in
                        if case .patient(let patient) = wave.results[position]?.item { return (position, patient) }
                        return nil
                    }
                }
                let previous = pending
                pending = nil
                _ = previous?.batchWork?.wait()
                if !wave.patients.isEmpty {
                    // Batch checks judge the wave's patients together, in input order, each
                    // (an external plugin's process, say) on its own thread.
                    let patients = wave.patients.map(\.patient)
                    let checks = batchIndices.sorted()
                    let definition = definition
                    wave.batchWork = BackgroundWork {
                        checks.parallelMap(jobs: checks.count) { index in
                            guard let check = definition.checks[index].check.asBatchCheck else { return (index, []) }
                            return (index, check.judge(batch: patients))
                        }
                    }
                }
                if let previous { _ = record(previous) }
                pending = wave
            }
            var judging: BackgroundWork<JudgedWave>?
            var finished = false
            while !finished {
                var raws: [RawRecord] = []
                raws.reserveCapacity(waveSize)
                var readFailure: RecordRejection?
                do {
                    while raws.count < waveSize, let raw = try reader.nextRaw() { raws.append(raw) }
                    finished = raws.count < waveSize
                } catch {
                    if error.isInputUnusable {
                        inputErrors.append(error)
                    } else {
                        readFailure = RecordRejection(location: error.location, reason: error.reason)
                    }
                    finished = true
                }
                let judged = judging?.take()
                var decoder = reader.decoder
                decoder.eventTypesRead = eventTypesRead
                let auditor = self
                judging = BackgroundWork { [raws, readFailure, decoder] in
                    let results = raws.parallelMap(jobs: jobs) { raw in
                        let item = raw.decode(with: decoder)
                        if case .patient(let patient) = item {
                            return JudgedRecord?((item: item, judgements: auditor.judgeOneByOne(patient, skipping: isBatch), coverage: auditor.coverage.observe(patient)))
                        }
                        return JudgedRecord?((item: item, judgements: [], coverage: nil))
                    }
                    return (results, readFailure)
                }
                if let judged { advance(to: judged) }
            }
            if let judged = judging?.take() { advance(to: judged) }
            if let last = pending.take() {
                // Nothing follows the last wave on the other threads: its records are
                // freed there while this thread finishes the report.
                BackgroundRelease.release(record(consume last))
            }
            input.sha256 = reader.sha256
            var notes = reader.notes
            if let declared = reader.declaredProtocol, declared != definition.id, !definition.bases.contains(declared) {
                notes.insert("the file says its records are for protocol '\(declared)', but they were audited against '\(definition.id)'", at: 0)
            }
            input.notes = notes.isEmpty ? nil : notes
        }
        builder.addDiagnostics(finishSessions())
        builder.report.coverage = coverageTally.coverage(checks: builder.report.checks)
        builder.report.inputErrors = inputErrors
        return builder.finish()
    }

    /// Ends the audit for checks that hold resources (external plugins) and collects their
    /// diagnostics, in protocol order.
    public func finishSessions() -> [Diagnostic] {
        definition.checks.flatMap { configured -> [Diagnostic] in
            guard configured.check.holdsAuditSession, let check = configured.check as? any AuditSessionCheck else { return [] }
            return check.finishAudit().map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.check = configured.id
                return diagnostic
            }
        }
    }

    /// The default number of threads: the active processor count, read once a process
    /// (Foundation reads the control group's CPU limits from files for it each time).
    public static let defaultJobs = ProcessInfo.processInfo.activeProcessorCount
}

/// One input of an audit: a path (`-` for standard input), or an input rebuilt in memory.
public enum AuditInput: Sendable {
    case path(String)
    case memory(MemoryInput)

    /// The path, for an input read from one.
    var path: String? {
        if case .path(let path) = self { return path }
        return nil
    }

    /// How reports and locations name the input.
    var name: String {
        switch self {
        case .path(let path): path == "-" ? HistoryReader.standardInputName : path
        case .memory(let input): input.path
        }
    }
}

/// One record as the per-patient checks left it: its item, their judgements, and what of
/// it no check uses.
private typealias JudgedRecord = (item: ReadItem, judgements: [Judgement], coverage: PatientCoverage?)

/// One wave of records as the per-patient checks left them, in input order, and why
/// reading stopped before them, if it failed.
private typealias JudgedWave = (results: [JudgedRecord?], readFailure: RecordRejection?)

/// One wave of records, decoded and judged by the per-patient checks, with its batch checks'
/// work (possibly still running).
private struct DecodedWave {
    /// Each record's item, judgements and coverage, in input order (batch checks' slots still empty).
    var results: [JudgedRecord?]
    /// Why reading stopped before this wave's records, if it failed.
    var readFailure: RecordRejection?
    /// The wave's patients, with their positions in `results` (for batch checks).
    var patients: [(position: Int, patient: PatientHistory)] = []
    /// The batch checks' judgements (by check index), being computed.
    var batchWork: BackgroundWork<[(Int, [Judgement])]>? = nil
}

/// Accumulates verdicts into a report.
struct ReportBuilder {
    var report: AuditReport

    private let details: ReportDetails
    /// Where findings go when they are spilled to disk.
    private let spill: FindingSpillWriter?

    init(definition: ProtocolDefinition, details: ReportDetails = .all, findingStorage: FindingStorage = .memory) {
        self.details = details
        spill = findingStorage == .temporaryFile ? FindingSpillWriter() : nil
        report = AuditReport(
            tool: AuditReport.Tool(name: "trialcheck", version: TrialCheckVersion.current),
            protocol: AuditReport.ProtocolInfo(
                id: definition.id, title: definition.title, version: definition.version, sha256: definition.sha256,
                versions: definition.versioning?.versions, versionDate: definition.versioning?.anchor.rawValue
            ),
            inputs: [],
            summary: AuditReport.Summary(patients: 0, rejected: 0, deviation: 0, indeterminate: 0, notEvaluable: 0, patientsWithDeviations: 0),
            checks: definition.checks.map {
                AuditReport.CheckSummary(
                    id: $0.id, kind: $0.kind, criterion: $0.criterion, severity: $0.severity, category: $0.category,
                    pass: 0, deviation: 0, indeterminate: 0, notEvaluable: 0
                )
            },
            findings: [],
            rejected: [],
            manual: definition.manualCriteria,
            waivers: nil,
            baseline: nil
        )
        let plugins = definition.checks.compactMap { configured -> AuditReport.Plugin? in
            guard let check = configured.check as? ExternalCheck else { return nil }
            var plugin = check.fingerprint()
            plugin.check = configured.id
            return plugin
        }
        report.plugins = plugins.isEmpty ? nil : plugins
        checks = definition.checks
        quality = definition.qualityPlan.map { QualityTally(plan: $0, checks: definition.checks) }
        versioning = definition.versioning
    }

    private let checks: [ConfiguredCheck]
    /// The quality tolerance limits' and site risk indicators' counts, when the protocol declares limits.
    private var quality: QualityTally?
    /// The protocol's versions, to name in each finding the version that judged the patient.
    private let versioning: ProtocolVersioning?

    mutating func addDiagnostics(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        report.diagnostics = (report.diagnostics ?? []) + diagnostics
    }

    mutating func reject(_ rejection: RecordRejection) {
        report.rejected.append(rejection)
        report.summary.rejected += 1
    }

    /// Patients recorded, then taken back (see ``retract(patient:)``).
    private var retracted: Set<String> = []

    /// Takes back a patient already recorded: it is no longer audited, and its verdicts
    /// and findings go when the report is finished (they may be on disk by now).
    mutating func retract(patient id: String) {
        report.summary.patients -= 1
        report.timelines[id] = nil
        retracted.insert(id)
    }

    /// Replaces the latest rejection of patient `id` from `file` (or at `earlier`) with
    /// `rejection`; `false` if there is none.
    mutating func replaceRejection(of id: String, in file: String, at earlier: SourceLocation, with rejection: RecordRejection) -> Bool {
        guard let index = report.rejected.lastIndex(where: { earlier == $0.location || ($0.patient == id && $0.location.file == file) })
        else { return false }
        report.rejected[index] = rejection
        return true
    }

    /// Records one patient's verdicts.
    /// - Parameter mayBeTakenBack: whether ``retract(patient:)`` may take the patient back later.
    mutating func record(_ patient: PatientHistory, judgements: [Judgement], mayBeTakenBack: Bool = false) {
        report.summary.patients += 1
        // The verdicts read once; a judgement is read whole only for a finding (iterating
        // the judgements would copy each one).
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(judgements.count)
        for index in judgements.indices { verdicts.append(judgements[index].verdict) }
        quality?.record(patient, verdicts: verdicts, mayBeTakenBack: mayBeTakenBack)
        if details.contains(.patientIDs) { report.patientIDs.append(patient.id) }
        var deviated = false
        let version = versioning.map { $0.choice(for: patient).choice }
        for (index, verdict) in verdicts.enumerated() {
            report.checks[index].count(verdict)
            switch verdict {
            case .pass: continue
            case .deviation:
                report.summary.deviation += 1
                report.summary.deviationsBySeverity[checks[index].severity, default: 0] += 1
                deviated = true
            case .indeterminate: report.summary.indeterminate += 1
            case .notEvaluable: report.summary.notEvaluable += 1
            }
            let check = checks[index]
            let criterion = version.flatMap { (check.check as? VersionedCheck)?.criterion(for: $0) } ?? check.criterion
            let judgement = judgements[index]
            let finding = AuditReport.Finding(
                patient: patient.id, site: patient.site, arm: patient.enrollment.arm,
                check: check.id, status: judgement.verdict, severity: check.severity, criterion: criterion,
                message: judgement.message, evidence: judgement.evidence, location: patient.location,
                date: (judgement.date ?? patient.enrollment.date).description,
                window: judgement.window, version: version.flatMap { choice in versioning?.label(choice) }
            )
            if let spill {
                report.findings += spill.append(finding)
            } else {
                report.findings.append(finding)
            }
        }
        if details.contains(.patientRows) {
            var row = AuditReport.PatientRow(
                patient: patient.id, site: patient.site, arm: patient.enrollment.arm, location: patient.location,
                pass: 0, deviation: 0, indeterminate: 0, notEvaluable: 0
            )
            for verdict in verdicts {
                switch verdict {
                case .pass: row.pass += 1
                case .deviation: row.deviation += 1
                case .indeterminate: row.indeterminate += 1
                case .notEvaluable: row.notEvaluable += 1
                }
            }
            report.patientRows.append(row)
        }
        if details.contains(.timelines), verdicts.contains(where: { $0 != .pass }) {
            report.timelines[patient.id] = PatientTimeline(patient)
        }
        if deviated { report.summary.patientsWithDeviations += 1 }
    }

    /// The report, with the findings still buffered for the spill written out.
    mutating func finish() -> AuditReport {
        if let spill {
            let (spilled, unwritten) = spill.finish()
            report.spilledFindings = spilled
            report.findings += unwritten
        }
        if quality != nil, !retracted.isEmpty {
            var findings: [String: [AuditReport.Finding]] = [:]
            for finding in report.allFindings where retracted.contains(finding.patient) { findings[finding.patient, default: []].append(finding) }
            for id in retracted { quality?.takeBack(id, findings: findings[id] ?? []) }
        }
        report.retractVerdicts(of: retracted, keepingIDs: details.contains(.patientIDs))
        retracted = []
        report.quality = quality?.report(rejected: report.summary.rejected)
        return report
    }
}
