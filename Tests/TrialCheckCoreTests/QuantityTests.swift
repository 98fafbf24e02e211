import Foundation
import Testing
import TrialCheckCore

@Suite("Quantity")
struct QuantityTests {
    @Test("Parses a number and a unit, with or without a space", arguments: [
        ("50.4 Gy", 50.4, "Gy"),
        ("5040cGy", 5040, "cGy"),
        ("5040 cGy", 5040, "cGy"),
        ("3.5 10^9/L", 3.5, "10^9/L"),
        ("-1 mg", -1, "mg"),
        ("+2 mg", 2, "mg"),
        ("240 mg", 240, "mg"),
        ("  240   mg  ", 240, "mg"),
        ("50.4\tGy", 50.4, "Gy"),
        (".5 Gy", 0.5, "Gy"),
        ("1500 /uL", 1500, "/uL"),
        ("0 Gy", 0, "Gy"),
        ("90 g/L", 90, "g/L"),
        ("17.1 umol/L", 17.1, "umol/L"),
        ("2.5 x 10^9/L", 2.5, "x 10^9/L"),
    ])
    func parses(_ text: String, _ value: Double, _ unit: String) throws {
        let quantity = try #require(Quantity(parsing: text))
        #expect(quantity.value == value)
        #expect(quantity.unit == unit)
        #expect(quantity == Quantity(value, unit))
    }

    @Test("Rejects text without a number or without a unit", arguments: [
        "", "   ", "Gy", "50.4", "50.4   ", "-1", "- Gy", "-Gy", ". Gy", ".Gy", "1.2.3 Gy", "--1 Gy", "+-1 Gy",
        "abc 5 Gy", "Gy 50.4", "NaN Gy", "inf Gy", "fifty Gy",
    ])
    func rejects(_ text: String) {
        #expect(Quantity(parsing: text) == nil)
    }

    @Test("Non-ASCII text, and a CR LF (one character), parse character by character", arguments: [
        ("240 µg", 240, "µg"), ("5 × 10^9/L", 5, "× 10^9/L"), ("\u{00A0}5 mg", nil, nil), ("5\u{0301} mg", nil, nil),
        ("-\u{0301}5 mg", nil, nil), ("½ mg", nil, nil), ("٣ mg", nil, nil), ("3\r\nmg", 3, "\r\nmg"), ("3.5\u{2009}Gy", 3.5, "\u{2009}Gy"),
    ] as [(String, Double?, String?)])
    func parsesNonASCII(_ text: String, _ value: Double?, _ unit: String?) {
        let quantity = Quantity(parsing: text)
        #expect(quantity?.value == value)
        #expect(quantity?.unit == unit)
    }

    @Test("The byte-wise parse of ASCII text agrees with the character-wise one")
    func asciiAgreesWithCharacters() {
        // The character-wise parse, as it reads any text.
        func reference(_ text: String) -> Quantity? {
            let trimmed = text.trimmingWhitespace()
            var numberEnd = trimmed.startIndex
            var sawDigit = false
            for (offset, character) in zip(trimmed.indices, trimmed) {
                let isSign = (character == "-" || character == "+") && offset == trimmed.startIndex
                guard character.isASCII && (character.isNumber || character == "." || isSign) else { break }
                sawDigit = sawDigit || character.isNumber
                numberEnd = trimmed.index(after: offset)
            }
            let unit = trimmed[numberEnd...].trimmingWhitespace()
            guard sawDigit, !unit.isEmpty, let value = Double(trimmed[..<numberEnd]) else { return nil }
            return Quantity(value, unit)
        }
        let pieces = ["", " ", "  ", "\t", "\n", "\r", "\r\n", "-", "+", ".", "0", "5", "42", "1.5", "1e3", "mg", "Gy", "10^9/L", "x", "µ", "é"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(Quantity(parsing: text) == reference(text), "\(text.debugDescription)")
            #expect(Quantity(parsing: text[...]) == reference(text), "\(text.debugDescription)")
        }
    }

    @Test("Prints whole numbers without a decimal point", arguments: [
        (Quantity(50.4, "Gy"), "50.4 Gy"),
        (Quantity(5040, "cGy"), "5040 cGy"),
        (Quantity(-1, "mg"), "-1 mg"),
        (Quantity(50.400000000000006, "Gy"), "50.4 Gy"),
        (Quantity(0.1 + 0.2, "g/dL"), "0.3 g/dL"),
        (Quantity(3.5, "10^9/L"), "3.5 10^9/L"),
    ])
    func description(_ quantity: Quantity, _ text: String) {
        #expect(quantity.description == text)
    }

