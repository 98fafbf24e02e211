import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The DV and SUPPDV datasets as a sponsor loads them: SDTMIG v3.4 variable metadata
/// (names, order, types, lengths), ASCII text of at most 200 characters with the rest in
/// SUPPDV, and XPORT v5 files that this project's reader and Python's pyreadstat both open.
@Suite("SDTM DV and SUPPDV")
struct SDTMDeviationDatasetTests {
    /// SDTMIG v3.4 DV (docs/standards.md 3.11), in order: name, label, type. The permissible
    /// TAETORD, DVSTDY and DVENDY are left out; the order of the rest is the guide's.
    static let dvMetadata: [(String, String, String)] = [
        ("STUDYID", "Study Identifier", "Char"), ("DOMAIN", "Domain Abbreviation", "Char"),
        ("USUBJID", "Unique Subject Identifier", "Char"), ("DVSEQ", "Sequence Number", "Num"),
        ("DVREFID", "Reference ID", "Char"), ("DVSPID", "Sponsor-Defined Identifier", "Char"),
        ("DVTERM", "Protocol Deviation Term", "Char"), ("DVDECOD", "Protocol Deviation Coded Term", "Char"),
        ("DVCAT", "Category for Protocol Deviation", "Char"), ("DVSCAT", "Subcategory for Protocol Deviation", "Char"),
        ("EPOCH", "Epoch", "Char"), ("DVSTDTC", "Start Date/Time of Deviation", "Char"),
        ("DVENDTC", "End Date/Time of Deviation", "Char"),
    ]

    /// The SDTMIG supplemental qualifier dataset's variables, in order.
    static let suppMetadata: [(String, String, String)] = [
        ("STUDYID", "Study Identifier", "Char"), ("RDOMAIN", "Related Domain Abbreviation", "Char"),
        ("USUBJID", "Unique Subject Identifier", "Char"), ("IDVAR", "Identifying Variable", "Char"),
        ("IDVARVAL", "Identifying Variable Value", "Char"), ("QNAM", "Qualifier Variable Name", "Char"),
        ("QLABEL", "Qualifier Variable Label", "Char"), ("QVAL", "Data Value", "Char"),
        ("QORIG", "Origin", "Char"), ("QEVAL", "Evaluator", "Char"),
    ]

    /// The golden report with one long message carrying "±" and an accented name.
    static func report() throws -> AuditReport {
        var report = try ReporterGoldenTests.report()
        let index = try #require(report.findings.firstIndex { $0.status == .deviation })
        report.findings[index].message = "Dose 200 mg, not 240 mg ± 10% — given by Dr. Müller; "
            + String(repeating: "another administration outside the allowed window; ", count: 8)
        return report
    }

    static func datasets() throws -> (dv: XPORTDataset, supp: XPORTDataset) {
        SDTMDeviationReporter().datasets(try report())
    }

