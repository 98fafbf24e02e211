import BuiltinPlugins
import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The direct CSV decoder against the general path (each patient's syntax nodes, then
/// ``PatientRecordDecoder``): reading a file both ways must give the same items (patients,
/// rejections with their locations) and the same notes; where the general path rejects a
/// patient, the direct path must have given up.
struct CSVDirectDecoderTests {
    /// What reading a CSV text gives: every item, the notes, and how many patients were
    /// decoded directly.
    struct Reading {
        var items: [ReadItem]
        var notes: [String]
        var direct: Int
    }

    static func read(_ text: String, directly: Bool, separator: CSVSeparator = .auto, blockSize: Int? = nil) throws -> Reading {
        let source: ByteSource
        if let blockSize {
            source = try ByteSource(path: try TestSupport.writeTemporary(text, name: "records.csv"), blockSize: blockSize)
        } else {
            source = ByteSource(bytes: Array(text.utf8), path: "records.csv")
        }
        let reader = CSVReader(source: source, decoder: PatientRecordDecoder(file: "records.csv"), separator: separator, decodesDirectly: directly)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return Reading(items: items, notes: reader.notes, direct: reader.patientsDecodedDirectly)
    }

    /// How many patients a reading gave, and how many of them the direct path decoded itself.
    struct Counts {
        var patients = 0
        var direct = 0

        static func += (total: inout Counts, more: Counts) {
            total.patients += more.patients
            total.direct += more.direct
        }
    }

    /// The two readings of `text`, checked equal item by item; the direct one's counts.
    @discardableResult
    static func expectSameBothWays(_ text: String, separator: CSVSeparator = .auto, blockSize: Int? = nil) throws -> Counts {
        let direct: Reading
        let general: Reading
        do {
            direct = try read(text, directly: true, separator: separator, blockSize: blockSize)
        } catch {
            // A malformed file fails the same way both ways.
            do {
                _ = try read(text, directly: false, separator: separator, blockSize: blockSize)
                Issue.record("only the direct path failed: \(error)")
            } catch let other {
                #expect("\(other)" == "\(error)")
            }
            return Counts()
        }
        general = try read(text, directly: false, separator: separator, blockSize: blockSize)
        #expect(general.direct == 0)
        #expect(direct.notes == general.notes, "\(text)")
        #expect(direct.items.count == general.items.count, "\(text)")
        for (fast, slow) in zip(direct.items, general.items) {
            switch (fast, slow) {
            case let (.patient(fast), .patient(slow)):
                #expect(fast == slow, "\(text)")
                expectSameAttributes(fast, slow)
            case let (.rejected(fast), .rejected(slow)):
                #expect(fast == slow)
            case let (.replacing(fast, fastEarlier), .replacing(slow, slowEarlier)):
                #expect(fast == slow)
                #expect(fastEarlier == slowEarlier)
            default:
                Issue.record("the two paths differ: \(fast) against \(slow) in\n\(text)")
            }
        }
        let patients = direct.items.filter { if case .patient = $0 { true } else { false } }.count
        return Counts(patients: patients, direct: direct.direct)
    }

    /// Every key of every event reads the same through the event's cells as through the
    /// general path's dictionary, and a key the event lacks reads as absent.
    static func expectSameAttributes(_ direct: PatientHistory, _ general: PatientHistory) {
        #expect(direct.events.count == general.events.count)
        for (fast, slow) in zip(direct.events, general.events) {
            #expect(fast.attributes == slow.attributes)
            for key in slow.attributes.keys { #expect(fast[key] == slow[key], "key \(key)") }
            #expect(fast["no-such-key"] == nil)
            #expect(fast["type"] == nil)
            let known = KeySet(["date", "dose", "agents"])
            #expect(Set(fast.attributeKeys(outside: known)) == Set(slow.attributeKeys(outside: known)))
        }
    }

    static let exampleCSV: String = {
        let url = ReaderTestSupport.repositoryRoot.appendingPathComponent("Examples/formats/csv/site-records.csv")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func theExampleCohortDecodesDirectlyToTheSamePatients() throws {
        let decoded = try Self.expectSameBothWays(Self.exampleCSV)
        #expect(decoded.direct == 20)
        // Blocks that end inside cells and rows.
        #expect(try Self.expectSameBothWays(Self.exampleCSV, blockSize: 7).direct == 20)
    }

    @Test(arguments: ["cohort.csv", "bad-rows.csv", "noncontiguous.csv", "unterminated-quote.csv", "missing-type-column.csv"])
    func fixturesReadTheSameBothWays(_ name: String) throws {
        let text = try String(contentsOf: URL(fileURLWithPath: ReaderTestSupport.fixture("csv/\(name)")), encoding: .utf8)
        try Self.expectSameBothWays(text)
    }

    static let header = "patient_id,type,birth_date,age,sex,site,enrollment_date,arm,date,start,end,onset,dose,dose_unit,agents,test,value,unit,note,data_cutoff\n"

    @Test(arguments: [
        // Quoted cells, lists, quantities in one cell and with a unit column, Booleans, numbers.
        header + "P1,patient,1960-04,,female,S1,2026-01-20,A,,,,,,,,,,,,\nP1,chemotherapy,,,,,,,,2025-10-01,2025-11-01,,,,\"cisplatin; paclitaxel ;\",,,,,\n"
            + "P1,radiotherapy,,,,,,,,2025-10-13,,,50.4 Gy,,,,,,TRUE,\nP1,Lab,,,,,,,2026-01-10,,,,,,,platelets,150,10*9/L,\"a, b\",\n",
        // A unit column beside its value, and alone; a unit the table does not know.
        header + "P2,Patient,,64,,,2026-01-20T09:30,,,,,,,,,,,,,2026-06\nP2,radiotherapy,,,,,,,,2025-07-17,,,5040,cGy,,,,,,\nP2,radiotherapy,,,,,,,,2025-07-18,,,,cGy,,,,,,\n"
            + "P2,lab,,,,,,,2026-01-11,,,,,,,alt,1.5,furlongs,,\nP2,radiotherapy,,,,,,,,2025-07-19,,,60 parsecs,,,,,,,\n",
        // Onsets kept as written or rewritten, an unknown event type, blank and spaced cells.
        header + " P3 ,patient, , 70 ,male,,2026-01-20,B,,,,,,,,,,,x,\nP3,condition,,,,,,,,,,2020-03,,,,,,,,\nP3,condition,,,,,,,,,,2020-03-04T10:00,,,,,,,,\nP3,vital-sign,,,,,,,2026-01-02,,,,,,,,,,,\n",
        // Non-ASCII text and a cell holding a line break.
        header + "Zoë,patient,,,,Zürich,2026-01-20,,,,,,,,,,,,\"two\nlines\",\nZoë,lab,,,,,,,2026-01-05,,,,,,,cr\u{E9}atinine,80,µmol/L,,\n",
        // Rejections: no patient row, two, a bad date, an end before the start, short and long rows.
        header + "Q1,lab,,,,,,,2026-01-10,,,,,,,alt,1,U/L,,\n",
        header + "Q2,patient,,,,,2026-01-20,,,,,,,,,,,,,\nQ2,patient,,,,,2026-01-21,,,,,,,,,,,,,\n",
        header + "Q3,patient,,,,,2026-02-30,,,,,,,,,,,,,\nQ4,patient,,,,,2026-01-20,,,,,,,,,,,,,\nQ4,radiotherapy,,,,,,,,2026-02-01,2026-01-01,,,,,,,,,\n",
        header + "Q5,patient,,,,,2026-01-20,,,,,,,,,,,,,\nQ5,lab,,,,,,,2026-01-10\nQ6,patient,,,,,2026-01-20,,,,,,,,,,,,,,extra\n",
        header + "Q7,patient,,150,,,2026-01-20,,,,,,,,,,,,,\nQ8,patient,,,,,,A,,,,,,,,,,,,\nQ9,patient,,,,,2026-01-20,,,,,,,,,,,,,true\n",
        header + "Q10,patient,true,,,,2026-01-20,,,,,,,,,,,,,\nQ11,patient,,,,,2026-01-20,,,,,,,,,,,,,\nQ11,,,,,,,,2026-01-01,,,,,,,,,,,\n",
        header + "Q12,patient,,,,,2026-01-20,,,,,,,,,,,,,\nQ12,lab,,,,,,,2026-01-10 ,,,,,,,,,,,\nQ12,lab,,,,,,,true,,,,,,,,,,,\n",
        // Columns the general path treats as record keys of their own.
        "patient_id,type,enrollment_date,timezone,id,events,enrollment,date,date_unit\nR1,patient,2026-01-20T23:30Z,Europe/Paris,,,,,\nR2,patient,2026-01-20,,R2b,,,,\n"
            + "R3,patient,2026-01-20,,,x,,,\nR4,patient,2026-01-20,,,,y,,\nR5,patient,2026-01-20,,,,,,\nR5,lab,,,,,,2026-01-10,d\nR6,patient,2026-01-20,,,,,,\nR6,lab,,,,,,2026-01-10,\n",
        // Rows without a patient id, between and before patients; a split patient.
        header + ",lab,,,,,,,2026-01-10,,,,,,,,,,,\nS1,patient,,,,,2026-01-20,,,,,,,,,,,,,\n,lab\nS2,patient,,,,,2026-01-20,,,,,,,,,,,,,\nS1,lab,,,,,,,2026-01-10,,,,,,,,,,,\n",
    ])
    func readsLikeTheGeneralPath(_ text: String) throws {
        try Self.expectSameBothWays(text)
    }

    @Test func aSemicolonFileReadsDecimalCommasTheSameBothWays() throws {
        let text = """
            patient_id;type;age;enrollment_date;date;dose;dose_unit;value;unit;uln;note
            P1;patient;64,0;2026-01-20;;;;;;;1.500
            P1;radiotherapy;;;2025-10-13;50,4 Gy;;;;;
            P1;radiotherapy;;;2025-10-14;1.234,5;cGy;;;;
            P1;lab;;;2026-01-10;;;1.500;g/L;2,5;x
            P1;lab;;;2026-01-11;;;12,5;Gy;;1,2-diol

            """
        #expect(try Self.expectSameBothWays(text).direct == 1)
        let notes = try Self.read(text, directly: true).notes
        #expect(notes.contains { $0.contains("may group thousands") })
    }

    @Test func cellsThatAreNotTextAreLeftToTheGeneralPath() throws {
        let good = Array((Self.header + "P1,patient,,,,,2026-01-20,,,,,,,,,,,,x,\nP1,lab,,,,,,,2026-01-10,,,,,,,alt,1,U/L,y,\n").utf8)
        for bad: UInt8 in [0xFF, 0x00] {
            var bytes = good
            if let index = bytes.lastIndex(of: UInt8(ascii: "y")) { bytes[index] = bad }
            let text = String(decoding: bytes, as: UTF8.self)
            // The text round trip would hide the bad byte: read the bytes as they are.
            let url = try TestSupport.writeTemporary(bytes, name: "records.csv")
            for directly in [true, false] {
                let reader = CSVReader(source: try ByteSource(path: url), decoder: PatientRecordDecoder(file: url), decodesDirectly: directly)
                guard case .rejected(let rejection) = try reader.next() else {
                    Issue.record("expected a rejection for byte \(bad) in \(text)")
                    continue
                }
                #expect(rejection.location.line == 3)
                #expect(reader.patientsDecodedDirectly == 0)
            }
        }
    }

    /// The CSV perturbations of every check of the shipped protocol, on every example
    /// patient: each changed patient reads the same both ways.
    @Test func perturbedPatientsReadTheSameBothWays() throws {
        let definition = try TestSupport.shippedProtocol()
        let table = try CSVTable.parse(Self.exampleCSV)
        let patients = try CSVPatient.split(table)
        var compared = 0
        var decoded = Counts()
        for check in definition.checks {
            for id in patients.keys.sorted() {
                guard let patient = patients[id] else { continue }
                for perturbation in CSVPerturbations.make(check, patient) {
                    decoded += try Self.expectSameBothWays(perturbation.input.table.text)
                    compared += 1
                }
            }
        }
        #expect(compared > 200)
        #expect(decoded.direct > compared / 2)
    }

    /// Random edits of the example file's rows (bytes deleted, inserted, replaced): both
    /// paths give the same items and notes.
    @Test func mutatedRowsReadTheSameBothWays() throws {
        var random = SeededGenerator(seed: 0xC5F)
        let lines = Self.exampleCSV.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let interesting = Array(#",;"  -.0123456789TtpPaient:Z"#.utf8) + [0x09, 0x0D, 0x0A, 0xC3, 0xA9, 0xFF]
        var decoded = Counts()
        for _ in 0..<300 {
            // A few patients' rows: the header and a window of lines.
            let start = 1 + Int.random(in: 0..<(lines.count - 40), using: &random)
            var chosen = [lines[0]] + Array(lines[start..<(start + 30)])
            for _ in 0..<(1 + Int.random(in: 0..<3, using: &random)) {
                let row = Int.random(in: 0..<chosen.count, using: &random)
                guard !chosen[row].isEmpty else { continue }
                let position = Int.random(in: 0..<chosen[row].count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: chosen[row].remove(at: position)
                case 1: chosen[row].insert(interesting[Int.random(in: 0..<interesting.count, using: &random)], at: position)
                default: chosen[row][position] = interesting[Int.random(in: 0..<interesting.count, using: &random)]
                }
            }
            let text = String(decoding: Array(chosen.joined(separator: [0x0A])), as: UTF8.self)
            decoded += try Self.expectSameBothWays(text)
        }
        // The example's patients have about 27 rows each: a window of 30 lines holds about
        // one patient's `patient` row. Most patients the edits leave whole read directly.
        #expect(decoded.patients > 150)
        #expect(decoded.direct * 10 >= decoded.patients * 9, "\(decoded.direct) of \(decoded.patients) patients read directly")
    }
}
