import Testing
import TrialCheckCore

@Suite("Verdicts combined in Kleene's three-valued logic")
struct VerdictLogicTests {
    static let all = Verdict.allCases

    @Test("any of: a pass wins; a deviation only when every member deviates; else the unknown the undecided give", arguments: [
        ([Verdict.pass, .deviation], Verdict.pass),
        ([.deviation, .notEvaluable, .pass], .pass),
        ([.deviation, .deviation], .deviation),
        ([.deviation, .indeterminate], .indeterminate),
        ([.deviation, .notEvaluable], .notEvaluable),
        ([.indeterminate, .notEvaluable], .notEvaluable),
        ([.notEvaluable, .indeterminate], .notEvaluable),
        ([.indeterminate, .indeterminate], .indeterminate),
    ])
    func anyOf(_ members: [Verdict], _ expected: Verdict) {
        #expect(Verdict.anyOf(members) == expected)
    }

    @Test("all of: a deviation wins; a pass only when every member passes; else the unknown the undecided give", arguments: [
        ([Verdict.pass, .deviation], Verdict.deviation),
        ([.notEvaluable, .deviation], .deviation),
        ([.pass, .pass], .pass),
        ([.pass, .indeterminate], .indeterminate),
        ([.pass, .notEvaluable, .indeterminate], .notEvaluable),
    ])
    func allOf(_ members: [Verdict], _ expected: Verdict) {
        #expect(Verdict.allOf(members) == expected)
    }

    @Test("not swaps pass and deviation and keeps an unknown")
    func negation() {
        #expect(Verdict.pass.negated == .deviation)
        #expect(Verdict.deviation.negated == .pass)
        #expect(Verdict.indeterminate.negated == .indeterminate)
        #expect(Verdict.notEvaluable.negated == .notEvaluable)
    }

    @Test("De Morgan: not(any of) is all of the negations, for every pair")
    func deMorgan() {
        for left in Self.all {
            for right in Self.all {
                #expect(Verdict.anyOf([left, right]).negated == Verdict.allOf([left.negated, right.negated]), "\(left), \(right)")
                #expect(Verdict.allOf([left, right]).negated == Verdict.anyOf([left.negated, right.negated]), "\(left), \(right)")
            }
        }
    }

    @Test("Decided pass/deviation agree with Truth's connectives")
    func agreesWithTruth() {
        let decided: [(Verdict, Truth)] = [(.pass, .yes), (.deviation, .no), (.indeterminate, .unknown)]
        for (left, leftTruth) in decided {
            for (right, rightTruth) in decided {
                #expect(Verdict.anyOf([left, right]) == Verdict(met: leftTruth || rightTruth))
                #expect(Verdict.allOf([left, right]) == Verdict(met: leftTruth && rightTruth))
            }
        }
    }
}
