/// A three-valued truth: what the data show about a statement when some facts are only
/// known to lie within a range (a partial date, for instance).
///
/// The connectives follow Kleene's strong logic: `.yes && .unknown` is `.unknown`,
/// `.no && .unknown` is `.no`.
public enum Truth: Sendable, Hashable {
    /// The statement holds for every possible value of the facts.
    case yes
    /// The statement fails for every possible value of the facts.
    case no
    /// The statement holds for some possible values and fails for others.
    case unknown

    /// Lifts a plain Boolean.
    public init(_ value: Bool) {
        self = value ? .yes : .no
    }

    /// Combines the outcome over a range of possibilities: `.yes` if all held, `.no` if none did.
    public init(someHold: Bool, someFail: Bool) {
        switch (someHold, someFail) {
        case (true, false): self = .yes
        case (false, _): self = .no
        case (true, true): self = .unknown
        }
    }

    /// Kleene negation.
    public static prefix func ! (value: Truth) -> Truth {
        switch value {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }

    /// Kleene conjunction.
    public static func && (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        if lhs == .no { return .no }
        let right = rhs()
        if right == .no { return .no }
        return lhs == .yes && right == .yes ? .yes : .unknown
    }

    /// Kleene disjunction.
    public static func || (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        if lhs == .yes { return .yes }
        let right = rhs()
        if right == .yes { return .yes }
        return lhs == .no && right == .no ? .no : .unknown
    }

    /// Whether the statement could hold (`.yes` or `.unknown`).
    public var isPossible: Bool { self != .no }
}

extension ClosedRange where Bound: Comparable {
    /// Whether every value in this range lies within `limits`, none does, or some do.
    ///
    /// Used to judge a fact known only as a range (an age from a partial birth date, a
    /// number of days between two partial dates) against a criterion's limits.
    @inlinable
    public func lies(within limits: ClosedRange<Bound>) -> Truth {
        if limits.contains(lowerBound) && limits.contains(upperBound) { return .yes }
        if upperBound < limits.lowerBound || lowerBound > limits.upperBound { return .no }
        return .unknown
    }
}
