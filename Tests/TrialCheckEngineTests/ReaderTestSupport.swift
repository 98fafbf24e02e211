import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// Everything one input yields, read to the end.
struct ReadResult {
    var format: InputFormat
    var patients: [PatientHistory] = []
    var rejections: [RecordRejection] = []
    var notes: [String] = []
    var sha256: String = ""

    /// The patient with `id`.
    func patient(_ id: String) throws -> PatientHistory {
        try #require(patients.first { $0.id == id }, "no patient '\(id)' among \(patients.map(\.id))")
    }
}

enum ReaderTestSupport {
    /// The test target's fixtures folder.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a fixture.
    static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    /// Reads an input to the end.
    static func read(_ path: String, format: InputFormat? = nil) throws -> ReadResult {
        let reader = try HistoryReader(path: path, format: format)
        var result = ReadResult(format: reader.format)
        while let item = try reader.next() {
            switch item {
            case .patient(let patient): result.patients.append(patient)
            case .rejected(let rejection): result.rejections.append(rejection)
            case .replacing(let rejection, let earlier):
                // As an audit counts it: what the patient's earlier rows gave is taken back.
                if let index = result.patients.firstIndex(where: { $0.id == rejection.patient && $0.location == earlier }) {
                    result.patients.remove(at: index)
                } else if let index = result.rejections.lastIndex(where: { $0.patient == rejection.patient }) {
                    result.rejections.remove(at: index)
                }
                result.rejections.append(rejection)
            }
        }
        result.notes = reader.notes
        result.sha256 = reader.sha256
        return result
    }

    /// The InputError reading an input throws, or `nil`.
    static func inputError(_ path: String, format: InputFormat? = nil) -> InputError? {
        do {
            _ = try read(path, format: format)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    /// Writes text to a new temporary file with the given name and returns its path.
    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialcheck-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The events of one type.
    static func events(_ patient: PatientHistory, _ type: EventType) -> [Event] {
        patient.events(ofType: type)
    }
}
