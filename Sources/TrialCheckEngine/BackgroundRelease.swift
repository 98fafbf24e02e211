import Dispatch

/// Frees a value on another thread: what a large structure's last release costs (every
/// object in it deallocated, one by one) is taken off the thread that has more to do.
enum BackgroundRelease {
    /// The value moves here, so the caller holds no reference once this returns.
    private final class Holder<Value: Sendable>: @unchecked Sendable {
        var value: Value?
        init(_ value: consuming Value) { self.value = consume value }
    }

    /// Releases `value` on a global queue's thread. The caller must hold no other
    /// reference to what it is to free (a copy kept elsewhere is freed where it ends).
    static func release<Value: Sendable>(_ value: consuming Value) {
        let holder = Holder(value)
        DispatchQueue.global(qos: .utility).async { holder.value = nil }
    }
}
