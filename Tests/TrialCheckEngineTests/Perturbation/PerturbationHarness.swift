import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// One patient's data in one input format, which can be written to a temporary folder and
/// audited alone.
protocol PerturbableInput {
    /// Writes the input into `folder` and returns the path to audit.
    func write(into folder: URL) throws -> String
}

/// One change to one patient's data, made to hide what a check reads.
struct Perturbation<Input> {
    /// The operator's name, for the counts (`rename-type`, `drop-key`, `unit-text`, ...).
    var operatorName: String
    /// What was changed, for failure messages (`radiotherapy → radiotheraphy`).
    var detail: String
    /// What the report may name to show the change was seen: a coverage element's value
    /// (`radiotheraphy`, `radiotherapy.dosis`, `grays`, `Arm Z`) or text in a reader note.
    /// Empty when nothing can name it (a dropped key): then only a non-pass verdict will do.
    var mentions: [String]
    /// The changed input.
    var input: Input
}

/// A perturbation that gave a silent pass but is expected to, until a named fix lands.
struct KnownGap: CustomStringConvertible {
    /// The format (`csv`, `fhir`, `sdtm`, `ndjson`, `yaml`).
    var format: String
    /// The operator.
    var operatorName: String
    /// A substring of the perturbation's detail, or `nil` for every detail.
    var detail: String?
    /// The check, or `nil` for every check.
    var check: String?
    /// Why it is silent, and what fix removes the gap.
    var reason: String

    func matches(format: String, check: String, operatorName: String, detail: String) -> Bool {
        format == self.format && operatorName == self.operatorName
            && (self.check.map { $0 == check } ?? true)
            && (self.detail.map { detail.contains($0) } ?? true)
    }

    var description: String {
        "\(format) \(operatorName)\(detail.map { " '\($0)'" } ?? "")\(check.map { " on \($0)" } ?? ""): \(reason)"
    }
}

/// What one format's perturbations came to.
struct PerturbationTally {
    /// Perturbations tried, by operator.
    var tried: [String: Int] = [:]
    /// Silent passes: the check passed and nothing named the change.
    var silent: [String] = []
    /// Silent passes covered by a known gap, by the gap's index.
    var known: [Int: Int] = [:]
    /// Patients whose unperturbed data did not reproduce the cohort's verdict.
    var controlFailures: [String] = []
    /// Check ids perturbed.
    var checks: Set<String> = []
    /// How the perturbations were caught: `non-pass`, `named`, `rejected`.
    var outcomes: [String: Int] = [:]

    var total: Int { tried.values.reduce(0, +) }

    /// Adds another run's tally.
    mutating func add(_ other: PerturbationTally) {
        tried.merge(other.tried, uniquingKeysWith: +)
        silent += other.silent
        known.merge(other.known, uniquingKeysWith: +)
        controlFailures += other.controlFailures
        checks.formUnion(other.checks)
        outcomes.merge(other.outcomes, uniquingKeysWith: +)
    }

    var summary: String {
        tried.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// Runs perturbations over the example cohort and tells a silent pass from a loud one.
struct PerturbationHarness {
    /// NCT07177794 as shipped (every check kind).
    let definition: ProtocolDefinition
    let auditor: Auditor
    let knownGaps: [KnownGap]

    static let repositoryRoot = ReaderTestSupport.repositoryRoot

    init(knownGaps: [KnownGap]) throws {
        definition = try ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds))
            .load(path: Self.repositoryRoot.appendingPathComponent("Protocols/NCT07177794.yaml").path)
        auditor = Auditor(definition: definition)
        self.knownGaps = knownGaps
    }

    /// The configured check with `id`.
    func check(_ id: String) -> ConfiguredCheck? {
        definition.checks.first { $0.id == id }
    }

    /// The kinds a check exercises: its own, and for a composition its members' too (the
    /// renal either/or is `any_of` of `lab-threshold` conditions).
    func kinds(_ configured: ConfiguredCheck) -> [String] {
        guard let composite = configured.check as? CompositeCheck else { return [configured.kind] }
        return [configured.kind] + composite.members.map { type(of: $0.check).description.kind }
    }

    /// Audits one input path alone, on one thread.
    func audit(_ path: String, format: InputFormat? = nil) -> AuditReport {
        auditor.audit(inputs: [path], format: format, jobs: 1, details: [])
    }

