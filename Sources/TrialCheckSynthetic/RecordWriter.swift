import TrialCheckCore

/// Writes built patients as NDJSON lines or as entries of a YAML patient list.
struct RecordWriter {
    let sink: ByteSink
    let format: CohortFormat
    let idWidth: Int

    /// The file header: nothing for NDJSON; for YAML the format, protocol and cut-off keys.
    func header(patients: Int, seed: UInt64, deviationRate: Double) {
        guard format == .yaml else { return }
        sink.append("# Synthetic patient histories for trial NCT07177794. No record describes a real person.\n")
        sink.append("# Made by: trialcheck generate --protocol NCT07177794 --patients ")
        sink.append(decimal: patients)
        sink.append(" --seed ")
        appendUnsigned(seed)
        sink.append(" --deviation-rate ")
        sink.append(scaled: Int((deviationRate * 1000).rounded()), decimals: 3)
        sink.append(" --format yaml\nformat: patient-history/1\nprotocol: NCT07177794\ndata_cutoff: ")
        sink.append(date: .day(ReferenceTables.dataCutoff))
        sink.append(patients == 0 ? "\npatients: []\n" : "\npatients:\n")
    }

    /// One patient.
    func record(_ patient: PatientBuilder, index: Int) {
        let json = format == .ndjson
        var out = FlowWriter(sink: sink, json: json)
        if json { out.open() }
        member(.id, &out); identifier(patient, index: index, quoted: json)
        member(.site, &out); out.string(patient.site.code)
        member(.sex, &out); out.string(patient.female ? "female" : "male")
        if let birth = patient.birthDate {
            member(.birthDate, &out); out.date(birth)
        } else if let age = patient.ageField {
            member(.age, &out); out.int(age)
        }
        member(.enrollment, &out)
        var enrollment = FlowWriter(sink: sink, json: json)
        enrollment.open()
        enrollment.key(EnrollmentKey.date); enrollment.date(.day(patient.enrollment))
        enrollment.key(EnrollmentKey.arm); enrollment.string(patient.arm == .a ? "A" : "B")
        enrollment.close()
        if json {
            // A YAML file gives the cut-off once, in its header.
            member(.dataCutoff, &out); out.date(.day(ReferenceTables.dataCutoff))
        }
        member(.events, &out)
        if json {
            sink.append(UInt8(ascii: "["))
            var first = true
            forEachEvent(patient) { event in
                if !first { sink.append(UInt8(ascii: ",")) }
                first = false
                var eventWriter = FlowWriter(sink: sink, json: true)
                event.write(&eventWriter)
            }
            sink.append("]}\n")
        } else if patient.events.isEmpty {
            sink.append(" []\n")
        } else {
            sink.append(UInt8(ascii: "\n"))
            forEachEvent(patient) { event in
                sink.append("      - ")
                var eventWriter = FlowWriter(sink: sink, json: false)
                event.write(&eventWriter)
                sink.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// Starts a record's member: a key of the JSON object, or a line of the YAML list
    /// entry (the first one opening the entry).
    private func member(_ key: RecordKey, _ out: inout FlowWriter) {
        guard format == .yaml else { return out.key(key) }
        sink.append(key == .id ? "  - " : "\n    ")
        var name = key.rawValue
        name.withUTF8 { sink.append($0) }
        // `events:` is followed by ` []` or by the events on the lines below.
        sink.append(key == .events ? ":" : ": ")
    }

    /// The events in date order (ties in the order they were made), or newest first for the
    /// few records that list them so (the format allows any order).
    private func forEachEvent(_ patient: PatientBuilder, _ body: (SyntheticEvent) -> Void) {
        let events = patient.events
        var keys: [Int] = []
        keys.reserveCapacity(events.count)
        for (position, event) in events.enumerated() { keys.append(event.sortDay << 8 | position) }
        keys.sort()
        if patient.reverseOrder { keys.reverse() }
        for key in keys { body(events[key & 0xFF]) }
    }

    private func identifier(_ patient: PatientBuilder, index: Int, quoted: Bool) {
        if quoted { sink.append(UInt8(ascii: "\"")) }
        sink.append(patient.site.prefix)
        sink.append(UInt8(ascii: "-"))
        sink.append(decimal: index + 1, width: idWidth)
        if quoted { sink.append(UInt8(ascii: "\"")) }
    }

    private func appendUnsigned(_ value: UInt64) {
        if value <= UInt64(Int.max) {
            sink.append(decimal: Int(value))
        } else {
            sink.append(decimal: Int(value / 10))
            sink.append(decimal: Int(value % 10))
        }
    }
}
