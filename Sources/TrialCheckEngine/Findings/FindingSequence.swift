/// Every finding of a report, in report order: those an audit spilled to disk (read back one
/// at a time), then those held in ``AuditReport/findings``.
///
/// Iterating reads the spilled findings again each time: keep a pass to what is needed.
public struct FindingSequence: Sequence, Sendable {
    let spilled: SpilledFindings?
    let inMemory: [AuditReport.Finding]

    /// How many findings there are.
    public var count: Int { (spilled?.count ?? 0) + inMemory.count }

    public var underestimatedCount: Int { count }

    public func makeIterator() -> Iterator {
        Iterator(spilled: spilled.map(SpillReader.init), inMemory: inMemory.makeIterator())
    }

    /// Reads the spilled findings, then those in memory.
    public struct Iterator: IteratorProtocol {
        var spilled: SpillReader?
        var inMemory: IndexingIterator<[AuditReport.Finding]>

        public mutating func next() -> AuditReport.Finding? {
            if let finding = spilled?.next() { return finding }
            spilled = nil
            return inMemory.next()
        }
    }
}