    /// Per check id, the patients to perturb: those whose verdict is not a pass in
    /// `baseline`, at most `limit` per check, spread over the verdicts and the cohort
    /// (deterministic: the same cohort gives the same sample).
    /// - Parameter oneCheckPerKind: whether to sample the first check of each kind only.
    func sample(_ baseline: AuditReport, limit: Int, oneCheckPerKind: Bool = false) -> [(check: String, patient: String, verdict: Verdict)] {
        var sample: [(String, String, Verdict)] = []
        var kinds: Set<String> = []
        for configured in definition.checks {
            let findings = baseline.findings.filter { $0.check == configured.id }
            guard !findings.isEmpty, !oneCheckPerKind || kinds.insert(configured.kind).inserted else { continue }
            let byVerdict = Dictionary(grouping: findings, by: \.status)
            let groups = byVerdict.keys.sorted { $0.rawValue < $1.rawValue }.map { verdict in
                byVerdict[verdict, default: []].sorted { $0.patient < $1.patient }
            }
            var picked: [AuditReport.Finding] = []
            var round = 0
            // Round robin over the verdicts; within one, evenly spaced over the patients.
            while picked.count < limit, groups.contains(where: { $0.count > round }) {
                for group in groups where group.count > round && picked.count < limit {
                    let slots = min(group.count, limit)
                    guard round < slots else { continue }
                    picked.append(group[round * group.count / slots])
                }
                round += 1
            }
            sample += picked.map { (configured.id, $0.patient, $0.status) }
        }
        return sample
    }

    /// The names a report gives: coverage element values and reader notes.
    private static func names(in report: AuditReport) -> (elements: Set<String>, notes: [String]) {
        let elements = Set((report.coverage?.inputs ?? []).flatMap(\.elements).map(\.value))
        let notes = report.inputs.flatMap { $0.notes ?? [] }
        return (elements, notes)
    }

