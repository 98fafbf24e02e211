import Testing
@testable import TrialCheckEngine

@Suite("Background work")
struct BackgroundWorkTests {
    private final class Box: Sendable {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    @Test("wait gives the result on every call")
    func waitKeeps() {
        let work = BackgroundWork { [1, 2, 3] }
        #expect(work.wait() == [1, 2, 3])
        #expect(work.wait() == [1, 2, 3])
    }

    @Test("take hands the result over: the caller holds the only reference, later calls get nil")
    func takeHandsOver() {
        let work = BackgroundWork { Box(7) }
        guard var box = work.take() else {
            Issue.record("no result")
            return
        }
        #expect(box.number == 7)
        #expect(isKnownUniquelyReferenced(&box))
        #expect(work.take() == nil)
        #expect(work.wait() == nil)
    }
}
