/// A check's answer for one patient.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// The data show the criterion is met.
    case pass
    /// The data show the criterion is not met.
    case deviation
    /// Partial dates leave both answers possible.
    case indeterminate
    /// Data the check needs are missing or unusable. Missing data is never a pass.
    case notEvaluable = "not-evaluable"

    /// How serious a verdict is for gating: deviation > indeterminate > not-evaluable > pass.
    public var rank: Int {
        switch self {
        case .pass: 0
        case .notEvaluable: 1
        case .indeterminate: 2
        case .deviation: 3
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }

    /// Maps a three-valued "criterion met" to a verdict.
    public init(met: Truth) {
        switch met {
        case .yes: self = .pass
        case .no: self = .deviation
        case .unknown: self = .indeterminate
        }
    }
}