    func checkMetadata(_ dataset: XPORTDataset, _ metadata: [(String, String, String)]) {
        #expect(dataset.variables.map(\.name) == metadata.map(\.0))
        #expect(dataset.variables.map(\.label) == metadata.map(\.1))
        #expect(dataset.variables.map { $0.isNumeric ? "Num" : "Char" } == metadata.map(\.2))
        for variable in dataset.variables {
            #expect(variable.name.count <= 8 && variable.label.count <= 40)
            if variable.isNumeric { #expect(variable.length == 8) } else { #expect((1...200).contains(variable.length), "\(variable.name): \(variable.length)") }
        }
        for row in dataset.rows {
            for (variable, value) in zip(dataset.variables, row) {
                guard case .text(let text) = value else { continue }
                #expect(text.utf8.count <= variable.length)
                let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
                #expect(ascii, "\(variable.name) is not ASCII: \(text)")
            }
        }
    }

    @Test("DV and SUPPDV follow the SDTMIG variable metadata: names, order, types, lengths, ASCII")
    func metadata() throws {
        let (dv, supp) = try Self.datasets()
        checkMetadata(dv, Self.dvMetadata)
        checkMetadata(supp, Self.suppMetadata)
        #expect(supp.rows.allSatisfy { row in
            guard case .text(let name) = row[5] else { return false }
            return name.count <= 8
        })
    }

    @Test("DVTERM holds at most 200 characters cut at a word; SUPPDV DVTERM1.. hold the rest; DVREFID is the check")
    func longTerms() throws {
        let (dv, supp) = try Self.datasets()
        let long = try #require(dv.rows.first { row in
            if case .text(let term) = row[6] { return term.hasPrefix("Dose 200 mg") }
            return false
        })
        guard case .text(let term) = long[6], case .text(let subject) = long[2], case .text(let check) = long[4] else {
            Issue.record("unexpected values")
            return
        }
        #expect(term.count <= 200 && term.hasPrefix("Dose 200 mg, not 240 mg +/- 10% - given by Dr. Muller;"))
        #expect(!term.hasSuffix(" "))
        #expect(try ReporterGoldenTests.report().checks.map(\.id).contains(check))
        let rest = supp.rows.filter { row in
            if case .text(let name) = row[5], case .text(let id) = row[2] { return name.hasPrefix("DVTERM") && id == subject }
            return false
        }
        #expect(rest.count >= 2)
        let pieces = [term] + rest.compactMap { row -> String? in
            if case .text(let value) = row[7] { return value }
            return nil
        }
        #expect(pieces.joined(separator: " ") == "Dose 200 mg, not 240 mg +/- 10% - given by Dr. Muller; "
            + String(repeating: "another administration outside the allowed window; ", count: 8))
    }

    @Test("A waiver and the baseline state are SUPPDV qualifiers; USUBJID follows the pattern")
    func qualifiers() throws {
        let (dv, supp) = try Self.datasets()
        let names = Set(supp.rows.compactMap { row -> String? in
            if case .text(let name) = row[5] { return name }
            return nil
        })
        #expect(names.isSuperset(of: ["DVWAIVER", "DVBLSTAT"]))
        #expect(dv.rows.allSatisfy { row in
            if case .text(let subject) = row[2] { return subject.hasPrefix("GOLDEN-") }
            return false
        })
        var options = SDTMOptions()
        options.usubjidPattern = "{study}-{site}-{patient}"
        let (patterned, _) = SDTMDeviationReporter(options: options).datasets(try Self.report())
        #expect(patterned.rows.contains { row in
            if case .text(let subject) = row[2] { return subject.hasPrefix("GOLDEN-01-S1-") }
            return false
        })
    }

    @Test("ASCII folding spells symbols out and strips accents")
    func ascii() {
        #expect(ASCIIText.fold("21 ± 3 days, ≥ 1.5 × ULN, 10⁹/L, Müller, µmol") == "21 +/- 3 days, >= 1.5 x ULN, 10?/L, Muller, umol")
        #expect(ASCIIText.chunks("aaa bbb ccc", limit: 7) == ["aaa bbb", "ccc"])
        #expect(ASCIIText.chunks(String(repeating: "x", count: 12), limit: 5) == ["xxxxx", "xxxxx", "xx"])
    }

    @Test("The XPORT files read back through the project's reader, value for value")
    func roundTrip() throws {
        let (dv, supp) = try Self.datasets()
        for dataset in [dv, supp] {
            let bytes = dataset.transportFile(created: "25NOV26:00:00:00")
            #expect(bytes.count % 80 == 0)
            let (header, rows) = try XPORTReader.read(bytes, path: "\(dataset.name).xpt")
            #expect(header.names == dataset.variables.map(\.name))
            #expect(rows.count == dataset.rows.count)
            for (row, expected) in zip(rows, dataset.rows) {
                let texts = expected.map { value -> String in
                    switch value {
                    case .text(let text): text.trimmingCharacters(in: .whitespaces)
                    case .number(let number): number.map { String(Int($0)) } ?? ""
                    }
                }
                #expect(row.fields.map(\.text) == texts)
            }
        }
    }

    @Test("IBM floating point: whole numbers, fractions, negatives and missing values read back")
    func ibm() {
        for value in [1.0, 2, 15, 16, 17, 255, 256, 1000, 123_456, -3, 0.5, 0.1] {
            #expect(Double(XPORTReader.number(XPORTDataset.ibm(value))) == value, "\(value)")
        }
        #expect(XPORTReader.number(XPORTDataset.ibm(nil)) == "")
        #expect(XPORTReader.number(XPORTDataset.ibm(0)) == "0")
    }

    @Test("pyreadstat opens dv.xpt and suppdv.xpt with the same names, labels, widths and values",
          .enabled(if: Self.pythonAvailable, "needs python3 (and pyreadstat: pip install pyreadstat, as .ci/run does)"))
    func pyreadstat() throws {
        let (dv, supp) = try Self.datasets()
        for dataset in [dv, supp] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("dv-\(UUID().uuidString).xpt")
            try Data(dataset.transportFile(created: "25NOV26:00:00:00")).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let script = """
                import json, sys, pyreadstat
                data, meta = pyreadstat.read_xport(sys.argv[1], output_format='dict')
                print(json.dumps({'name': meta.table_name, 'label': meta.file_label, 'names': meta.column_names,
                                  'labels': meta.column_labels, 'widths': [meta.variable_storage_width[n] for n in meta.column_names],
                                  'rows': meta.number_rows, 'first': [data[n][0] for n in meta.column_names] if meta.number_rows else []}))
                """
            let result = try SchemaValidator.run(["-c", script, url.path])
            #expect(result.status == 0, "\(result.output)")
            let read = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect(read["name"] as? String == dataset.name)
            #expect(read["names"] as? [String] == dataset.variables.map(\.name))
            #expect(read["labels"] as? [String] == dataset.variables.map(\.label))
            #expect(read["widths"] as? [Int] == dataset.variables.map(\.length))
            #expect(read["rows"] as? Int == dataset.rows.count)
            if let first = read["first"] as? [Any], let expected = dataset.rows.first {
                for (value, wanted) in zip(first, expected) {
                    switch wanted {
                    case .text(let text): #expect(value as? String == text)
                    case .number(let number): #expect((value as? Double) == number)
                    }
                }
            }
        }
    }

    /// Python is enough to run the test: without pyreadstat it fails, since CI installs it.
    static var pythonAvailable: Bool {
        (try? SchemaValidator.run(["-c", "pass"]).status) == 0
    }
}
