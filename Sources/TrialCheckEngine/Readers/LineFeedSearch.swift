#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// The index of the first line feed at or after `start`, or `nil`: searched by the C
    /// library (`memchr`), many bytes a step, rather than byte by byte.
    func indexOfLineFeed(from start: Int) -> Int? {
        withUnsafeBufferPointer { $0.indexOfLineFeed(from: start) }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first line feed at or after `start`, or `nil` (``Array/indexOfLineFeed(from:)``).
    func indexOfLineFeed(from start: Int) -> Int? { index(of: 0x0A, from: start) }

    /// The index of the first `byte` at or after `start` and before `end` (the count when
    /// `nil`), or `nil`: searched by `memchr`.
    func index(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let end = Swift.min(end ?? count, count)
        guard start >= 0, start < end, let base = baseAddress,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
