import Testing
import TrialCheckCore

@Suite("The shipped drug terminology (WHO ATC) and its classes")
struct DrugTerminologyTests {
    @Test("Names, synonyms and codes name the same substance", arguments: [
        ("toripalimab", "toripalimab"), ("JS001", "toripalimab"), ("js-001", "toripalimab"), ("Tuoyi", "toripalimab"),
        ("Xeloda", "capecitabine"), ("5-FU", "fluorouracil"), ("5fu", "fluorouracil"), ("5 FU", "fluorouracil"),
        ("S-1", "tegafur/gimeracil/oteracil"), ("CDDP", "cisplatin"), ("Tecentriq®", "atezolizumab"),
        ("L01FF05", "atezolizumab"), ("l01ff05", "atezolizumab"), ("RxNorm:1792776", "atezolizumab"), ("RXCUI: 2555", "cisplatin"),
    ])
    func identifies(recorded: String, name: String) {
        guard case .drug(let entry) = DrugTerminology.identify(recorded) else {
            Issue.record("'\(recorded)' is not identified")
            return
        }
        #expect(entry.name == name)
    }

    @Test("An ATC code the table does not list keeps its class; an unknown name has none")
    func codesAndUnknowns() throws {
        let pd1 = try #require(DrugTerminology.drugClass(named: "L01FF"))
        #expect(DrugTerminology.identify("L01FF11") == .atcCode("L01FF11"))
        #expect(pd1.contains(DrugTerminology.identify("L01FF11")) == .yes)
        #expect(pd1.contains(DrugTerminology.identify("L01XA01")) == .no)
        #expect(pd1.contains(DrugTerminology.identify("ZX-1234")) == .unknown)
        #expect(pd1.contains(DrugTerminology.identify("RxNorm:99999999")) == .unknown)
        // L01BC53 names two combinations (S-1 and UFT): the code alone names neither.
        #expect(DrugTerminology.identify("L01BC53") == .atcCode("L01BC53"))
    }

    @Test("Named classes hold what their definition says", arguments: [
        ("platinum", "nedaplatin", Truth.yes), ("platinum", "docetaxel", .no),
        ("fluoropyrimidine", "S-1", .yes), ("fluoropyrimidine", "Xeloda", .yes), ("fluoropyrimidine", "doxifluridine", .yes),
        ("fluoropyrimidine", "gemcitabine", .no), ("fluoropyrimidine", "L01BC53", .yes),
        ("taxane", "nab-paclitaxel", .yes), ("anti-PD-1/PD-L1", "camrelizumab", .yes), ("anti PD1 PDL1", "sintilimab", .yes),
        ("anti-PD-1/PD-L1", "ipilimumab", .no), ("anti-CTLA-4", "ipilimumab", .yes), ("L01", "cetuximab", .yes), ("L01F", "cisplatin", .no),
    ])
    func classes(name: String, recorded: String, expected: Truth) throws {
        let drugClass = try #require(DrugTerminology.drugClass(named: name))
        #expect(drugClass.contains(DrugTerminology.identify(recorded)) == expected)
    }

    @Test("A class reference that is neither a code nor a named class is refused, with a suggestion")
    func unknownClass() {
        #expect(DrugTerminology.drugClass(named: "platinums") == nil)
        #expect(DrugTerminology.drugClass(named: "L01FF0") == nil)
        #expect(throws: ParameterProblem.self) { try DrugSelection(drugs: [], classes: ["platinums"]) }
        do {
            _ = try DrugSelection(drugs: [], classes: ["platinums"])
        } catch {
            #expect(error.message.contains("did you mean 'platinum'"))
        }
        #expect(throws: ParameterProblem.self) { try DrugSelection(drugs: []) }
    }

    @Test("The table is consistent: one substance per name, codes inside their group, groups named")
    func tableIsConsistent() {
        var owners: [String: String] = [:]
        for entry in DrugTerminology.entries {
            #expect(DrugTerminology.groups[entry.group] != nil, "\(entry.name): group \(entry.group) is not named")
            if let code = entry.code { #expect(code.hasPrefix(entry.group) && code.count == 7, "\(entry.name): code \(code)") }
            for name in entry.names {
                let key = DrugTerminology.key(name)
                #expect(!key.isEmpty)
                if let owner = owners[key] { Issue.record("'\(name)' repeats a name of \(owner) (\(entry.name))") }
                owners[key] = entry.name
            }
        }
        for drugClass in DrugTerminology.namedClasses {
            for member in drugClass.members { #expect(DrugTerminology.entry(named: member) != nil, "\(drugClass.name): \(member)") }
            #expect(!DrugTerminology.entries.filter { drugClass.contains(.drug($0)) == .yes }.isEmpty)
        }
        #expect(DrugTerminology.source.contains("ATC/DDD Index"))
    }

    @Test("A selection by name matches every name of the substance, and by class the whole class")
    func selection() throws {
        let byName = try DrugSelection(drugs: ["atezolizumab"], synonyms: ["atezolizumab": ["ATZ"]])
        #expect(byName.contains("MPDL3280A") == .yes)
        #expect(byName.contains("atz") == .yes)
        #expect(byName.contains("L01FF05") == .yes)
        #expect(byName.contains("durvalumab") == .no)
        #expect(byName.contains("ZX-1234") == .no)
        let byClass = try DrugSelection(drugs: [], classes: ["L01FF"])
        #expect(byClass.contains("ZX-1234") == .unknown)
        #expect(byClass.contains("durvalumab") == .yes)
        #expect(byClass.description == "PD-1/PD-L1 (programmed cell death protein 1/death ligand 1) inhibitors (ATC L01FF)")
    }
}
