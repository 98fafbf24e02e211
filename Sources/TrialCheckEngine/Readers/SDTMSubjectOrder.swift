/// The order of the subjects in DM, and whether another dataset follows it: what lets
/// ``SDTMSubjectStream`` read every dataset at once, subject by subject.
///
/// Holds one pair of integers per DM subject (the hash of its USUBJID and its place in DM).
/// Two subjects of one hash count as a repeated subject, so the datasets are grouped the
/// general way instead; the stream compares the subjects themselves as it reads.
struct SDTMSubjectOrder {
    private var places: [Int: Int] = [:]

    /// Adds DM's next subject; `false` for a blank one or one met before (DM records the
    /// stream does not read: the reader rejects them).
    mutating func addDM(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !subject.isEmpty else { return false }
        return places.updateValue(places.count, forKey: Self.hash(subject)) == nil
    }

    /// The place in DM of a subject, or `nil` if DM does not hold it.
    func place(of subject: String) -> Int? {
        var subject = subject
        return places[subject.withUTF8 { Self.hash(UnsafeRawBufferPointer($0)) }]
    }

    private static func hash(_ subject: UnsafeBufferPointer<UInt8>) -> Int { hash(UnsafeRawBufferPointer(subject)) }

    /// A subject's bytes as one number (FNV-1a, 64 bits): no text made of them.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(bitPattern: UInt(hash))
    }

    /// Checks a dataset's subjects, in row order, against DM's order: each DM subject's rows
    /// together, the subjects in DM's order; rows of subjects DM does not hold may come
    /// anywhere, and blank subjects are passed over.
    struct Follower {
        let order: SDTMSubjectOrder
        private var previous: [UInt8] = []
        private var lastPlace = -1

        init(_ order: SDTMSubjectOrder) {
            self.order = order
        }

        /// Whether the dataset still follows DM's order with its next row's subject.
        mutating func accepts(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
            if subject.isEmpty || Self.same(subject, previous) { return true }
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: subject)
            guard let place = order.places[SDTMSubjectOrder.hash(subject)] else { return true }
            guard place > lastPlace else { return false }
            lastPlace = place
            return true
        }

        /// Whether two subjects have the same bytes, compared in place, byte by byte (the
        /// generic `elementsEqual` walks iterators).
        private static func same(_ subject: UnsafeBufferPointer<UInt8>, _ previous: [UInt8]) -> Bool {
            guard subject.count == previous.count else { return false }
            return previous.withUnsafeBufferPointer { previous in
                for index in 0..<subject.count where subject[index] != previous[index] { return false }
                return true
            }
        }
    }
}
