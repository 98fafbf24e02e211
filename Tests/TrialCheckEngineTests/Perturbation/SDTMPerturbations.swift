import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// One patient's rows of each SDTM dataset, written as a folder of CSV datasets.
struct SDTMPatient: PerturbableInput {
    /// The datasets by file name (`lb.csv`).
    var datasets: [String: CSVTable]

    func write(into folder: URL) throws -> String {
        let sdtm = folder.appendingPathComponent("sdtm", isDirectory: true)
        try FileManager.default.createDirectory(at: sdtm, withIntermediateDirectories: true)
        for (name, table) in datasets where name == "dm.csv" || !table.rows.isEmpty {
            try Data(table.text.utf8).write(to: sdtm.appendingPathComponent(name))
        }
        return sdtm.path
    }

    /// The datasets of a folder, split by USUBJID.
    static func load(_ folder: URL) throws -> [String: SDTMPatient] {
        var tables: [String: CSVTable] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".csv") {
            tables[name] = try CSVTable.parse(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        let dm = try #require(tables["dm.csv"])
        let subject = try #require(dm.column("USUBJID"))
        var patients: [String: SDTMPatient] = [:]
        for row in dm.rows {
            let id = row[subject]
            patients[id] = SDTMPatient(datasets: tables.mapValues { table in
                guard let column = table.column("USUBJID") else { return CSVTable(header: table.header, rows: []) }
                return CSVTable(header: table.header, rows: table.rows.filter { $0[column] == id })
            })
        }
        return patients
    }

    /// The patient with `change` applied to the rows of dataset `name` that `matching` selects.
    func changing(_ name: String, where matching: (CSVTable, [String]) -> Bool = { _, _ in true }, _ change: (CSVTable, inout [String]) -> Bool) -> SDTMPatient? {
        guard let table = datasets[name], let changed = table.changingRows(where: { matching(table, $0) }, { change(table, &$0) }) else { return nil }
        var copy = self
        copy.datasets[name] = changed
        return copy
    }

    /// The patient with the variables `names` of dataset `name` blanked in the rows `matching` selects.
    func blanking(_ names: [String], in name: String, where matching: @escaping (CSVTable, [String]) -> Bool = { _, _ in true }) -> SDTMPatient? {
        changing(name, where: matching) { table, row in
            var changed = false
            for variable in names {
                if let column = table.column(variable), !row[column].isEmpty {
                    row[column] = ""
                    changed = true
                }
            }
            return changed
        }
    }

    /// The patient with dataset `name`'s supplemental qualifiers `qnams` removed.
    func droppingSupplement(of name: String, qnams: Set<String>) -> SDTMPatient? {
        let supplement = "supp" + name
        guard let table = datasets[supplement], let column = table.column("QNAM") else { return nil }
        let kept = table.rows.filter { !qnams.contains($0[column]) }
        guard kept.count < table.rows.count else { return nil }
        var copy = self
        copy.datasets[supplement] = CSVTable(header: table.header, rows: kept)
        return copy
    }

    /// The patient with dataset `name` written as `newName` (its domain prefix renamed in
    /// the variable names and the DOMAIN column).
    func moving(_ name: String, to newName: String, variables: [String: String] = [:]) -> SDTMPatient? {
        guard let table = datasets[name], !table.rows.isEmpty, datasets[newName]?.rows.isEmpty ?? true else { return nil }
        let from = String(name.prefix(2)).uppercased()
        let to = String(newName.prefix(2)).uppercased()
        var moved = table
        moved.header = table.header.map { variable in
            if let renamed = variables[variable] { return renamed }
            return variable.hasPrefix(from) && variable != "USUBJID" ? to + variable.dropFirst(2) : variable
        }
        if let domain = moved.column("DOMAIN") {
            for index in moved.rows.indices { moved.rows[index][domain] = to }
        }
        var copy = self
        copy.datasets[name] = nil
        copy.datasets[newName] = moved
        return copy
    }
}

/// The SDTM perturbations of one check: the dataset that carries what it reads moved to
/// another domain, its --TESTCD renamed, its variables blanked or renamed, its unit
/// variables turned into free text, the arm code relabelled.
enum SDTMPerturbations {
    /// How an event type of the model is carried in SDTM.
    private struct Carrier {
        var dataset: String
        /// Selects the type's rows of the dataset.
        var selects: (CSVTable, [String]) -> Bool = { _, _ in true }
        /// Per key: the variables that carry it, and supplemental qualifiers.
        var variables: [String: [String]]
        var supplements: [String: Set<String>] = [:]
        /// The unit variables.
        var units: [String] = []
        /// The --TESTCD variable, if the type is told by a test code.
        var testCode: String?
        /// Other datasets (file names) it could legitimately be in, with variable renames.
        var moves: [(String, [String: String])] = []
    }