    @Test("format drops a trailing .0 and rounds to six decimals")
    func format() {
        #expect(Quantity.format(42) == "42")
        #expect(Quantity.format(-3) == "-3")
        #expect(Quantity.format(1.5) == "1.5")
        #expect(Quantity.format(1.23456789) == "1.234568")
    }

    @Test("converted(to:) converts within a dimension and refuses across them")
    func converted() throws {
        let dose = try #require(Quantity(parsing: "5040 cGy")?.converted(to: "Gy"))
        #expect(dose.unit == "Gy")
        #expect(isClose(dose.value, 50.4))
        #expect(Quantity(50.4, "Gy").converted(to: "mg") == nil)
        #expect(Quantity(1, "furlong").converted(to: "Gy") == nil)
        let bilirubin = try #require(Quantity(17.1, "umol/L").converted(to: "mg/dL", analyte: "bilirubin"))
        #expect(isClose(bilirubin.value, 1))
        #expect(Quantity(17.1, "umol/L").converted(to: "mg/dL") == nil)
    }

    @Test("Decodes from '50.4 Gy' or {value, unit}; a bare number or a bad string is an error")
    func decodable() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Quantity.self, from: Data(#""50.4 Gy""#.utf8)) == Quantity(50.4, "Gy"))
        #expect(try decoder.decode(Quantity.self, from: Data(#""5040cGy""#.utf8)) == Quantity(5040, "cGy"))
        #expect(try decoder.decode(Quantity.self, from: Data(#"{"value": 50.4, "unit": "Gy"}"#.utf8)) == Quantity(50.4, "Gy"))
        #expect(throws: DecodingError.self) { try decoder.decode(Quantity.self, from: Data("50.4".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Quantity.self, from: Data(#""50.4""#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Quantity.self, from: Data(#""Gy""#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Quantity.self, from: Data(#"{"value": 50.4}"#.utf8)) }
    }
}

@Suite("ClinicalUnit")
struct ClinicalUnitTests {
    struct Conversion: Sendable, CustomTestStringConvertible {
        let value: Double
        let from: String
        let to: String
        let analyte: String?
        let expected: Double
        init(_ value: Double, _ from: String, _ to: String, analyte: String? = nil, _ expected: Double) {
            self.value = value
            self.from = from
            self.to = to
            self.analyte = analyte
            self.expected = expected
        }
        var testDescription: String {
            "\(value) \(from) -> \(to)\(analyte.map { " (\($0))" } ?? "") = \(expected)"
        }
    }

