import Dispatch

extension Array where Element: Sendable {
    /// `map` over `jobs` threads, keeping the order of the elements. With one job (or
    /// one element) it is a plain `map` on the calling thread.
    ///
    /// Each result is built in its slot of the returned array: nothing is copied or
    /// released after the threads finish.
    func parallelMap<Result: Sendable>(jobs: Int, _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard jobs > 1, count > 1 else { return map(transform) }
        // Many more chunks than threads, each taken by whichever thread is free: the last
        // chunk ends soon after the others (a chunk's hand-out costs about a microsecond,
        // a patient's judging a hundred), so no core idles long at the end of a wave.
        let chunks = Swift.min(count, jobs * 16)
        let chunkSize = (count + chunks - 1) / chunks
        return withoutActuallyEscaping(transform) { transform in
            withUnsafeBufferPointer { elements in
                nonisolated(unsafe) let elements = elements
                return [Result](unsafeUninitializedCapacity: elements.count) { slots, initialized in
                    nonisolated(unsafe) let slots = slots
                    // Every chunk runs before `concurrentPerform` returns, so every slot is
                    // initialized exactly once.
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = chunk * chunkSize
                        let end = Swift.min(start + chunkSize, elements.count)
                        guard start < end else { return }
                        for index in start..<end {
                            slots.initializeElement(at: index, to: transform(elements[index]))
                        }
                    }
                    initialized = elements.count
                }
            }
        }
    }
}