    private static func category(_ words: String..., not: Bool = false) -> (CSVTable, [String]) -> Bool {
        { table, row in
            let text = ["MHCAT", "CMCAT", "CMSCAT", "PRCAT", "DSDECOD"].compactMap { table.cell(row, $0) }.joined(separator: " ").uppercased()
            return words.contains { text.contains($0) } != not
        }
    }

    private static var carriers: [EventType: Carrier] {
        let therapy = Carrier(dataset: "cm.csv", variables: ["agents": ["CMTRT"], "phase": ["CMSCAT"], "cycles": ["CMDOSRGM"]], moves: [("ag.csv", [:])])
        return [
            .administration: Carrier(
                dataset: "ex.csv",
                variables: ["drug": ["EXTRT"], "dose": ["EXDOSE"], "route": ["EXROUTE"], "frequency": ["EXDOSFRQ"]],
                supplements: ["cycle": ["CYCLE"]], units: ["EXDOSU"], moves: [("ag.csv", [:])]
            ),
            .chemotherapy: therapy, .immunotherapy: therapy, .targetedTherapy: therapy,
            .radiotherapy: Carrier(
                dataset: "pr.csv", selects: category("RADIO"),
                variables: ["dose": ["PRDOSE"]], supplements: ["fractions": ["PRFXNUM"], "technique": ["PRRTTECH"]], units: ["PRDOSU"],
                moves: [("ag.csv", [:])]
            ),
            .lab: Carrier(
                dataset: "lb.csv", variables: ["value": ["LBSTRESN", "LBORRES"], "unit": ["LBSTRESU", "LBORRESU"], "uln": ["LBSTNRHI", "LBORNRHI"], "test": ["LBTESTCD"]],
                units: ["LBSTRESU", "LBORRESU"], testCode: "LBTESTCD", moves: [("is.csv", [:])]
            ),
            .performanceStatus: Carrier(
                dataset: "qs.csv", variables: ["score": ["QSSTRESN", "QSORRES"]], testCode: "QSTESTCD",
                moves: [("rs.csv", ["QSSTRESN": "RSSTRESC"]), ("ft.csv", [:])]
            ),
            .response: Carrier(dataset: "rs.csv", variables: ["result": ["RSSTRESC", "RSORRES"]], testCode: "RSTESTCD", moves: [("tr.csv", [:])]),
            .adverseEvent: Carrier(
                dataset: "ae.csv", variables: ["term": ["AEDECOD", "AETERM"], "grade": ["AETOXGR"]], supplements: ["immune_related": ["AEIRAE"]],
                moves: [("ce.csv", [:])]
            ),
            .condition: Carrier(
                dataset: "mh.csv", selects: category("PRIMARY", not: true),
                variables: ["term": ["MHDECOD", "MHTERM"], "status": ["MHENRTPT", "MHENDTC"], "onset": ["MHSTDTC"]], moves: [("ce.csv", [:])]
            ),
            .diagnosis: Carrier(
                dataset: "mh.csv", selects: category("PRIMARY"),
                variables: ["histology": ["MHTERM"]], supplements: ["stage": ["MHSTAGE"], "metastases": ["MHMETAST"]]
            ),
            .consent: Carrier(dataset: "ds.csv", selects: category("CONSENT"), variables: ["date": ["DSSTDTC"]]),
        ]
    }

