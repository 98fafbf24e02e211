import TrialCheckCore

/// `radiotherapy-technique`: every event of the definitive course used an allowed technique
/// (or a synonym of one, such as VMAT for IMRT).
public struct RadiotherapyTechniqueCheck: Check {
    /// The techniques allowed, as the protocol names them (`IMRT`).
    public static let allowed = Parameter<[String]>(required: "allowed", "list of strings", "Techniques allowed (`[IMRT]`).")
    /// For an allowed technique, other names that count as it (`IMRT: [VMAT, tomotherapy]`).
    public static let synonyms = Parameter<[String: [String]]>(
        "synonyms", "mapping: allowed technique -> list of strings", default: [:],
        "Other names that count as an allowed technique (`{IMRT: [VMAT, tomotherapy]}`)."
    )

    public static let identifier = "radiotherapy-technique"

    public static let description = CheckDescription(
        kind: identifier,
        name: "Radiotherapy technique",
        summary: """
            Every event of the definitive radiotherapy course (radiotherapy with intent \
            `definitive` or absent, by default starting before enrollment: see `course`) \
            records a `technique` (a name, or a list of names) that is in `allowed` or is a \
            synonym of an allowed technique; names compare case-insensitively, ignoring \
            surrounding and repeated spaces. An event with another technique is a deviation. \
            No course, or a course event without a technique, is not-evaluable. An event \
            whose partial start date leaves its membership open decides nothing alone: \
            indeterminate where the verdict depends on it.
            """,
        parameters: [allowed, synonyms, SharedParameters.course],
        exampleParameters: "allowed: [IMRT]\nsynonyms: {IMRT: [VMAT, tomotherapy, helical tomotherapy]}",
        passingExamples: [
            "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy, technique: IMRT}]}",
            "{id: P2, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy, technique: vmat}]}",
            "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy, technique: Helical Tomotherapy}]}",
        ],
        deviatingExamples: [
            "{id: P4, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-19, dose: 50.4 Gy, technique: 3D-CRT}]}",
            "{id: P5, enrollment: {date: 2026-01-20}, events: [{type: radiotherapy, start: 2025-10-13, end: 2025-11-12, dose: 41.4 Gy, technique: IMRT}, {type: radiotherapy, start: 2025-11-13, end: 2025-11-19, dose: 9 Gy, technique: 3D-CRT}]}",
        ],
        inputs: .events(.radiotherapy, keys: ["technique", "intent"])
    )

    private let selection: RadiotherapyCourse.Selection
    /// Every accepted name, folded, mapped to the allowed technique it counts as.
    private let accepted: [String: String]
    private let requirement: String

    public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        let allowed = try parameters[Self.allowed]
        let synonyms = try parameters[Self.synonyms]
        let course = try parameters[SharedParameters.course]
        selection = course
        var accepted: [String: String] = [:]
        for name in allowed {
            let folded = Self.fold(name)
            guard !folded.isEmpty else { throw ParameterProblem("'allowed' holds an empty name", parameter: "allowed") }
            accepted[folded] = name.trimmingWhitespace()
        }
        guard !accepted.isEmpty else { throw ParameterProblem("'allowed' names no technique", parameter: "allowed") }
        let allowedNames = allowed.map { $0.trimmingWhitespace() }
        var synonymTexts: [String] = []
        for (technique, names) in synonyms.sorted(by: { $0.key < $1.key }) {
            guard let canonical = accepted[Self.fold(technique)] else {
                throw ParameterProblem(
                    "synonyms are given for '\(technique)', which is not in 'allowed'\(Suggestion.hint(for: technique, among: allowedNames))",
                    parameter: "synonyms"
                )
            }
            for name in names {
                let folded = Self.fold(name)
                guard !folded.isEmpty else {
                    throw ParameterProblem("the synonyms of '\(technique)' hold an empty name", parameter: "synonyms")
                }
                if let other = accepted[folded], other != canonical {
                    throw ParameterProblem("'\(name)' cannot count as both '\(other)' and '\(canonical)'", parameter: "synonyms")
                }
                accepted[folded] = canonical
            }
            if !names.isEmpty {
                synonymTexts.append("\(names.map { $0.trimmingWhitespace() }.joined(separator: ", ")) as \(canonical)")
            }
        }
        self.accepted = accepted
        let synonymsText = synonymTexts.isEmpty ? "" : " (counting \(synonymTexts.joined(separator: "; ")))"
        requirement = "technique \(allowedNames.joined(separator: " or "))\(synonymsText)"
    }

    public func judge(_ patient: PatientHistory) -> Judgement {
        let rule = CourseEventRule(selection: selection, requirement: requirement, find: find)
        return rule.judge(patient) { evidence in
            let used = evidence.filter { $0.name.hasPrefix("radiotherapy technique") }.map(\.value)
            var seen: Set<String> = []
            let distinct = used.filter { seen.insert($0).inserted }
            return "Radiotherapy technique \(distinct.joined(separator: ", ")) is allowed."
        }
    }

    private func find(_ event: Event) -> EventFinding {
        let techniques = event.strings("technique").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !techniques.isEmpty else {
            let dates = event.datesDescription
            return .missing(
                "The radiotherapy course \(dates) has no technique recorded.",
                [Evidence("radiotherapy", dates, from: event)]
            )
        }
        let table = accepted
        let refused = techniques.filter { table[Self.fold($0)] == nil }
        /// Each technique as recorded, with the allowed one it counts as.
        @Sendable func evidence() -> [Evidence] {
            let dates = event.datesDescription
            return techniques.map { technique in
                guard let canonical = table[Self.fold(technique)] else {
                    return Evidence("radiotherapy technique (\(dates))", technique, from: event)
                }
                let counted = Self.fold(canonical) == Self.fold(technique) ? technique : "\(technique) (counted as \(canonical))"
                return Evidence("radiotherapy technique (\(dates))", counted, from: event)
            }
        }
        guard refused.isEmpty else {
            return .fails("radiotherapy \(event.datesDescription) used \(refused.joined(separator: " and "))", evidence())
        }
        return .meets(evidence)
    }

    /// A name as compared, as every kind compares names (``TermMatcher/normalized(_:)``).
    static func fold(_ name: String) -> String {
        TermMatcher.normalized(name)
    }
}
