import Testing
import TrialCheckCore

/// The units added for the laboratory checks: spellings labs print for cell counts and
/// viral loads, and copies/mL as a dimension of its own.
@Suite("ClinicalUnit additions for laboratory results")
struct ClinicalUnitAdditionsTests {
    @Test("Added aliases fold to the table's spelling", arguments: [
        ("x 10^9/L", "10^9/L"), ("× 10^9/L", "10^9/L"), ("x 10*9/L", "10^9/L"), ("10^9/l", "10^9/L"),
        ("x 10^3/uL", "10^3/uL"), ("× 10^3/µL", "10^3/uL"), ("cells/uL", "/uL"), ("cells/mm3", "/uL"),
        ("U/l", "U/L"), ("IU/ml", "IU/mL"), ("[IU]/mL", "IU/mL"),
        ("{copies}/mL", "copies/mL"), ("copies/ml", "copies/mL"), ("cp/mL", "copies/mL"), ("lakh/mm3", "lakh/uL"),
    ])
    func aliases(_ unit: String, _ expected: String) {
        #expect(ClinicalUnit.canonical(unit) == expected)
    }

    @Test("Added units convert to the known values", arguments: [
        (3.5, "x 10^9/L", "10^9/L", 3.5),
        (3500, "cells/uL", "10^9/L", 3.5),
        (1500, "cells/mm3", "10^9/L", 1.5),
        (0.75, "lakh/mm3", "10^9/L", 75),
        (1.5, "lakh/uL", "10^3/uL", 150),
        (40, "U/l", "U/L", 40),
        (2000, "IU/ml", "IU/mL", 2000),
        (2, "kIU/L", "IU/ml", 2),
        (1000, "{copies}/mL", "copies/mL", 1000),
    ])
    func conversions(_ value: Double, _ from: String, _ to: String, _ expected: Double) throws {
        let converted = try #require(Quantity(value, from).converted(to: to))
        #expect(isClose(converted.value, expected), "got \(converted.value)")
    }

    @Test("copies/mL is a dimension of its own: never converted to IU/mL or to cell counts", arguments: [
        ("copies/mL", "IU/mL"), ("IU/mL", "copies/mL"), ("copies/mL", "10^9/L"), ("copies/mL", "/uL"), ("copies/mL", "U/L"),
    ])
    func copiesNotConverted(_ from: String, _ to: String) {
        #expect(ClinicalUnit.factor(from: from, to: to) == nil)
        #expect(ClinicalUnit.definition(of: from) != nil)
    }

    @Test("Definitions of the added units", arguments: [
        ("copies/mL", ClinicalUnit.Dimension.copyConcentration), ("cp/mL", .copyConcentration),
        ("lakh/mm3", .numberConcentration), ("x 10^9/L", .numberConcentration), ("IU/ml", .arbitraryConcentration),
    ])
    func definitions(_ unit: String, _ dimension: ClinicalUnit.Dimension) {
        #expect(ClinicalUnit.definition(of: unit)?.dimension == dimension)
    }

    @Test("Units still unknown: eGFR's body-surface normalisation and log viral loads", arguments: [
        "mL/min/1.73m2", "mL/min/{1.73_m2}", "log IU/mL", "log10 copies/mL",
    ])
    func stillUnknown(_ unit: String) {
        #expect(ClinicalUnit.definition(of: unit) == nil)
    }
}

@Suite("ClinicalUnit.Resolved")
struct ClinicalUnitResolvedTests {
    static let units = ["Gy", "cGy", "gy", "mg", "g", "mcg", "g/dL", "g/dl", "g/L", "mg/dL", "umol/L", "µmol/L", "mmol/L",
                        "10^9/L", "G/L", "x 10^3/µL", "cells/mm3", "U/L", "IU/L", "ukat/L", "mL/min", "mL/s", "IU/mL",
                        "copies/mL", "d", "weeks", "furlongs", ""]

    @Test("A resolved unit answers as the table's functions do", arguments: units)
    func matchesTheTable(_ unit: String) {
        let resolved = ClinicalUnit.Resolved(unit)
        #expect(resolved.unit == unit)
        #expect(resolved.canonical == ClinicalUnit.canonical(unit))
        #expect(resolved.definition == ClinicalUnit.definition(of: unit))
        for target in Self.units {
            for analyte in [nil, "bilirubin", "creatinine", "Hemoglobin", "alt"] {
                let expected = ClinicalUnit.factor(from: unit, to: target, analyte: analyte)
                #expect(resolved.factor(to: ClinicalUnit.Resolved(target), analyte: analyte) == expected, "\(unit) -> \(target), \(analyte ?? "no analyte")")
            }
        }
    }

    @Test("Mass and molar concentrations convert through the analyte")
    func molarConversions() throws {
        let factor = try #require(ClinicalUnit.Resolved("mg/dL").factor(to: ClinicalUnit.Resolved("umol/L"), analyte: "creatinine"))
        #expect(isClose(factor, 88.4))
        #expect(ClinicalUnit.Resolved("mg/dL").factor(to: ClinicalUnit.Resolved("umol/L")) == nil)
    }
}
