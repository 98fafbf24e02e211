import BuiltinPlugins
import DiagnosisChecks
import Testing
import TrialCheckCore

/// Events for the diagnosis checks' tests (namespaced, so other plugins' test helpers do not clash).
enum DiagnosisFixtures {
    /// A `diagnosis` event; values are as a record would hold them.
    static func diagnosis(
        _ day: String?,
        histology: Value? = nil,
        stage: Value? = nil,
        metastases: Value? = nil
    ) -> Event {
        var attributes: [String: Value] = [:]
        if let histology { attributes["histology"] = histology }
        if let stage { attributes["stage"] = stage }
        if let metastases { attributes["metastases"] = metastases }
        return Event(type: .diagnosis, date: day.map(date), attributes: attributes)
    }

    /// A list of sites (or terms) as a record would hold it.
    static func list(_ items: [String]) -> Value {
        .list(items.map(Value.string))
    }

    /// A `performance-status` event.
    static func performance(_ day: String?, _ score: Value?, scale: String? = "ECOG") -> Event {
        var attributes: [String: Value] = [:]
        if let score { attributes["score"] = score }
        if let scale { attributes["scale"] = .string(scale) }
        return Event(type: .performanceStatus, date: day.map(date), attributes: attributes)
    }

    /// An ECOG assessment with a whole-number score.
    static func ecog(_ day: String?, _ score: Int) -> Event {
        performance(day, .number(String(score)))
    }
}

/// A labelled list of events with the verdict they should give.
struct DiagnosisCase: Sendable, CustomTestStringConvertible {
    let label: String
    let events: [Event]
    let expected: Verdict
    init(_ label: String, _ expected: Verdict, _ events: [Event]) {
        self.label = label
        self.events = events
        self.expected = expected
    }
    var testDescription: String { label }
}

@Suite("DiagnosisChecks plugin")
struct DiagnosisChecksPluginTests {
    @Test("The plugin provides its five kinds, and they are built in")
    func kinds() {
        let identifiers = DiagnosisChecksPlugin.kinds.map(\.identifier)
        #expect(identifiers == ["histology", "cancer-stage", "tnm", "no-metastasis", "performance-status"])
        let builtin = Set(BuiltinPlugins.kinds.map(\.identifier))
        #expect(Set(identifiers).isSubset(of: builtin))
    }

    @Test("Every kind's parameter names are the YAML keys its parameters decode")
    func parameterNames() throws {
        let expected: [String: [String]] = [
            "histology": ["allowed", "synonyms"],
            "cancer-stage": ["min", "max", "also_allowed"],
            "tnm": ["t", "n", "m", "m1_sites", "edition", "systems", "groups"],
            "no-metastasis": ["allowed_sites"],
            "performance-status": ["scale", "min", "max", "window_days", "score_range"],
        ]
        for kind in DiagnosisChecksPlugin.kinds {
            #expect(kind.description.parameters.map(\.name) == expected[kind.identifier])
        }
        let all = #"{"scale": "ECOG", "min": 0, "max": 2, "window_days": 28, "score_range": [0, 5]}"#
        let decoded = try parameters(PerformanceStatusCheck.self, all)
        #expect(try decoded[PerformanceStatusCheck.windowDays] == 28)
        #expect(try decoded[PerformanceStatusCheck.scoreRange] == [0, 5])
    }
}

@Suite("histology (protocol check `histology`: squamous cell carcinoma)")
struct HistologyCheckTests {
    typealias F = DiagnosisFixtures

    static let scc = #"{"allowed": ["squamous cell carcinoma"], "synonyms": {"squamous cell carcinoma": ["SCC", "ESCC", "esophageal squamous cell carcinoma", "keratinizing squamous cell carcinoma"]}}"#

