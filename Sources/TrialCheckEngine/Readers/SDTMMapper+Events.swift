import TrialCheckCore

/// The parts every SDTM event is made of: its type, its dates, and for a type no check of
/// the audit reads, nothing else.
extension SDTMMapper {
    /// Where an event's dates are in its record: a span of two variables
    /// (``appendDates(_:start:end:to:splittingDate:)``), or one variable under one key (a
    /// `date`, a condition's `onset`).
    enum EventDates {
        case span(start: StaticString, end: StaticString, splittingDate: Bool = false)
        case single(StaticString, key: String = EventKey.date.rawValue)
    }

    /// Whether some check of the audit reads each type of event the mapping writes, asked of
    /// the decoder once (``PatientRecordDecoder/reads(_:)`` compares the type's text).
    struct EventTypesRead {
        let administration, radiotherapy, surgery, lab, adverseEvent, diagnosis, condition, response, performanceStatus: Bool
        let criterionNotMet, chemotherapy, immunotherapy, targetedTherapy: Bool

        init(_ decoder: PatientRecordDecoder) {
            administration = decoder.reads(.administration)
            radiotherapy = decoder.reads(.radiotherapy)
            surgery = decoder.reads(.surgery)
            lab = decoder.reads(.lab)
            adverseEvent = decoder.reads(.adverseEvent)
            diagnosis = decoder.reads(.diagnosis)
            condition = decoder.reads(.condition)
            response = decoder.reads(.response)
            performanceStatus = decoder.reads(.performanceStatus)
            criterionNotMet = decoder.reads(.criterionNotMet)
            chemotherapy = decoder.reads(.chemotherapy)
            immunotherapy = decoder.reads(.immunotherapy)
            targetedTherapy = decoder.reads(.targetedTherapy)
        }

        /// Whether a therapy of `type` (one ``ClinicalCodes`` names) is read; a type it does
        /// not name is taken as read, and mapped in full.
        func therapy(_ type: String) -> Bool {
            switch type {
            case EventType.chemotherapy.rawValue: chemotherapy
            case EventType.immunotherapy.rawValue: immunotherapy
            case EventType.targetedTherapy.rawValue: targetedTherapy
            default: true
            }
        }
    }

    /// An event's members with room for `capacity` of them: `type` first, at `position`
    /// (one allocation, where an array literal grown to its capacity makes two). An event
    /// is read (``EventTypesRead``) or not by the same type it is written with.
    static func members(type: EventType, at position: TextPosition, capacity: Int) -> [(String, SyntaxNode)] {
        var members: [(String, SyntaxNode)] = []
        members.reserveCapacity(capacity)
        members.append((EventKey.type.rawValue, .text(type.rawValue, at: position)))
        return members
    }

    /// The event of a record of a type no check reads: its type and dates alone, and its
    /// other values never made. Its dates are validated as the decoder validates them (a
    /// date that does not read, or an end before the start, rejects the subject), and the
    /// coverage report counts the event by type and location. Dates read from plain cells
    /// where they lie, and valid, make an event of no members (``MappedEvent/validated``);
    /// any other are mapped as members, for the decoder to read and, where it must, reject
    /// with its location. The caller notes first what the record's mapping notes whether or
    /// not it is read (an unknown unit, a term that names no histology).
    @inline(__always)
    func unread(_ type: EventType, _ record: SDTMDataset.Record, dates: EventDates) -> MappedEvent {
        if areValidInPlace(dates, of: record) { return MappedEvent(validated: type, at: record.position) }
        var members = Self.members(type: type, at: record.position, capacity: 3)
        Self.append(dates, of: record, to: &members)
        return MappedEvent(members, at: record.position)
    }

