import Foundation
import TrialCheckCore

/// The deviations as a CDISC SDTM DV (Protocol Deviations) dataset in CSV, one record
/// per deviation per subject, in the SDTMIG v3.4 variable order, with its SUPPDV and both as
/// SAS XPORT v5 files (``companions(_:)``: `suppdv.csv`, `dv.xpt`, `suppdv.xpt`, written
/// beside the CSV).
///
/// Only `deviation` findings are written (indeterminate and not-evaluable verdicts are
/// not deviations); waived deviations are written too, since a deviation occurred.
///
/// - `USUBJID`: for SDTM input, the patient id, which is DM's `USUBJID` (pseudonymized with
///   the same key as a pseudonymized DM, so the two still join); for other inputs
///   ``SDTMOptions/usubjidPattern`` (`{study}-{patient}` by default).
/// - `DVREFID`: the check id; `DVSPID`: the patient record's file name and line.
/// - `DVTERM`: the finding's message in ASCII (`±` as `+/-`), at most 200 characters, cut at
///   a word; the rest goes to SUPPDV as `DVTERM1`, `DVTERM2`, ... of 200 each (SDTMIG 4.5.3.2).
/// - `DVDECOD`, `DVCAT`, `EPOCH`: from the check's category (see ``CheckCategory``; CDISC has
///   no codelist for DVDECOD or DVCAT); `DVSCAT`: the severity (MAJOR or MINOR).
/// - `DVSTDTC`: the finding's date; `DVENDTC`: the same day when the deviation is one dated
///   event (a dose, an enrollment) with a complete date; empty for a treatment that ran past
///   its limit, whose end the finding does not give.
/// - SUPPDV also carries `DVWAIVER` (a waiver's justification) and `DVBLSTAT` (`NEW` or
///   `UNCHANGED` against a baseline).
public struct SDTMDeviationReporter: Reporter {
    public static let identifier = "sdtm-dv"

    /// How subjects are identified and when the files were made.
    public let options: SDTMOptions

    /// A DV reporter.
    public init(options: SDTMOptions = SDTMOptions()) {
        self.options = options
    }

    /// The DV variables, in SDTMIG v3.4 order (the permissible TAETORD, DVSTDY and DVENDY
    /// left out: the audit knows no element order or reference start date).
    static let dvVariables: [(name: String, label: String, isNumeric: Bool)] = [
        ("STUDYID", "Study Identifier", false), ("DOMAIN", "Domain Abbreviation", false),
        ("USUBJID", "Unique Subject Identifier", false), ("DVSEQ", "Sequence Number", true),
        ("DVREFID", "Reference ID", false), ("DVSPID", "Sponsor-Defined Identifier", false),
        ("DVTERM", "Protocol Deviation Term", false), ("DVDECOD", "Protocol Deviation Coded Term", false),
        ("DVCAT", "Category for Protocol Deviation", false), ("DVSCAT", "Subcategory for Protocol Deviation", false),
        ("EPOCH", "Epoch", false), ("DVSTDTC", "Start Date/Time of Deviation", false),
        ("DVENDTC", "End Date/Time of Deviation", false),
    ]

    /// The SUPPDV variables (the SDTMIG supplemental qualifiers structure).
    static let suppVariables: [(name: String, label: String, isNumeric: Bool)] = [
        ("STUDYID", "Study Identifier", false), ("RDOMAIN", "Related Domain Abbreviation", false),
        ("USUBJID", "Unique Subject Identifier", false), ("IDVAR", "Identifying Variable", false),
        ("IDVARVAL", "Identifying Variable Value", false), ("QNAM", "Qualifier Variable Name", false),
        ("QLABEL", "Qualifier Variable Label", false), ("QVAL", "Data Value", false),
        ("QORIG", "Origin", false), ("QEVAL", "Evaluator", false),
    ]

    /// The longest text SDTM allows in a variable.
    static let textLimit = 200