    static func check(_ json: String = scc) throws -> HistologyCheck {
        try HistologyCheck(parameters: parameters(HistologyCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try check().judge(patient(enrolled: enrolled, events))
    }

    @Test("Terms and synonyms match exactly, case-insensitively, trimmed", arguments: [
        ("squamous cell carcinoma", Verdict.pass),
        ("Squamous Cell Carcinoma", .pass),
        ("  squamous   cell carcinoma\t", .pass),
        ("SCC", .pass),
        ("escc", .pass),
        ("Esophageal squamous cell carcinoma", .pass),
        ("keratinizing squamous cell carcinoma", .pass),
        ("adenocarcinoma", .deviation),
        ("small cell carcinoma", .deviation),
        ("basaloid squamous cell carcinoma", .deviation),   // a variant not listed is not allowed
        ("squamous", .deviation),
        ("squamous cell carcinoma in situ", .deviation),
    ])
    func terms(_ histology: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([F.diagnosis("2025-08-04", histology: .string(histology))])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("enrollment date", in: judgement) == "2026-01-20")
        if expected == .deviation {
            #expect(judgement.message.contains("'\(histology)'"))
            #expect(evidence("histology (diagnosis 2025-08-04)", in: judgement) == histology)
        }
    }

    @Test("A synonym is shown with the allowed term it stands for")
    func synonymEvidence() throws {
        let judgement = try Self.judge([F.diagnosis("2025-08-04", histology: .string("ESCC"))])
        #expect(judgement.verdict == .pass)
        #expect(evidence("histology (diagnosis 2025-08-04)", in: judgement) == "ESCC (squamous cell carcinoma)")
    }

    @Test("Diagnoses dated on or before enrollment count; undated ones count too", arguments: [
        ("2026-01-19", Verdict.pass),
        ("2026-01-20", .pass),            // diagnosed on the enrollment date
        ("2026-01-21", .notEvaluable),    // the only diagnosis is after enrollment
        ("2025", .pass),
        ("2026-01", .indeterminate),      // may be after 2026-01-20
        ("2026-02", .notEvaluable),
        (nil, .pass),
    ] as [(String?, Verdict)])
    func dates(_ day: String?, _ expected: Verdict) throws {
        let judgement = try Self.judge([F.diagnosis(day, histology: .string("SCC"))])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("A second primary with another histology is a deviation naming it", arguments: [
        DiagnosisCase("earlier adenocarcinoma", .deviation, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2019-03", histology: .string("adenocarcinoma"))]),
        DiagnosisCase("undated adenocarcinoma", .deviation, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis(nil, histology: .string("adenocarcinoma"))]),
        DiagnosisCase("adenocarcinoma on the enrollment date", .deviation, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2026-01-20", histology: .string("adenocarcinoma"))]),
        DiagnosisCase("adenocarcinoma after enrollment", .pass, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2026-01-21", histology: .string("adenocarcinoma"))]),
        DiagnosisCase("adenocarcinoma in the enrollment month", .indeterminate, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2026-01", histology: .string("adenocarcinoma"))]),
        DiagnosisCase("two records of the same histology", .pass, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2025-09-01", histology: .string("squamous cell carcinoma"))]),
        DiagnosisCase("a list with a disallowed histology", .deviation, [F.diagnosis("2025-08-04", histology: F.list(["SCC", "adenocarcinoma"]))]),
        DiagnosisCase("a list of synonyms", .pass, [F.diagnosis("2025-08-04", histology: F.list(["SCC", "ESCC"]))]),
        DiagnosisCase("a diagnosis without histology beside one with", .pass, [F.diagnosis("2025-08-04", histology: .string("SCC")), F.diagnosis("2025-09-01", stage: .string("III"))]),
    ])
    func secondPrimary(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected != .pass {
            #expect(judgement.message.contains("adenocarcinoma"))
        }
    }

    @Test("Missing diagnosis or histology is not-evaluable", arguments: [
        DiagnosisCase("no events", .notEvaluable, []),
        DiagnosisCase("diagnosis without histology", .notEvaluable, [F.diagnosis("2025-08-04", stage: .string("III"))]),
        DiagnosisCase("empty histology", .notEvaluable, [F.diagnosis("2025-08-04", histology: .string("  "))]),
        DiagnosisCase("histology that is not text", .notEvaluable, [F.diagnosis("2025-08-04", histology: .map(["code": .string("8070/3")]))]),
        DiagnosisCase("only a diagnosis after enrollment", .notEvaluable, [F.diagnosis("2026-03-01", histology: .string("SCC"))]),
    ])
    func missing(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains(input.events.isEmpty ? "No diagnosis" : "diagnosis"))
        expectExplained(judgement)
    }

    @Test("Several allowed terms, no synonyms")
    func severalTerms() throws {
        let check = try Self.check(#"{"allowed": ["squamous cell carcinoma", "Adenosquamous carcinoma"]}"#)
        #expect(check.judge(patient(enrolled: "2026-01-20", [F.diagnosis("2025-08-04", histology: .string("adenosquamous carcinoma"))])).verdict == .pass)
        #expect(check.judge(patient(enrolled: "2026-01-20", [F.diagnosis("2025-08-04", histology: .string("SCC"))])).verdict == .deviation)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"allowed": []}"#, "allowed"),
        (#"{"allowed": ["  "]}"#, "allowed"),
        (#"{"allowed": ["squamous cell carcinoma"], "synonyms": {"adenocarcinoma": ["AC"]}}"#, "synonyms"),
        (#"{"allowed": ["squamous cell carcinoma"], "synonyms": {"squamous cell carcinoma": [""]}}"#, "synonyms"),
        (#"{"allowed": ["a", "b"], "synonyms": {"a": ["x"], "b": ["X"]}}"#, "synonyms"),
        (#"{"allowed": ["a", "b"], "synonyms": {"a": ["B"]}}"#, "synonyms"),
    ])
    func invalidParameters(_ json: String, _ parameter: String) throws {
        let decoded = try parameters(HistologyCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try HistologyCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("'allowed' is required")
    func allowedRequired() {
        #expect(throws: DecodingError.self) { try parameters(HistologyCheck.self, #"{"synonyms": {}}"#) }
    }
}

@Suite("cancer-stage (protocol check `stage`: I-IVA, or IVB with supraclavicular nodes only)")
struct CancerStageCheckTests {
    typealias F = DiagnosisFixtures

    static let protocolStage = #"{"min": "I", "max": "IVA", "also_allowed": [{"stage": "IVB", "metastases_only": ["supraclavicular-lymph-node"]}]}"#

    static func check(_ json: String = protocolStage) throws -> CancerStageCheck {
        try CancerStageCheck(parameters: parameters(CancerStageCheck.self, json), context: testContext)
    }

    static func judge(_ stage: String, metastases: [String]? = nil, json: String = protocolStage) throws -> Judgement {
        let event = F.diagnosis("2025-08-04", stage: .string(stage), metastases: metastases.map(F.list))
        return try check(json).judge(patient(enrolled: "2026-01-20", [event]))
    }

    @Test("Every stage group against I-IVA plus IVB with supraclavicular nodes", arguments: [
        ("0", Verdict.deviation),
        ("I", .pass), ("IA", .pass), ("IB", .pass), ("IC", .pass),
        ("II", .pass), ("IIA", .pass), ("IIB", .pass), ("IIC", .pass),
        ("III", .pass), ("IIIA", .pass), ("IIIB", .pass), ("IIIC", .pass),
        ("IV", .indeterminate),       // IVA passes, IVB would need its metastases, IVC does not
        ("IVA", .pass),
        ("IVC", .deviation),
    ])
    func scale(_ stage: String, _ expected: Verdict) throws {
        let judgement = try Self.judge(stage)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        #expect(evidence("stage", in: judgement) == stage)
        #expect(evidence("diagnosis date", in: judgement) == "2025-08-04")
        expectExplained(judgement)
    }

    @Test("IVB is allowed only when every metastasis is supraclavicular", arguments: [
        (["supraclavicular-lymph-node"], Verdict.pass),
        (["Supraclavicular lymph node"], .pass),
        (["supraclavicular_lymph_node", "supraclavicular-lymph-node"], .pass),
        (["supraclavicular-lymph-node", "liver"], .deviation),
        (["liver"], .deviation),
        (["celiac-lymph-node"], .deviation),
        ([], .notEvaluable),          // IVB implies a distant metastasis: the list says nothing
        (nil, .notEvaluable),
    ] as [([String]?, Verdict)])
    func stageIVB(_ metastases: [String]?, _ expected: Verdict) throws {
        let judgement = try Self.judge("IVB", metastases: metastases)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .deviation { #expect(judgement.message.contains("IVB")) }
        if expected == .notEvaluable { #expect(judgement.message.contains("no metastatic sites")) }
    }

    @Test("IVB whose metastases are not a list of sites is not-evaluable naming the value")
    func unreadableMetastases() throws {
        let event = F.diagnosis("2025-08-04", stage: .string("IVB"), metastases: .map(["site": .string("neck")]))
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20", [event]))
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("{site: neck}"))
        #expect(evidence("metastases", in: judgement) == "{site: neck}")
        expectExplained(judgement)
    }

    @Test("A bare IV with supraclavicular nodes only is still open (it could be IVC); IVC is never allowed", arguments: [
        ("IV", ["supraclavicular-lymph-node"], Verdict.indeterminate),
        ("IV", ["liver"], .indeterminate),          // IVA passes whatever the sites
        ("IVC", ["supraclavicular-lymph-node"], .deviation),
        ("IVA", ["liver"], .pass),                  // within the range: metastases are another check's concern
    ])
    func bareFour(_ stage: String, _ metastases: [String], _ expected: Verdict) throws {
        let judgement = try Self.judge(stage, metastases: metastases)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Spellings: case, a leading 'stage', Arabic numerals, spaces", arguments: [
        ("Stage IIIA", Verdict.pass), ("iiia", .pass), ("3A", .pass), ("stage 3a", .pass), (" IVa ", .pass),
        ("stage IV A", .pass), ("STAGE II", .pass), ("4", .indeterminate), ("4c", .deviation), ("stage 0", .deviation),
    ])
    func spellings(_ stage: String, _ expected: Verdict) throws {
        #expect(try Self.judge(stage).verdict == expected)
    }

    @Test("A stage written as a number")
    func numericStage() throws {
        let event = F.diagnosis("2025-08-04", stage: .number("3"))
        #expect(try Self.check().judge(patient(enrolled: "2026-01-20", [event])).verdict == .pass)
    }

    @Test("A stage that does not parse is not-evaluable naming it", arguments: [
        "T3N1M0", "5", "V", "IIID", "0A", "stage", "IIII", "limited", "", "IIIA2",
    ])
    func unparseable(_ stage: String) throws {
        let judgement = try Self.judge(stage)
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("'\(stage)'"))
        expectExplained(judgement)
    }

    @Test("Bare limits allow all their subgroups; subgroup limits cut bare groups", arguments: [
        // (min, max, stage, verdict)
        ("III", "III", "IIIA", Verdict.pass), ("III", "III", "IIIC", .pass), ("III", "III", "III", .pass),
        ("III", "III", "IIC", .deviation), ("III", "III", "IVA", .deviation),
        ("IIB", "IVA", "II", .indeterminate), ("IIB", "IVA", "IIA", .deviation), ("IIB", "IVA", "IIB", .pass),
        ("I", "IV", "IVC", .pass), ("I", "IV", "IV", .pass), ("IA", "IB", "I", .indeterminate),
        ("0", "0", "0", .pass), ("0", "0", "IA", .deviation),
    ])
    func bareLimits(_ min: String, _ max: String, _ stage: String, _ expected: Verdict) throws {
        let json = #"{"min": "\#(min)", "max": "\#(max)"}"#
        let judgement = try Self.judge(stage, json: json)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("One-sided limits, and an allowance alone")
    func oneSided() throws {
        #expect(try Self.judge("IVC", json: #"{"min": "II"}"#).verdict == .pass)
        #expect(try Self.judge("IC", json: #"{"min": "II"}"#).verdict == .deviation)
        #expect(try Self.judge("0", json: #"{"max": "IIA"}"#).verdict == .pass)
        #expect(try Self.judge("IIB", json: #"{"max": "IIA"}"#).verdict == .deviation)
        let only = #"{"also_allowed": [{"stage": "IVB", "metastases_only": ["*lymph-node*"]}]}"#
        #expect(try Self.judge("IVB", metastases: ["celiac-lymph-node"], json: only).verdict == .pass)
        #expect(try Self.judge("III", json: only).verdict == .deviation)
    }

    @Test("The latest staged diagnosis on or before enrollment counts", arguments: [
        DiagnosisCase("restaged up before enrollment", .deviation, [F.diagnosis("2025-08-04", stage: .string("III")), F.diagnosis("2025-12-01", stage: .string("IVB"), metastases: F.list(["liver"]))]),
        DiagnosisCase("record order does not matter", .deviation, [F.diagnosis("2025-12-01", stage: .string("IVC")), F.diagnosis("2025-08-04", stage: .string("III"))]),
        DiagnosisCase("restaging on the enrollment date counts", .deviation, [F.diagnosis("2025-08-04", stage: .string("III")), F.diagnosis("2026-01-20", stage: .string("IVC"))]),
        DiagnosisCase("restaging after enrollment is ignored", .pass, [F.diagnosis("2025-08-04", stage: .string("III")), F.diagnosis("2026-01-21", stage: .string("IVC"))]),
        DiagnosisCase("a later diagnosis without a stage is skipped", .pass, [F.diagnosis("2025-08-04", stage: .string("III")), F.diagnosis("2025-12-01", histology: .string("SCC"))]),
        DiagnosisCase("partial dates leave the order open and the stages disagree", .indeterminate, [F.diagnosis("2025-08", stage: .string("III")), F.diagnosis("2025-08-15", stage: .string("IVC"))]),
        DiagnosisCase("partial dates leave the order open but the stages agree", .pass, [F.diagnosis("2025-08", stage: .string("III")), F.diagnosis("2025-08-15", stage: .string("IIIA"))]),
        DiagnosisCase("a partial date certainly later decides", .deviation, [F.diagnosis("2025-07-15", stage: .string("III")), F.diagnosis("2025-08", stage: .string("IVC"))]),
        DiagnosisCase("the only staged diagnosis may be after enrollment", .indeterminate, [F.diagnosis("2026-01", stage: .string("III"))]),
        DiagnosisCase("an undated diagnosis may be the latest", .indeterminate, [F.diagnosis("2025-08-04", stage: .string("III")), F.diagnosis(nil, stage: .string("IVC"))]),
        DiagnosisCase("an undated diagnosis alone counts", .pass, [F.diagnosis(nil, stage: .string("III"))]),
    ])
    func latest(_ input: DiagnosisCase) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20", input.events))
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected == .indeterminate { #expect(judgement.message.contains("Partial dates")) }
    }

    @Test("Missing diagnosis or stage is not-evaluable", arguments: [
        DiagnosisCase("no events", .notEvaluable, []),
        DiagnosisCase("no stage", .notEvaluable, [F.diagnosis("2025-08-04", histology: .string("SCC"))]),
        DiagnosisCase("stage null", .notEvaluable, [F.diagnosis("2025-08-04", stage: .null)]),
        DiagnosisCase("only staged after enrollment", .notEvaluable, [F.diagnosis("2026-02-01", stage: .string("III"))]),
        DiagnosisCase("stage is a list", .notEvaluable, [F.diagnosis("2025-08-04", stage: F.list(["III", "IV"]))]),
    ])
    func missing(_ input: DiagnosisCase) throws {
        let judgement = try Self.check().judge(patient(enrolled: "2026-01-20", input.events))
        #expect(judgement.verdict == .notEvaluable, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{"min": "V"}"#, "min" as String?),
        (#"{"max": "IIID"}"#, "max"),
        (#"{"min": "IVA", "max": "I"}"#, "min"),
        (#"{"min": "IB", "max": "IA"}"#, "min"),
        (#"{}"#, nil),
        (#"{"also_allowed": []}"#, nil),
        (#"{"max": "IVA", "also_allowed": [{"stage": "Z", "metastases_only": ["liver"]}]}"#, "also_allowed"),
        (#"{"max": "IVA", "also_allowed": [{"stage": "IVB", "metastases_only": []}]}"#, "also_allowed"),
        (#"{"max": "IVA", "also_allowed": [{"stage": "IVB", "metastases_only": [" "]}]}"#, "also_allowed"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(CancerStageCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try CancerStageCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("Consistent limits are accepted", arguments: [
        #"{"min": "I", "max": "I"}"#, #"{"min": "IA", "max": "I"}"#, #"{"min": "I", "max": "IA"}"#, #"{"min": "stage 0", "max": "4C"}"#,
    ])
    func validParameters(_ json: String) throws {
        _ = try Self.check(json)
    }

    @Test("An allowance needs both its keys")
    func allowanceKeys() {
        #expect(throws: DecodingError.self) {
            try parameters(CancerStageCheck.self, #"{"also_allowed": [{"stage": "IVB"}]}"#)
        }
    }
}

@Suite("no-metastasis (protocol check `no-distant-metastasis`: no solid-organ metastasis)")
struct NoMetastasisCheckTests {
    typealias F = DiagnosisFixtures

    static func check(_ json: String = "{}") throws -> NoMetastasisCheck {
        try NoMetastasisCheck(parameters: parameters(NoMetastasisCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], json: String = "{}") throws -> Judgement {
        try check(json).judge(patient(enrolled: "2026-01-20", events))
    }

    @Test("Default: any lymph-node site is allowed, every other site is a deviation", arguments: [
        ([], Verdict.pass),
        (["supraclavicular-lymph-node"], .pass),
        (["Supraclavicular lymph node"], .pass),
        (["celiac_lymph_node", "para-aortic-lymph-nodes"], .pass),
        (["lymph-node"], .pass),
        (["liver"], .deviation),
        (["lung"], .deviation),
        (["bone", "brain"], .deviation),
        (["supraclavicular-lymph-node", "adrenal"], .deviation),
        (["Peritoneum"], .deviation),
        (["pleura"], .deviation),       // a site nobody foresaw is not a silent pass
        (["lymph"], .deviation),
    ])
    func sites(_ sites: [String], _ expected: Verdict) throws {
        let judgement = try Self.judge([F.diagnosis("2025-08-04", stage: .string("IVB"), metastases: F.list(sites))])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("metastases (diagnosis 2025-08-04)", in: judgement) != nil)
        if expected == .deviation {
            let forbidden = sites.filter { !$0.lowercased().contains("lymph-node") && !$0.lowercased().contains("lymph node") }
            for site in forbidden { #expect(judgement.message.contains(site)) }
        }
    }

    @Test("An absent metastases list is a pass that says none is recorded")
    func absent() throws {
        let judgement = try Self.judge([F.diagnosis("2025-08-04", stage: .string("III"))])
        #expect(judgement.verdict == .pass)
        #expect(judgement.message.contains("No metastasis is recorded"))
        #expect(evidence("diagnosis date (no metastases recorded)", in: judgement) == "2025-08-04")
    }

    @Test("A single site written as text reads as a list of one")
    func singleSite() throws {
        #expect(try Self.judge([F.diagnosis("2025-08-04", metastases: .string("liver"))]).verdict == .deviation)
        #expect(try Self.judge([F.diagnosis("2025-08-04", metastases: .null)]).verdict == .pass)
    }

    @Test("Only diagnoses on or before enrollment count; undated ones count too", arguments: [
        DiagnosisCase("liver at a diagnosis on the enrollment date", .deviation, [F.diagnosis("2026-01-20", metastases: F.list(["liver"]))]),
        DiagnosisCase("liver at an undated diagnosis", .deviation, [F.diagnosis(nil, metastases: F.list(["liver"]))]),
        DiagnosisCase("liver found after enrollment is progression, not an exclusion", .pass, [F.diagnosis("2025-08-04"), F.diagnosis("2026-01-21", metastases: F.list(["liver"]))]),
        DiagnosisCase("liver at a diagnosis that may be after enrollment", .indeterminate, [F.diagnosis("2025-08-04"), F.diagnosis("2026-01", metastases: F.list(["liver"]))]),
        DiagnosisCase("a second diagnosis with lung metastasis", .deviation, [F.diagnosis("2025-08-04", metastases: F.list(["supraclavicular-lymph-node"])), F.diagnosis("2019-05", metastases: F.list(["lung"]))]),
        DiagnosisCase("the only diagnosis may be after enrollment", .indeterminate, [F.diagnosis("2026-01")]),
        DiagnosisCase("the only diagnosis is after enrollment", .notEvaluable, [F.diagnosis("2026-01-21", metastases: F.list(["liver"]))]),
        DiagnosisCase("no diagnosis", .notEvaluable, []),
    ])
    func dates(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Metastases that are not a list of sites are not-evaluable, unless a certain deviation is found", arguments: [
        DiagnosisCase("a mapping", .notEvaluable, [F.diagnosis("2025-08-04", metastases: .map(["site": .string("liver")]))]),
        DiagnosisCase("a list holding a mapping", .notEvaluable, [F.diagnosis("2025-08-04", metastases: .list([.map(["site": .string("liver")])]))]),
        DiagnosisCase("an empty name", .notEvaluable, [F.diagnosis("2025-08-04", metastases: F.list([" "]))]),
        DiagnosisCase("beside a diagnosis with liver metastasis", .deviation, [F.diagnosis("2025-08-04", metastases: .map(["site": .string("liver")])), F.diagnosis("2025-09-01", metastases: F.list(["liver"]))]),
    ])
    func unreadable(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Allowed sites from the parameters, with wildcards", arguments: [
        (#"{"allowed_sites": []}"#, ["supraclavicular-lymph-node"], Verdict.deviation),
        (#"{"allowed_sites": []}"#, [], .pass),
        (#"{"allowed_sites": ["supraclavicular-lymph-node"]}"#, ["supraclavicular-lymph-node"], .pass),
        (#"{"allowed_sites": ["supraclavicular-lymph-node"]}"#, ["celiac-lymph-node"], .deviation),
        (#"{"allowed_sites": ["Supraclavicular Lymph Node"]}"#, ["supraclavicular_lymph_node"], .pass),
        (#"{"allowed_sites": ["*"]}"#, ["liver", "brain"], .pass),
        (#"{"allowed_sites": ["*lymph-node", "skin"]}"#, ["skin", "celiac-lymph-node"], .pass),
        (#"{"allowed_sites": ["*lymph-node"]}"#, ["lymph-nodes"], .deviation),
        (#"{"allowed_sites": ["lung*"]}"#, ["lung-right", "lung"], .pass),
        (#"{"allowed_sites": ["lung*"]}"#, ["right-lung"], .deviation),
        (#"{"allowed_sites": ["*-*-node"]}"#, ["a-b-node"], .pass),
        (#"{"allowed_sites": ["*-*-node"]}"#, ["node"], .deviation),
    ])
    func allowedSites(_ json: String, _ sites: [String], _ expected: Verdict) throws {
        let judgement = try Self.judge([F.diagnosis("2025-08-04", metastases: F.list(sites))], json: json)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("An empty site name is rejected")
    func invalidParameters() throws {
        let decoded = try parameters(NoMetastasisCheck.self, #"{"allowed_sites": ["liver", "  "]}"#)
        let problem = #expect(throws: ParameterProblem.self) {
            try NoMetastasisCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == "allowed_sites")
    }
}

@Suite("performance-status (protocol check `ecog`: latest ECOG <= 2)")
struct PerformanceStatusCheckTests {
    typealias F = DiagnosisFixtures

    static func check(_ json: String = #"{"max": 2}"#) throws -> PerformanceStatusCheck {
        try PerformanceStatusCheck(parameters: parameters(PerformanceStatusCheck.self, json), context: testContext)
    }

    static func judge(_ events: [Event], json: String = #"{"max": 2}"#, enrolled: String = "2026-01-20") throws -> Judgement {
        try check(json).judge(patient(enrolled: enrolled, events))
    }

    @Test("Scores against max 2", arguments: [
        (Value.number("0"), Verdict.pass), (.number("1"), .pass), (.number("2"), .pass),
        (.number("3"), .deviation), (.number("4"), .deviation), (.number("5"), .deviation),
        (.string("2"), .pass), (.number("2.0"), .pass), (.string(" 3 "), .deviation),
        (.number("2.5"), .notEvaluable), (.number("6"), .notEvaluable), (.number("-1"), .notEvaluable),
        (.string("two"), .notEvaluable), (.string("ECOG 1"), .notEvaluable), (.bool(true), .notEvaluable),
        (.null, .notEvaluable),
    ])
    func scores(_ score: Value, _ expected: Verdict) throws {
        let judgement = try Self.judge([F.performance("2026-01-12", score)])
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        #expect(evidence("ECOG assessment date", in: judgement) == "2026-01-12")
        if expected == .notEvaluable, score != .null {
            #expect(judgement.message.contains("'\(score.display)'"))
        }
        if expected == .deviation { #expect(judgement.message.contains("above")) }
    }

    @Test("A missing score is not-evaluable")
    func missingScore() throws {
        let judgement = try Self.judge([F.performance("2026-01-12", nil)])
        #expect(judgement.verdict == .notEvaluable)
        #expect(judgement.message.contains("no score"))
        expectExplained(judgement)
    }

    @Test("A lower limit", arguments: [(0, Verdict.deviation), (1, .pass), (2, .pass), (3, .deviation)])
    func lowerLimit(_ score: Int, _ expected: Verdict) throws {
        let judgement = try Self.judge([F.ecog("2026-01-12", score)], json: #"{"min": 1, "max": 2}"#)
        #expect(judgement.verdict == expected)
        if expected == .deviation { #expect(judgement.message.contains(score == 0 ? "below" : "above")) }
    }

    @Test("The latest assessment on or before enrollment counts", arguments: [
        DiagnosisCase("worse later", .deviation, [F.ecog("2026-01-05", 1), F.ecog("2026-01-18", 3)]),
        DiagnosisCase("record order does not matter", .deviation, [F.ecog("2026-01-18", 3), F.ecog("2026-01-05", 1)]),
        DiagnosisCase("better later", .pass, [F.ecog("2025-11-05", 3), F.ecog("2026-01-18", 1)]),
        DiagnosisCase("on the enrollment date counts", .pass, [F.ecog("2026-01-05", 3), F.ecog("2026-01-20", 2)]),
        DiagnosisCase("after enrollment is ignored", .pass, [F.ecog("2026-01-05", 1), F.ecog("2026-01-21", 3)]),
        DiagnosisCase("only after enrollment", .notEvaluable, [F.ecog("2026-01-21", 1)]),
        DiagnosisCase("none", .notEvaluable, []),
        DiagnosisCase("same day, scores disagree", .indeterminate, [F.ecog("2026-01-12", 1), F.ecog("2026-01-12", 3)]),
        DiagnosisCase("same day, scores agree on the verdict", .pass, [F.ecog("2026-01-12", 1), F.ecog("2026-01-12", 2)]),
    ])
    func latest(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Partial dates decide only when every candidate agrees", arguments: [
        DiagnosisCase("the only one may be after enrollment", .indeterminate, [F.ecog("2026-01", 1)]),
        DiagnosisCase("a month certainly before enrollment", .pass, [F.ecog("2025-12", 1)]),
        DiagnosisCase("a full date certainly later than the month", .pass, [F.ecog("2025-12", 3), F.ecog("2026-01-10", 1)]),
        DiagnosisCase("the month may be later than the full date", .indeterminate, [F.ecog("2026-01", 3), F.ecog("2026-01-10", 1)]),
        DiagnosisCase("the month may be later, but both pass", .pass, [F.ecog("2026-01", 1), F.ecog("2026-01-10", 2)]),
        DiagnosisCase("the month may be later, but both deviate", .deviation, [F.ecog("2026-01", 3), F.ecog("2026-01-10", 4)]),
        DiagnosisCase("a month certainly later than the full date", .pass, [F.ecog("2025-11-15", 3), F.ecog("2025-12", 1)]),
        DiagnosisCase("the full date falls inside the month", .indeterminate, [F.ecog("2025-11", 3), F.ecog("2025-11-15", 1)]),
        DiagnosisCase("a year and a full date in it", .indeterminate, [F.ecog("2025", 1), F.ecog("2025-06-01", 3)]),
    ])
    func partialDates(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected == .indeterminate { #expect(judgement.message.contains("Partial dates")) }
    }

    @Test("A partial enrollment date", arguments: [
        DiagnosisCase("assessment certainly before", .pass, [F.ecog("2025-12-20", 1)]),
        DiagnosisCase("assessment inside the enrollment month", .indeterminate, [F.ecog("2026-01-15", 1)]),
    ])
    func partialEnrollment(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events, enrolled: "2026-01")
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
    }

    @Test("A 28-day window before enrollment (2026-01-20)", arguments: [
        ("2026-01-20", Verdict.pass),
        ("2025-12-23", .pass),            // 28 days before
        ("2025-12-22", .notEvaluable),    // 29 days before: outside the window
        ("2026-01-21", .notEvaluable),
        ("2025-12", .indeterminate),      // 20 to 50 days before
        ("2026-01", .indeterminate),
        ("2025-11", .notEvaluable),
    ])
    func window(_ day: String, _ expected: Verdict) throws {
        let judgement = try Self.judge([F.ecog(day, 1)], json: #"{"max": 2, "window_days": 28}"#)
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
        if expected == .notEvaluable { #expect(judgement.message.contains("within 28 days")) }
    }

    @Test("A window ignores older assessments", arguments: [
        DiagnosisCase("older worse, recent better", .pass, [F.ecog("2025-12-01", 3), F.ecog("2026-01-10", 1)]),
        DiagnosisCase("older better, recent worse", .deviation, [F.ecog("2025-12-01", 1), F.ecog("2026-01-10", 3)]),
        DiagnosisCase("older passing, partial recent worse", .indeterminate, [F.ecog("2025-12-01", 1), F.ecog("2026-01", 3)]),
        DiagnosisCase("window of zero days: only the enrollment date", .notEvaluable, [F.ecog("2026-01-19", 1)]),
    ])
    func windowSelection(_ input: DiagnosisCase) throws {
        let json = input.label.contains("zero") ? #"{"max": 2, "window_days": 0}"# : #"{"max": 2, "window_days": 28}"#
        let judgement = try Self.judge(input.events, json: json)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Scales: matched case-insensitively; other, missing or undated assessments are not used", arguments: [
        DiagnosisCase("scale written 'ecog'", .pass, [F.performance("2026-01-12", .number("1"), scale: " ecog ")]),
        DiagnosisCase("Karnofsky only", .notEvaluable, [F.performance("2026-01-12", .number("80"), scale: "Karnofsky")]),
        DiagnosisCase("no scale", .notEvaluable, [F.performance("2026-01-12", .number("1"), scale: nil)]),
        DiagnosisCase("a later Karnofsky score is not ECOG", .deviation, [F.ecog("2026-01-05", 3), F.performance("2026-01-12", .number("90"), scale: "Karnofsky")]),
        DiagnosisCase("undated only", .notEvaluable, [F.ecog(nil, 1)]),
        DiagnosisCase("an undated assessment beside a dated one", .pass, [F.ecog(nil, 4), F.ecog("2026-01-12", 1)]),
    ])
    func scales(_ input: DiagnosisCase) throws {
        let judgement = try Self.judge(input.events)
        #expect(judgement.verdict == input.expected, "\(judgement.message)")
        expectExplained(judgement)
        if input.expected == .notEvaluable { #expect(judgement.message.contains("ECOG")) }
    }

    @Test("Other scales use their own score range", arguments: [
        (#"{"scale": "Karnofsky", "min": 70}"#, Value.number("80"), Verdict.pass),
        (#"{"scale": "Karnofsky", "min": 70}"#, .number("70"), .pass),
        (#"{"scale": "Karnofsky", "min": 70}"#, .number("60"), .deviation),
        (#"{"scale": "Karnofsky", "min": 70}"#, .number("110"), .notEvaluable),
        (#"{"scale": "Lansky", "min": 50, "max": 100}"#, .number("50"), .pass),
        (#"{"scale": "PPS", "max": 4, "score_range": [0, 10]}"#, .number("7"), .deviation),
        (#"{"scale": "PPS", "max": 4, "score_range": [0, 10]}"#, .number("11"), .notEvaluable),
    ])
    func otherScales(_ json: String, _ score: Value, _ expected: Verdict) throws {
        let check = try Self.check(json)
        let scale = try parameters(PerformanceStatusCheck.self, json)[PerformanceStatusCheck.scale]
        let judgement = check.judge(patient(enrolled: "2026-01-20", [F.performance("2026-01-12", score, scale: scale)]))
        #expect(judgement.verdict == expected, "\(judgement.message)")
        expectExplained(judgement)
    }

    @Test("Invalid parameters are rejected with the parameter named", arguments: [
        (#"{}"#, nil as String?),
        (#"{"scale": "ECOG"}"#, nil),
        (#"{"max": 6}"#, "max"),
        (#"{"min": -1, "max": 2}"#, "min"),
        (#"{"min": 3, "max": 2}"#, "min"),
        (#"{"max": 2, "window_days": -1}"#, "window_days"),
        (#"{"scale": "PPS", "max": 4}"#, "score_range"),
        (#"{"scale": "PPS", "max": 4, "score_range": [10]}"#, "score_range"),
        (#"{"scale": "PPS", "max": 4, "score_range": [10, 0]}"#, "score_range"),
        (#"{"scale": " ", "max": 2}"#, "scale"),
        (#"{"scale": "Karnofsky", "min": 101}"#, "min"),
    ])
    func invalidParameters(_ json: String, _ parameter: String?) throws {
        let decoded = try parameters(PerformanceStatusCheck.self, json)
        let problem = #expect(throws: ParameterProblem.self) {
            try PerformanceStatusCheck(parameters: decoded, context: testContext)
        }
        #expect(problem?.parameter == parameter)
        #expect(problem?.message.isEmpty == false)
    }

    @Test("A score parameter must be a whole number")
    func wholeNumbers() {
        #expect(throws: DecodingError.self) { try parameters(PerformanceStatusCheck.self, #"{"max": 2.5}"#) }
        #expect(throws: DecodingError.self) { try parameters(PerformanceStatusCheck.self, #"{"max": "two"}"#) }
    }
}