    /// Audits each sampled (check, patient) unperturbed (the control) and under every
    /// perturbation `perturbations` makes for it; tallies what was tried and what was
    /// silent.
    /// - Parameters:
    ///   - format: the format's name, for messages and known gaps.
    ///   - readFormat: the format to read the written input as (`nil` to detect it).
    ///   - baseline: the audit of the whole input, whose non-pass verdicts are perturbed.
    ///   - inputs: each patient's data, by id.
    ///   - limit: patients per check.
    func run<Input: PerturbableInput>(
        format: String, readFormat: InputFormat? = nil, baseline: AuditReport, inputs: [String: Input], limit: Int,
        oneCheckPerKind: Bool = false, perturbations: (ConfiguredCheck, Input) -> [Perturbation<Input>]
    ) throws -> PerturbationTally {
        var tally = PerturbationTally()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-perturb-\(format)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var folders = 0
        func audit(_ input: Input) throws -> AuditReport {
            folders += 1
            let folder = root.appendingPathComponent("\(folders)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            return self.audit(try input.write(into: folder), format: readFormat)
        }
        for (checkID, patient, verdict) in sample(baseline, limit: limit, oneCheckPerKind: oneCheckPerKind) {
            guard let configured = check(checkID), let input = inputs[patient] else {
                tally.controlFailures.append("\(format): no data for \(patient) or no check \(checkID)")
                continue
            }
            let control = try audit(input)
            guard let controlVerdict = control.findings.first(where: { $0.patient == patient && $0.check == checkID })?.status,
                  controlVerdict == verdict else {
                tally.controlFailures.append("\(format): \(patient) alone does not give \(checkID) \(verdict.rawValue) (rejected: \(control.rejected.map(\.reason)))")
                continue
            }
            tally.checks.insert(checkID)
            let before = Self.names(in: control)
            for perturbation in perturbations(configured, input) {
                tally.tried[perturbation.operatorName, default: 0] += 1
                let report = try audit(perturbation.input)
                if !report.rejected.isEmpty || report.summary.patients == 0 {
                    tally.outcomes["rejected", default: 0] += 1
                    continue
                }
                if report.findings.contains(where: { $0.patient == patient && $0.check == checkID }) {
                    tally.outcomes["non-pass", default: 0] += 1
                    continue
                }
                let after = Self.names(in: report)
                let named = perturbation.mentions.contains { mention in
                    (after.elements.contains(mention) && !before.elements.contains(mention))
                        || after.notes.contains { !before.notes.contains($0) && $0.contains(mention) }
                }
                if named {
                    tally.outcomes["named", default: 0] += 1
                    continue
                }
                if let gap = knownGaps.firstIndex(where: { $0.matches(format: format, check: checkID, operatorName: perturbation.operatorName, detail: perturbation.detail) }) {
                    tally.known[gap, default: 0] += 1
                    continue
                }
                tally.silent.append(
                    "silent pass: patient \(patient), check \(checkID) (was \(verdict.rawValue)), format \(format), perturbation \(perturbation.operatorName): \(perturbation.detail)"
                        + (perturbation.mentions.isEmpty ? "" : " (nothing names \(perturbation.mentions.map { "'\($0)'" }.joined(separator: " or ")))")
                )
            }
        }
        return tally
    }

    /// Records the tally as test issues and prints the counts.
    func report(_ tally: PerturbationTally, format: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        print("Perturbation \(format): \(tally.total) perturbations over \(tally.checks.count) checks (\(tally.summary)); caught: \(tally.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); \(tally.silent.count) silent, \(tally.known.values.reduce(0, +)) known gaps")
        for failure in tally.controlFailures { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
        for silent in tally.silent { Issue.record(Comment(rawValue: silent), sourceLocation: sourceLocation) }
        for (index, gap) in knownGaps.enumerated() where gap.format == format && tally.known[index] == nil {
            Issue.record(Comment(rawValue: "known gap no longer occurs, remove it from knownGaps: \(gap)"), sourceLocation: sourceLocation)
        }
    }
}

/// Keys whose absence the patient-history model reads as a value, so dropping them changes
/// what the record says rather than hiding it: `metastases` absent is "no metastasis
/// recorded" (docs/input-format.md; the stage check still catches a stage IVB without
/// sites). The drop operator leaves them alone.
enum MeaningfulAbsence {
    static let keys: Set<String> = ["diagnosis.metastases"]

    static func contains(type: String, key: String) -> Bool {
        keys.contains("\(type).\(key)")
    }
}

/// Spellings the perturbations use.
enum Misspelling {
    /// A plausible misspelling of an event type: `radiotheraphy`, `administation`.
    static func type(_ type: String) -> String {
        let table = [
            "radiotherapy": "radiotheraphy", "administration": "administation", "chemotherapy": "chemoterapy",
            "immunotherapy": "imunotherapy", "targeted-therapy": "targeted-theraphy", "surgery": "surgey",
            "lab": "labs", "diagnosis": "diagnoses", "performance-status": "perfomance-status",
            "adverse-event": "adverse-events", "response": "responce", "condition": "conditon", "consent": "concent",
        ]
        return table[type] ?? type + "x"
    }

    /// The underscore form of a hyphenated type (`performance_status`), or a second
    /// misspelling of another.
    static func alternative(_ type: String) -> String {
        type.contains("-") ? type.replacingOccurrences(of: "-", with: "_") : type + "s"
    }

    /// A plausible wrong name of a key: `dose` → `dosis`.
    static func key(_ key: String) -> String {
        let table = [
            "dose": "dosis", "drug": "medication", "agents": "agent", "phase": "phse", "result": "outcome",
            "term": "terms", "grade": "grades", "test": "test_name", "value": "result_value", "unit": "units",
            "score": "ecog_score", "scale": "scales", "histology": "histologie", "stage": "stadium",
            "metastases": "metastasis", "fractions": "fraction", "technique": "techniques", "intent": "intention",
            "status": "state", "onset": "onset_date", "immune_related": "immune-related", "route": "routes",
            "frequency": "freq", "cycles": "n_cycles", "cycle": "cycle_number", "procedure": "procedures",
            "uln": "upper_limit", "lln": "lower_limit", "birth_date": "birthdate", "age": "age_years",
        ]
        return table[key] ?? key + "_x"
    }

    /// The key with a capital first letter (`Dose`).
    static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// Free-text spellings of a unit that the unit table does not read.
    static func unitText(_ unit: String) -> [String] {
        let table: [String: [String]] = [
            "Gy": ["grays", "gray"], "cGy": ["centigray"], "mg": ["milligrams"], "g": ["grams"],
            "10^9/L": ["x10^9 per litre"], "10^3/uL": ["thousand per microlitre"], "10*9/L": ["x10^9 per litre"],
            "g/L": ["grams per litre"], "g/dL": ["g per decilitre"], "mg/dL": ["milligrams per decilitre"],
            "umol/L": ["micromol per litre"], "U/L": ["units per litre"], "mL/min": ["millilitres a minute"],
            "IU/mL": ["international units per ml"],
        ]
        return table[unit] ?? [unit + " (free text)"]
    }
}
