/// A named point of a patient's history that a timing check measures from or to.
public enum TimelineAnchor: String, Decodable, Sendable, CaseIterable {
    /// The enrollment date.
    case enrollment
    /// The end of chemoradiotherapy: the last fraction of the definitive radiotherapy course.
    case crtCompletion = "crt-completion"
    /// The first day of the definitive radiotherapy course.
    case radiotherapyStart = "radiotherapy-start"
    /// The earliest diagnosis date.
    case diagnosis
    /// The earliest informed-consent date.
    case consent
    /// The first study-drug dose: the earliest `administration` on or after enrollment.
    case firstDose = "first-dose"
    /// The last study-drug dose: the latest day of an `administration` on or after enrollment.
    case lastDose = "last-dose"
    /// The end of study treatment: the date of the earliest `treatment-end` event.
    case treatmentEnd = "treatment-end"
    /// The first documented progression on or after enrollment: a `response` with `result: PD`.
    case progression

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            if let anchor = Self.synonyms[text] {
                self = anchor
                return
            }
            if let meant = Self.misnomers[text] {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "unknown value '\(text)'; did you mean '\(meant.rawValue)' (\(meant.definition))?"
                )
            }
        }
        self = try Self.decodeCase(from: decoder)
    }

    /// Other names protocols use for an anchor, accepted as it: `registration` is `enrollment`.
    public static let synonyms: [String: TimelineAnchor] = ["registration": .enrollment]

    /// Names that do not read as an anchor by spelling but mean one, for "did you mean".
    static let misnomers: [String: TimelineAnchor] = [
        "radiotherapy-end": .crtCompletion, "rt-end": .crtCompletion, "end-of-radiotherapy": .crtCompletion,
        "radiotherapy-completion": .crtCompletion, "rt-completion": .crtCompletion, "crt-end": .crtCompletion,
        "last-fraction": .crtCompletion,
    ]

    /// What the anchor is, in a phrase, for messages and the docs.
    public var definition: String {
        switch self {
        case .enrollment: "the enrollment (registration) date"
        case .crtCompletion: "the last fraction of the definitive radiotherapy course, the end of radiotherapy"
        case .radiotherapyStart: "the first fraction of the definitive radiotherapy course"
        case .diagnosis: "the earliest dated diagnosis event"
        case .consent: "the earliest dated informed-consent event"
        case .firstDose: "the first study-drug dose, the earliest administration on or after enrollment"
        case .lastDose: "the last study-drug dose, the latest administration on or after enrollment"
        case .treatmentEnd: "the end of study treatment, the earliest treatment-end event"
        case .progression: "the first documented progression on or after enrollment (a response with result PD)"
        }
    }

    /// How a monitor says it.
    public var label: String {
        switch self {
        case .enrollment: "enrollment"
        case .crtCompletion: "completion of chemoradiotherapy"
        case .radiotherapyStart: "start of radiotherapy"
        case .diagnosis: "diagnosis"
        case .consent: "informed consent"
        case .firstDose: "the first study-drug dose"
        case .lastDose: "the last study-drug dose"
        case .treatmentEnd: "the end of study treatment"
        case .progression: "documented progression"
        }
    }

    /// The anchor's day in `patient`'s history with the evidence for it, or why it is missing;
    /// the radiotherapy anchors are placed on the definitive course before enrollment.
    ///
    /// Where the course itself is uncertain (a partial start date that may fall after
    /// enrollment), the span covers both readings, so a comparison that depends on the
    /// reading comes out indeterminate.
    public func resolve(in patient: PatientHistory) -> Result<(DaySpan, Evidence), Missing> {
        resolve(in: patient, course: .beforeEnrollment)
    }

    /// The anchor's day in `patient`'s history, with the radiotherapy anchors placed on the
    /// definitive course that `course` selects (the one before enrollment, or the one given
    /// on or after it as study treatment).
    public func resolve(in patient: PatientHistory, course selection: RadiotherapyCourse.Selection) -> Result<(DaySpan, Evidence), Missing> {
        switch self {
        case .enrollment:
            return .success((patient.enrollment.date.span, .enrollmentDate(of: patient)))
        case .crtCompletion, .radiotherapyStart:
            guard let course = RadiotherapyCourse(of: patient, selection: selection) else {
                return .failure(Missing(selection.noCourseSentence))
            }
            if self == .radiotherapyStart {
                let certain = DaySpan.earliest(of: course.events.compactMap(\.startSpan))
                let possible = DaySpan.earliest(of: course.allEvents.compactMap(\.startSpan))
                guard let possible, let event = course.allEvents.first else {
                    return .failure(Missing("The radiotherapy course has no start date."))
                }
                let first = certain.map { $0.hull(possible) } ?? possible
                return .success((first, Evidence("radiotherapy start", first.description, from: event)))
            }
            guard let completion = course.completion, let event = course.completingEvent else {
                let undated = course.eventsWithoutEnd.first?.datesDescription ?? "course"
                return .failure(Missing("The radiotherapy course \(undated) has no end date (last fraction)."))
            }
            return .success((completion, Evidence("chemoradiotherapy completion (last fraction)", completion.description, from: event)))
        case .diagnosis, .consent:
            let type: EventType = self == .diagnosis ? .diagnosis : .consent
            let dated = patient.events(ofType: type).compactMap { event in event.startSpan.map { ($0, event) } }
            guard let earliest = dated.min(by: { $0.0.first < $1.0.first }) else {
                return .failure(Missing("No dated \(type) is recorded."))
            }
            return .success((earliest.0, Evidence("\(label) date", earliest.0.description, from: earliest.1)))
        case .firstDose, .lastDose, .treatmentEnd, .progression:
            return resolveEvent(in: patient)
        }
    }

    /// Why an anchor could not be placed.
    public struct Missing: Error, Sendable {
        /// A sentence a monitor understands.
        public let reason: String
        /// Creates a reason.
        public init(_ reason: String) { self.reason = reason }
    }
}

extension TimelineAnchor {
    /// What placing the anchor reads of a record.
    public var inputs: CheckInputs {
        switch self {
        case .enrollment: CheckInputs(fields: [.enrollmentDate])
        case .crtCompletion, .radiotherapyStart: .events(.radiotherapy, keys: ["intent"])
        case .diagnosis: .events(.diagnosis)
        case .consent: .events(.consent)
        case .firstDose, .lastDose: .events(.administration)
        case .treatmentEnd: .events(.treatmentEnd)
        case .progression: .events(.response, keys: ["result"])
        }
    }
}
