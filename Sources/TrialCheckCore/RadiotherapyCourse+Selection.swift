extension RadiotherapyCourse {
    /// Which definitive radiotherapy a check means by "the course", placed relative to
    /// enrollment.
    ///
    /// A trial that enrolls patients after chemoradiotherapy (consolidation) judges the
    /// course given before enrollment; a trial that enrolls untreated patients judges the
    /// course it gives as study treatment, on or after enrollment.
    public enum Selection: String, Decodable, Sendable, CaseIterable {
        /// Definitive radiotherapy starting before the enrollment date (the default).
        case beforeEnrollment = "before-enrollment"
        /// Definitive radiotherapy starting on or after the enrollment date (study treatment).
        case afterEnrollment = "after-enrollment"
        /// Every definitive radiotherapy, whenever it starts.
        case any

        public init(from decoder: any Decoder) throws {
            self = try Self.decodeCase(from: decoder)
        }

        /// Whether an event starting on `start` belongs to the course: `.unknown` when a
        /// partial start date leaves it open.
        public func includes(start: DaySpan, enrollment: DaySpan) -> Truth {
            switch self {
            case .beforeEnrollment: start.isBefore(enrollment)
            case .afterEnrollment: !start.isBefore(enrollment)
            case .any: .yes
            }
        }

        /// Where the course starts, for sentences: `before enrollment`, `on or after
        /// enrollment`, or empty for every course.
        public var placement: String {
            switch self {
            case .beforeEnrollment: "before enrollment"
            case .afterEnrollment: "on or after enrollment"
            case .any: ""
            }
        }

        /// The side of enrollment an uncertain event may fall on instead, outside the
        /// course: `after enrollment` for a course before it.
        public var otherSide: String {
            switch self {
            case .beforeEnrollment: "after enrollment"
            case .afterEnrollment, .any: "before enrollment"
            }
        }

        /// "No definitive radiotherapy before enrollment is recorded." (or the selection's
        /// wording).
        public var noCourseSentence: String {
            placement.isEmpty
                ? "No definitive radiotherapy is recorded."
                : "No definitive radiotherapy \(placement) is recorded."
        }

        /// What a kind's `course` parameter means, for its description.
        public static let parameterSummary = """
            Which definitive course is judged: `before-enrollment` (radiotherapy starting \
            before the enrollment date: chemoradiotherapy before a consolidation trial), \
            `after-enrollment` (starting on or after it: chemoradiotherapy given as study \
            treatment to untreated patients) or `any`.
            """
    }
}
