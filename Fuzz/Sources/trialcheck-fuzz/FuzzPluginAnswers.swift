@testable import TrialCheckCore
@testable import TrialCheckEngine

/// Reads a plugin's answer lines as the host does: the first answers `hello`, each later
/// one is a verdict on the patient the host asked about.
enum FuzzPluginAnswers {
    /// The patient every verdict is about: two events, so `event` indices can be checked.
    static let patient: PatientHistory = {
        func day(_ ordinal: Int) -> PartialDate { PartialDate(CalendarDay(ordinal: ordinal)) }
        let events = [
            Event(type: .diagnosis, date: day(20_400)),
            Event(type: .radiotherapy, start: day(20_480), end: day(20_510)),
        ]
        return PatientHistory(id: "P-1", enrollment: Enrollment(date: day(20_470)), events: events)
    }()

    static func read(_ bytes: [UInt8]) {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(64)
        guard let first = lines.first else { return }
        _ = try? PluginProtocol.ready(from: Array(first))
        for line in lines.dropFirst() {
            var truncated = false
            _ = try? PluginProtocol.verdict(from: Array(line), on: patient, batch: 1, during: "in batch 1", truncated: &truncated)
        }
    }
}
