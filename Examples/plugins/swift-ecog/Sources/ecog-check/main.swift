import Foundation
import TrialCheckPlugin

/// ECOG performance status at enrollment, as an external trialcheck plugin in Swift: the
/// latest ECOG assessment dated on or before enrollment has a score of at most `max`
/// (the same rule as Examples/plugins/ecog_check.py).
struct Config {
    let maximum: Int
    let scale: String

    init(_ parameters: [String: JSONValue]) throws {
        guard let maximum = parameters["max"]?.integer, (0...5).contains(maximum) else {
            throw PluginHost.ParameterError("'max' must be an ECOG score, a whole number from 0 to 5")
        }
        self.maximum = maximum
        scale = parameters["scale"]?.string ?? "ECOG"
    }
}

struct Assessment {
    let index: Int
    let event: JSONValue
    let written: String
    let span: DateSpan
}

func assess(_ assessment: Assessment, _ config: Config) -> Verdict {
    let scale = config.scale
    let dated = Verdict.Evidence("\(scale) assessment date", assessment.written, event: assessment.index)
    let raw = assessment.event["score"] ?? .null
    guard let score = raw.integer, (0...5).contains(score) else {
        return .notEvaluable(
            "The \(scale) score \(raw.display) of \(assessment.written) is not a whole number from 0 to 5.",
            evidence: [.init("\(scale) score", raw.display, event: assessment.index), dated]
        )
    }
    let found: [Verdict.Evidence] = [.init("\(scale) score", String(score), event: assessment.index), dated]
    if score > config.maximum {
        return .deviation(
            "\(scale) \(score) on \(assessment.written), the latest assessment on or before enrollment, is above the allowed maximum of \(config.maximum).",
            evidence: found, date: assessment.written
        )
    }
    return .pass("\(scale) \(score) on \(assessment.written) is within the allowed range (at most \(config.maximum)).", evidence: found)
}

func judge(_ patient: Patient, _ config: Config) -> Verdict {
    let scale = config.scale
    let enrolled = Verdict.Evidence("enrollment date", patient.enrollment.date)
    guard let enrollment = DateSpan(patient.enrollment.date) else {
        return .notEvaluable("The enrollment date is missing or unreadable.", evidence: [enrolled])
    }
    let assessments = patient.events(ofType: "performance-status").compactMap { index, event -> Assessment? in
        guard event["scale"]?.string?.lowercased() == scale.lowercased(),
              let written = event["date"]?.string ?? event["start"]?.string,
              let span = DateSpan(written), span.first <= enrollment.last
        else { return nil }
        return Assessment(index: index, event: event, written: written, span: span)
    }
    guard !assessments.isEmpty else {
        return .notEvaluable("No \(scale) assessment is dated on or before enrollment.", evidence: [enrolled])
    }
    let surelyBefore = assessments.filter { $0.span.last <= enrollment.first }
    let candidates = assessments.filter { candidate in
        !surelyBefore.contains { $0.index != candidate.index && $0.span.first > candidate.span.last }
    }
    let verdicts = candidates.map { assess($0, config) }
    var statuses = Set(verdicts.map(\.status))
    if surelyBefore.isEmpty { statuses.insert("not-evaluable") }
    if statuses.count == 1, let latest = candidates.indices.max(by: { candidates[$0].span.last < candidates[$1].span.last }) {
        var chosen = verdicts[latest]
        chosen.evidence.append(enrolled)
        return chosen
    }
    let labels = candidates.map { "\(scale) \($0.event["score"]?.display ?? "?") on \($0.written)" }.joined(separator: ", ")
    return .indeterminate(
        "Partial dates leave open which \(scale) assessment is the latest on or before enrollment (\(labels)); they give different verdicts.",
        evidence: candidates.map { .init("\(scale) assessment", "\($0.event["score"]?.display ?? "?") on \($0.written)", event: $0.index) } + [enrolled]
    )
}

exit(PluginHost.run(
    name: "ecog-check-swift", version: "1.0.0",
    description: "The latest ECOG performance status on or before enrollment is at most `max` (Swift).",
    configure: Config.init, judge: judge
))
