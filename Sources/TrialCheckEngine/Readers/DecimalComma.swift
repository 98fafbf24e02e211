/// Numbers written with a decimal comma (`50,4 Gy`, `1,5`, `1.234,5`), as spreadsheets
/// in much of Europe export them in `;`-separated CSV.
enum DecimalComma {
    /// What a cell's text reads as.
    enum Reading: Equatable {
        /// Not a number written with a decimal comma: read as written.
        case unchanged
        /// The text with the number rewritten with a decimal point (`50.4 Gy`).
        case converted(String)
        /// A number such as `1.500`, which reads as 1.5 with a decimal point but as 1500
        /// with a grouping point: read as written, and worth a note.
        case ambiguous
    }

    /// Reads a cell: a leading number (optionally signed, optionally grouped with `.`
    /// before a decimal comma), then nothing or a unit (`50,4 Gy`, `50,4Gy`). A number
    /// followed by another separator or digit (`1,2-diol`, `1,2,3`) is left alone.
    static func read(_ text: String) -> Reading {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return .unchanged }
        var end = first
        if bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "+") { end += 1 }
        let digitsStart = end
        while end < bytes.count, isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ",") || bytes[end] == UInt8(ascii: ".") {
            end += 1
        }
        let number = Array(bytes[digitsStart..<end])
        guard !number.isEmpty, isDigit(number[0]), let last = number.last, isDigit(last) else { return .unchanged }
        if end < bytes.count {
            let next = bytes[end]
            let unitStarts = next == 0x20 || next == 0x09 || !(next < 0x80 && (isDigit(next) || "-,.;:/+".utf8.contains(next)))
            guard unitStarts else { return .unchanged }
        }
        let commas = number.filter { $0 == UInt8(ascii: ",") }.count
        let points = number.filter { $0 == UInt8(ascii: ".") }.count
        let groups = number.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        switch (commas, points) {
        case (1, 0):
            return .converted(rewrite(bytes, range: digitsStart..<end, as: number.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }))
        case (1, _):
            // `1.234,5`: points group thousands before the decimal comma.
            guard isGrouped(Array(groups[0])), !groups[1].contains(UInt8(ascii: ".")) else { return .unchanged }
            let integer = groups[0].filter { $0 != UInt8(ascii: ".") }
            return .converted(rewrite(bytes, range: digitsStart..<end, as: integer + [UInt8(ascii: ".")] + groups[1]))
        case (0, 1) where isGrouped(number):
            return .ambiguous
        default:
            return .unchanged
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Whether digits are grouped by points in threes: `1.234`, `12.345.678`.
    private static func isGrouped(_ digits: [UInt8]) -> Bool {
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count > 1, (1...3).contains(parts[0].count) else { return false }
        return parts.dropFirst().allSatisfy { $0.count == 3 }
    }

    private static func rewrite(_ bytes: [UInt8], range: Range<Int>, as number: [UInt8]) -> String {
        String(decoding: bytes[..<range.lowerBound] + number + bytes[range.upperBound...], as: UTF8.self)
    }
}
