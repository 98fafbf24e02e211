import Foundation
import Testing
import TrialCheckCore
import TrialCheckEngine
import BuiltinPlugins
import LabChecks

private typealias F = LabChecksFixtures

@Suite("lab-threshold: either/or, all, several tests, detectability")
struct LabThresholdCombinationTests {
    static let renal = #"""
        {"or": [{"test": "creatinine", "max_uln": 1.5},
                {"test": "creatinine-clearance", "min": "60 mL/min", "exclusive": true}]}
        """#

    /// A creatinine result (mg/dL, ULN 1.2), or none.
    static func creatinine(_ value: String?, day: String = "2026-01-12") -> [Event] {
        value.map { [F.number("creatinine", day, $0, "mg/dL", uln: "1.2")] } ?? []
    }

    /// A creatinine clearance result (mL/min), or none.
    static func clearance(_ value: String?, day: String = "2026-01-12") -> [Event] {
        value.map { [F.number("crcl", day, $0, "mL/min")] } ?? []
    }

    @Test("Creatinine <= 1.5 x ULN or clearance > 60 mL/min: a pass anywhere wins", arguments: [
        ("1.8", "61" as String?, Verdict.pass),    // both met
        ("1.8", "60", .pass),                       // creatinine at 1.5 x ULN
        ("1.81", "61", .pass),                      // clearance
        ("1.81", "60", .deviation),                 // neither
        ("3", "45", .deviation),
        ("1.8", nil, .pass),                        // one met, the other not tested
        (nil, "61", .pass),
        ("1.81", nil, .notEvaluable),               // one fails, the other missing
        (nil, "60", .notEvaluable),
        (nil, nil, .notEvaluable),
    ] as [(String?, String?, Verdict)])
    func renal(_ creatinine: String?, _ clearance: String?, _ expected: Verdict) throws {
        let judgement = try F.judge(Self.renal, Self.creatinine(creatinine) + Self.clearance(clearance))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("The pass names the alternative that passed; the deviation names both")
    func renalMessages() throws {
        let pass = try F.judge(Self.renal, Self.creatinine("3") + Self.clearance("75"))
        #expect(pass.message == "Creatinine clearance 75 mL/min on 2026-01-12 is above the limit 60 mL/min.")
        let deviation = try F.judge(Self.renal, Self.creatinine("2") + Self.clearance("55"))
        #expect(deviation.message.hasPrefix("No alternative is met: creatinine 2 mg/dL (1.67 x ULN, ULN 1.2 mg/dL) on 2026-01-12 is above the maximum 1.5 x ULN; creatinine clearance 55 mL/min"))
        #expect(evidence("Creatinine ULN", in: deviation) == "1.2 mg/dL")
        #expect(evidence("Creatinine clearance result", in: deviation) == "55 mL/min on 2026-01-12")
    }

    @Test("Undecided alternatives: not-evaluable if any lacks data, indeterminate if only dates are open", arguments: [
        // Creatinine with a partial date that may fall after enrollment (and fails if counted).
        ("2026-01", "1.81", nil as String?, Verdict.notEvaluable),
        ("2026-01", "1.81", "55", .indeterminate),
        ("2026-01", "1.81", "75", .pass),
        ("2026-01", "1.8", "55", .indeterminate),
        ("2025-12", "1.81", "55", .deviation),
    ])
    func undecided(_ day: String, _ creatinine: String, _ clearance: String?, _ expected: Verdict) throws {
        let judgement = try F.judge(Self.renal, Self.creatinine(creatinine, day: day) + Self.clearance(clearance))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("ALT, AST and ALP each <= 2.5 x ULN (tests: all required)", arguments: [
        ("100", "100", "300", Verdict.pass),
        ("100.1", "100", "300", .deviation),
        ("100", "101", "300", .deviation),
        ("100", "100", "301", .deviation),
        ("100", "100", nil, .notEvaluable),
        ("101", "100", nil, .deviation),          // a deviation anywhere wins
    ] as [(String, String, String?, Verdict)])
    func liverEnzymes(_ alt: String, _ ast: String, _ alp: String?, _ expected: Verdict) throws {
        let events = [F.number("alt", "2026-01-12", alt, "U/L", uln: "40"), F.number("AST", "2026-01-12", ast, "U/L", uln: "40")]
            + (alp.map { [F.number("6768-6", "2026-01-12", $0, "U/L", uln: "120")] } ?? [])
        let judgement = try F.judge(#"{"tests": ["alt", "ast", "alp"], "max_uln": 2.5}"#, events)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .deviation {
            #expect(judgement.message.contains("above the maximum 2.5 x ULN"))
        }
    }

    @Test("The enzyme at fault is named, and a missing one is named beside it")
    func liverMessages() throws {
        let judgement = try F.judge(#"{"tests": ["alt", "ast", "alp"], "max_uln": 2.5}"#, [
            F.number("alt", "2026-01-12", "120", "U/L", uln: "40"), F.number("ast", "2026-01-12", "30", "U/L", uln: "40"),
        ])
        #expect(judgement.message == "ALT 120 U/L (3 x ULN, ULN 40 U/L) on 2026-01-12 is above the maximum 2.5 x ULN; no ALP result on or before enrollment is recorded.")
    }

    static let hepatitis = #"""
        {"when_untested": "pass", "all": [{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true},
                                          {"test": "hcv-rna", "detectable": false}]}
        """#

    @Test("HCV RNA must be not detectable", arguments: [
        (Value.string("not detected"), Verdict.pass), (.string("Not Detected"), .pass), (.string(" NEGATIVE "), .pass),
        (.string("undetectable"), .pass), (.string("TND"), .pass), (.string("<15"), .pass), (.string("< 15 IU/mL"), .pass),
        (.number("0"), .pass), (.string("detected"), .deviation), (.string("Positive"), .deviation),
        (.number("1200"), .deviation), (.string(">100000000"), .deviation), (.string("1200 IU/mL"), .deviation), (.string("1.2e3 IU/mL"), .notEvaluable),
        (.string("invalid"), .notEvaluable), (.string("indeterminate"), .notEvaluable), (.number("-1"), .notEvaluable),
    ])
    func hcv(_ value: Value, _ expected: Verdict) throws {
        let judgement = try F.judge(#"{"test": "hcv-rna", "detectable": false}"#, [F.result("hcv-rna", "2026-01-12", value, unit: "IU/mL")])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("detectable: true and custom terms")
    func detectableTrue() throws {
        let json = #"{"test": "hbsag", "codes": ["5196-1"], "detectable": true, "detected_terms": ["reactive"], "undetected_terms": ["non-reactive"]}"#
        #expect(try F.judge(json, [F.result("hbsag", "2026-01-12", .string("Reactive"))]).verdict == .pass)
        #expect(try F.judge(json, [F.result("5196-1", "2026-01-12", .string("non-reactive"))]).verdict == .deviation)
        // The custom lists replace the defaults.
        #expect(try F.judge(json, [F.result("hbsag", "2026-01-12", .string("negative"))]).verdict == .notEvaluable)
    }

    @Test("HBV DNA < 2000 IU/mL", arguments: [
        (Value.number("1999"), "IU/mL" as String?, Verdict.pass), (.number("2000"), "IU/mL", .deviation),
        (.number("2"), "kIU/L", .pass), (.number("2"), "10^3 IU/mL", .notEvaluable),
        (.string("not detected"), nil, .pass), (.string("<20"), "IU/mL", .pass),
        (.number("1000"), "copies/mL", .notEvaluable), (.number("1000"), nil, .notEvaluable),
    ])
    func hbv(_ value: Value, _ unit: String?, _ expected: Verdict) throws {
        let judgement = try F.judge(#"{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true}"#, [F.result("hbv-dna", "2026-01-12", value, unit: unit)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A copies/mL viral load names the unit it cannot convert")
    func copies() throws {
        let judgement = try F.judge(#"{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true}"#,
                                    [F.result("hbv-dna", "2026-01-12", .number("1000"), unit: "copies/mL")])
        #expect(judgement.message.contains("'copies/mL' cannot be converted to IU/mL"))
    }

    @Test("Hepatitis, where tested: both tests under all, untested passes with 'not tested'", arguments: [
        (nil as Value?, nil as Value?, Verdict.pass),
        (.number("150"), nil, .pass),
        (nil, .string("not detected"), .pass),
        (.number("150"), .string("not detected"), .pass),
        (.number("2500"), nil, .deviation),
        (nil, .string("detected"), .deviation),
        (.number("150"), .string("detected"), .deviation),
        (.number("150"), .string("pending"), .notEvaluable),
    ])
    func hepatitis(_ hbv: Value?, _ hcv: Value?, _ expected: Verdict) throws {
        var events: [Event] = []
        if let hbv { events.append(F.result("hbv-dna", "2026-01-12", hbv, unit: "IU/mL")) }
        if let hcv { events.append(F.result("hcv-rna", "2026-01-12", hcv)) }
        let judgement = try F.judge(Self.hepatitis, events)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if hbv == nil && hcv == nil {
            #expect(judgement.message.contains("HBV DNA not tested"))
            #expect(judgement.message.contains("HCV RNA not tested"))
        }
    }

    @Test("Untested is not-evaluable by default, and a pass that says 'not tested' when allowed")
    func untested() throws {
        let strict = try F.judge(#"{"test": "hcv-rna", "detectable": false}"#, [])
        #expect(strict.verdict == .notEvaluable)
        let allowed = try F.judge(#"{"test": "hcv-rna", "detectable": false, "when_untested": "pass"}"#, [])
        #expect(allowed.verdict == .pass)
        #expect(allowed.message == "HCV RNA not tested on or before enrollment, which the criterion allows (it applies only where tested).")
        // A member may override the inherited policy.
        let json = #"{"when_untested": "pass", "all": [{"test": "hbv-dna", "max": "2000 IU/mL", "when_untested": "not-evaluable"}, {"test": "hcv-rna", "detectable": false}]}"#
        #expect(try F.judge(json, []).verdict == .notEvaluable)
        // A partial date that may fall after enrollment: tested (not detected) or not tested, both pass.
        let partial = try F.judge(Self.hepatitis, [F.result("hcv-rna", "2026-01", .string("not detected"))])
        #expect(partial.verdict == .pass)
    }

    @Test("'Not tested' does not pass while a lab result names no test")
    func untestedWithUnnamedResult() throws {
        var unnamed = F.result("hcv-rna", "2026-01-10", .string("detected"))
        unnamed.attributes["test"] = nil
        let judgement = try F.judge(#"{"test": "hcv-rna", "detectable": false, "when_untested": "pass"}"#, [unnamed])
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("names no test"), "\(judgement.message)")
        // A blank name is no name either.
        var blank = F.result("hcv-rna", "2026-01-10", .string("detected"))
        blank.attributes["test"] = .string("  ")
        #expect(try F.judge(#"{"test": "hcv-rna", "detectable": false, "when_untested": "pass"}"#, [blank]).verdict == .notEvaluable)
        // A result of another test is no reason to doubt: still 'not tested'.
        #expect(try F.judge(#"{"test": "hcv-rna", "detectable": false, "when_untested": "pass"}"#, [F.result("hbv-dna", "2026-01-10", .string("detected"))]).verdict == .pass)
    }

    @Test("A window inherited from the combination applies to each member")
    func inheritedWindow() throws {
        let json = #"{"window_days": 7, "all": [{"test": "wbc", "min": "3.5 10^9/L"}, {"test": "anc", "min": "1.5 10^9/L", "window_days": 30}]}"#
        let events = [F.number("wbc", "2026-01-12", "5", "10^9/L"), F.number("anc", "2025-12-25", "2", "10^9/L")]
        #expect(try F.judge(json, events).verdict == .notEvaluable)   // WBC 8 days before: outside 7
        #expect(try F.judge(json, events, enrolled: "2026-01-19").verdict == .pass)
    }

    @Test("Nested or inside all")
    func nested() throws {
        let json = #"""
            {"all": [{"test": "platelets", "min": "75 10^9/L"},
                     {"or": [{"test": "creatinine", "max_uln": 1.5}, {"test": "crcl", "min": "60 mL/min", "exclusive": true}]}]}
            """#
        let good = [F.number("platelets", "2026-01-12", "100", "10^9/L")] + Self.creatinine("3") + Self.clearance("70")
        #expect(try F.judge(json, good).verdict == .pass)
        let bad = [F.number("platelets", "2026-01-12", "100", "10^9/L")] + Self.creatinine("3") + Self.clearance("50")
        #expect(try F.judge(json, bad).verdict == .deviation)
    }
}

@Suite("lab-threshold: parameters")
struct LabThresholdParameterTests {
    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{}"#, "test" as String?, "exactly one of"),
        (#"{"test": "wbc", "tests": ["anc"], "min": "1 10^9/L"}"#, "tests", "exactly one of"),
        (#"{"test": "wbc"}"#, "min", "give a limit"),
        (#"{"test": "plateletes", "min": "75 10^9/L"}"#, "test", "did you mean 'platelets'"),
        (#"{"test": "wbc", "min": "3.5 furlong"}"#, "min", "unknown unit 'furlong'"),
        (#"{"test": "wbc", "min": "3.5 10^9/L", "max": "3 10^9/L"}"#, "min", "is not below"),
        (#"{"test": "wbc", "min": "3.5 10^9/L", "max": "3500 /uL", "exclusive": true}"#, "min", "is not below"),
        (#"{"test": "wbc", "min": "3.5 10^9/L", "max": "10 g/dL"}"#, "min", "not in convertible units"),
        (#"{"test": "bilirubin", "max_uln": 0}"#, "max_uln", "positive"),
        (#"{"test": "bilirubin", "min_lln": -1}"#, "min_lln", "positive"),
        (#"{"test": "hcv-rna", "detectable": false, "max": "15 IU/mL"}"#, "detectable", "cannot be combined"),
        (#"{"test": "hcv-rna", "detectable": false, "exclusive": true}"#, "exclusive", "applies to limits"),
        (#"{"test": "wbc", "min": "3.5 10^9/L", "window_days": -1}"#, "window_days", "negative"),
        (#"{"tests": ["alt", "ast"], "codes": ["X"], "max_uln": 2.5}"#, "codes", "single 'test'"),
        (#"{"tests": [], "max_uln": 2.5}"#, "tests", "no tests"),
        (#"{"tests": ["alt", "sgot", "alkp"], "max_uln": 2.5}"#, "tests", "unknown test 'alkp'"),
        (#"{"or": []}"#, "or", "lists no conditions"),
        (#"{"or": [{"test": "wbc", "min": "3.5 10^9/L"}], "min": "1 10^9/L"}"#, "min", "belongs inside"),
        (#"{"all": [{"test": "wbc"}]}"#, "all", "all[0]"),
        (#"{"all": [{"or": [{"test": "wbc", "max_uln": 0}]}]}"#, "all", "all[0].or[0].max_uln"),
        (#"{"test": "platelets", "codes": [" "], "min": "75 10^9/L"}"#, "codes", "empty"),
        (#"{"test": "hcv-rna", "detectable": false, "detected_terms": ["negative"]}"#, "detected_terms", "both"),
        (#"{"test": "hcv-rna", "detectable": false, "undetected_terms": [""]}"#, "undetected_terms", "empty"),
    ])
    func invalid(_ json: String, _ parameter: String?, _ phrase: String) throws {
        let decoded = try parameters(LabThresholdCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try LabThresholdCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter, "\(problem?.message ?? "")")
        #expect(problem?.message.contains(phrase) == true, "\(problem?.message ?? "")")
    }

    @Test("Decoding errors: bare-number limits, unknown keys inside conditions, unknown policies", arguments: [
        #"{"test": "wbc", "min": 3.5}"#,
        #"{"or": [{"test": "wbc", "mni": "3.5 10^9/L"}]}"#,
        #"{"test": "hcv-rna", "detectable": false, "when_untested": "passes"}"#,
        #"{"test": "wbc", "min": "3.5 10^9/L", "window_days": "two weeks"}"#,
    ])
    func decodingErrors(_ json: String) {
        #expect(throws: DecodingError.self) { try parameters(LabThresholdCheck.self, json) }
    }

    @Test("The loader locates a misspelt key inside 'or' and suggests the right one")
    func loaderNestedKey() throws {
        let yaml = """
            id: T
            title: T
            version: "1"
            checks:
              - id: lab-renal
                kind: lab-threshold
                criterion: "Inclusion 8"
                severity: major
                or:
                  - {test: creatinine, max_ulm: 1.5}
            """
        let registry = CheckRegistry(kinds: BuiltinPlugins.kinds)
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolLoader(registry: registry).load(yaml: yaml, path: "t.yaml")
        }
        let problem = try #require(error?.problems.first)
        #expect(problem.message.contains("unknown key 'max_ulm'"), "\(problem.message)")
        #expect(problem.message.contains("did you mean 'max_uln'"), "\(problem.message)")
        #expect(problem.location.line == 10)
    }
}

@Suite("lab-threshold: the shipped NCT07177794 lab checks")
struct LabThresholdProtocolTests {
    static let ids = ["lab-wbc", "lab-anc", "lab-platelets", "lab-hemoglobin", "lab-albumin", "lab-bilirubin", "lab-liver-enzymes", "lab-renal", "hepatitis"]

    static func checks() throws -> [String: any Check] {
        let definition = try ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds)).load(path: F.shippedProtocol.path)
        return Dictionary(uniqueKeysWithValues: definition.checks.map { ($0.id, $0.check) })
    }

    /// Labs that meet every Inclusion 8 limit, in mixed units, a week before enrollment.
    static let compliant: [Event] = [
        F.number("wbc", "2026-01-12", "3.5", "10^9/L"),
        F.number("anc", "2026-01-12", "1500", "/uL"),
        F.number("platelets", "2026-01-12", "75", "10^3/uL"),
        F.number("hemoglobin", "2026-01-12", "90", "g/L"),
        F.number("albumin", "2026-01-12", "28", "g/L"),
        F.number("bilirubin", "2026-01-12", "25.65", "umol/L", uln: "17.1"),
        F.number("alt", "2026-01-12", "100", "U/L", uln: "40"),
        F.number("ast", "2026-01-12", "100", "U/L", uln: "40"),
        F.number("alp", "2026-01-12", "300", "U/L", uln: "120"),
        F.number("creatinine", "2026-01-12", "132.6", "umol/L", uln: "88.4"),
    ]

    @Test("Every lab id is present and a compliant patient passes each (hepatitis untested: pass)", arguments: ids)
    func compliantPasses(_ id: String) throws {
        let check = try #require(try Self.checks()[id])
        let judgement = check.judge(patient(enrolled: "2026-01-20", Self.compliant))
        #expect(judgement.verdict == .pass, "\(id): \(judgement.message)")
    }

    @Test("Each limit just missed is a deviation of its own check", arguments: [
        ("lab-wbc", [F.number("wbc", "2026-01-13", "3.4", "10^9/L")]),
        ("lab-anc", [F.number("anc", "2026-01-13", "1499", "/uL")]),
        ("lab-platelets", [F.number("platelets", "2026-01-13", "74", "10^9/L")]),
        ("lab-hemoglobin", [F.number("hemoglobin", "2026-01-13", "89", "g/L")]),
        ("lab-albumin", [F.number("albumin", "2026-01-13", "2.7", "g/dL")]),
        ("lab-bilirubin", [F.number("bilirubin", "2026-01-13", "26", "umol/L", uln: "17.1")]),
        ("lab-liver-enzymes", [F.number("ast", "2026-01-13", "101", "U/L", uln: "40")]),
        ("lab-renal", [F.number("creatinine", "2026-01-13", "133", "umol/L", uln: "88.4"), F.number("crcl", "2026-01-13", "60", "mL/min")]),
        ("hepatitis", [F.result("hcv-rna", "2026-01-13", .string("detected"))]),
    ])
    func deviations(_ id: String, _ later: [Event]) throws {
        let check = try #require(try Self.checks()[id])
        let judgement = check.judge(patient(enrolled: "2026-01-20", Self.compliant + later))
        #expect(judgement.verdict == .deviation, "\(id): \(judgement.message)")
        expectExplained(judgement)
    }
}
