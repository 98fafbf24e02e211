import TrialCheckCore

/// Writes a ``PatientHistory`` as a patient-history v1 JSON record, as external plugins
/// receive it.
///
/// Keys come in a fixed order (`id`, `site`, `sex`, `birth_date`, `age`, `enrollment`,
/// `data_cutoff`, `events`, then the record's other keys sorted; in an event `type`,
/// `date`, `start`, `end`, then its other keys sorted), so the same patient always gives
/// the same bytes. Dates are written as read (partial dates stay partial; a UTC instant
/// read in the record's time zone is written as the day it gave, so `timezone` is not
/// written); record and event keys the model does not name are passed through.
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
        writer.key(RecordKey.id.rawValue, first: true)
        writer.string(patient.id)
        if let site = patient.site {
            writer.key(RecordKey.site.rawValue)
            writer.string(site)
        }
        if let sex = patient.sex {
            writer.key(RecordKey.sex.rawValue)
            writer.string(sex)
        }
        write(patient.birthDate, as: RecordKey.birthDate.rawValue, into: &writer)
        if let age = patient.age {
            writer.key(RecordKey.age.rawValue)
            writer.integer(age)
        }
        writer.key(RecordKey.enrollment.rawValue)
        writer.raw("{")
        writer.key(EnrollmentKey.date.rawValue, first: true)
        writer.string(patient.enrollment.date.description)
        if let arm = patient.enrollment.arm {
            writer.key(EnrollmentKey.arm.rawValue)
            writer.string(arm)
        }
        writer.raw("}")
        write(patient.dataCutoff, as: RecordKey.dataCutoff.rawValue, into: &writer)
        writer.key(RecordKey.events.rawValue)
        writer.raw("[")
        for (index, event) in patient.events.enumerated() {
            if index > 0 { writer.raw(",") }
            write(event, into: &writer)
        }
        writer.raw("]")
        // A record's `timezone` is not written: its dates are written as the days it gave them.
        for (key, value) in patient.attributes.sorted(by: { $0.key < $1.key }) where !RecordVocabulary.recordKeys.contains(key) {
            writer.key(key)
            writer.value(value)
        }
        writer.raw("}")
    }

    private static func write(_ event: Event, into writer: inout JSONWriter) {
        writer.raw("{")
        writer.key(EventKey.type.rawValue, first: true)
        writer.string(event.type.rawValue)
        write(event.date, as: EventKey.date.rawValue, into: &writer)
        write(event.start, as: EventKey.start.rawValue, into: &writer)
        write(event.end, as: EventKey.end.rawValue, into: &writer)
        for (key, value) in event.attributes.sorted(by: { $0.key < $1.key }) where !RecordVocabulary.commonEventKeys.contains(key) {
            writer.key(key)
            writer.value(value)
        }
        writer.raw("}")
    }

    /// A date under `key`, if there is one.
    private static func write(_ date: PartialDate?, as key: String, into writer: inout JSONWriter) {
        guard let date else { return }
        writer.key(key)
        writer.string(date.description)
    }
}
