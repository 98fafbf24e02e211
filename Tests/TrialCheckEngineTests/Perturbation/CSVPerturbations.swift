import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// A CSV table: a header and rows of cells. The example files hold no quoted cells, so
/// reading splits on commas; writing quotes a cell that needs it.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    /// Reads unquoted CSV text.
    static func parse(_ text: String) throws -> CSVTable {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        try #require(!text.contains("\""), "the perturbation suite reads unquoted CSV only")
        let cells = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return CSVTable(header: cells.first ?? [], rows: Array(cells.dropFirst()))
    }

    var text: String {
        ([header] + rows).map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ cell: String) -> String {
        cell.contains(",") || cell.contains("\"") ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// The index of a column (case-insensitive).
    func column(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The cell of `row` in column `name`, or `nil` when absent or blank.
    func cell(_ row: [String], _ name: String) -> String? {
        guard let index = column(name), index < row.count, !row[index].isEmpty else { return nil }
        return row[index]
    }

    /// The table with `change` applied to each row `matching` selects, or `nil` if it changed none.
    func changingRows(where matching: ([String]) -> Bool, _ change: (inout [String]) -> Bool) -> CSVTable? {
        var copy = self
        var changed = false
        for index in rows.indices where matching(rows[index]) {
            var row = rows[index]
            while row.count < header.count { row.append("") }
            if change(&row) {
                copy.rows[index] = row
                changed = true
            }
        }
        return changed ? copy : nil
    }

    /// The table with column `name` renamed to `newName`.
    func renamingColumn(_ name: String, to newName: String) -> CSVTable? {
        guard let index = column(name) else { return nil }
        var copy = self
        copy.header[index] = newName
        return copy
    }
}

/// One patient's rows of the flat CSV layout.
struct CSVPatient: PerturbableInput {
    var table: CSVTable

    func write(into folder: URL) throws -> String {
        let url = folder.appendingPathComponent("site-records.csv")
        try Data(table.text.utf8).write(to: url)
        return url.path
    }

    /// Each patient's rows of `table`, by patient id.
    static func split(_ table: CSVTable) throws -> [String: CSVPatient] {
        let idColumn = try #require(table.column("patient_id"))
        let grouped = Dictionary(grouping: table.rows) { $0[idColumn] }
        return grouped.mapValues { CSVPatient(table: CSVTable(header: table.header, rows: $0)) }
    }
}

/// The CSV perturbations of one check: type cells renamed and re-cased, headers re-cased
/// and renamed, cells blanked, unit cells turned into free text, the arm cell relabelled.
enum CSVPerturbations {
    static func make(_ check: ConfiguredCheck, _ patient: CSVPatient) -> [Perturbation<CSVPatient>] {
        var result: [Perturbation<CSVPatient>] = []
        let table = patient.table
        func add(_ operatorName: String, _ detail: String, _ mentions: [String], _ changed: CSVTable?) {
            if let changed { result.append(Perturbation(operatorName: operatorName, detail: detail, mentions: mentions, input: CSVPatient(table: changed))) }
        }
        guard let typeColumn = table.column("type") else { return [] }
        let inputs = check.check.inputs
        var keyIndex = 0
        for type in inputs.eventTypes.map(\.rawValue) {
            let ofType: ([String]) -> Bool = { $0[typeColumn].lowercased() == type }
            guard table.rows.contains(where: ofType) else { continue }
            for renamed in [Misspelling.type(type), Misspelling.alternative(type)] {
                add("rename-type", "type cell \(type) → \(renamed)", [renamed], table.changingRows(where: ofType) { $0[typeColumn] = renamed; return true })
            }
            for cased in [Misspelling.capitalized(type), type.uppercased()] {
                add("type-case", "type cell \(type) → \(cased)", [], table.changingRows(where: ofType) { $0[typeColumn] = cased; return true })
            }
            for key in inputs.events[EventType(rawValue: type), default: []].sorted() {
                guard let column = table.column(key), table.rows.contains(where: { ofType($0) && !$0[column].isEmpty }) else { continue }
                let unitColumn = table.column(key + "_unit")
                add("drop-key", "\(type) \(key) cell blanked", [], MeaningfulAbsence.contains(type: type, key: key) ? nil : table.changingRows(where: ofType) { row in
                    guard !row[column].isEmpty else { return false }
                    row[column] = ""
                    if let unitColumn { row[unitColumn] = "" }
                    return true
                })
                let renamed = Misspelling.key(key)
                add("rename-key", "header \(key) → \(renamed)", ["\(type).\(renamed)"], table.renamingColumn(key, to: renamed))
                // One case change per key, alternating between `Dose` and `DOSE` (both occur).
                let cased = keyIndex.isMultiple(of: 2) ? Misspelling.capitalized(key) : key.uppercased()
                keyIndex += 1
                add("header-case", "header \(key) → \(cased)", ["\(type).\(cased)"], table.renamingColumn(key, to: cased))
                if RecordVocabulary.quantityKeys[EventType(rawValue: type)]?.contains(key) == true || (type == "lab" && key == "unit") {
                    result += unitPerturbations(table, type: type, key: key, ofType: ofType)
                }
            }
        }
        let patientRow: ([String]) -> Bool = { $0[typeColumn].lowercased() == "patient" }
        if inputs.fields.contains(.arm), let armColumn = table.column("arm"), table.rows.contains(where: { patientRow($0) && !$0[armColumn].isEmpty }) {
            for label in ["Arm Z", "Observation group"] {
                add("arm-label", "arm cell → \(label)", [label], table.changingRows(where: patientRow) { $0[armColumn] = label; return true })
            }
            add("drop-key", "arm cell blanked", [], table.changingRows(where: patientRow) { $0[armColumn] = ""; return true })
            add("header-case", "header arm → ARM", [], table.renamingColumn("arm", to: "ARM"))
        }
        if inputs.fields.contains(.birthDate) || inputs.fields.contains(.age) {
            for key in ["birth_date", "age"] {
                guard let column = table.column(key), table.rows.contains(where: { patientRow($0) && !$0[column].isEmpty }) else { continue }
                add("drop-key", "\(key) cell blanked", [], table.changingRows(where: patientRow) { $0[column] = ""; return true })
                add("rename-key", "header \(key) → \(Misspelling.key(key))", [Misspelling.key(key)], table.renamingColumn(key, to: Misspelling.key(key)))
                add("header-case", "header \(key) → \(key.uppercased())", [key.uppercased()], table.renamingColumn(key, to: key.uppercased()))
            }
        }
        return result
    }

    /// Unit cells of `key` turned into free text: the `<key>_unit` cell, or the unit in a
    /// `50.4 Gy` cell, or a lab result's `unit` cell.
    private static func unitPerturbations(_ table: CSVTable, type: String, key: String, ofType: @escaping ([String]) -> Bool) -> [Perturbation<CSVPatient>] {
        guard let valueColumn = table.column(key) else { return [] }
        let unitColumn = key == "unit" ? valueColumn : table.column(key + "_unit")
        func unit(_ row: [String]) -> String? {
            if let unitColumn, unitColumn < row.count, !row[unitColumn].isEmpty { return row[unitColumn] }
            return NativePerturbations.unit(of: row[valueColumn], isUnitKey: false)
        }
        let units = Set(table.rows.filter(ofType).compactMap(unit))
        return units.sorted().flatMap { original in
            Misspelling.unitText(original).compactMap { text -> Perturbation<CSVPatient>? in
                let changed = table.changingRows(where: { ofType($0) && unit($0) == original }) { row in
                    if let unitColumn, !row[unitColumn].isEmpty {
                        row[unitColumn] = text
                    } else {
                        row[valueColumn] = NativePerturbations.replacingUnit(of: row[valueColumn], with: text, isUnitKey: false) as? String ?? row[valueColumn]
                    }
                    return true
                }
                return changed.map { Perturbation(operatorName: "unit-text", detail: "\(type) \(key) unit \(original) → \(text)", mentions: [text], input: CSVPatient(table: $0)) }
            }
        }
    }
}
