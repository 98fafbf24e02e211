#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the two texts have the same bytes (compared by the C library's `memcmp`).
    /// `==` takes canonically equivalent texts as equal, whose readings (a lower-case form,
    /// a name compared by its bytes) may differ: a reading remembered for one text is reused
    /// only for the same bytes.
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var text = self
        var other = other
        return text.withUTF8 { text in
            other.withUTF8 { other in
                guard let first = text.baseAddress, let second = other.baseAddress else { return text.count == other.count }
                return memcmp(first, second, text.count) == 0
            }
        }
    }
}
