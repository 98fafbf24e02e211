import Synchronization
import TrialCheckCore

/// One JSON record's bytes and where each event's attributes are in them: what the events
/// of a record read by ``DirectRecordDecoder`` share, so that reading a record allocates a
/// few arrays rather than a dictionary per event.
///
/// A value is decoded when a check first asks for it and remembered: checks ask for the
/// same keys of the same events (each lab check reads every lab result's `test`), and a
/// value no check asks for is never decoded. Checks of one patient may run on several
/// threads (batch checks do), so the remembered values are behind a lock.
final class JSONRecordBytes: Sendable {
    /// One attribute of an event: its key and the start of its value, as byte offsets.
    struct Member: Sendable {
        let keyStart: Int32
        let keyEnd: Int32
        let valueStart: Int32
    }

    /// The record's JSON, validated.
    let bytes: [UInt8]
    /// Every event's attributes, event after event.
    let members: [Member]

    /// Each member's value once decoded (`nil` until then); empty until a value is asked for.
    private let decoded = Mutex<[Value?]>([])

    init(bytes: [UInt8], members: [Member]) {
        self.bytes = bytes
        self.members = members
    }

    /// The first of the members in `range` whose key is `key` (its UTF-8 bytes), if any.
    func member(in range: Range<Int>, named key: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
            members.withUnsafeBufferPointer { members in
                // Most keys differ in length or in their first byte from the one asked for.
                let first = key.first
                for index in range {
                    let (start, end) = (Int(members[index].keyStart), Int(members[index].keyEnd))
                    guard end - start == key.count, first == nil || bytes[start] == first else { continue }
                    if bytes.matches(start..<end, key) { return index }
                }
                return nil
            }
        }
    }

    /// The value of member `index`, decoded the first time it is asked for.
    func value(at index: Int) -> Value? {
        // One lock for the look-up and, the first time, the decoding: a value is a few bytes.
        decoded.withLock { values in
            if values.isEmpty { values = Array(repeating: nil, count: members.count) }
            if let known = values[index] { return known }
            let value = bytes.withUnsafeBufferPointer { bytes in
                var cursor = JSONCursor(bytes, at: Int(members[index].valueStart))
                return cursor.value(depth: 0)
            }
            values[index] = value
            return value
        }
    }
}

/// The attributes of one event of a ``JSONRecordBytes``, decoded from the record's bytes
/// as a check asks for them.
struct JSONEventAttributes: EventAttributeSource {
    let record: JSONRecordBytes
    /// The event's first member in ``JSONRecordBytes/members``.
    let first: Int32
    /// The number of its members.
    let count: Int32

    func value(forKey key: String) -> Value? {
        let record = record
        let members = Int(first)..<Int(first + count)
        // The key's bytes in place (a check's keys are literals), else from a copy.
        let found = key.utf8.withContiguousStorageIfAvailable { record.member(in: members, named: $0) } ?? {
            var key = key
            return key.withUTF8 { record.member(in: members, named: $0) }
        }()
        // Called directly: `found.flatMap(record.value(at:))` retained and released the record.
        guard let found else { return nil }
        return record.value(at: found)
    }

    var allAttributes: [String: Value] {
        record.bytes.withUnsafeBufferPointer { bytes in
            var attributes: [String: Value] = [:]
            attributes.reserveCapacity(Int(count))
            for member in members {
                var cursor = JSONCursor(bytes, at: Int(member.valueStart))
                attributes[cursor.string(Int(member.keyStart)..<Int(member.keyEnd))] = cursor.value(depth: 0)
            }
            return attributes
        }
    }

    func keys(outside known: KeySet) -> [String] {
        record.bytes.withUnsafeBufferPointer { bytes in
            var unknown: [String] = []
            for member in members {
                let range = Int(member.keyStart)..<Int(member.keyEnd)
                if !known.contains(utf8: UnsafeBufferPointer(rebasing: bytes[range])) {
                    unknown.append(JSONCursor(bytes, at: range.lowerBound).string(range))
                }
            }
            return unknown
        }
    }

    func isSame(as other: any EventAttributeSource) -> Bool {
        guard let other = other as? JSONEventAttributes else { return false }
        return record === other.record && first == other.first
    }

    private var members: ArraySlice<JSONRecordBytes.Member> {
        record.members[Int(first)..<Int(first + count)]
    }
}
