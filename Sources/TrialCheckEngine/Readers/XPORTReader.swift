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
///
/// Nothing in the file is trusted: a file cut short (in its headers, or inside an
/// observation), a NAMESTR length or variable length out of range, or a variable that lies
/// outside the observation is malformed, naming the byte offset and what was expected. A
/// character value that is not UTF-8 is kept with its ``CSVField/defect``, so only its
/// subject is rejected.
enum XPORTReader {
    /// A variable's description, from its NAMESTR record.
    private struct Variable {
        var name: String
        var isNumeric: Bool
        var length: Int
        var position: Int
    }

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
        /// The header record expected at `offset`, or an error saying the file ends first.
        func requireHeader(_ offset: Int, _ kind: String, _ what: String) throws(InputError) {
            guard offset + 80 <= bytes.count else {
                throw malformed(offset, "the file ends at byte \(bytes.count), before the \(what) record expected here (was it cut short?)")
            }
            guard isHeader(offset, kind) else { throw malformed(offset, "expected the \(what) record") }
        }

        guard bytes.count >= 80 else {
            throw malformed(0, "the file is \(bytes.count) bytes: expected at least the 80-byte library header record (was it cut short?)")
        }
        guard isHeader(0, "LIBRARY HEADER RECORD") || isHeader(0, "LIBV8 HEADER RECORD") else {
            throw malformed(0, "the file does not start with a library header record")
        }
        guard !isHeader(0, "LIBV8") else { throw malformed(0, "this is XPORT version 8, only version 5 is read") }
        try requireHeader(240, "MEMBER  HEADER RECORD", "member header")
        let namestrLength: Int
        let writtenLength = text((240 + 74)..<(240 + 78))
        if writtenLength.isEmpty {
            namestrLength = 140
        } else {
            guard let length = Int(writtenLength), length == 140 || length == 136 else {
                throw malformed(240 + 74, "the member header gives NAMESTR records of '\(writtenLength)' bytes: expected 140 (or 136)")
            }
            namestrLength = length
        }
        try requireHeader(320, "DSCRPTR HEADER RECORD", "descriptor header")
        guard let namestrHeader = stride(from: 400, through: 640, by: 80).first(where: { isHeader($0, "NAMESTR HEADER RECORD") }) else {
            if bytes.count < 720 { throw malformed(400, "the file ends at byte \(bytes.count), before the NAMESTR header record (was it cut short?)") }
            throw malformed(400, "no NAMESTR header record")
        }
        let countText = text((namestrHeader + 54)..<(namestrHeader + 58))
        guard let variableCount = Int(countText), variableCount > 0 else {
            throw malformed(namestrHeader + 54, "the NAMESTR header gives '\(countText)' as the number of variables: expected a positive whole number")
        }
        var variables: [Variable] = []
        let namestrStart = namestrHeader + 80
        for index in 0..<variableCount {
            let offset = namestrStart + index * namestrLength
            guard offset + namestrLength <= bytes.count else {
                throw malformed(offset, "the file ends at byte \(bytes.count), inside the description of variable \(index + 1) of \(variableCount): expected \(namestrLength) bytes (was it cut short?)")
            }
            let type = integer(offset, 2)
            let name = text((offset + 8)..<(offset + 16))
            guard type == 1 || type == 2 else {
                throw malformed(offset, "variable \(index + 1) ('\(name)') has type \(type): expected 1 (numeric) or 2 (character)")
            }
            let variable = Variable(name: name, isNumeric: type == 1, length: integer(offset + 4, 2), position: integer(offset + 84, 4))
            let allowed = variable.isNumeric ? 2...8 : 1...32_767
            guard allowed.contains(variable.length) else {
                throw malformed(offset + 4, "variable '\(name)' has length \(variable.length): expected \(allowed.lowerBound) to \(allowed.upperBound) bytes for a \(variable.isNumeric ? "numeric" : "character") variable")
            }
            variables.append(variable)
        }
        // The observation is the variables packed end to end: one that lies outside it is
        // a corrupt description, not data.
        let observationLength = variables.reduce(0) { $0 + $1.length }
        for (index, variable) in variables.enumerated() where variable.position + variable.length > observationLength {
            throw malformed(
                namestrStart + index * namestrLength + 84,
                "variable '\(variable.name)' lies at bytes \(variable.position)-\(variable.position + variable.length - 1) of an observation of \(observationLength) bytes: expected it inside the observation"
            )
        }
        let observationHeader = namestrStart + (variableCount * namestrLength + 79) / 80 * 80
        try requireHeader(observationHeader, "OBS     HEADER RECORD", "observation header")

        let headerFields = variables.enumerated().map { offset, variable in
            CSVField(text: variable.name, position: TextPosition(line: 0, column: offset + 1, file: path))
        }
        let header = try CSVHeader(row: CSVRow(line: 0, fields: headerFields), inputName: path)
        var rows: [CSVRow] = []
        var offset = observationHeader + 80
        while offset < bytes.count {
            if offset % 80 == 0, isHeader(offset, "MEMBER  HEADER RECORD") { break }
            guard offset + observationLength <= bytes.count else {
                // Blanks pad the last 80-byte record; anything else is an observation cut short.
                if bytes[offset...].allSatisfy({ $0 == 0x20 }) { break }
                throw malformed(
                    offset,
                    "the file ends at byte \(bytes.count), inside observation \(rows.count + 1): expected \(observationLength) bytes, found \(bytes.count - offset) (was it cut short?)"
                )
            }
            let record = bytes[offset..<(offset + observationLength)]
            if record.allSatisfy({ $0 == 0x20 }) && bytes[offset...].allSatisfy({ $0 == 0x20 }) { break }
            let line = rows.count + 1
            let fields = variables.enumerated().map { column, variable in
                let range = (offset + variable.position)..<(offset + variable.position + variable.length)
                let position = TextPosition(line: line, column: column + 1, file: path)
                if variable.isNumeric { return CSVField(text: number(Array(bytes[range])), position: position) }
                return characterValue(bytes[range], at: position)
            }
            rows.append(CSVRow(line: line, fields: fields))
            offset += observationLength
        }
        guard bytes.count % 80 == 0 else {
            throw malformed(bytes.count, "the file is \(bytes.count) bytes: expected a whole number of 80-byte records (was it cut short?)")
        }
        return (header, rows)
    }

    /// A character value: blank- (or NUL-) padded text; bytes that are not UTF-8 are kept
    /// as the field's defect.
    private static func characterValue(_ bytes: ArraySlice<UInt8>, at position: TextPosition) -> CSVField {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x20 || bytes[end - 1] == 0 { end -= 1 }
        var field = CSVField(bytes: Array(bytes[bytes.startIndex..<end])[...], position: position)
        field.text = field.text.trimmingWhitespace()
        return field
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
