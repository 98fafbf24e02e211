import Foundation

/// The files of a new Swift check plugin: a module under Plugins/ with one working check
/// and its plugin enum, and a test file in Tests/PluginTests, for `trialcheck plugin new`.
struct PluginScaffold {
    /// Why a name cannot be a plugin's.
    struct NameProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// `HepatitisB`: the stem of every type and module name.
    let stem: String
    /// `hepatitis-b`: the check kind's identifier.
    let kind: String

    /// A scaffold for `name` (`hepatitis-b`, `hepatitis_b`, `HepatitisB`; a trailing
    /// `checks` or `check` is dropped).
    init(name: String) throws(NameProblem) {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "-" || character == "_" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, let last = current.last, last.isLowercase || last.isNumber {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        words = words.map { $0.lowercased() }
        while let last = words.last, last == "checks" || last == "check", words.count > 1 { words.removeLast() }
        guard let first = words.first?.first, first.isLetter, first.isASCII,
              words.allSatisfy({ $0.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII } })
        else {
            throw NameProblem(description: "'\(name)' is not a plugin name: use letters and digits, starting with a letter, such as 'biomarker' or 'hepatitis-b'")
        }
        stem = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        kind = words.joined(separator: "-")
    }

    /// `HepatitisBChecks`.
    var module: String { "\(stem)Checks" }
    /// `HepatitisBCheck`.
    var checkType: String { "\(stem)Check" }
    /// `HepatitisBChecksPlugin`.
    var pluginType: String { "\(stem)ChecksPlugin" }

    /// The files to write, by path relative to the package root.
    var files: [(path: String, contents: String)] {
        [
            ("Plugins/\(module)/\(checkType).swift", checkSource),
            ("Plugins/\(module)/\(pluginType).swift", pluginSource),
            ("Tests/PluginTests/\(checkType)Tests.swift", testSource),
        ]
    }

    /// What to add to Package.swift and BuiltinPlugins.swift, and what to run next.
    var instructions: String {
        """
        Created the plugin module \(module) with the check kind '\(kind)':
        \(files.map { "  \($0.path)" }.joined(separator: "\n"))

        Add it to the build (nothing in the engine changes):
          1. Package.swift, in `pluginNames`:
                 "\(module)",
          2. Sources/BuiltinPlugins/BuiltinPlugins.swift: `import \(module)` at the top, and in `all`:
                 \(pluginType).self,

        Then:
          swift test --filter \(checkType)Tests    # the generated tests
          swift test --filter CheckExamplesTests   # the kind's documented examples
          Scripts/update-catalogue.sh              # docs/checks.md and the README's catalogue
          swift test                               # everything, the catalogue tests included

        """
    }

    private var pluginSource: String {
        """
        import TrialCheckCore

        /// The \(kind) checks.
        public enum \(pluginType): CheckPlugin {
            public static let name = "\(kind)"
            public static let kinds = [CheckKind(\(checkType).self)]
        }

        """
    }