    static func make(_ check: ConfiguredCheck, _ patient: SDTMPatient) -> [Perturbation<SDTMPatient>] {
        var result: [Perturbation<SDTMPatient>] = []
        var details: Set<String> = []
        func add(_ operatorName: String, _ detail: String, _ mentions: [String], _ changed: SDTMPatient?) {
            guard let changed, details.insert(detail).inserted else { return }
            result.append(Perturbation(operatorName: operatorName, detail: detail, mentions: mentions, input: changed))
        }
        let inputs = check.check.inputs
        let carriers = Self.carriers
        for eventType in inputs.eventTypes {
            guard let carrier = carriers[eventType], let table = patient.datasets[carrier.dataset],
                  table.rows.contains(where: { carrier.selects(table, $0) }) else { continue }
            let name = carrier.dataset
            for (target, renames) in carrier.moves {
                add("move-domain", "\(name) → \(target)", [target], patient.moving(name, to: target, variables: renames))
            }
            let keys = inputs.events[eventType, default: []]
            for key in keys.sorted() {
                for variable in carrier.variables[key] ?? [] {
                    add("rename-variable", "\(name) \(variable) → \(variable)X", [], table.column(variable).flatMap { _ in
                        var copy = patient
                        copy.datasets[name] = table.renamingColumn(variable, to: variable + "X")
                        return copy
                    })
                }
                if let variables = carrier.variables[key], !MeaningfulAbsence.contains(type: eventType.rawValue, key: key) {
                    add("drop-key", "\(name) \(variables.joined(separator: ", ")) blanked (\(eventType).\(key))", [], patient.blanking(variables, in: name, where: carrier.selects))
                }
                if let qnams = carrier.supplements[key], !MeaningfulAbsence.contains(type: eventType.rawValue, key: key) {
                    add("drop-key", "supp\(name) \(qnams.sorted().joined(separator: ", ")) removed (\(eventType).\(key))", [], patient.droppingSupplement(of: name, qnams: qnams))
                }
            }
            if keys.contains("unit") || keys.contains("dose") {
                let units = Set(carrier.units.flatMap { variable in table.rows.filter { carrier.selects(table, $0) }.compactMap { table.cell($0, variable) } })
                for unit in units.sorted() {
                    for text in Misspelling.unitText(unit) {
                        add("unit-text", "\(name) unit \(unit) → \(text)", [text], patient.changing(name, where: carrier.selects) { table, row in
                            var changed = false
                            for variable in carrier.units {
                                if let column = table.column(variable), row[column] == unit {
                                    row[column] = text
                                    changed = true
                                }
                            }
                            return changed
                        })
                    }
                }
            }
            if let testCode = carrier.testCode {
                add("rename-testcd", "\(name) \(testCode) → <code>1", [], patient.changing(name, where: carrier.selects) { table, row in
                    guard let column = table.column(testCode), !row[column].isEmpty else { return false }
                    row[column] += "1"
                    return true
                })
            }
        }
        if inputs.fields.contains(.arm) {
            for label in ["Arm Z", "Observation group"] {
                add("arm-label", "dm ARMCD, ACTARMCD → \(label)", [label], patient.changing("dm.csv") { table, row in
                    var changed = false
                    for variable in ["ARMCD", "ACTARMCD"] {
                        if let column = table.column(variable), !row[column].isEmpty {
                            row[column] = label
                            changed = true
                        }
                    }
                    return changed
                })
            }
            add("drop-key", "dm ARMCD, ACTARMCD blanked", [], patient.blanking(["ARMCD", "ACTARMCD"], in: "dm.csv"))
        }
        if inputs.fields.contains(.birthDate) || inputs.fields.contains(.age) {
            add("drop-key", "dm BRTHDTC, AGE blanked", [], patient.blanking(["BRTHDTC", "AGE"], in: "dm.csv"))
        }
        return result
    }
}
