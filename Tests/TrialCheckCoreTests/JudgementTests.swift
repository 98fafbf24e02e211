import Synchronization
import Testing
import TrialCheckCore

/// A judgement whose message and evidence are written when first read.
struct JudgementTests {
    /// How many times a lazy message was written.
    final class Counter: Sendable {
        let count = Mutex(0)
        func text(_ value: String) -> String {
            count.withLock { $0 += 1 }
            return value
        }
    }

    @Test("A lazy message is written only when read, and reads as the eager one")
    func lazyMessage() {
        let counter = Counter()
        let evidence = [Evidence("stage", "III")]
        let lazy = Judgement.pass { counter.text("Stage III is allowed.") } evidence: { evidence }
        #expect(counter.count.withLock { $0 } == 0)
        #expect(lazy.verdict == .pass)
        #expect(lazy.message == "Stage III is allowed.")
        #expect(lazy.evidence == evidence)
        #expect(counter.count.withLock { $0 } == 1)
        #expect(lazy == Judgement.pass("Stage III is allowed.", evidence: evidence))
        #expect(lazy != Judgement.pass("Stage II is allowed.", evidence: evidence))
    }

    @Test("Dating, windowing and writing a lazy judgement keep its wording")
    func writtenKeepsWording() {
        let counter = Counter()
        let date = PartialDate(iso8601: "2026-01-20")
        let lazy = Judgement(.deviation, { counter.text("Dose given out of window.") }, evidence: { [Evidence("dose", "2026-01-20")] })
            .dated(date)
        let written = lazy.written()
        #expect(counter.count.withLock { $0 } == 1)
        #expect(written.message == "Dose given out of window.")
        #expect(written.message == "Dose given out of window.")
        #expect(counter.count.withLock { $0 } == 1)
        #expect(written.date == date)
        #expect(written == lazy)
        #expect(written.evidence == [Evidence("dose", "2026-01-20")])
    }
}
