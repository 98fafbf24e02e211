import Foundation
import TrialCheckCore

/// Reads the first dataset of a SAS XPORT version 5 transport file (the format of SDTM
/// submissions) as a table of text fields, as if it were CSV.
///
/// The format is a sequence of 80-byte records: library and member headers, one
/// 140-byte NAMESTR per variable, then the observations packed end to end. Character
/// values are blank-padded; numbers are IBM System/360 hexadecimal floating point (a
/// missing value is `.`, `._` or `.A`-`.Z` followed by zero bytes, read as blank).
/// Positions: the line is the observation's number (the header is line 0), the column
/// the variable's number.
enum XPORTReader {
    /// The header and rows of the file's first dataset.
    static func read(_ bytes: [UInt8], path: String) throws(InputError) -> (header: CSVHeader, rows: [CSVRow]) {
        func malformed(_ offset: Int, _ reason: String) -> InputError {
            .malformed(location: SourceLocation(file: path), reason: "not a SAS XPORT v5 file: \(reason) (at byte \(offset))")
        }
        func text(_ range: Range<Int>) -> String {
            let slice = bytes[range]
            let decoded = String(validating: slice, as: UTF8.self) ?? String(slice.map { Character(Unicode.Scalar($0)) })
            return decoded.trimmingWhitespace()
        }
        func integer(_ offset: Int, _ width: Int) -> Int {
            bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | Int($1) }
        }
        func isHeader(_ offset: Int, _ kind: String) -> Bool {
            offset + 80 <= bytes.count && text(offset..<(offset + 48)).hasPrefix("HEADER RECORD*******\(kind)")
        }

        guard isHeader(0, "LIBRARY HEADER RECORD") || isHeader(0, "LIBV8 HEADER RECORD") else {
            throw malformed(0, "the file does not start with a library header record")
        }
        guard !isHeader(0, "LIBV8") else { throw malformed(0, "this is XPORT version 8, only version 5 is read") }
        guard isHeader(240, "MEMBER  HEADER RECORD") else { throw malformed(240, "no member header record") }
        let namestrLength = Int(text((240 + 74)..<(240 + 78))) ?? 140
        guard isHeader(320, "DSCRPTR HEADER RECORD") else { throw malformed(320, "no descriptor header record") }
        guard let namestrHeader = stride(from: 400, through: 640, by: 80).first(where: { isHeader($0, "NAMESTR HEADER RECORD") }) else {
            throw malformed(400, "no NAMESTR header record")
        }
        guard let variableCount = Int(text((namestrHeader + 54)..<(namestrHeader + 58))), variableCount > 0 else {
            throw malformed(namestrHeader, "the NAMESTR header gives no number of variables")
        }
        var variables: [(name: String, isNumeric: Bool, length: Int, position: Int)] = []
        let namestrStart = namestrHeader + 80
        for index in 0..<variableCount {
            let offset = namestrStart + index * namestrLength
            guard offset + namestrLength <= bytes.count else { throw malformed(offset, "the file ends inside the variable descriptions") }
            variables.append((text((offset + 8)..<(offset + 16)), integer(offset, 2) == 1, integer(offset + 4, 2), integer(offset + 84, 4)))
        }
        let namestrBytes = variableCount * namestrLength
        let observationHeader = namestrStart + (namestrBytes + 79) / 80 * 80
        guard isHeader(observationHeader, "OBS     HEADER RECORD") else { throw malformed(observationHeader, "no observation header record") }
        let observationLength = variables.map { $0.position + $0.length }.max() ?? 0
        guard observationLength > 0 else { throw malformed(observationHeader, "the observations are empty") }

        let headerFields = variables.enumerated().map { offset, variable in
            CSVField(text: variable.name, position: TextPosition(line: 0, column: offset + 1, file: path))
        }
        let header = try CSVHeader(row: CSVRow(line: 0, fields: headerFields), inputName: path)
        var rows: [CSVRow] = []
        var offset = observationHeader + 80
        while offset + observationLength <= bytes.count {
            if offset % 80 == 0, isHeader(offset, "MEMBER  HEADER RECORD") { break }
            let record = bytes[offset..<(offset + observationLength)]
            if record.allSatisfy({ $0 == 0x20 }) && bytes[offset...].allSatisfy({ $0 == 0x20 }) { break }
            let line = rows.count + 1
            let fields = variables.enumerated().map { column, variable in
                let range = (offset + variable.position)..<(offset + variable.position + variable.length)
                let value = variable.isNumeric ? number(Array(bytes[range])) : text(range)
                return CSVField(text: value, position: TextPosition(line: line, column: column + 1, file: path))
            }
            rows.append(CSVRow(line: line, fields: fields))
            offset += observationLength
        }
        return (header, rows)
    }

    /// An IBM hexadecimal floating-point number (2 to 8 bytes) as text; blank if missing.
    static func number(_ bytes: [UInt8]) -> String {
        guard let first = bytes.first else { return "" }
        let rest = bytes.dropFirst()
        let isMissingMark = first == UInt8(ascii: ".") || first == UInt8(ascii: "_") || (first >= 0x41 && first <= 0x5A)
        if isMissingMark && rest.allSatisfy({ $0 == 0 }) { return "" }
        var mantissa: UInt64 = 0
        for index in 1..<8 {
            mantissa = mantissa << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
        }
        if mantissa == 0 { return "0" }
        let exponent = Int(first & 0x7F) - 64
        var value = Double(mantissa) / 72_057_594_037_927_936.0 * pow(16.0, Double(exponent))
        if first & 0x80 != 0 { value = -value }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        let rounded = Double(String(format: "%.15g", value)) ?? value
        return String(rounded)
    }
}
