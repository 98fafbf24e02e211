import TrialCheckCore

/// A loaded, validated protocol: its identity and the checks it runs, ready to audit.
public struct ProtocolDefinition: Sendable {
    /// The registry id (`NCT07177794`).
    public let id: String
    /// The trial's title.
    public let title: String
    /// The protocol version the checks encode.
    public let version: String
    /// Where the protocol text comes from (a registry URL, a publication).
    public let source: String?
    /// The arms, in file order.
    public let arms: [(code: String, arm: Arm)]
    /// The checks, in file order (which is report order).
    public let checks: [ConfiguredCheck]
    /// Criteria that need clinical judgement, named in every report as not checked.
    public let manualCriteria: [ManualCriterion]
    /// The protocol file's path.
    public let path: String
    /// The SHA-256 of the protocol file, so a report names exactly what it checked against.
    public let sha256: String
    /// What the protocol says its checks or plugins read beyond what their kinds declare
    /// (its `reads:`).
    public let declaredInputs: CheckInputs
    /// The checks that are only members of compositions (`report: false`): judged as part
    /// of the checks that name them, never reported on their own.
    public let components: [ConfiguredCheck]
    /// The ids of the protocols this one extends (`extends:`), nearest first: records
    /// that name one of them are records of this protocol too.
    public let bases: [String]
    /// The protocol's versions, when it has `amendments`: each patient is judged by the
    /// version in force at its consent (or enrollment) date.
    public let versioning: ProtocolVersioning?
    /// The quality tolerance limits and site risk indicators the protocol declares
    /// (`quality_tolerance_limits:`), if any.
    public let qualityPlan: QualityPlan?

    /// Creates a definition.
    public init(
        id: String, title: String, version: String, source: String?, arms: [(code: String, arm: Arm)],
        checks: [ConfiguredCheck], manualCriteria: [ManualCriterion], path: String, sha256: String,
        declaredInputs: CheckInputs = .nothing, components: [ConfiguredCheck] = [], bases: [String] = [],
        versioning: ProtocolVersioning? = nil, qualityPlan: QualityPlan? = nil
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.source = source
        self.arms = arms
        self.checks = checks
        self.manualCriteria = manualCriteria
        self.path = path
        self.sha256 = sha256
        self.declaredInputs = declaredInputs
        self.components = components
        self.bases = bases
        self.versioning = versioning
        self.qualityPlan = qualityPlan
    }

    /// The external checks, in protocol order: each runs a program named by the protocol
    /// file, so a user must allow them (``ExternalPolicy``) and a reviewer should see them.
    public var externalChecks: [ExternalCommand] {
        checks.compactMap { configured in
            guard let check = configured.check as? ExternalCheck else { return nil }
            return ExternalCommand(
                check: configured.id, command: check.command, directory: check.directory,
                location: configured.location, isPermitted: check.isPermitted
            )
        }
    }

    /// Everything the protocol reads: what each check declares, its `reads:`, and the
    /// anchor its quality section counts days to enrollment from.
    public var inputs: CheckInputs {
        let anchorInputs = qualityPlan?.enrollmentAnchor.map { $0.inputs.union(TimelineAnchor.enrollment.inputs) } ?? .nothing
        return checks.reduce(declaredInputs.union(anchorInputs)) { $0.union($1.check.inputs) }
    }
}

/// One check of a protocol: its identity in reports, and the built check.
public struct ConfiguredCheck: Sendable {
    /// The stable id used in reports, waivers and CI (`enrollment-window`).
    public let id: String
    /// The kind that implements it (`days-between`).
    public let kind: String
    /// The protocol text it enforces (`Inclusion 4: within 1-42 days ...`).
    public let criterion: String
    /// How much a deviation matters.
    public let severity: Severity
    /// What kind of deviation a violation is (eligibility, treatment, ...).
    public let category: CheckCategory
    /// The built check.
    public let check: any Check
    /// Where the check is defined.
    public let location: SourceLocation
}

/// A criterion that data cannot decide: listed so that silence is never read as a pass.
public struct ManualCriterion: Sendable, Hashable, Codable {
    /// The protocol text (`Inclusion 6: estimated life expectancy > 6 months`).
    public let criterion: String
    /// Why it is not checked from data, if the protocol file says.
    public let reason: String?
    /// Whether it needs a clinician's judgement or is simply not decidable from the data.
    public let basis: Basis

    /// Why a criterion is left to people (the protocol's `basis:`).
    public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
        /// An investigator's judgement decides it (life expectancy, fitness for chemotherapy).
        case clinicalJudgement = "clinical-judgement"
        /// The data do not hold what would decide it (the default).
        case notDecidableFromData = "not-decidable-from-data"

        /// The heading reports list such criteria under.
        public var heading: String {
            switch self {
            case .clinicalJudgement: "needs clinical judgement"
            case .notDecidableFromData: "not decidable from data"
            }
        }
    }

    /// Creates a manual criterion.
    public init(criterion: String, reason: String?, basis: Basis = .notDecidableFromData) {
        self.criterion = criterion
        self.reason = reason
        self.basis = basis
    }

    private enum CodingKeys: String, CodingKey { case criterion, reason, basis }

    /// Decodes one; a report written before `basis` existed reads as not decidable from data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        criterion = try container.decode(String.self, forKey: .criterion)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        basis = try container.decodeIfPresent(Basis.self, forKey: .basis) ?? .notDecidableFromData
    }
}

/// An external check's program, as a protocol declares it.
public struct ExternalCommand: Sendable, Hashable {
    /// The check's id.
    public let check: String
    /// The program and its arguments.
    public let command: [String]
    /// The folder it runs in (the protocol file's), when known.
    public let directory: String?
    /// Where the check is defined.
    public let location: SourceLocation
    /// Whether the policy it was loaded under lets it run.
    public let isPermitted: Bool

    /// The command as one line, arguments with spaces or quotes quoted.
    public var commandLine: String {
        command.map { argument in
            argument.isEmpty || argument.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "'\(argument)'" : argument
        }.joined(separator: " ")
    }
}
