import Dispatch

extension Array where Element: Sendable {
    /// `map` over `jobs` threads, keeping the order of the elements. With one job (or
    /// one element) it is a plain `map` on the calling thread.
    func parallelMap<Result: Sendable>(jobs: Int, _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard jobs > 1, count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        // More chunks than threads, so a slow chunk does not leave a core idle.
        let chunks = Swift.min(count, jobs * 4)
        let chunkSize = (count + chunks - 1) / chunks
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                let end = Swift.min(start + chunkSize, count)
                guard start < end else { return }
                for index in start..<end {
                    slots[index] = transform(self[index])
                }
            }
        }
        return results.compactMap { $0 }
    }
}
