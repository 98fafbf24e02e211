import Synchronization
import Testing
@testable import TrialCheckEngine

@Suite("parallelMap")
struct ParallelMapTests {
    @Test("keeps the order of the elements, whatever the count and the jobs", arguments: [0, 1, 2, 7, 33, 513], [1, 2, 3, 8])
    func keepsOrder(count: Int, jobs: Int) {
        let numbers = Array(0..<count)
        // Strings on the heap, so that a result copied, lost or freed twice would show.
        let labels = numbers.parallelMap(jobs: jobs) { String(repeating: "patient-\($0)-", count: 3) }
        #expect(labels == numbers.map { String(repeating: "patient-\($0)-", count: 3) })
    }

    @Test("transforms each element exactly once")
    func transformsOnce() {
        let calls = Mutex([Int: Int]())
        let numbers = Array(0..<1_000)
        let doubled = numbers.parallelMap(jobs: 4) { number in
            calls.withLock { $0[number, default: 0] += 1 }
            return [number, number * 2]
        }
        #expect(doubled.map { $0[1] } == numbers.map { $0 * 2 })
        let counts = calls.withLock { $0 }
        #expect(counts.count == numbers.count)
        #expect(counts.values.allSatisfy { $0 == 1 })
    }
}
