import Foundation

/// How much memory a reader that groups records by patient (FHIR, SDTM) may use for the
/// records it holds, and where it spills the rest.
///
/// An input whose records, parsed, fit in ``bytes`` is grouped in memory; a larger one (or
/// one of unknown size, such as standard input) is grouped through temporary files in
/// ``folder`` (see ``PatientGroupSpill``).
struct GroupingBudget: Sendable {
    /// The memory, in bytes, for the records held at once (estimated as their parsed size).
    var bytes: Int
    /// The folder of the temporary files.
    var folder: URL

    /// 64 MiB (or the MiB `TRIALCHECK_GROUPING_MEMORY` names), in `TMPDIR`.
    static let standard = GroupingBudget(
        bytes: ProcessInfo.processInfo.environment["TRIALCHECK_GROUPING_MEMORY"].flatMap { Int($0) }.map { max($0, 0) << 20 } ?? 64 << 20,
        folder: FileManager.default.temporaryDirectory
    )

    /// The budget readers opened now use (tests set a small one).
    @TaskLocal static var current = GroupingBudget.standard

    /// Whether `inputBytes` bytes of input, each growing `expansion` times when parsed, fit:
    /// `false` for an input of unknown size.
    func holds(inputBytes: Int?, expansion: Int) -> Bool {
        guard let inputBytes else { return false }
        return inputBytes.multipliedReportingOverflow(by: expansion).partialValue <= bytes
    }
}
