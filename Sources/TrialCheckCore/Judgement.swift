/// What a check concludes about one patient: a verdict, a sentence a monitor understands,
/// and the evidence behind it.
///
/// A check may write the sentence and the evidence when it makes the judgement
/// (`.pass("Stage \(stage) is allowed.", evidence: evidence)`) or leave them to be written
/// when first read (`.pass { "Stage \(stage) is allowed." } evidence: { evidence }`): an
/// audit reports only the verdicts that are not passes, so a pass written lazily costs its
/// check nothing but the verdict. A lazy message must read only `Sendable` constants and
/// give the same text every time.
public struct Judgement: Sendable, Hashable {
    /// The verdict.
    public let verdict: Verdict
    /// Why, in one sentence (for a pass, a short confirmation).
    public var message: String {
        switch explanation {
        case .written(let message, _): message
        case .deferred(let message, _): message()
        }
    }
    /// The values and dates used.
    public var evidence: [Evidence] {
        switch explanation {
        case .written(_, let evidence): evidence
        case .deferred(_, let evidence): evidence()
        }
    }
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
    /// The message and evidence, or how to write them.
    private let explanation: Explanation

    /// A judgement's message and evidence: written, or to be written when first read.
    private enum Explanation: Sendable {
        case written(String, [Evidence])
        case deferred(@Sendable () -> String, @Sendable () -> [Evidence])
    }

    private init(_ verdict: Verdict, _ explanation: Explanation, date: PartialDate?, window: DateWindow?) {
        self.verdict = verdict
        self.explanation = explanation
        self.date = date
        self.window = window
    }

    /// Creates a judgement.
    public init(
        _ verdict: Verdict, _ message: String, evidence: [Evidence] = [], date: PartialDate? = nil, window: DateWindow? = nil
    ) {
        self.init(verdict, .written(message, evidence), date: date, window: window)
    }

    /// Creates a judgement whose message and evidence are written when first read.
    public init(
        _ verdict: Verdict, _ message: @escaping @Sendable () -> String, evidence: @escaping @Sendable () -> [Evidence] = { [] },
        date: PartialDate? = nil, window: DateWindow? = nil
    ) {
        self.init(verdict, .deferred(message, evidence), date: date, window: window)
    }

    /// The same judgement, dated.
    public func dated(_ date: PartialDate?) -> Judgement {
        Judgement(verdict, explanation, date: date, window: window)
    }

    /// The same judgement, with the window the criterion allowed.
    public func windowed(_ window: DateWindow?) -> Judgement {
        Judgement(verdict, explanation, date: date, window: window)
    }

    /// The same judgement with its message and evidence written now: reading them later (on
    /// another thread, say) does no work, and nothing a lazy message read is kept.
    public func written() -> Judgement {
        guard case .deferred = explanation else { return self }
        return Judgement(verdict, .written(message, evidence), date: date, window: window)
    }

    /// The criterion is met.
    public static func pass(_ message: String, evidence: [Evidence] = []) -> Judgement {
        Judgement(.pass, message, evidence: evidence)
    }

    /// The criterion is met; the message and evidence are written when first read.
    public static func pass(_ message: @escaping @Sendable () -> String, evidence: @escaping @Sendable () -> [Evidence] = { [] }) -> Judgement {
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

extension Judgement {
    /// Two judgements are equal when their verdicts, messages, evidence, dates and windows
    /// are (however their messages are written).
    public static func == (lhs: Judgement, rhs: Judgement) -> Bool {
        lhs.verdict == rhs.verdict && lhs.date == rhs.date && lhs.window == rhs.window
            && lhs.message == rhs.message && lhs.evidence == rhs.evidence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(verdict)
        hasher.combine(message)
        hasher.combine(evidence)
        hasher.combine(date)
        hasher.combine(window)
    }
}
