import Foundation

/// The clinical unit table: which units measure the same thing and how to convert them.
///
/// Units are UCUM-style codes, with the spellings labs really print accepted as aliases
/// (`10^9/L`, `10*9/L`, `x10^9/L`, `G/L`; `10^3/uL`, `K/uL`; `IU/L`, `[IU]/L`; `µmol/L`).
/// Codes are case-sensitive, as in UCUM (`g/L` is grams, `G/L` is giga-cells).
/// Mass and molar concentrations convert only where the analyte fixes the molar mass.
public enum ClinicalUnit {
    /// What a unit measures.
    public enum Dimension: String, Sendable, Hashable {
        case absorbedDose = "absorbed dose"
        case mass
        case massConcentration = "mass concentration"
        case molarConcentration = "molar concentration"
        case numberConcentration = "number concentration"
        case catalyticConcentration = "catalytic concentration"
        case volumeRate = "volume rate"
        case arbitraryConcentration = "arbitrary concentration"
        /// Nucleic-acid copies per volume (viral load); not convertible to IU, since the
        /// copies-per-IU factor depends on the assay.
        case copyConcentration = "copy concentration"
        case time
    }

    /// A known unit: its dimension and its size in the dimension's base unit.
    public struct Definition: Sendable, Hashable {
        /// What the unit measures.
        public let dimension: Dimension
        /// How many base units one of this unit is.
        public let factor: Double
    }

    /// The definition of `unit`, or `nil` if the table does not know it.
    public static func definition(of unit: String) -> Definition? {
        // A unit in the table's own spelling is its own canonical form: one look-up.
        table[unit] ?? table[canonical(unit)]
    }

    /// The factor that converts a value in `source` to a value in `target`, or `nil` when
    /// they cannot be converted (unknown unit, different dimensions, or a mass/molar
    /// conversion for an analyte whose molar mass the table does not hold).
    public static func factor(from source: String, to target: String, analyte: String? = nil) -> Double? {
        Resolved(source).factor(to: Resolved(target), analyte: analyte)
    }

    /// A unit looked up in the table once: its table spelling and its definition. A check
    /// that compares many values with one unit resolves that unit when it is built.
    public struct Resolved: Sendable, Hashable {
        /// The unit as written.
        public let unit: String
        /// The table's spelling of the unit (``ClinicalUnit/canonical(_:)``).
        public let canonical: String
        /// What the unit measures, or `nil` if the table does not know it.
        public let definition: Definition?

        /// Looks `unit` up.
        public init(_ unit: String) {
            self.unit = unit
            // Most units arrive in the table's own spelling: one look-up then serves both.
            if let known = ClinicalUnit.table[unit] {
                canonical = unit
                definition = known
            } else {
                canonical = ClinicalUnit.canonical(unit)
                definition = ClinicalUnit.table[canonical]
            }
        }

        /// The factor that converts a value in this unit to `target`, as
        /// ``ClinicalUnit/factor(from:to:analyte:)`` gives it.
        public func factor(to target: Resolved, analyte: String? = nil) -> Double? {
            guard let from = definition, let to = target.definition else { return nil }
            return ClinicalUnit.factor(from: from, to: to, analyte: analyte)
        }
    }

    private static func factor(from: Definition, to: Definition, analyte: String?) -> Double? {
        if from.dimension == to.dimension { return from.factor / to.factor }
        guard let analyte, let micromolarPerMgPerDL = molarFactor(for: analyte) else { return nil }
        // Base units: g/L for mass concentration, umol/L for molar; 1 g/L = 100 mg/dL.
        let micromolarPerGramPerLitre = micromolarPerMgPerDL * 100
        switch (from.dimension, to.dimension) {
        case (.massConcentration, .molarConcentration):
            return from.factor * micromolarPerGramPerLitre / to.factor
        case (.molarConcentration, .massConcentration):
            return from.factor / micromolarPerGramPerLitre / to.factor
        default:
            return nil
        }
    }

    /// The analyte's conversion from mg/dL to umol/L, for the analytes whose molar mass is
    /// conventional in laboratory reporting, by name or LOINC code.
    public static func molarFactor(for analyte: String) -> Double? {
        switch TermMatcher.normalized(analyte) {
        case "bilirubin", "total bilirubin", "tbili", "bili", "1975-2", "14631-6": 17.1
        case "creatinine", "creat", "2160-0", "14682-9", "38483-4": 88.4
        // 1 g/dL of haemoglobin (monomer) is 0.6206 mmol/L.
        case "hemoglobin", "haemoglobin", "hgb", "hb", "718-7": 0.6206
        default: nil
        }
    }

