import Dispatch
import Foundation
import Synchronization

/// Work started on another thread now, whose result is collected later with ``wait()``.
final class BackgroundWork<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue, or on a thread of its own (`ownThread`): work that
    /// a queue's thread may wait for must not wait for a free thread of the same queue.
    init(ownThread: Bool = false, _ work: @escaping @Sendable () -> Value) {
        let run: @Sendable () -> Void = { [self] in
            // Swapped in, so this thread holds no reference once it signals: a `take()`
            // may then change the value in place.
            var value: Value? = work()
            result.withLock { swap(&$0, &value) }
            finished.signal()
        }
        if ownThread {
            Thread.detachNewThread(run)
        } else {
            DispatchQueue.global().async(execute: run)
        }
    }

    /// Waits for the work to finish and returns its result (again on later calls).
    func wait() -> Value? {
        finished.wait()
        finished.signal()
        return result.withLock { $0 }
    }

    /// Waits for the work to finish and hands its result over: the caller holds the only
    /// copy (so it can change it in place, and frees it when done); later calls return `nil`.
    func take() -> Value? {
        finished.wait()
        finished.signal()
        return result.withLock { stored in
            let value = stored
            stored = nil
            return value
        }
    }
}