    public func render(_ report: AuditReport) -> String {
        ReportOutput.collecting { write(report, to: $0) }
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        let (dv, _) = datasets(report)
        output.write(CSVReporter.row(dv.variables.map(\.name)))
        for row in dv.rows { output.write(CSVReporter.row(row.map(Self.text))) }
    }

    /// The files written beside the DV CSV: SUPPDV as CSV, and DV and SUPPDV as XPORT.
    public func companions(_ report: AuditReport) -> [(name: String, bytes: [UInt8])] {
        let (dv, supp) = datasets(report)
        var suppCSV = CSVReporter.row(supp.variables.map(\.name))
        for row in supp.rows { suppCSV += CSVReporter.row(row.map(Self.text)) }
        return [
            ("suppdv.csv", Array(suppCSV.utf8)),
            ("dv.xpt", dv.transportFile(created: options.created)),
            ("suppdv.xpt", supp.transportFile(created: options.created)),
        ]
    }

    private static func text(_ value: XPORTDataset.Value) -> String {
        switch value {
        case .text(let text): text
        case .number(let number): number.map { $0.rounded() == $0 ? String(Int($0)) : String($0) } ?? ""
        }
    }

    /// DV and SUPPDV, with each character variable as long as its longest value.
    func datasets(_ report: AuditReport) -> (dv: XPORTDataset, supp: XPORTDataset) {
        let studyID = ASCIIText.fold(report.protocol.id)
        let checks = Dictionary(report.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sdtmInputs = report.inputs.filter { $0.format == InputFormat.sdtm.rawValue }.map(\.path)
        var dvRows: [[XPORTDataset.Value]] = []
        var suppRows: [[XPORTDataset.Value]] = []
        var sequence: [String: Int] = [:]
        for finding in report.allFindings where finding.status == .deviation {
            let check = checks[finding.check]
            let category = check?.category ?? .procedure
            let fromSDTM = finding.location.map { location in sdtmInputs.contains { location.file.hasPrefix($0) } } ?? false
            let subject = ASCIIText.fold(fromSDTM ? finding.patient : options.subject(study: report.protocol.id, site: finding.site, patient: finding.patient))
            sequence[subject, default: 0] += 1
            let number = sequence[subject] ?? 1
            let terms = ASCIIText.chunks(ControlEscaping.escape(ASCIIText.fold(finding.message)), limit: Self.textLimit)
            let spid = finding.location.map { location in
                (location.file.split(separator: "/").last.map(String.init) ?? location.file) + (location.line.map { ":\($0)" } ?? "")
            } ?? ""
            let date = finding.date ?? ""
            let endDate = check?.kind != "treatment-duration" && PartialDate(iso8601: date)?.isComplete == true ? date : ""
            dvRows.append([
                .text(studyID), .text("DV"), .text(subject), .number(Double(number)), .text(ASCIIText.fold(finding.check)),
                .text(ASCIIText.fold(spid)), .text(terms.first ?? ""), .text(category.dvDecodedTerm), .text(category.dvCategory),
                .text(finding.severity.rawValue.uppercased()), .text(category.epoch), .text(date), .text(endDate),
            ])
            func qualifier(_ name: String, _ label: String, _ value: String) {
                suppRows.append([
                    .text(studyID), .text("DV"), .text(subject), .text("DVSEQ"), .text(String(number)),
                    .text(name), .text(label), .text(value), .text("DERIVED"), .text(""),
                ])
            }
            for (index, term) in terms.dropFirst().enumerated() {
                qualifier("DVTERM\(index + 1)", "Protocol Deviation Term \(index + 1)", term)
            }
            if let waiver = finding.waiver {
                let justification = ASCIIText.fold(ControlEscaping.escape("\(waiver.reason) (approved by \(waiver.approvedBy))"))
                qualifier("DVWAIVER", "Waiver Justification", ASCIIText.chunks(justification, limit: Self.textLimit).first ?? "")
            }
            if let isNew = finding.isNew {
                qualifier("DVBLSTAT", "Baseline State", isNew ? "NEW" : "UNCHANGED")
            }
        }
        return (
            XPORTDataset(name: "DV", label: "Protocol Deviations", variables: Self.layout(Self.dvVariables, rows: dvRows), rows: dvRows),
            XPORTDataset(name: "SUPPDV", label: "Supplemental Qualifiers for DV", variables: Self.layout(Self.suppVariables, rows: suppRows), rows: suppRows)
        )
    }

    /// The variables with their lengths: 8 for numbers, the longest value (at least 1) for text.
    private static func layout(_ variables: [(name: String, label: String, isNumeric: Bool)], rows: [[XPORTDataset.Value]]) -> [XPORTDataset.Variable] {
        variables.enumerated().map { index, variable in
            var length = variable.isNumeric ? 8 : 1
            if !variable.isNumeric {
                for row in rows {
                    if case .text(let text) = row[index] { length = max(length, text.utf8.count) }
                }
            }
            return XPORTDataset.Variable(name: variable.name, label: variable.label, isNumeric: variable.isNumeric, length: length)
        }
    }
}

/// How the DV dataset identifies subjects, and the time its transport files are stamped with.
public struct SDTMOptions: Sendable, Hashable {
    /// `USUBJID` for inputs other than SDTM: `{study}`, `{site}` and `{patient}` replaced by
    /// the protocol id, the patient's site and id.
    public var usubjidPattern = "{study}-{patient}"
    /// The SAS date-time the XPORT headers carry (`25NOV26:00:00:00`).
    public var created = "01JAN70:00:00:00"

