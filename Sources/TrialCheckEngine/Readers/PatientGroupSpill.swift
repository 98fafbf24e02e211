import Foundation

/// Groups an input's records by patient in bounded memory, through temporary files, for
/// readers whose records of one patient are spread over the input (FHIR resources, SDTM
/// dataset rows).
///
/// Each patient has one owner record (a Patient resource, a DM record) with a key; the
/// other records are members naming their patient by a reference. The reader adds every
/// record in input order (``addOwner(key:payload:)``, ``addMember(reference:payload:reportsOrphan:)``);
/// they go to one of 64 buckets by the hash of their key (``hashKey`` makes a reference and
/// the key it resolves to hash alike), owners and members apart. ``group(resolve:)`` then
/// reads each bucket's owners, resolves its members to them, and writes every record again
/// to buckets of consecutive patients (as many patients per bucket as fit the budget);
/// ``nextGroups()`` hands those back bucket by bucket, patients in the order their owners
/// were added, each patient's members in input order. Memory: one chunk per bucket, the
/// keys of one hash bucket, and one bucket of patients' records. Disk: twice the records'
/// bytes, each read back once.
final class PatientGroupSpill {
    /// One patient's records: the owner's payload, and its members' payloads in input order.
    struct Group {
        let owner: [UInt8]
        let members: [[UInt8]]
    }

    /// An owner whose key an earlier owner has.
    struct Duplicate {
        let sequence: Int
        let key: String
        let payload: [UInt8]
    }

    /// Members whose reference resolves to no owner: how many, and the first.
    struct Orphan {
        let reference: String
        let sequence: Int
        let first: [UInt8]
        var count: Int
    }

    private static let hashBucketCount = 64
    private static let ownerKind: UInt8 = 0
    private static let memberKind: UInt8 = 1
    private static let quietMemberKind: UInt8 = 2

    private let budget: GroupingBudget
    private let expansion: Int
    private let inputName: String
    private let hashKey: (String) -> String
    private var hashed: SpillBuckets?
    private var ranges: SpillBuckets?
    private var patientsPerRange = 1
    private var nextRange = 0
    private var records = 0
    private var owners = 0
    private var payloadBytes = 0

    /// A grouping whose records grow `expansion` times when parsed, for the input
    /// `inputName` (named in errors); `hashKey` maps a key or reference to what is hashed.
    init(budget: GroupingBudget, expansion: Int, inputName: String, hashKey: @escaping (String) -> String) throws(InputError) {
        self.budget = budget
        self.expansion = max(expansion, 1)
        self.inputName = inputName
        self.hashKey = hashKey
        // A hash bucket's members, then its owners (read on their own to resolve the members).
        hashed = try SpillBuckets(
            count: 2 * Self.hashBucketCount, chunkSize: min(1 << 16, budget.bytes / (8 * Self.hashBucketCount)),
            folder: budget.folder, inputName: inputName
        )
    }

    /// How many records were added: the sequence number of the next one.
    var sequence: Int { records }

    /// Adds a patient's owner record under `key`.
    func addOwner(key: String, payload: [UInt8]) throws(InputError) {
        try add(kind: Self.ownerKind, owner: owners, key: key, payload: payload)
        owners += 1
    }

    /// Adds a record of the patient `reference` names; if no owner has it, the record is
    /// counted among the orphans when `reportsOrphan`, dropped otherwise.
    func addMember(reference: String, payload: [UInt8], reportsOrphan: Bool) throws(InputError) {
        try add(kind: reportsOrphan ? Self.memberKind : Self.quietMemberKind, owner: nil, key: reference, payload: payload)
    }

    /// Writes a record to its hash bucket: its kind, sequence, owner ordinal (for an owner)
    /// and key, then the payload.
    private func add(kind: UInt8, owner: Int?, key: String, payload: [UInt8]) throws(InputError) {
        guard let hashed else { return }
        let keyBytes = key.utf8.count
        let headerSize = 1 + [UInt8].varintByteCount(records) + (owner.map([UInt8].varintByteCount) ?? 0)
            + [UInt8].varintByteCount(keyBytes) + keyBytes
        let hash = Int(UInt(bitPattern: hashKey(key).hashValue) % UInt(Self.hashBucketCount))
        let bucket = owner == nil ? hash : Self.hashBucketCount + hash
        let sequence = records
        try hashed.append(to: bucket, size: headerSize + payload.count) { bytes in
            bytes.append(kind)
            bytes.appendVarint(sequence)
            if let owner { bytes.appendVarint(owner) }
            bytes.appendString(key)
            bytes.append(contentsOf: payload)
        }
        records += 1
        payloadBytes += payload.count
    }

