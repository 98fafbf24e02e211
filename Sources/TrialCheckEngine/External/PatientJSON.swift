import TrialCheckCore

/// Writes a ``PatientHistory`` as a patient-history v1 JSON record, as external plugins
/// receive it.
///
/// Keys come in a fixed order (`id`, `site`, `sex`, `birth_date`, `age`, `enrollment`,
/// `data_cutoff`, `events`, then the record's other keys sorted; in an event `type`,
/// `date`, `start`, `end`, then its other keys sorted), so the same patient always gives
/// the same bytes. Dates are written as read (partial dates stay partial); record and
/// event keys the model does not name are passed through.
enum PatientJSON {
    /// The record, as JSON text.
    static func encode(_ patient: PatientHistory) -> String {
        var writer = JSONWriter()
        write(patient, into: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends the record to `writer`.
    static func write(_ patient: PatientHistory, into writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("id", first: true)
        writer.string(patient.id)
        if let site = patient.site {
            writer.key("site")
            writer.string(site)
        }
        if let sex = patient.sex {
            writer.key("sex")
            writer.string(sex)
        }
        if let birth = patient.birthDate {
            writer.key("birth_date")
            writer.string(birth.description)
        }
        if let age = patient.age {
            writer.key("age")
            writer.integer(age)
        }
        writer.key("enrollment")
        writer.raw("{")
        writer.key("date", first: true)
        writer.string(patient.enrollment.date.description)
        if let arm = patient.enrollment.arm {
            writer.key("arm")
            writer.string(arm)
        }
        writer.raw("}")
        if let cutoff = patient.dataCutoff {
            writer.key("data_cutoff")
            writer.string(cutoff.description)
        }
        writer.key("events")
        writer.raw("[")
        for (index, event) in patient.events.enumerated() {
            if index > 0 { writer.raw(",") }
            write(event, into: &writer)
        }
        writer.raw("]")
        for (key, value) in patient.attributes.sorted(by: { $0.key < $1.key }) where !namedRecordKeys.contains(key) {
            writer.key(key)
            writer.value(value)
        }
        writer.raw("}")
    }

    /// The record keys the model names (an attribute by one of these names is not written twice).
    private static let namedRecordKeys: Set<String> = ["id", "site", "sex", "birth_date", "age", "enrollment", "data_cutoff", "events"]

    /// The event keys the model names.
    private static let namedEventKeys: Set<String> = ["type", "date", "start", "end"]

    private static func write(_ event: Event, into writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("type", first: true)
        writer.string(event.type.rawValue)
        for (key, date) in [("date", event.date), ("start", event.start), ("end", event.end)] {
            guard let date else { continue }
            writer.key(key)
            writer.string(date.description)
        }
        for (key, value) in event.attributes.sorted(by: { $0.key < $1.key }) where !namedEventKeys.contains(key) {
            writer.key(key)
            writer.value(value)
        }
        writer.raw("}")
    }
}
