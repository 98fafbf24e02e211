/// A growable byte buffer that the generator writes records into and the caller drains.
///
/// Appends copy bytes with no per-append allocation; ``drain(_:)`` hands the bytes written so
/// far to the caller and empties the buffer, so memory stays at about one chunk.
///
/// The buffer's state sits behind a pointer held in a constant, so appends need no dynamic
/// exclusivity checks (which would otherwise cost more than the copying).
public final class ByteSink {
    private struct State {
        var storage: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count: Int
    }

    private let state: UnsafeMutablePointer<State>

    private var storage: UnsafeMutablePointer<UInt8> {
        get { state.pointee.storage }
        set { state.pointee.storage = newValue }
    }

    private var capacity: Int {
        get { state.pointee.capacity }
        set { state.pointee.capacity = newValue }
    }

    /// The number of bytes written and not yet drained.
    public private(set) var count: Int {
        get { state.pointee.count }
        set { state.pointee.count = newValue }
    }

    /// A buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 1 << 20) {
        let size = max(capacity, 64)
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State(storage: UnsafeMutablePointer<UInt8>.allocate(capacity: size), capacity: size, count: 0))
    }

    deinit {
        state.pointee.storage.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Hands the bytes written so far to `consumer`, then empties the buffer.
    public func drain(_ consumer: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        defer { count = 0 }
        try consumer(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Appends one byte.
    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Appends the UTF-8 bytes of a literal.
    @inline(__always)
    func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends bytes.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let length = bytes.count
        if count + length > capacity { grow(to: count + length) }
        let target = storage + count
        if length <= 16 {
            // Most pieces are a few bytes (a key, a quote): a loop beats a call to memmove.
            for offset in 0 ..< length { target[offset] = base[offset] }
        } else {
            target.update(from: base, count: length)
        }
        count += length
    }

    /// Appends a non-negative integer in decimal, at least `width` digits (zero-padded).
    func append(decimal value: Int, width: Int = 1) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
            } while magnitude > 0 && position > 0
            while buffer.count - position < width && position > 0 {
                position -= 1
                buffer[position] = 48
            }
            let slice = UnsafeRawBufferPointer(rebasing: buffer[position...]).bindMemory(to: UInt8.self)
            append(slice)
        }
    }

    /// Appends `scaled / 10^decimals` with exactly `decimals` digits after the point.
    func append(scaled: Int, decimals: Int) {
        guard decimals > 0 else { return append(decimal: scaled) }
        var divisor = 1
        for _ in 0 ..< decimals { divisor *= 10 }
        if scaled < 0 { append(UInt8(ascii: "-")) }
        let magnitude = abs(scaled)
        append(decimal: magnitude / divisor)
        append(UInt8(ascii: "."))
        append(decimal: magnitude % divisor, width: decimals)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
