import Testing
import TrialCheckCore
@testable import LabChecks

private typealias F = LabChecksFixtures

/// The criteria of a lab condition given as JSON parameters, in order.
private func criteria(_ json: String) throws -> [LabCriterion] {
    func flatten(_ requirement: LabRequirement) -> [LabCriterion] {
        switch requirement {
        case .criterion(let criterion): [criterion]
        case .all(let members), .any(let members): members.flatMap(flatten)
        }
    }
    return flatten(try LabCondition(parameters(LabThresholdCheck.self, json)).requirement())
}

@Suite("lab-threshold: the quick verdict agrees with the worded reading")
struct LabQuickVerdictTests {
    static let conditions = [
        #"{"test": "wbc", "min": "3.5 10^9/L"}"#,
        #"{"test": "hemoglobin", "min": "9 g/dL"}"#,
        #"{"test": "bilirubin", "max": "1 mg/dL"}"#,
        #"{"test": "creatinine", "min": "0.5 mg/dL", "max": "1.5 mg/dL"}"#,
        #"{"test": "creatinine-clearance", "min": "60 mL/min", "exclusive": true}"#,
        #"{"test": "alt", "max_uln": 2.5}"#,
        #"{"test": "alt", "max_uln": 2.5, "exclusive": true}"#,
        #"{"test": "anc", "min_lln": 1}"#,
        #"{"test": "creatinine", "max_uln": 1.5, "max": "2 mg/dL"}"#,
        #"{"test": "hbv-dna", "max": "2000 IU/mL", "exclusive": true}"#,
        #"{"test": "hcv-rna", "detectable": false}"#,
        #"{"test": "hcv-rna", "detectable": true}"#,
    ]

    /// Values as records write them: plain numbers (at and around the limits, zero,
    /// negative, padded, not numbers), texts, bounds, quantities and other forms.
    static let values: [Value?] = [
        nil, .null, .bool(true), .number("6.2"), .number(" 6.2 "), .number("3.5"), .number("3.4999"), .number("0"),
        .number("-0"), .number("-1"), .number("90"), .number("1.5"), .number("1.50001"), .number("60"), .number("60.0001"),
        .number("17.1"), .number("132.6"), .number("1e400"), .number("abc"), .number(""), .number("2000"), .number("1999.9"),
        .number("125"), .number("3.75"), .string("6.2"), .string("<15"), .string("not detected"), .string("positive"),
        .string("68 10^9/L"), .map(["value": .number("90"), "unit": .string("g/L")]), .list([.number("1")]),
    ]

    static let units: [String?] = [nil, "", "  ", "10^9/L", " 10^9/L ", "g/L", "g/dL", "mmol/L", "mg/dL", "umol/L", "µmol/L",
                                   "mL/min", "mL/s", "IU/mL", "U/L", "furlongs", "10*9/L"]

    static let references: [Value?] = [nil, .null, .number("50"), .number("0"), .number("-3"), .number("1e400"), .string("50"),
                                       .string("1.2 mg/dL"), .string("abc"), .bool(false)]

    /// Every event of the matrix: each value with each unit, and with each reference limit.
    static var events: [Event] {
        var events: [Event] = []
        for value in values {
            for unit in units { events.append(F.result("wbc", "2026-01-12", value, unit: unit)) }
            for reference in references {
                events.append(F.result("alt", "2026-01-12", value, unit: "U/L", uln: reference, lln: reference))
                events.append(F.result("creatinine", "2026-01-12", value, unit: "umol/L", uln: reference))
            }
        }
        return events
    }

    @Test("Every result gets the worded reading's verdict, clause and evidence", arguments: conditions)
    func agrees(_ json: String) throws {
        var quick = 0
        for criterion in try criteria(json) {
            for event in Self.events {
                let judged = criterion.judge(event)
                let worded = criterion.judgeWorded(event)
                #expect(judged.verdict == worded.verdict, "\(json) \(event)")
                #expect(judged.text == worded.text, "\(json) \(event)")
                #expect(judged.evidence == worded.evidence, "\(json) \(event)")
                if let verdict = criterion.verdict(of: event) {
                    quick += 1
                    #expect(verdict == worded.verdict, "\(json) \(event)")
                }
            }
        }
        // The matrix holds results the quick verdict decides, for every condition.
        #expect(quick > 10, "\(json)")
    }

