import BuiltinPlugins
import Foundation
import TrialCheckCore
@testable import TrialCheckEngine

/// Feeds inputs to the readers the way the command line does: as files on disk.
enum FuzzReaders {
    /// A loader with every check kind the command line knows.
    static let protocolLoader = ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all))

    /// Reads `bytes` as the file `name` in `format`, to the end or the first error.
    static func readFile(_ bytes: [UInt8], named name: String, format: InputFormat) {
        let path = FuzzScratch.shared.write(bytes, to: name)
        drain(path: path, format: format)
    }

    /// Reads a folder holding `files` (name to bytes) in `format`.
    static func readFolder(_ files: [String: [UInt8]], format: InputFormat) {
        let path = FuzzScratch.shared.folder(holding: files)
        drain(path: path, format: format)
    }

    /// What a reading gave: its patients, rejections and notes, or the error that ended it.
    private struct Outcome: Equatable {
        var patients: [PatientHistory] = []
        var rejections: [RecordRejection] = []
        var notes: [String] = []
        var error: String?
    }

    /// Every item of the input, until its end or the first error that ends it. A FHIR or
    /// SDTM input is read again grouped through temporary files (a grouping budget of 0),
    /// which must give exactly what the grouping in memory gave.
    private static func drain(path: String, format: InputFormat) {
        let inMemory = read(path: path, format: format)
        guard format == .fhir || format == .sdtm else { return }
        let spilled = GroupingBudget.$current.withValue(GroupingBudget(bytes: 0, folder: FileManager.default.temporaryDirectory)) {
            read(path: path, format: format)
        }
        guard spilled == inMemory else {
            fatalError("grouped through temporary files, the input read otherwise than in memory:\n\(spilled)\nagainst\n\(inMemory)")
        }
    }

    private static func read(path: String, format: InputFormat) -> Outcome {
        var outcome = Outcome()
        do {
            let reader = try HistoryReader(path: path, format: format, maxRecordBytes: 1 << 20)
            while let item = try reader.next() {
                switch item {
                case .patient(let patient): outcome.patients.append(patient)
                case .rejected(let rejection), .replacing(let rejection, _): outcome.rejections.append(rejection)
                }
            }
            outcome.notes = reader.notes
            _ = reader.sha256
        } catch {
            outcome.error = error.description
        }
        return outcome
    }
}
