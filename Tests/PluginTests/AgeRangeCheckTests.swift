import Testing
import TrialCheckCore
import AgeChecks

@Suite("age-range (protocol check `age`: 18-75 years)")
struct AgeRangeCheckTests {
    static func check(_ json: String = #"{"min": 18, "max": 75}"#) throws -> AgeRangeCheck {
        try AgeRangeCheck(parameters: parameters(AgeRangeCheck.self, json), context: testContext)
    }

    @Test("Full birth dates at the boundaries (enrollment 2026-01-20)", arguments: [
        ("2008-01-20", Verdict.pass, "18"),        // 18th birthday is the enrollment date: 18
        ("2008-01-21", .deviation, "17"),          // enrolled the day before the 18th birthday
        ("2008-01-19", .pass, "18"),
        ("1950-01-20", .deviation, "76"),          // 76th birthday is the enrollment date: 76
        ("1950-01-21", .pass, "75"),               // 75, the day before the 76th birthday
        ("1950-01-19", .deviation, "76"),
        ("1961-04-02", .pass, "64"),
        ("2010-06-01", .deviation, "15"),
        ("1940-06-01", .deviation, "85"),
    ])
    func fullBirthDates(_ birth: String, _ expected: Verdict, _ age: String) throws {
        let judgement = try Self.check().judge(patient(birth: birth, enrolled: "2026-01-20"))
        #expect(judgement.verdict == expected)
        #expect(evidence("age at enrollment", in: judgement) == age)
        #expect(evidence("birth date", in: judgement) == birth)
        #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        expectExplained(judgement)
    }

    @Test("Births on 29 February", arguments: [
        ("2008-02-29", "2026-02-28", Verdict.deviation),  // 17 until 1 March in a common year
        ("2008-02-29", "2026-03-01", .pass),
        ("2004-02-29", "2022-02-28", .deviation),
        ("2004-02-29", "2022-03-01", .pass),
        ("1948-02-29", "2024-02-28", .pass),               // 75, the day before the 76th birthday
        ("1948-02-29", "2024-02-29", .deviation),          // 76th birthday on a leap day
    ])
    func leapDayBirths(_ birth: String, _ enrolled: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(birth: birth, enrolled: enrolled))
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
    }

    @Test("Partial birth dates decide only when every possible day agrees (enrollment 2026-01-20)", arguments: [
        ("2007", Verdict.pass),             // 18 or 19
        ("2007-12", .pass),                 // 18
        ("2008", .indeterminate),           // 17 or 18
        ("2008-01", .indeterminate),        // 17 (born after 20 January) or 18
        ("2008-02", .deviation),            // 17
        ("2009", .deviation),
        ("1951", .pass),                    // 74 or 75
        ("1950-02", .pass),                 // 75
        ("1950-01", .indeterminate),        // 75 or 76
        ("1950", .indeterminate),           // 75 or 76
        ("1949", .deviation),               // 76 or 77
        ("1961-04", .pass),
        ("1961", .pass),
    ])
    func partialBirthDates(_ birth: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(birth: birth, enrolled: "2026-01-20"))
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
        if expected == .indeterminate {
            #expect(judgement.message.contains(birth))
        }
    }

    @Test("A partial enrollment date is a span too", arguments: [
        ("2008-01-15", "2026-01", Verdict.indeterminate),  // 17 before the 15th, 18 from it
        ("2008-01-01", "2026-01", .pass),
        ("2008-02-01", "2026-01", .deviation),
        ("1950-01-15", "2026-01", .indeterminate),
        ("1950-02-01", "2026-01", .pass),
    ])
    func partialEnrollment(_ birth: String, _ enrolled: String, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(birth: birth, enrolled: enrolled))
        #expect(judgement.verdict == expected)
        expectExplained(judgement)
    }

    @Test("Without a birth date, the record's age is used as is", arguments: [
        (17, Verdict.deviation), (18, .pass), (64, .pass), (75, .pass), (76, .deviation), (0, .deviation),
    ])
    func recordedAge(_ age: Int, _ expected: Verdict) throws {
        let judgement = try Self.check().judge(patient(age: age, enrolled: "2026-01-20"))
        #expect(judgement.verdict == expected)
        #expect(evidence("recorded age", in: judgement) == String(age))
        expectExplained(judgement)
    }

    @Test("A birth date takes precedence over a recorded age")
    func birthDateWins() throws {
        let check = try Self.check()
        #expect(check.judge(patient(birth: "2008-01-21", age: 18, enrolled: "2026-01-20")).verdict == .deviation)
        #expect(check.judge(patient(birth: "2008-01-20", age: 17, enrolled: "2026-01-20")).verdict == .pass)
    }

    @Test("Neither a birth date nor an age: not-evaluable, never a pass")
    func neither() throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20"))
        #expect(judgement.verdict == .notEvaluable)
        #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        expectExplained(judgement)
    }

    @Test("Deviation messages say which side of the range")
    func deviationSide() throws {
        let check = try Self.check()
        #expect(check.judge(patient(age: 17, enrolled: "2026-01-20")).message.contains("below"))
        #expect(check.judge(patient(age: 76, enrolled: "2026-01-20")).message.contains("above"))
    }

    @Test("One-sided limits")
    func oneSided() throws {
        let atLeast = try Self.check(#"{"min": 18}"#)
        #expect(atLeast.judge(patient(age: 100, enrolled: "2026-01-20")).verdict == .pass)
        #expect(atLeast.judge(patient(age: 17, enrolled: "2026-01-20")).verdict == .deviation)
        let atMost = try Self.check(#"{"max": 75}"#)
        #expect(atMost.judge(patient(age: 0, enrolled: "2026-01-20")).verdict == .pass)
        #expect(atMost.judge(patient(age: 76, enrolled: "2026-01-20")).verdict == .deviation)
        let exactly = try Self.check(#"{"min": 40, "max": 40}"#)
        #expect(exactly.judge(patient(age: 40, enrolled: "2026-01-20")).verdict == .pass)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"min": 76, "max": 75}"#, "min" as String?),
        (#"{"min": -1, "max": 75}"#, "min"),
        (#"{"min": -1}"#, "min"),
        (#"{}"#, nil),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(AgeRangeCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try AgeRangeCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("Parameters of the wrong type fail to decode")
    func badParameterTypes() {
        #expect(throws: DecodingError.self) { try parameters(AgeRangeCheck.self, #"{"min": "eighteen"}"#) }
    }
}