    @Test("The usual results are judged quickly; unusual ones by the worded reading")
    func takesTheQuickPath() throws {
        let hemoglobin = try #require(try criteria(#"{"test": "hemoglobin", "min": "9 g/dL"}"#).first)
        #expect(hemoglobin.verdict(of: F.number("hemoglobin", "2026-01-12", "90", "g/L")) == .pass)
        #expect(hemoglobin.verdict(of: F.number("hemoglobin", "2026-01-12", "89.9", "g/L")) == .deviation)
        #expect(hemoglobin.verdict(of: F.number("hemoglobin", "2026-01-12", "9", nil)) == nil)
        #expect(hemoglobin.verdict(of: F.number("hemoglobin", "2026-01-12", "9", "furlongs")) == nil)
        #expect(hemoglobin.verdict(of: F.result("hemoglobin", "2026-01-12", .string("<15"), unit: "g/dL")) == nil)
        let alt = try #require(try criteria(#"{"test": "alt", "max_uln": 2.5}"#).first)
        #expect(alt.verdict(of: F.number("alt", "2026-01-12", "125", "U/L", uln: "50")) == .pass)
        #expect(alt.verdict(of: F.number("alt", "2026-01-12", "125.1", "U/L", uln: "50")) == .deviation)
        #expect(alt.verdict(of: F.number("alt", "2026-01-12", "125", "U/L")) == nil)
        #expect(alt.verdict(of: F.result("alt", "2026-01-12", .number("125"), unit: "U/L", uln: .string("50 U/L"))) == nil)
        let hcv = try #require(try criteria(#"{"test": "hcv-rna", "detectable": false}"#).first)
        #expect(hcv.verdict(of: F.number("hcv-rna", "2026-01-12", "0", "IU/mL")) == .pass)
        #expect(hcv.verdict(of: F.number("hcv-rna", "2026-01-12", "12", "IU/mL")) == .deviation)
        #expect(hcv.verdict(of: F.number("hcv-rna", "2026-01-12", "-1", "IU/mL")) == nil)
        #expect(hcv.verdict(of: F.result("hcv-rna", "2026-01-12", .string("not detected"))) == nil)
    }
}

@Suite("lab-threshold: one reading of a patient's lab results for every criterion")
struct LabSharedResultsTests {
    /// Lab events naming tests as records do: short names, codes, aliases in any case and
    /// spacing, non-ASCII names, and none at all.
    static let events: [Event] = {
        let names: [Value?] = [.string("wbc"), .string(" WBC "), .string("6690-2"), .string("White  Blood Cells"), .string("hgb"),
                               .string("Hämoglobin"), .string("créatinine"), .string("ALT"), .string("sgpt"), .string("creat"),
                               .number("2160"), .string("2160-0"), nil, .string(""), .string("   "), .null, .list([.string("wbc")]),
                               .string("plt"), .string("platelet count"), .string("bili"), .string("xyz")]
        return names.enumerated().map { index, name in
            var attributes: [String: Value] = ["value": .number("\(index + 1)")]
            if let name { attributes["test"] = name }
            return Event(type: .lab, date: date("2026-01-1\(index % 10)"), attributes: attributes)
        }
    }()

    @Test("Each test finds the results that name it, as matching each result's name would")
    func findsEachTestsResults() {
        // Other events between the results: positions, not places among the lab events.
        let history = patient(enrolled: "2026-01-20", [Event(type: .consent, date: date("2026-01-02"))] + Self.events)
        let results = LabResults.of(history)
        var found = 0
        for test in LabTest.catalogue {
            let expected = history.events.filter { $0.type == .lab && test.reports($0) }
            let actual = results.results(of: test)
            #expect(actual.map(\.event) == expected, "\(test.name)")
            #expect(actual.map(\.order) == actual.map(\.order).sorted(), "\(test.name)")
            #expect(results.onlyResult(of: test) == (expected.count == 1 ? expected.first : nil), "\(test.name)")
            found += actual.count
        }
        #expect(found == 12)
        // Tests with none, one and several results: the single result is found on its own.
        #expect(LabTest.catalogue.contains { results.results(of: $0).isEmpty })
        #expect(LabTest.catalogue.contains { results.results(of: $0).count == 1 })
        #expect(LabTest.catalogue.contains { results.results(of: $0).count > 1 })
    }

    @Test("A test with a non-ASCII name or code is found too")
    func findsNonASCIINames() {
        let test = LabTest(name: "hämoglobin", display: "Hämoglobin", codes: ["Hb-ä"])
        let history = patient(enrolled: "2026-01-20", Self.events + [F.result("HB-Ä", "2026-01-12", .number("1"))])
        #expect(LabResults.of(history).results(of: test).count == 2)
    }

    @Test("The results that name no test are those without a name, a text name, or with a blank one")
    func unnamedResults() {
        let history = patient(enrolled: "2026-01-20", Self.events)
        let expected = Self.events.filter { ($0["test"]?.text ?? "").trimmingWhitespace().isEmpty }
        #expect(expected.count == 5)
        #expect(LabResults.of(history).unnamed == expected)
    }

    @Test("The reading follows the history's events when they change")
    func followsChangedEvents() throws {
        var history = patient(enrolled: "2026-01-20", Self.events)
        let wbc = try #require(LabTest.known("wbc"))
        #expect(LabResults.of(history).results(of: wbc).count == 4)
        history.events.removeFirst()
        #expect(LabResults.of(history).results(of: wbc).count == 3)
    }
}
