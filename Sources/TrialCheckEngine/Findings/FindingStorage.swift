/// Where an audit keeps its findings until the report is written.
public enum FindingStorage: Sendable, Hashable {
    /// In ``AuditReport/findings``: random access; memory grows with the findings.
    case memory
    /// In a temporary file (in `TMPDIR`, unlinked at once, so it goes when the process
    /// does), read back in order through ``AuditReport/allFindings``: memory stays flat
    /// however many findings there are. If the file cannot be made or written (a full
    /// disk), the findings not written stay in memory.
    case temporaryFile
}
