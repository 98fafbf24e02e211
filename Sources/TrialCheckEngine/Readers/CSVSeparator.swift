/// The field separator of a patient-history CSV file, and with it the decimal mark.
///
/// Spreadsheets in much of Europe export CSV with `;` between fields and a decimal comma
/// in numbers (`50,4 Gy`). A `;`-separated file therefore reads `50,4` as 50.4; a
/// comma-separated file never does (there, a comma inside a value must be quoted, and a
/// number is written with a decimal point).
public enum CSVSeparator: String, Sendable, CaseIterable {
    /// Detected from the header line: `;` when it holds more `;` than `,` outside quotes
    /// (so also when it has `;` and no `,`), else `,`.
    case auto
    /// `,` with decimal points: RFC 4180.
    case comma
    /// `;` with decimal commas (decimal points are read too).
    case semicolon

    /// Reads `auto`, `comma` or `,`, `semicolon` or `;`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "comma", ",": self = .comma
        case "semicolon", ";": self = .semicolon
        default: return nil
        }
    }

    /// The separator byte, or `nil` for ``auto``.
    var byte: UInt8? {
        switch self {
        case .auto: nil
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        }
    }

    /// The separator a header line uses: `;` when the line holds more `;` than `,`
    /// outside double quotes, else `,`.
    static func detect(headerLine: some Sequence<UInt8>) -> CSVSeparator {
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in headerLine {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: ",") where !quoted: commas += 1
            case UInt8(ascii: ";") where !quoted: semicolons += 1
            default: break
            }
        }
        return semicolons > commas ? .semicolon : .comma
    }
}
