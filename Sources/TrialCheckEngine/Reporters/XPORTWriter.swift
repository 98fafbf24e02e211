import Foundation

/// Writes one dataset as a SAS XPORT version 5 transport file, the format FDA and PMDA take
/// SDTM datasets in (and ``XPORTReader`` reads): 80-byte header records, one 140-byte
/// NAMESTR per variable, then the observations packed end to end, blank-padded to a whole
/// record. Character values are ASCII, blank-padded to the variable's length; numbers are
/// IBM System/360 hexadecimal floating point, a missing number `.` and zero bytes.
public struct XPORTDataset: Sendable, Hashable {
    /// One variable: a name of at most 8 characters, a label of at most 40.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var label: String
        public var isNumeric: Bool
        /// Bytes: 8 for numbers, 1 to 200 for text.
        public var length: Int

        public init(name: String, label: String, isNumeric: Bool, length: Int) {
            self.name = name
            self.label = label
            self.isNumeric = isNumeric
            self.length = length
        }
    }

    /// One value of an observation.
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Double?)
    }

    /// The dataset's name (`DV`), at most 8 characters.
    public var name: String
    /// Its label (`Protocol Deviations`), at most 40 characters.
    public var label: String
    public var variables: [Variable]
    public var rows: [[Value]]

    public init(name: String, label: String, variables: [Variable], rows: [[Value]]) {
        self.name = name
        self.label = label
        self.variables = variables
        self.rows = rows
    }

    /// The transport file's bytes; `created` is the SAS date-time stamped in its headers
    /// (`25NOV26:00:00:00`), fixed by the caller so the file is a pure function of its data.
    public func transportFile(created: String) -> [UInt8] {
        var out: [UInt8] = []
        func record(_ text: String) {
            out += Self.padded(text, to: 80)
        }
        let stamp = Self.padded(created, to: 16)
        record("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000")
        out += Self.padded("SAS", to: 8) + Self.padded("SAS", to: 8) + Self.padded("SASLIB", to: 8)
            + Self.padded("9.4", to: 8) + Self.padded("", to: 8) + Self.padded("", to: 24) + stamp
        out += stamp + Self.padded("", to: 64)
        record("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140")
        record("HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000")
        out += Self.padded("SAS", to: 8) + Self.padded(name, to: 8) + Self.padded("SASDATA", to: 8)
            + Self.padded("9.4", to: 8) + Self.padded("", to: 8) + Self.padded("", to: 24) + stamp
        out += stamp + Self.padded("", to: 16) + Self.padded(label, to: 40) + Self.padded("", to: 8)
        let count = String(variables.count)
        record("HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000" + String(repeating: "0", count: max(0, 4 - count.count)) + count + "00000000000000000000")
        var position = 0
        for (index, variable) in variables.enumerated() {
            var namestr: [UInt8] = []
            namestr += Self.short(variable.isNumeric ? 1 : 2)
            namestr += Self.short(0)
            namestr += Self.short(variable.length)
            namestr += Self.short(index + 1)
            namestr += Self.padded(variable.name, to: 8)
            namestr += Self.padded(variable.label, to: 40)
            namestr += Self.padded("", to: 8) // format name
            namestr += Self.short(0) + Self.short(0) + Self.short(variable.isNumeric ? 1 : 0) + [0, 0]
            namestr += Self.padded("", to: 8) // informat name
            namestr += Self.short(0) + Self.short(0)
            namestr += [UInt8(position >> 24 & 0xFF), UInt8(position >> 16 & 0xFF), UInt8(position >> 8 & 0xFF), UInt8(position & 0xFF)]
            namestr += [UInt8](repeating: 0, count: 52)
            out += namestr
            position += variable.length
        }
        Self.pad(&out, with: 0x20)
        record("HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000")
        for row in rows {
            for (variable, value) in zip(variables, row) {
                switch value {
                case .text(let text): out += Self.padded(text, to: variable.length)
                case .number(let number): out += Self.ibm(number)
                }
            }
        }
        Self.pad(&out, with: 0x20)
        return out
    }

    /// ASCII bytes of `text` (anything else as `?`), cut or blank-padded to `length`.
    static func padded(_ text: String, to length: Int) -> [UInt8] {
        var bytes = text.unicodeScalars.prefix(length).map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }
        bytes += [UInt8](repeating: 0x20, count: length - bytes.count)
        return bytes
    }

    private static func short(_ value: Int) -> [UInt8] {
        [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func pad(_ bytes: inout [UInt8], with byte: UInt8) {
        let remainder = bytes.count % 80
        if remainder != 0 { bytes += [UInt8](repeating: byte, count: 80 - remainder) }
    }

    /// A number as 8 bytes of IBM hexadecimal floating point: sign, a base-16 exponent
    /// biased by 64, and a 56-bit fraction in [1/16, 1). `nil` is SAS's missing `.`.
    static func ibm(_ value: Double?) -> [UInt8] {
        guard let value, value.isFinite else { return [UInt8(ascii: ".")] + [UInt8](repeating: 0, count: 7) }
        if value == 0 { return [UInt8](repeating: 0, count: 8) }
        var magnitude = abs(value)
        var exponent = 0
        while magnitude >= 1 { magnitude /= 16; exponent += 1 }
        while magnitude < 1.0 / 16 { magnitude *= 16; exponent -= 1 }
        let fraction = UInt64((magnitude * 72_057_594_037_927_936.0).rounded())
        let first = UInt8((value < 0 ? 0x80 : 0) | (exponent + 64) & 0x7F)
        return [first] + (0..<7).map { UInt8(fraction >> (8 * (6 - UInt64($0))) & 0xFF) }
    }
}