    /// The table's own spelling of `unit`, folding the aliases labs print and the unit
    /// text EHRs write where no UCUM code is given: the micro sign and the Greek mu as
    /// `u`, `×`/`x`/`*`/`E` and superscript digits as powers of ten (`x10³/µL` is
    /// `10^3/uL`), spaces dropped (`× 10^9 /L`), and the unit names `gray`, `centigray`
    /// and `milligray` in any case. Symbols keep their case (`g/L` is grams, `G/L`
    /// giga-cells).
    public static func canonical(_ unit: String) -> String {
        // Most units arrive in the table's own spelling: skip the folding (a hot path).
        if table[unit] != nil { return unit }
        if let alias = aliases[unit] { return alias }
        let trimmed = unit.trimmingWhitespace()
        if let name = unitNames[trimmed.lowercased()] { return name }
        var code = folded(trimmed)
            .replacingOccurrences(of: "mcg", with: "ug")
            .replacingOccurrences(of: "[IU]", with: "IU")
            .replacingOccurrences(of: "10*", with: "10^")
            .replacingOccurrences(of: "10E", with: "10^")
            .replacingOccurrences(of: "mm^3", with: "uL")
            .replacingOccurrences(of: "mm3", with: "uL")
        if code.hasPrefix("x10^") || code.hasPrefix("X10^") { code.removeFirst() }
        return aliases[code] ?? code
    }

    /// Unit names written out, in any case: a name, unlike a symbol, is not
    /// case-sensitive.
    private static let unitNames: [String: String] = [
        "gray": "Gy", "grays": "Gy", "centigray": "cGy", "centigrays": "cGy", "milligray": "mGy", "milligrays": "mGy",
        "gy": "Gy", "cgy": "cGy",
    ]

    /// The characters folded before aliases are looked up: micro signs to `u`, the
    /// multiplication sign to `x`, superscript digits to `^` and digits (`10³` → `10^3`),
    /// spaces dropped.
    private static func folded(_ unit: String) -> String {
        var result = ""
        var previous: Character?
        for character in unit {
            switch character {
            case "\u{00B5}", "\u{03BC}":
                result.append("u")
            case "\u{00D7}":
                result.append("x")
            case " ", "\t", "\u{00A0}", "\u{2009}", "\u{202F}":
                continue
            default:
                if let digit = superscriptDigits[character] {
                    if let previous, previous != "^", superscriptDigits[previous] == nil { result.append("^") }
                    result.append(digit)
                } else {
                    result.append(character)
                }
            }
            previous = character
        }
        return result
    }

    private static let superscriptDigits: [Character: Character] = [
        "\u{2070}": "0", "\u{00B9}": "1", "\u{00B2}": "2", "\u{00B3}": "3", "\u{2074}": "4",
        "\u{2075}": "5", "\u{2076}": "6", "\u{2077}": "7", "\u{2078}": "8", "\u{2079}": "9", "\u{207B}": "-",
    ]

    private static let aliases: [String: String] = [
        "G/L": "10^9/L", "K/uL": "10^3/uL", "10^3/ul": "10^3/uL", "/ul": "/uL",
        "IU/L": "U/L", "ml/min": "mL/min", "ml/s": "mL/s", "umol/l": "umol/L", "mg/dl": "mg/dL",
        "g/dl": "g/dL", "g/l": "g/L", "gy": "Gy", "GY": "Gy", "cgy": "cGy", "CGY": "cGy",
        "days": "d", "day": "d", "weeks": "wk", "week": "wk",
        "x 10^9/L": "10^9/L", "x 10^3/uL": "10^3/uL", "10^9/l": "10^9/L", "cells/uL": "/uL",
        "U/l": "U/L", "IU/ml": "IU/mL", "{copies}/mL": "copies/mL", "copies/ml": "copies/mL",
        "cp/mL": "copies/mL",
        "mmol/l": "mmol/L", "nmol/l": "nmol/L", "mg/l": "mg/L", "iu/L": "U/L", "iu/l": "U/L", "IU/l": "U/L",
        "thou/uL": "10^3/uL", "K/ul": "10^3/uL", "10^9cells/L": "10^9/L", "10^3cells/uL": "10^3/uL",
    ]

    private static let table: [String: Definition] = {
        var table: [String: Definition] = [:]
        func add(_ dimension: Dimension, _ units: [String: Double]) {
            for (code, factor) in units { table[code] = Definition(dimension: dimension, factor: factor) }
        }
        add(.absorbedDose, ["Gy": 1, "cGy": 0.01, "mGy": 0.001])
        add(.mass, ["kg": 1000, "g": 1, "mg": 0.001, "ug": 1e-6])
        add(.massConcentration, ["g/L": 1, "g/dL": 10, "mg/dL": 0.01, "mg/L": 0.001, "ug/L": 1e-6, "ng/mL": 1e-6])
        add(.molarConcentration, ["umol/L": 1, "mmol/L": 1000, "nmol/L": 0.001])
        // 1 lakh/mm3 (written in India for platelets) is 100 x 10^9/L; mm3 folds to uL.
        add(.numberConcentration, ["10^9/L": 1, "10^3/uL": 1, "10^6/L": 0.001, "/uL": 0.001, "10^12/L": 1000, "10^6/uL": 1000, "lakh/uL": 100])
        add(.catalyticConcentration, ["U/L": 1, "ukat/L": 60])
        add(.volumeRate, ["mL/min": 1, "mL/s": 60, "L/h": 1000.0 / 60.0])
        add(.arbitraryConcentration, ["IU/mL": 1, "kIU/L": 1])
        add(.copyConcentration, ["copies/mL": 1])
        add(.time, ["d": 1, "wk": 7, "h": 1.0 / 24.0])
        return table
    }()
}
