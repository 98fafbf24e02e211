import TrialCheckCore

/// One audit from request to report: the protocol's checks over the inputs, then waivers,
/// the baseline, pseudonyms and generalized dates applied in the one order that keeps them
/// consistent (waivers and the baseline match raw ids; pseudonyms replace them after).
///
/// ```swift
/// var request = AuditRequest(definition: definition, inputs: ["site-records.yaml"])
/// request.waiversPath = "waivers.yaml"
/// let outcome = try AuditSession(request).run()
/// for notice in outcome.notices { print(notice) }
/// if outcome.isReportable { try JSONReporter().write(outcome.report, to: .standardOutput()) }
/// exit(outcome.status.rawValue)
/// ```
public struct AuditSession: Sendable {
    /// What to audit and how.
    public let request: AuditRequest

    /// A session for `request`.
    /// - Throws: ``AuditFailure`` when the request contradicts itself (a date shift without
    ///   the pseudonymization key that keys it).
    public init(_ request: AuditRequest) throws(AuditFailure) {
        if request.dateProtection == .shift, request.pseudonymKey == nil {
            throw AuditFailure(Notice(.error, "a date shift is keyed by the pseudonymization key: give one to shift dates"))
        }
        self.request = request
    }

    /// Runs the audit.
    ///
    /// A bad waiver or baseline file does not stop the audit: its problems are error
    /// notices, the status is ``ExitStatus/error`` and the report is complete without it. An
    /// input that is missing, unreadable or empty does: the outcome is not reportable.
    /// - Parameter progress: called after each record with the number read so far.
    public func run(progress: ((Int) -> Void)? = nil) -> AuditOutcome {
        var fileProblems: [Notice] = []
        let waivers = loadWaivers(problems: &fileProblems)
        let baseline = loadBaseline(problems: &fileProblems)
        let reading = request.reading
        var report = Auditor(definition: request.definition).audit(
            sources: request.sources, format: reading.format, dataCutoff: reading.dataCutoff, timeZone: reading.timeZone,
            csvSeparator: reading.csvSeparator, maxRecordBytes: reading.maxRecordBytes, jobs: request.jobs,
            details: request.details, findingStorage: request.findingStorage, mapping: request.mapping, progress: progress
        )
        guard report.inputErrors.isEmpty else {
            let notices = report.inputErrors.map { Notice(.error, at: $0.location.description, $0.reason) }
            return AuditOutcome(report: report, notices: notices, status: .error, isReportable: false)
        }
        if let waivers { report.apply(waivers: waivers, asOf: request.asOf) }
        if let key = request.pseudonymKey { report.pseudonymize(key: key.bytes) }
        switch (request.dateProtection, request.pseudonymKey) {
        case (.year, _): report.generalizeDates(.year)
        case (.shift, let key?): report.shiftDates(key: key.bytes)
        case (.shift, nil), (nil, _): break
        }
        if let baseline, let path = request.baselinePath { report.compare(toBaseline: baseline, path: path) }

        let notices = AuditNotices.of(report, strict: request.strict) + fileProblems
        var status = report.exitStatus(failingOn: request.failOn, strict: request.strict)
        if !fileProblems.isEmpty { status = .error }
        return AuditOutcome(report: report, notices: notices, status: status, isReportable: true)
    }

    private func loadWaivers(problems: inout [Notice]) -> [Waiver]? {
        guard let path = request.waiversPath else { return nil }
        do {
            return try WaiverFile.load(path: path, knownChecks: Set(request.definition.checks.map(\.id)))
        } catch {
            problems += error.notices
            problems.append(Notice(.error, at: path, "the waivers were not applied; the reports were written without them"))
            return nil
        }
    }

    private func loadBaseline(problems: inout [Notice]) -> AuditReport? {
        guard let path = request.baselinePath else { return nil }
        let unused = Notice(.error, at: path, "no finding was compared with the baseline; the reports were written without it")
        let baseline: AuditReport
        do {
            baseline = try BaselineFile.load(path: path)
        } catch {
            problems += error.notices + [unused]
            return nil
        }
        // A baseline of another protocol, or of other ids (raw against pseudonymized, or
        // another key), would make every finding "new": refused, never compared.
        let scheme = request.pseudonymKey.map { IDScheme.pseudonymized(key: $0.bytes) } ?? IDScheme.raw
        if let reason = AuditReport.baselineMismatch(baseline, protocolID: request.definition.id, idScheme: scheme) {
            problems += [Notice(.error, at: path, reason), unused]
            return nil
        }
        return baseline
    }
}

/// What an audit gave: the report, what to tell the person running it, and the exit status.
public struct AuditOutcome: Sendable {
    /// The report (incomplete when ``isReportable`` is false: write no report of it).
    public let report: AuditReport
    /// Notes, warnings and errors besides the report, in the order they arose.
    public let notices: [Notice]
    /// The exit status the audit asks for.
    public let status: ExitStatus
    /// Whether the report covers every input: false when an input was missing, unreadable
    /// or empty, and then no report of part of the data may be written.
    public let isReportable: Bool
}

extension ProtocolError {
    /// Each problem as an error notice.
    public var notices: [Notice] {
        problems.map { Notice(.error, at: $0.location.description, $0.message) }
    }
}
