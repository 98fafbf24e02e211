/// The keys of a patient-history v1 record the model names: the spelling every reader,
/// writer and the published JSON Schema take (``RecordVocabulary`` holds the event types'
/// keys beside them).
public enum RecordKey: String, CaseIterable, Sendable {
    case id, site, sex
    case birthDate = "birth_date"
    case age, enrollment, events
    case dataCutoff = "data_cutoff"
    case timezone
}

/// The keys of a record's `enrollment`.
public enum EnrollmentKey: String, CaseIterable, Sendable {
    case date, arm
}

/// The keys every event may have, whatever its type: its type and dates.
public enum EventKey: String, CaseIterable, Sendable {
    case type, date, start, end
}
