import Dispatch
import Foundation
import Synchronization
import Testing
@testable import TrialCheckEngine

/// The records of an audit's last wave are freed on another thread: the value must be
/// freed there, once, and not on the thread that hands it over.
@Suite("Background release")
struct BackgroundReleaseTests {
    /// Signals, with the thread it ran on, when it is freed.
    private final class Tracked: Sendable {
        let freed: @Sendable (pthread_t) -> Void
        init(freed: @escaping @Sendable (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    @Test("A value handed over is freed once, on another thread")
    func freedElsewhere() {
        let threads = Mutex<[pthread_t]>([])
        let done = DispatchSemaphore(value: 0)
        let caller = pthread_self()
        BackgroundRelease.release([Tracked { thread in
            threads.withLock { $0.append(thread) }
            done.signal()
        }])
        #expect(done.wait(timeout: .now() + 10) == .success)
        let freedOn = threads.withLock { $0 }
        #expect(freedOn.count == 1)
        #expect(freedOn.first.map { pthread_equal($0, caller) == 0 } == true)
    }
}
