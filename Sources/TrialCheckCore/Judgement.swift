/// What a check concludes about one patient: a verdict, a sentence a monitor understands,
/// and the evidence behind it.
public struct Judgement: Sendable, Hashable {
    /// The verdict.
    public let verdict: Verdict
    /// Why, in one sentence (for a pass, a short confirmation).
    public let message: String
    /// The values and dates used.
    public let evidence: [Evidence]
    /// When the deviation happened: the date of the offending event (the dose given out of
    /// window, the first day past a duration limit, an excluded condition's onset). Absent
    /// for a judgement with no single offending event, such as eligibility judged at
    /// enrollment: reports then use the enrollment date. docs/report-format.md lists the
    /// rule of each kind; a check sets it with ``dated(_:)``.
    public let date: PartialDate?
    /// The span of days the criterion judged against, where it is a window in time (enrollment
    /// 1-42 days after chemoradiotherapy, the days the next dose was due), so a report can
    /// draw it on the patient's timeline; a check sets it with ``windowed(_:)``.
    public let window: DateWindow?

    /// Creates a judgement.
    public init(
        _ verdict: Verdict, _ message: String, evidence: [Evidence] = [], date: PartialDate? = nil, window: DateWindow? = nil
    ) {
        self.verdict = verdict
        self.message = message
        self.evidence = evidence
        self.date = date
        self.window = window
    }

    /// The same judgement, dated.
    public func dated(_ date: PartialDate?) -> Judgement {
        Judgement(verdict, message, evidence: evidence, date: date, window: window)
    }

    /// The same judgement, with the window the criterion allowed.
    public func windowed(_ window: DateWindow?) -> Judgement {
        Judgement(verdict, message, evidence: evidence, date: date, window: window)
    }

    /// The criterion is met.
    public static func pass(_ message: String, evidence: [Evidence] = []) -> Judgement {
        Judgement(.pass, message, evidence: evidence)
    }

    /// The criterion is not met.
    public static func deviation(_ message: String, evidence: [Evidence] = []) -> Judgement {
        Judgement(.deviation, message, evidence: evidence)
    }

    /// Partial dates leave both answers possible.
    public static func indeterminate(_ message: String, evidence: [Evidence] = []) -> Judgement {
        Judgement(.indeterminate, message, evidence: evidence)
    }

    /// Data needed are missing or unusable; the message says which.
    public static func notEvaluable(_ message: String, evidence: [Evidence] = []) -> Judgement {
        Judgement(.notEvaluable, message, evidence: evidence)
    }

    /// A judgement whose verdict follows a three-valued "criterion met", with one message
    /// per outcome.
    public static func decide(
        _ met: Truth,
        pass: @autoclosure () -> String,
        deviation: @autoclosure () -> String,
        indeterminate: @autoclosure () -> String,
        evidence: [Evidence]
    ) -> Judgement {
        switch met {
        case .yes: Judgement(.pass, pass(), evidence: evidence)
        case .no: Judgement(.deviation, deviation(), evidence: evidence)
        case .unknown: Judgement(.indeterminate, indeterminate(), evidence: evidence)
        }
    }
}