    @Test("Conversions give the known clinical values", arguments: [
        // Hemoglobin: 90 g/L = 9 g/dL.
        Conversion(90, "g/L", "g/dL", 9),
        Conversion(9, "g/dL", "g/L", 90),
        Conversion(90, "g/l", "g/dL", 9),
        Conversion(9, "g/dl", "g/L", 90),
        // Albumin: 2.8 g/dL = 28 g/L.
        Conversion(2.8, "g/dL", "g/L", 28),
        // Bilirubin: 17.1 umol/L = 1 mg/dL.
        Conversion(17.1, "umol/L", "mg/dL", analyte: "bilirubin", 1),
        Conversion(1, "mg/dL", "umol/L", analyte: "bilirubin", 17.1),
        Conversion(25.65, "umol/L", "mg/dL", analyte: "total bilirubin", 1.5),
        Conversion(17.1, "µmol/L", "mg/dL", analyte: "1975-2", 1),
        Conversion(17.1, "umol/L", "mg/dl", analyte: "Bilirubin", 1),
        // Creatinine: 88.4 umol/L = 1 mg/dL.
        Conversion(88.4, "umol/L", "mg/dL", analyte: "creatinine", 1),
        Conversion(1, "mg/dL", "umol/L", analyte: "creatinine", 88.4),
        Conversion(88.4, "umol/l", "mg/dL", analyte: "2160-0", 1),
        Conversion(0.0884, "mmol/L", "mg/dL", analyte: "creatinine", 1),
        // Hemoglobin molar: 1 g/dL = 0.6206 mmol/L.
        Conversion(9, "g/dL", "mmol/L", analyte: "hemoglobin", 5.5854),
        Conversion(6.206, "mmol/L", "g/dL", analyte: "hgb", 10),
        // Absorbed dose: 5040 cGy = 50.4 Gy.
        Conversion(5040, "cGy", "Gy", 50.4),
        Conversion(50.4, "Gy", "cGy", 5040),
        Conversion(50_400, "mGy", "Gy", 50.4),
        Conversion(5040, "cgy", "Gy", 50.4),
        Conversion(50.4, "gy", "cGy", 5040),
        Conversion(50.4, "GY", "Gy", 50.4),
        // Cell counts: 10^3/uL = 10^9/L; 1500 /uL = 1.5 10^9/L.
        Conversion(1, "10^3/uL", "10^9/L", 1),
        Conversion(1500, "/uL", "10^9/L", 1.5),
        Conversion(1.5, "10^9/L", "/uL", 1500),
        Conversion(3.5, "10*9/L", "10^9/L", 3.5),
        Conversion(3.5, "x10^9/L", "10^9/L", 3.5),
        Conversion(3.5, "×10^9/L", "10^9/L", 3.5),
        Conversion(3.5, "10E9/L", "10^9/L", 3.5),
        Conversion(3.5, "G/L", "10^9/L", 3.5),
        Conversion(7, "K/uL", "10^9/L", 7),
        Conversion(7, "10^3/ul", "10^9/L", 7),
        Conversion(7, "10^3/mm3", "10^9/L", 7),
        Conversion(250, "/mm3", "10^9/L", 0.25),
        Conversion(250, "/ul", "10^9/L", 0.25),
        Conversion(4.5, "10^12/L", "10^9/L", 4500),
        Conversion(4.5, "10^6/uL", "10^12/L", 4.5),
        Conversion(3500, "10^6/L", "10^9/L", 3.5),
        // Molar units and the micro sign.
        Conversion(20, "µmol/L", "umol/L", 20),
        Conversion(20, "μmol/L", "umol/L", 20),
        Conversion(1, "mmol/L", "umol/L", 1000),
        Conversion(1000, "nmol/L", "umol/L", 1),
        // Catalytic concentration: [IU]/L and IU/L are U/L.
        Conversion(40, "[IU]/L", "U/L", 40),
        Conversion(40, "IU/L", "U/L", 40),
        Conversion(1, "ukat/L", "U/L", 60),
        Conversion(60, "U/L", "µkat/L", 1),
        // Other dimensions.
        Conversion(2000, "IU/mL", "[IU]/mL", 2000),
        Conversion(1, "kIU/L", "IU/mL", 1),
        Conversion(1, "mL/s", "mL/min", 60),
        Conversion(60, "ml/min", "mL/min", 60),
        Conversion(6, "L/h", "mL/min", 100),
        Conversion(1, "kg", "mg", 1_000_000),
        Conversion(240, "mg", "g", 0.24),
        Conversion(1, "mcg", "ug", 1),
        Conversion(500, "ug", "mg", 0.5),
        Conversion(1, "mg/dL", "mg/L", 10),
        Conversion(1, "ng/mL", "ug/L", 1),
        Conversion(3, "wk", "d", 21),
        Conversion(3, "weeks", "days", 21),
        Conversion(1, "day", "h", 24),
    ])
    func conversion(_ conversion: Conversion) throws {
        let factor = try #require(ClinicalUnit.factor(from: conversion.from, to: conversion.to, analyte: conversion.analyte))
        #expect(isClose(conversion.value * factor, conversion.expected), "got \(conversion.value * factor)")
        let converted = Quantity(conversion.value, conversion.from).converted(to: conversion.to, analyte: conversion.analyte)
        #expect(isClose(converted?.value, conversion.expected))
        #expect(converted?.unit == conversion.to)
    }

    @Test("Unknown units, mismatched dimensions and mass/molar without a known analyte give nil", arguments: [
        ("furlong", "Gy", nil as String?),
        ("Gy", "furlong", nil),
        ("", "Gy", nil),
        ("Gy", "mg", nil),
        ("mg", "Gy", nil),
        ("cGy", "10^9/L", nil),
        ("g/L", "10^9/L", nil),
        ("g/L", "G/L", nil),
        ("U/L", "umol/L", nil),
        ("mL/min", "mg/dL", "creatinine"),
        ("g/L", "umol/L", nil),
        ("umol/L", "mg/dL", nil),
        ("umol/L", "mg/dL", "sodium"),
        ("mg", "umol/L", "bilirubin"),
        ("umol/L", "mg", "creatinine"),
        ("10^9/L", "umol/L", "hemoglobin"),
        ("Gy ", "mg/dL", nil),
        ("GY/CM", "Gy", nil),
        ("MG", "mg", nil),
    ])
    func noConversion(_ from: String, _ to: String, _ analyte: String?) {
        #expect(ClinicalUnit.factor(from: from, to: to, analyte: analyte) == nil)
        #expect(Quantity(1, from).converted(to: to, analyte: analyte) == nil)
    }

