import TrialCheckCore

/// Whether an event falls within a rule's time frame, or what is missing to tell.
enum Placement: Sendable, Equatable {
    /// Every possible day falls within it.
    case yes
    /// No possible day does.
    case no
    /// Partial dates leave both answers possible.
    case unknown
    /// A fact needed to place the event is missing: a phrase such as `has no onset date`.
    case missing(String)

    /// Lifts a three-valued comparison.
    init(_ truth: Truth) {
        switch truth {
        case .yes: self = .yes
        case .no: self = .no
        case .unknown: self = .unknown
        }
    }
}
