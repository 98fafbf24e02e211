import Testing
import TrialCheckCore

@Suite("Truth (Kleene logic) and ranges")
struct TruthTests {
    @Test("Negation", arguments: [(Truth.yes, Truth.no), (.no, .yes), (.unknown, .unknown)])
    func negation(_ value: Truth, _ expected: Truth) {
        #expect(!value == expected)
    }

    @Test("Conjunction follows Kleene's strong logic", arguments: [
        (Truth.yes, Truth.yes, Truth.yes), (.yes, .no, .no), (.yes, .unknown, .unknown),
        (.no, .yes, .no), (.no, .no, .no), (.no, .unknown, .no),
        (.unknown, .yes, .unknown), (.unknown, .no, .no), (.unknown, .unknown, .unknown),
    ])
    func conjunction(_ lhs: Truth, _ rhs: Truth, _ expected: Truth) {
        #expect((lhs && rhs) == expected)
    }

    @Test("Disjunction follows Kleene's strong logic", arguments: [
        (Truth.yes, Truth.yes, Truth.yes), (.yes, .no, .yes), (.yes, .unknown, .yes),
        (.no, .yes, .yes), (.no, .no, .no), (.no, .unknown, .unknown),
        (.unknown, .yes, .yes), (.unknown, .no, .unknown), (.unknown, .unknown, .unknown),
    ])
    func disjunction(_ lhs: Truth, _ rhs: Truth, _ expected: Truth) {
        #expect((lhs || rhs) == expected)
    }

    @Test("De Morgan's laws hold for every pair")
    func deMorgan() {
        let all: [Truth] = [.yes, .no, .unknown]
        for lhs in all {
            for rhs in all {
                #expect(!(lhs && rhs) == (!lhs || !rhs))
                #expect(!(lhs || rhs) == (!lhs && !rhs))
            }
        }
    }

    @Test("&& and || short-circuit on a decided left side")
    func shortCircuit() {
        var evaluated = false
        func right() -> Truth {
            evaluated = true
            return .unknown
        }
        #expect((Truth.no && right()) == .no)
        #expect(!evaluated)
        #expect((Truth.yes || right()) == .yes)
        #expect(!evaluated)
        #expect((Truth.yes && right()) == .unknown)
        #expect(evaluated)
    }

    @Test("Lifting a Bool and combining outcomes over a range")
    func initializers() {
        #expect(Truth(true) == .yes)
        #expect(Truth(false) == .no)
        #expect(Truth(someHold: true, someFail: false) == .yes)
        #expect(Truth(someHold: false, someFail: true) == .no)
        #expect(Truth(someHold: true, someFail: true) == .unknown)
        #expect(Truth(someHold: false, someFail: false) == .no)
    }

    @Test("isPossible is yes or unknown")
    func isPossible() {
        #expect(Truth.yes.isPossible)
        #expect(Truth.unknown.isPossible)
        #expect(!Truth.no.isPossible)
    }

    @Test("Verdict from a three-valued 'criterion met'", arguments: [
        (Truth.yes, Verdict.pass), (.no, .deviation), (.unknown, .indeterminate),
    ])
    func verdict(_ met: Truth, _ expected: Verdict) {
        #expect(Verdict(met: met) == expected)
        let judgement = Judgement.decide(met, pass: "p", deviation: "d", indeterminate: "i", evidence: [Evidence("x", "1")])
        #expect(judgement.verdict == expected)
        #expect(judgement.message == ["p", "d", "i"][[Verdict.pass, .deviation, .indeterminate].firstIndex(of: expected)!])
        #expect(judgement.evidence == [Evidence("x", "1")])
    }

    @Test("Verdicts rank deviation > indeterminate > not-evaluable > pass")
    func verdictOrder() {
        #expect(Verdict.allCases.sorted() == [.pass, .notEvaluable, .indeterminate, .deviation])
        #expect(Verdict.notEvaluable.rawValue == "not-evaluable")
    }

    @Test("ClosedRange.lies(within:) is yes when all values lie inside, no when none do", arguments: [
        (18, 18, 18, 75, Truth.yes),
        (75, 75, 18, 75, Truth.yes),
        (17, 17, 18, 75, Truth.no),
        (76, 76, 18, 75, Truth.no),
        (17, 18, 18, 75, Truth.unknown),
        (75, 76, 18, 75, Truth.unknown),
        (20, 30, 18, 75, Truth.yes),
        (10, 17, 18, 75, Truth.no),
        (76, 90, 18, 75, Truth.no),
        (10, 90, 18, 75, Truth.unknown),
        (1, 42, 1, 42, Truth.yes),
        (0, 0, 1, 42, Truth.no),
        (-18, 11, 1, 42, Truth.unknown),
        (43, 73, 1, 42, Truth.no),
        (12, 42, 1, 42, Truth.yes),
    ])
    func liesWithin(_ low: Int, _ high: Int, _ min: Int, _ max: Int, _ expected: Truth) {
        #expect((low...high).lies(within: min...max) == expected)
        // Same answer as enumerating the values.
        let inside = (low...high).map { (min...max).contains($0) }
        #expect(Truth(someHold: inside.contains(true), someFail: inside.contains(false)) == expected)
    }

    @Test("lies(within:) works for any Comparable bound")
    func liesWithinDoubles() {
        #expect((50.0...50.4).lies(within: 50.0...50.4) == .yes)
        #expect((50.41...51.0).lies(within: 50.0...50.4) == .no)
        #expect((day("2025-11-01")...day("2025-11-30")).lies(within: day("2025-11-19")...day("2025-12-31")) == .unknown)
    }
}