    @Test("Aliases fold to the table's spelling", arguments: [
        ("10*9/L", "10^9/L"), ("x10^9/L", "10^9/L"), ("×10^9/L", "10^9/L"), ("10E9/L", "10^9/L"), ("G/L", "10^9/L"),
        ("K/uL", "10^3/uL"), ("10^3/ul", "10^3/uL"), ("10^3/mm3", "10^3/uL"), ("/mm3", "/uL"),
        ("µmol/L", "umol/L"), ("μmol/L", "umol/L"), ("umol/l", "umol/L"), ("[IU]/L", "U/L"), ("IU/L", "U/L"),
        ("mg/dl", "mg/dL"), ("g/dl", "g/dL"), ("g/l", "g/L"), ("gy", "Gy"), ("cgy", "cGy"), ("mcg", "ug"),
        (" Gy ", "Gy"), ("Gy", "Gy"), ("days", "d"),
    ])
    func canonical(_ unit: String, _ expected: String) {
        #expect(ClinicalUnit.canonical(unit) == expected)
    }

    @Test("Definitions carry the dimension", arguments: [
        ("Gy", ClinicalUnit.Dimension.absorbedDose), ("cGy", .absorbedDose), ("mGy", .absorbedDose),
        ("mg", .mass), ("g/dL", .massConcentration), ("umol/L", .molarConcentration), ("10^9/L", .numberConcentration),
        ("K/uL", .numberConcentration), ("U/L", .catalyticConcentration), ("mL/min", .volumeRate),
        ("IU/mL", .arbitraryConcentration), ("d", .time),
    ])
    func definitions(_ unit: String, _ dimension: ClinicalUnit.Dimension) {
        #expect(ClinicalUnit.definition(of: unit)?.dimension == dimension)
    }

    @Test("Unknown units have no definition")
    func unknownDefinitions() {
        #expect(ClinicalUnit.definition(of: "furlong") == nil)
        #expect(ClinicalUnit.definition(of: "") == nil)
        #expect(ClinicalUnit.definition(of: "Sv") == nil)
    }

    @Test("Analytes fix the molar factor by name or LOINC code", arguments: [
        ("bilirubin", 17.1 as Double?), ("Total Bilirubin", 17.1), ("1975-2", 17.1), ("14631-6", 17.1),
        ("creatinine", 88.4), ("CREAT", 88.4), ("2160-0", 88.4), ("38483-4", 88.4),
        ("hemoglobin", 0.6206), ("haemoglobin", 0.6206), ("718-7", 0.6206),
        ("sodium", nil), ("albumin", nil), ("", nil),
    ])
    func molarFactor(_ analyte: String, _ expected: Double?) {
        #expect(ClinicalUnit.molarFactor(for: analyte) == expected)
    }
}

@Suite("Tolerance")
struct ToleranceTests {
    @Test("5040 cGy in Gy is at most 50.4 Gy despite binary rounding; 5041 cGy is above")
    func doseBoundary() throws {
        let exact = try #require(Quantity(5040, "cGy").converted(to: "Gy")).value
        #expect(Tolerance.isAtMost(exact, 50.4))
        #expect(!Tolerance.isAbove(exact, 50.4))
        #expect(Tolerance.isAtLeast(exact, 50.4))
        let over = try #require(Quantity(5041, "cGy").converted(to: "Gy")).value
        #expect(Tolerance.isAbove(over, 50.4))
        #expect(!Tolerance.isAtMost(over, 50.4))
    }

    @Test("Comparisons forgive one part in 10^9 and nothing clinically meaningful", arguments: [
        (50.4, 50.4, true, true),
        (50.400000000000006, 50.4, true, true),
        (50.4 + 1e-7, 50.4, false, true),
        (50.41, 50.4, false, true),
        (49.99, 50.0, true, false),
        (50.0 - 1e-12, 50.0, true, true),
        (0.0, 0.0, true, true),
        (-1.0, 0.0, true, false),
        (1e-10, 0.0, true, true),
    ])
    func comparisons(_ lhs: Double, _ rhs: Double, _ atMost: Bool, _ atLeast: Bool) {
        #expect(Tolerance.isAtMost(lhs, rhs) == atMost)
        #expect(Tolerance.isAtLeast(lhs, rhs) == atLeast)
        #expect(Tolerance.isAbove(lhs, rhs) == !atMost)
        #expect(Tolerance.isBelow(lhs, rhs) == !atLeast)
    }
}