    private var checkSource: String {
        """
        import TrialCheckCore

        /// `\(kind)`: an event of a given type is recorded on or before enrollment.
        ///
        /// A starting point: rename the parameters, change `judge(_:)`, and keep the
        /// description's examples true (a generic test runs them).
        public struct \(checkType): Check {
            /// `event_type`: the event type that must be recorded (`consent`). Declared once:
            /// decoding, the catalogue and the unknown-key check all come from it.
            public static let eventType = Parameter<String>(
                required: "event_type", "text", "The event type that must be recorded on or before enrollment."
            )

            /// The kind's identifier: registering the kind reads this, not the description.
            public static let identifier = "\(kind)"

            public static let description = CheckDescription(
                kind: identifier,
                name: "\(stem) check",
                summary: \"\"\"
                    An event of type `event_type` is recorded on or before enrollment. No such event \\
                    is a deviation; such events without a date are not evaluable; a partial date that \\
                    may fall either side of enrollment is indeterminate.
                    \"\"\",
                parameters: [eventType],
                exampleParameters: "event_type: consent",
                passingExamples: [
                    "{id: P1, enrollment: {date: 2026-01-20}, events: [{type: consent, date: 2026-01-10}]}",
                ],
                deviatingExamples: [
                    "{id: P2, enrollment: {date: 2026-01-20}, events: []}",
                    "{id: P3, enrollment: {date: 2026-01-20}, events: [{type: consent, date: 2026-01-25}]}",
                ],
                inputs: .events(.consent)
            )

            private let eventType: EventType

            public init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
                let name = try parameters[Self.eventType].trimmingWhitespace()
                guard !name.isEmpty else { throw ParameterProblem("'event_type' is empty", parameter: "event_type") }
                eventType = EventType(recorded: name)
            }

            /// What this check reads (the event type its parameters name): declared so that the
            /// audit reports what no check of a protocol reads.
            public var inputs: CheckInputs { .events(eventType) }

            public func judge(_ patient: PatientHistory) -> Judgement {
                let enrollment = patient.enrollment.date
                let enrolled = Evidence.enrollmentDate(of: patient)
                let events = patient.events(ofType: eventType)
                guard !events.isEmpty else {
                    return .deviation("No \\(eventType) event is recorded.", evidence: [enrolled])
                }
                let dated = events.filter { $0.startSpan != nil }
                guard !dated.isEmpty else {
                    return .notEvaluable(
                        "The \\(eventType) events recorded have no date.",
                        evidence: events.map { Evidence(eventType.rawValue, $0.datesDescription, from: $0) } + [enrolled]
                    )
                }
                var met = Truth.no
                for event in dated {
                    if let span = event.startSpan { met = met || span.isOnOrBefore(enrollment.span) }
                }
                return .decide(
                    met,
                    pass: "A \\(eventType) event is recorded on or before enrollment (\\(enrollment)).",
                    deviation: "Every \\(eventType) event recorded is after enrollment (\\(enrollment)).",
                    indeterminate: "Partial dates leave open whether a \\(eventType) event precedes enrollment (\\(enrollment)).",
                    evidence: dated.map { Evidence(eventType.rawValue, $0.datesDescription, from: $0) } + [enrolled]
                )
            }
        }

        """
    }

    private var testSource: String {
        """
        import Testing
        import TrialCheckCore
        import \(module)

        /// `\(kind)`: the day before, on and after enrollment, and missing or partial dates.
        @Suite("\(checkType)")
        struct \(checkType)Tests {
            static func make(eventType: String) throws -> \(checkType) {
                let parameters = try ParameterValues(of: \(checkType).self, [ParameterSetting(\(checkType).eventType, eventType)])
                return try \(checkType)(parameters: parameters, context: CheckContext(protocolID: "TEST"))
            }

            static let check: \(checkType)? = try? make(eventType: "consent")

            static func patient(_ events: [Event]) -> PatientHistory {
                PatientHistory(id: "P1", enrollment: Enrollment(date: day("2026-01-20")), events: events)
            }

            static func day(_ text: String) -> PartialDate {
                PartialDate(iso8601: text) ?? PartialDate(CalendarDay(ordinal: 0))
            }

            @Test("Consent before, on and after enrollment", arguments: [
                ("2026-01-19", Verdict.pass), ("2026-01-20", .pass), ("2026-01-21", .deviation), ("2026-01", .indeterminate),
            ])
            func timing(_ date: String, _ expected: Verdict) throws {
                let check = try #require(Self.check)
                let judgement = check.judge(Self.patient([Event(type: "consent", date: Self.day(date))]))
                #expect(judgement.verdict == expected, "\\(judgement.message)")
                #expect(!judgement.evidence.isEmpty)
            }

            @Test("No consent is a deviation; an undated one is not evaluable")
            func missing() throws {
                let check = try #require(Self.check)
                #expect(check.judge(Self.patient([])).verdict == .deviation)
                #expect(check.judge(Self.patient([Event(type: "consent")])).verdict == .notEvaluable)
            }

            @Test("An empty event type is rejected")
            func parameters() {
                #expect(throws: ParameterProblem.self) {
                    try Self.make(eventType: " ")
                }
            }
        }

        """
    }
}
