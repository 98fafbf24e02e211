import Testing
import TrialCheckCore
import LabChecks

private typealias F = LabChecksFixtures

/// One record with thousands of same-day results of one test: every one of them may be
/// the latest, so every one is judged. The work must grow linearly with their number.
@Suite("lab-threshold: many same-day results, judged in linear time")
struct LabThresholdScalingTests {
    static let platelets = #"{"test": "platelets", "min": "75 10^9/L"}"#
    static let either = #"{"or": [{"test": "platelets", "min": "75 10^9/L"}, {"test": "anc", "min": "1.5 10^9/L"}]}"#

    /// `count` platelet results on 2026-01-12 alternating between `values`, the last one
    /// with the last value; with `lines`, each is on its own line (so no two evidence alike).
    static func sameDay(_ count: Int, values: [String], lines: Bool = false) -> [Event] {
        (0..<count).map { index in
            let value = values[(index + values.count - count % values.count) % values.count]
            return F.result("platelets", "2026-01-12", .number(value), unit: "10^9/L", line: lines ? index + 1 : nil)
        }
    }

    /// `n` same-day results, each a distinct value on a distinct line: distinct clauses
    /// and evidence, to merge and keep without repeats.
    static func distinct(_ n: Int) -> [Event] {
        (0..<n).map { F.result("platelets", "2026-01-12", .number("\(100 + $0 % 5000).5"), unit: "10^9/L", line: $0 + 1) }
    }

    /// The shortest of `runs` timings of `judge` alone.
    static func fastest(_ runs: Int, _ judge: () -> Judgement) -> Duration {
        let clock = ContinuousClock()
        var best = Duration.seconds(Int64.max)
        for _ in 0..<runs {
            var judgement: Judgement?
            let elapsed = clock.measure { judgement = judge() }
            #expect(judgement != nil)
            best = min(best, elapsed)
        }
        return best
    }

    @Test("20,000 and 100,000 same-day results give the verdict of two", arguments: [20_000, 100_000])
    func sameVerdicts(count: Int) throws {
        // The combination once, at the smaller count: the suite runs on two cores.
        for parameters in count > 20_000 ? [Self.platelets] : [Self.platelets, Self.either] {
            let check = try F.check(parameters)
            // All alike: as one result.
            let alike = check.judge(patient(enrolled: "2026-01-20", Self.sameDay(count, values: ["100"])))
            let one = check.judge(patient(enrolled: "2026-01-20", Self.sameDay(1, values: ["100"])))
            #expect(alike == one)
            #expect(alike.verdict == .pass)
            // A pass and a deviation on the same day, over and over: as the two of them.
            let mixed = check.judge(patient(enrolled: "2026-01-20", Self.sameDay(count, values: ["100", "50"])))
            let two = check.judge(patient(enrolled: "2026-01-20", Self.sameDay(2, values: ["100", "50"])))
            #expect(mixed == two)
            #expect(mixed.verdict == (parameters == Self.platelets ? .indeterminate : .notEvaluable))
        }
    }

    @Test("Eight times the same-day results take far less than 64 times the judging time")
    func linearTime() throws {
        let check = try F.check(Self.platelets)
        let small = patient(enrolled: "2026-01-20", Self.distinct(2_500))
        let large = patient(enrolled: "2026-01-20", Self.distinct(20_000))
        // Every distinct value is its own clause, and every line its own evidence.
        #expect(check.judge(large).evidence.count == 20_001)
        let smallTime = Self.fastest(3) { check.judge(small) }
        let largeTime = Self.fastest(3) { check.judge(large) }
        // A complexity guard, not a benchmark: quadratic work would take 64 times as long,
        // linear (or n log n) work about 8 times; the bound sits far from both, so a busy
        // machine does not make it flaky.
        #expect(largeTime < smallTime * 24, "2,500 results: \(smallTime); 20,000: \(largeTime)")
    }
}
