import TrialCheckCore

/// Which of several events may be the latest one on or before the enrollment date (and,
/// with a window, at most so many days before it) when partial dates leave the order open.
///
/// An event may be the latest if some reading of the partial dates puts it in the window
/// with no other event certainly in the window after it. The result errs towards more
/// candidates, never fewer, so a check that decides only when every candidate agrees
/// never decides where the dates leave the answer open.
struct LatestBeforeEnrollment: Sendable {
    /// Every event that may be the latest in the window, in record order.
    let candidates: [Event]
    /// Whether some reading of the dates puts no event in the window at all.
    let possiblyNone: Bool

    /// Finds the possible latest events.
    /// - Parameters:
    ///   - events: the events to choose from (of the right type, carrying the value needed).
    ///   - enrollment: the enrollment date.
    ///   - windowDays: the most days before enrollment an event may be; `nil` for any.
    ///   - undatedCountsAsBefore: whether an undated event counts as on or before
    ///     enrollment (at an unknown point, so it may always be the latest); otherwise
    ///     undated events are not considered.
    init(_ events: [Event], enrollment: DaySpan, windowDays: Int?, undatedCountsAsBefore: Bool) {
        let limits = 0...(windowDays ?? Int.max)
        let placed: [(event: Event, span: DaySpan?, inWindow: Truth)] = events.compactMap { event in
            guard let span = event.startSpan else {
                guard undatedCountsAsBefore else { return nil }
                return (event, nil, windowDays == nil ? .yes : .unknown)
            }
            return (event, span, enrollment.days(since: span).lies(within: limits))
        }
        let possible = placed.indices.filter { placed[$0].inWindow != .no }
        candidates = possible.compactMap { index in
            // The latest day this event could be while still on or before enrollment.
            let favourable = min(placed[index].span?.last ?? enrollment.last, enrollment.last)
            let blocked = possible.contains { other in
                guard other != index, placed[other].inWindow == .yes, let span = placed[other].span else { return false }
                return span.first > favourable
            }
            return blocked ? nil : placed[index].event
        }
        possiblyNone = !possible.contains { placed[$0].inWindow == .yes }
    }

    /// One judgement from the judgements each candidate would give.
    ///
    /// All candidates agree (and some event is certainly in the window): that judgement.
    /// Otherwise indeterminate, naming every candidate and what it would give.
    /// - Parameters:
    ///   - judge: the judgement if `event` is the latest.
    ///   - label: how a monitor names the event in a list (`ECOG 1 on 2025-12`).
    ///   - subject: what the events are (`ECOG assessment`).
    ///   - window: how the window reads after "on or before enrollment" (`within 28 days`), if any.
    ///   - context: evidence every judgement carries (the enrollment date).
    func judgement(
        judge: (Event) -> Judgement,
        label: (Event) -> String,
        subject: String,
        window: String?,
        context: [Evidence]
    ) -> Judgement {
        let judged = candidates.map { ($0, judge($0)) }
        if !possiblyNone, let first = judged.first?.1, judged.allSatisfy({ $0.1.verdict == first.verdict }) {
            guard first.verdict == .pass else {
                return Judgement(first.verdict, first.message, evidence: Self.union(judged.map(\.1.evidence), context))
            }
            // A pass is written only if a report reads it.
            let judgements = judged.map(\.1)
            return .pass { first.message } evidence: { Self.union(judgements.map(\.evidence), context) }
        }
        let place = "on or before enrollment" + (window.map { " (\($0))" } ?? "")
        let outcomes = judged.map { "\(label($0.0)) would give \($0.1.verdict.rawValue)" }
        let message: String
        if judged.count == 1, let only = judged.first {
            message = "Partial dates leave it open whether \(label(only.0)) is \(place); no other \(subject) is."
        } else if possiblyNone {
            message = "Partial dates leave it open which \(subject), if any, is the latest \(place): " + outcomes.joined(separator: "; ") + "."
        } else {
            message = "Partial dates leave it open which \(subject) is the latest \(place): " + outcomes.joined(separator: "; ") + "."
        }
        return .indeterminate(message, evidence: Self.union(judged.map(\.1.evidence), context))
    }

    private static func union(_ lists: [[Evidence]], _ context: [Evidence]) -> [Evidence] {
        // Lists are short: comparing beats hashing every string.
        var kept: [Evidence] = []
        for item in lists.joined() where !kept.contains(item) { kept.append(item) }
        for item in context where !kept.contains(item) { kept.append(item) }
        return kept
    }
}
