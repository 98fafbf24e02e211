import Testing
import TrialCheckCore

/// Unit text as EHRs write it when they give no UCUM code: unit names, micro signs,
/// superscript powers of ten, multiplication signs and spaces.
@Suite("ClinicalUnit: unit text as EHRs write it")
struct ClinicalUnitTextTests {
    @Test("Free-text units fold to the table's spelling", arguments: [
        ("gray", "Gy"), ("Gray", "Gy"), ("GRAY", "Gy"), ("grays", "Gy"), ("centigray", "cGy"), ("Centigray", "cGy"),
        ("cGy", "cGy"), ("CGY", "cGy"), ("milligray", "mGy"),
        ("x10³/µL", "10^3/uL"), ("x10³/μL", "10^3/uL"), ("×10^3/uL", "10^3/uL"), ("10*3/uL", "10^3/uL"),
        ("10³/µl", "10^3/uL"), ("× 10⁹ /L", "10^9/L"), ("10⁹/L", "10^9/L"), ("x10^9/L", "10^9/L"), ("X10^9/L", "10^9/L"),
        ("x10E9/L", "10^9/L"), ("/mm³", "/uL"), ("thou/uL", "10^3/uL"),
        ("µmol/L", "umol/L"), ("μmol/l", "umol/L"), ("umol/L", "umol/L"), ("mmol/l", "mmol/L"),
        ("IU/L", "U/L"), ("iu/l", "U/L"), ("U/L", "U/L"), ("g/dL", "g/dL"), ("mg/dL", "mg/dL"), ("mL/min", "mL/min"),
    ])
    func folds(_ text: String, _ expected: String) {
        #expect(ClinicalUnit.canonical(text) == expected)
        #expect(ClinicalUnit.definition(of: text) != nil)
    }

    @Test("A unit resolved once agrees with its canonical spelling and definition", arguments: [
        "Gy", "10^9/L", "g/dL", "umol/L", "IU/L", "G/L", "mg/dl", " mg/dL ", "x10³/µL", "gray", "furlong", "", "MG",
    ])
    func resolvedAgrees(_ text: String) {
        let resolved = ClinicalUnit.Resolved(text)
        #expect(resolved.unit == text)
        #expect(resolved.canonical == ClinicalUnit.canonical(text))
        #expect(resolved.definition == ClinicalUnit.definition(of: text))
    }

    @Test("Conversions from unit text are exact", arguments: [
        (5040, "centigray", "Gy", 50.4), (50.4, "gray", "cGy", 5040), (5, "x10³/µL", "10^9/L", 5),
        (250, "×10^3/uL", "/uL", 250_000), (1.2, "mg/dL", "µmol/L", 106.08),
    ])
    func conversions(_ value: Double, _ from: String, _ to: String, _ expected: Double) throws {
        let analyte: String? = from == "mg/dL" ? "creatinine" : nil
        let converted = try #require(Quantity(value, from).converted(to: to, analyte: analyte))
        #expect(abs(converted.value - expected) < 1e-9 * max(1, abs(expected)), "got \(converted.value)")
    }

    @Test("A symbol keeps its case; what the table does not know stays unknown", arguments: [
        "MG", "GY/CM", "furlong", "cells", "mL/min/1.73m2", "kilogray per hour", "10^9 per litre",
    ])
    func stillUnknown(_ text: String) {
        #expect(ClinicalUnit.definition(of: text) == nil)
    }

    @Test("'G/L' stays giga-cells per litre and 'g/L' grams per litre")
    func symbolCase() {
        #expect(ClinicalUnit.definition(of: "G/L")?.dimension == .numberConcentration)
        #expect(ClinicalUnit.definition(of: "g/L")?.dimension == .massConcentration)
    }
}