    /// Resolves every member to its owner (`resolve` gives the ordinal of the owner a
    /// reference names among the keys of its bucket, or `nil`) and writes the patients'
    /// buckets. Returns the duplicate owners and the orphans, each in input order.
    func group(resolve: (String, [String: Int]) -> Int?) throws(InputError) -> (duplicates: [Duplicate], orphans: [Orphan]) {
        guard let hashed else { return ([], []) }
        patientsPerRange = max(1, Int(Double(owners) * Double(budget.bytes) / Double(max(1, payloadBytes) * expansion)))
        let rangeCount = max(1, (owners + patientsPerRange - 1) / patientsPerRange)
        let ranges = try SpillBuckets(
            count: rangeCount, chunkSize: min(1 << 16, budget.bytes / (4 * rangeCount)), folder: budget.folder, inputName: inputName
        )
        var duplicates: [Duplicate] = []
        var orphans: [Orphan] = []
        /// Writes a record of the patient of `ordinal` to its range.
        func write(_ kind: UInt8, _ ordinal: Int, _ payload: UnsafeBufferPointer<UInt8>) throws(InputError) {
            try ranges.append(to: ordinal / patientsPerRange, size: 1 + [UInt8].varintByteCount(ordinal) + payload.count) { bytes in
                bytes.append(kind)
                bytes.appendVarint(ordinal)
                bytes.append(contentsOf: payload)
            }
        }
        for bucket in 0..<Self.hashBucketCount {
            let ownerBucket = Self.hashBucketCount + bucket
            // The first owner of a key is the patient; a later one is a duplicate.
            var ordinalByKey: [String: Int] = [:]
            try hashed.forEachRecord(in: ownerBucket) { bytes throws(InputError) in
                let entry = try parse(bytes)
                guard entry.kind == Self.ownerKind else { throw damaged() }
                if ordinalByKey[entry.key] == nil {
                    ordinalByKey[entry.key] = entry.ordinal
                    try write(Self.ownerKind, entry.ordinal, entry.payload)
                } else {
                    duplicates.append(Duplicate(sequence: entry.sequence, key: entry.key, payload: Array(entry.payload)))
                }
            }
            hashed.release(ownerBucket)
            var orphanIndex: [String: Int] = [:]
            try hashed.forEachRecord(in: bucket) { bytes throws(InputError) in
                let entry = try parse(bytes)
                guard entry.kind != Self.ownerKind else { throw damaged() }
                guard let ordinal = resolve(entry.key, ordinalByKey) else {
                    guard entry.kind == Self.memberKind else { return }
                    if let index = orphanIndex[entry.key] {
                        orphans[index].count += 1
                    } else {
                        orphanIndex[entry.key] = orphans.count
                        orphans.append(Orphan(reference: entry.key, sequence: entry.sequence, first: Array(entry.payload), count: 1))
                    }
                    return
                }
                try write(Self.memberKind, ordinal, entry.payload)
            }
            hashed.release(bucket)
        }
        self.hashed = nil
        self.ranges = ranges
        duplicates.sort { $0.sequence < $1.sequence }
        orphans.sort { $0.sequence < $1.sequence }
        return (duplicates, orphans)
    }

    /// The next bucket of patients, in the order their owners were added; `nil` after the last.
    func nextGroups() throws(InputError) -> [Group]? {
        try nextGroups { payload throws(InputError) in Array(payload) }?.map { Group(owner: $0.owner, members: $0.members) }
    }

    /// ``nextGroups()`` with each payload read by `read` where it lies in the temporary
    /// file's chunk (no copy of it made first).
    func nextGroups<Record>(
        reading read: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Record
    ) throws(InputError) -> [(owner: Record, members: [Record])]? {
        guard let ranges, nextRange < ranges.count else {
            ranges = nil
            return nil
        }
        let range = nextRange
        nextRange += 1
        // The range holds the patients of consecutive ordinals from `first`: each in its slot.
        let first = range * patientsPerRange
        let count = max(0, min(patientsPerRange, owners - first))
        var owner = [Record?](repeating: nil, count: count)
        var members = [[Record]](repeating: [], count: count)
        try ranges.forEachRecord(in: range) { bytes throws(InputError) in
            var reader = CompactByteReader(bytes)
            let kind: UInt8
            let slot: Int
            do throws(CompactByteReader.Malformed) {
                kind = try reader.byte()
                slot = try reader.varint() - first
            } catch {
                throw damaged()
            }
            guard slot >= 0, slot < count else { throw damaged() }
            let payload = try read(UnsafeBufferPointer(rebasing: bytes[reader.position...]))
            if kind == Self.ownerKind { owner[slot] = payload } else { members[slot].append(payload) }
        }
        ranges.release(range)
        return owner.indices.compactMap { slot in owner[slot].map { ($0, members[slot]) } }
    }

    private struct Entry {
        let kind: UInt8
        let sequence: Int
        let ordinal: Int
        let key: String
        let payload: UnsafeBufferPointer<UInt8>
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) -> Entry {
        var reader = CompactByteReader(bytes)
        do throws(CompactByteReader.Malformed) {
            let kind = try reader.byte()
            let sequence = try reader.varint()
            let ordinal = kind == Self.ownerKind ? try reader.varint() : -1
            let key = try reader.string()
            return Entry(kind: kind, sequence: sequence, ordinal: ordinal, key: key, payload: UnsafeBufferPointer(rebasing: bytes[reader.position...]))
        } catch {
            throw damaged()
        }
    }

    private func damaged() -> InputError {
        .unreadable(path: inputName, reason: "a temporary file grouping the records by patient (in \(budget.folder.path)) is damaged")
    }
}