    /// Default options.
    public init() {}

    /// The USUBJID of a patient not read from SDTM.
    func subject(study: String, site: String?, patient: String) -> String {
        usubjidPattern
            .replacingOccurrences(of: "{study}", with: study)
            .replacingOccurrences(of: "{site}", with: site ?? "")
            .replacingOccurrences(of: "{patient}", with: patient)
    }

    /// A SAS date-time (`25NOV26:00:00:00`) from an ISO 8601 one (`2026-11-25T00:00:00`).
    public static func sasDateTime(_ iso: String) -> String? {
        let parts = iso.split(whereSeparator: { $0 == "-" || $0 == "T" })
        guard parts.count >= 3, let month = Int(parts[1]), (1...12).contains(month), parts[0].count == 4 else { return nil }
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let time = parts.count > 3 ? String(parts[3].prefix(8)) : "00:00:00"
        return "\(parts[2].prefix(2))\(months[month - 1])\(parts[0].suffix(2)):\(time)"
    }
}

/// Text as SDTM asks for it: ASCII, in pieces of at most 200 characters.
enum ASCIIText {
    /// Symbols written in ASCII the way a reader expects them.
    private static let replacements: [Character: String] = [
        "±": "+/-", "≤": "<=", "≥": ">=", "≠": "!=", "×": "x", "÷": "/", "–": "-", "—": "-", "−": "-",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "…": "...", "µ": "u", "μ": "u", "°": " deg", "·": ".",
        "²": "2", "³": "3", "→": "->", " ": " ",
    ]

    /// `text` in ASCII: known symbols spelt out, accents removed, anything else as `?`.
    static func fold(_ text: String) -> String {
        var out = ""
        for character in text {
            if character.isASCII {
                out.append(character)
            } else if let replacement = replacements[character] {
                out += replacement
            } else {
                // A letter with accents decomposes into an ASCII letter and combining marks.
                let plain = String(String(character).decomposedStringWithCanonicalMapping.unicodeScalars.filter(\.isASCII).map(Character.init))
                out += plain.isEmpty ? "?" : plain
            }
        }
        return out
    }

    /// `text` cut into pieces of at most `limit` characters, at the last space before the
    /// limit where there is one; the pieces joined with single spaces give the text back.
    static func chunks(_ text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > limit {
            let window = rest.prefix(limit + 1)
            if let space = window.lastIndex(of: " "), space > rest.startIndex {
                pieces.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                pieces.append(String(rest.prefix(limit)))
                rest = rest.dropFirst(limit)
            }
        }
        pieces.append(String(rest))
        return pieces
    }
}