    /// Whether the record's `dates` are each blank or a date, read from plain cells where
    /// they lie as the decoder reads their members (``date(_:)``, then
    /// ``PatientRecordDecoder/parseDate(utf8:)``), and a span does not end before it starts.
    /// `false` also where a date is not read in place (a cell that is not plain, a
    /// supplemental qualifier standing in).
    @inline(__always)
    private func areValidInPlace(_ dates: EventDates, of record: SDTMDataset.Record) -> Bool {
        switch dates {
        case .single(let variable, _):
            guard case .some(.valid) = dateInPlace(variable, of: record) else { return false }
            return true
        case .span(let start, let end, _):
            // Equal texts are one `date` (or a `start` and an `end` of one node): they read
            // alike, so the span is the same either way.
            guard case .some(.valid(let first)) = dateInPlace(start, of: record),
                  case .some(.valid(let last)) = dateInPlace(end, of: record) else { return false }
            if let first, let last, last.span.last < first.span.first { return false }
            return true
        }
    }

    /// A date variable's cell read in place: `.valid(nil)` when blank.
    private enum DateInPlace {
        case valid(PartialDate?)
        case invalid
    }

    /// The date in `variable` of `record`, read in place; `nil` where it is not read so.
    @inline(__always)
    private func dateInPlace(_ variable: StaticString, of record: SDTMDataset.Record) -> DateInPlace? {
        record.withPlainText(variable) { bytes in
            guard !bytes.isEmpty else { return .valid(nil) }
            // SDTM's `YYYY---DD` (month unknown) reads as the year, as ``date(_:)`` writes it.
            let read = Self.isMonthUnknown(bytes) ? UnsafeBufferPointer(rebasing: bytes[0..<4]) : bytes
            return decoder.parseDate(utf8: read).map { .valid($0) } ?? .invalid
        }
    }

    /// Whether a `--DTC` text is SDTM's `YYYY---DD` (month unknown): four digits, then three
    /// hyphens, in at least nine bytes.
    private static func isMonthUnknown(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 9 && bytes[4] == UInt8(ascii: "-") && bytes[5] == UInt8(ascii: "-") && bytes[6] == UInt8(ascii: "-")
            && bytes[0..<4].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Appends the record's `dates` to an event's members (inlined, so that the variables'
    /// names stay constants where it is called).
    @inline(__always)
    static func append(_ dates: EventDates, of record: SDTMDataset.Record, to members: inout [(String, SyntaxNode)]) {
        switch dates {
        case .span(let start, let end, let splittingDate):
            appendDates(record, start: start, end: end, to: &members, splittingDate: splittingDate)
        case .single(let variable, let key):
            if let value = record.value(variable) { members.append((key, date(value))) }
        }
    }

    /// A `--DTC` value as a date node: SDTM's `YYYY---DD` (month unknown) reads as the year.
    static func date(_ value: consuming SDTMValue) -> SyntaxNode {
        var text = value.text
        if text.withUTF8(isMonthUnknown) { text = String(text.prefix(4)) }
        return .text(text, at: value.position)
    }

    /// The start and end of a span, as `date` when both are the same text, else as
    /// `start` and `end` (those given); with `splittingDate`, a `date` is written as a
    /// `start` and an `end` of the same node. Returns the members as the span reads them
    /// (`date`, or the `start` and `end` given), for a regimen's key.
    @discardableResult
    @inline(__always)
    static func appendDates(
        _ record: SDTMDataset.Record, start: StaticString, end: StaticString, to members: inout [(String, SyntaxNode)], splittingDate: Bool = false
    ) -> (date: SyntaxNode?, start: SyntaxNode?, end: SyntaxNode?) {
        let first = record.value(start)
        let last = record.value(end)
        if let first, let last, first.text == last.text {
            let node = date(first)
            if splittingDate {
                members.append((EventKey.start.rawValue, node))
                members.append((EventKey.end.rawValue, node))
            } else {
                members.append((EventKey.date.rawValue, node))
            }
            return (node, nil, nil)
        }
        let startNode = first.map(date)
        let endNode = last.map(date)
        if let startNode { members.append((EventKey.start.rawValue, startNode)) }
        if let endNode { members.append((EventKey.end.rawValue, endNode)) }
        return (nil, startNode, endNode)
    }
}

extension EventType {
    /// The type of an event the SDTM mapping makes of an IE record (a criterion not met): an
    /// event type of no built-in check, kept for plugins.
    static let criterionNotMet: EventType = "criterion-not-met"
}
