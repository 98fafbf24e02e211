import TrialCheckCore

/// A patient's dated events, reduced to what a timeline drawing needs.
public struct PatientTimeline: Sendable, Hashable {
    /// One bar or point on the timeline.
    public struct Entry: Sendable, Hashable {
        /// The event type (`radiotherapy`, `administration`, ...).
        public let type: String
        /// A short label (`radiotherapy 50.4 Gy`, `toripalimab 240 mg`).
        public let label: String
        /// The first possible day of the start.
        public let start: CalendarDay
        /// The last possible day of the end (the start for a one-day event).
        public let end: CalendarDay
        /// Whether the event is still going on (no end recorded).
        public let isOngoing: Bool
        /// The input line of the event.
        public let line: Int?
    }

    /// The enrollment date's span.
    public let enrollment: DaySpan
    /// The arm, if randomised.
    public let arm: String?
    /// The dated events, in date order, decoded from ``encoded``.
    public var entries: [Entry] {
        Self.decode(encoded)
    }

    /// The entries in compact bytes (types and labels as length-prefixed UTF-8, days and
    /// lines as variable-length integers): an HTML report keeps the timeline of every
    /// patient with findings, so a few hundred bytes a patient rather than a few thousand.
    private let encoded: [UInt8]

    /// The timeline of `patient`.
    public init(_ patient: PatientHistory) {
        enrollment = patient.enrollment.date.span
        arm = patient.enrollment.arm
        let entries: [Entry] = patient.events.compactMap { event -> Entry? in
            guard let start = event.startSpan else { return nil }
            let end = event.endSpan
            return Entry(
                type: event.type.rawValue,
                label: PatientTimeline.label(for: event),
                start: start.first,
                end: max(start.first, end?.last ?? start.last),
                isOngoing: event.start != nil && event.end == nil && event.date == nil,
                line: event.location?.line
            )
        }.sorted { ($0.start, $0.type, $0.label) < ($1.start, $1.type, $1.label) }
        encoded = Self.encode(entries)
    }

    /// `entries` in compact bytes.
    private static func encode(_ entries: [Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendVarint(entries.count)
        for entry in entries {
            bytes.appendString(entry.type)
            bytes.appendString(entry.label)
            bytes.appendVarint(entry.start.ordinal)
            bytes.appendVarint(entry.end.ordinal - entry.start.ordinal)
            bytes.append(entry.isOngoing ? 1 : 0)
            bytes.appendVarint(entry.line.map { $0 + 1 } ?? 0)
        }
        return bytes
    }

    /// The entries `bytes` hold (as the initializer wrote them).
    private static func decode(_ bytes: [UInt8]) -> [Entry] {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            var entries: [Entry] = []
            do {
                let count = try reader.varint()
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let type = try reader.string()
                    let label = try reader.string()
                    let start = try reader.varint()
                    let length = try reader.varint()
                    let isOngoing = try reader.byte() == 1
                    let line = try reader.varint()
                    entries.append(Entry(
                        type: type, label: label, start: CalendarDay(ordinal: start), end: CalendarDay(ordinal: start + length),
                        isOngoing: isOngoing, line: line == 0 ? nil : line - 1
                    ))
                }
            } catch {
                // Only the initializer writes these bytes: they always read back whole.
                return entries
            }
            return entries
        }
    }

    private init(enrollment: DaySpan, arm: String?, entries: [Entry]) {
        self.enrollment = enrollment
        self.arm = arm
        encoded = Self.encode(entries)
    }

    /// The same timeline with every day moved by `days` (``DateShift``).
    func shifted(by days: Int) -> PatientTimeline {
        PatientTimeline(
            enrollment: DaySpan(enrollment.first.advanced(by: days), enrollment.last.advanced(by: days)),
            arm: arm,
            entries: entries.map { entry in
                Entry(
                    type: entry.type, label: DateShift.shift(entry.label, by: days), start: entry.start.advanced(by: days),
                    end: entry.end.advanced(by: days), isOngoing: entry.isOngoing, line: entry.line
                )
            }
        )
    }

    private static func label(for event: Event) -> String {
        var parts = [event.type.rawValue]
        switch event.type {
        case .diagnosis:
            parts += [event.string("histology"), event.string("stage").map { "stage \($0)" }].compactMap { $0 }
        case .radiotherapy:
            parts += [event.intent, event.quantity("dose")?.description, event.string("technique")].compactMap { $0 }
        case .chemotherapy, .immunotherapy, .targetedTherapy:
            parts = [event.phase.map { "\($0) \(event.type.rawValue)" } ?? event.type.rawValue]
            parts += [event.strings("agents").joined(separator: "+")].filter { !$0.isEmpty }
        case .administration:
            parts = [event.string("drug") ?? "administration", event.quantity("dose")?.description, event.string("frequency")].compactMap { $0 }
        case .lab:
            parts = [event.string("test") ?? "lab", event.string("value"), event.string("unit")].compactMap { $0 }
        case .performanceStatus:
            parts = ["\(event.string("scale") ?? "ECOG") \(event.string("score") ?? "?")"]
        case .adverseEvent:
            parts = [event.string("term") ?? "adverse event", event.string("grade").map { "grade \($0)" }].compactMap { $0 }
        case .condition:
            parts = [event.string("term") ?? "condition"]
        case .response:
            parts = ["response \(event.string("result") ?? "?")"]
        case .surgery:
            parts = [event.string("procedure") ?? "surgery"]
        default:
            break
        }
        return parts.joined(separator: " ")
    }
}
