/// A plugin's answer for one patient: the same shape as a built-in check's finding.
public struct Verdict: Sendable, Hashable {
    /// `pass`, `deviation`, `indeterminate` or `not-evaluable`.
    public let status: String
    /// Why, in one sentence.
    public let message: String
    /// The values it rests on.
    public var evidence: [Evidence]
    /// When the deviation happened (ISO 8601), if not on the enrollment date.
    public let date: String?

    /// One fact a verdict rests on; `event` is the index of the patient's event it comes from.
    public struct Evidence: Sendable, Hashable {
        public let name: String
        public let value: String
        public let event: Int?

        public init(_ name: String, _ value: String, event: Int? = nil) {
            self.name = name
            self.value = value
            self.event = event
        }
    }

    public static func pass(_ message: String, evidence: [Evidence] = [], date: String? = nil) -> Verdict {
        Verdict(status: "pass", message: message, evidence: evidence, date: date)
    }

    public static func deviation(_ message: String, evidence: [Evidence] = [], date: String? = nil) -> Verdict {
        Verdict(status: "deviation", message: message, evidence: evidence, date: date)
    }

    public static func indeterminate(_ message: String, evidence: [Evidence] = [], date: String? = nil) -> Verdict {
        Verdict(status: "indeterminate", message: message, evidence: evidence, date: date)
    }

    public static func notEvaluable(_ message: String, evidence: [Evidence] = [], date: String? = nil) -> Verdict {
        Verdict(status: "not-evaluable", message: message, evidence: evidence, date: date)
    }
}
