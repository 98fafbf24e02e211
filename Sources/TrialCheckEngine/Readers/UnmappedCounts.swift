/// What a mapping reader (FHIR, SDTM) did not use, counted by kind and reason and listed in
/// the order first met, so the data coverage says how many of each and why.
///
/// A reader that meets records out of the input's order (through temporary files) gives
/// each count the ``clock`` of where it stands in the input; the list follows those clocks,
/// then the order counted.
struct UnmappedCounts {
    /// One kind of record not mapped, and why.
    struct Kind: Hashable {
        /// The resource type or dataset.
        let what: String
        /// Why it was not mapped.
        let why: String
    }

    private var counts: [Kind: Int] = [:]
    private var order: [Kind] = []
    private var firstClock: [Kind: Int] = [:]

    /// Counts one record of `what` not mapped for the reason `why`, met at `clock`.
    mutating func count(_ what: String, _ why: String, clock: Int) {
        let kind = Kind(what: what, why: why)
        if let first = firstClock[kind] {
            if clock < first { firstClock[kind] = clock }
        } else {
            order.append(kind)
            firstClock[kind] = clock
        }
        counts[kind, default: 0] += 1
    }

    /// Each kind with its count, in the order first met.
    var listed: [(kind: Kind, count: Int)] {
        order.enumerated().sorted { lhs, rhs in
            let left = firstClock[lhs.element] ?? 0
            let right = firstClock[rhs.element] ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map { ($0.element, counts[$0.element] ?? 0) }
    }
}
