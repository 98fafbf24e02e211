/// The shipped terminology of anticancer and immunomodulating drugs: substances with their
/// WHO ATC codes, RxNorm concepts and other names, and the classes criteria name
/// (``source`` cites it).
///
/// A record may name a drug by its name, a synonym (`JS001`, `Xeloda`, `5-FU`), its ATC
/// substance code (`L01FF05`) or its RxNorm concept written `RxNorm:1792776` (or
/// `RXCUI:1792776`). Names are compared by ``key(_:)``: letters and digits only, in lower
/// case, so `5-FU`, `5FU` and `5 fu` are one name.
public enum DrugTerminology {
    /// A name as compared: lower case, letters and digits only (spaces, hyphens, slashes,
    /// dots, `®` and `™` dropped).
    public static func key(_ text: String) -> String {
        // An ASCII name's key is gathered on the stack: a short key is a small string, so
        // nothing is allocated.
        let ascii: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(text.utf8.count, 1)) { buffer in
            var count = 0
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    buffer[count] = byte
                    count += 1
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    buffer[count] = byte + 32
                    count += 1
                case 0x80...: return nil
                default: continue
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
        return ascii ?? String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// What `recorded` (a name, a synonym or a code) stands for.
    public static func identify(_ recorded: String) -> RecordedDrug {
        let text = recorded.trimmingWhitespace()
        let upper = text.uppercased()
        if isATCSubstanceCode(upper) {
            return byCode[upper].map(RecordedDrug.drug) ?? .atcCode(upper)
        }
        if let concept = rxnormConcept(in: upper) {
            return byRxNorm[concept].map(RecordedDrug.drug) ?? .unknown(text)
        }
        return byName[key(text)].map(RecordedDrug.drug) ?? .unknown(text)
    }

    /// The entry named `name` (or one of its synonyms), if the table lists it.
    public static func entry(named name: String) -> DrugEntry? {
        byName[key(name)]
    }

    /// The class a criterion names: an ATC code at any level from `L` to a substance code,
    /// or a named class (compared like drug names); `nil` for neither.
    public static func drugClass(named reference: String) -> DrugClass? {
        let text = reference.trimmingWhitespace()
        let upper = text.uppercased()
        if isATCPrefix(upper) {
            let label = groups[upper].map { "\($0) (ATC \(upper))" } ?? byCode[upper].map { "\($0.name) (ATC \(upper))" } ?? "ATC \(upper)"
            return DrugClass(name: upper, label: label, codes: [upper])
        }
        let wanted = key(text)
        return namedClasses.first { key($0.name) == wanted }
    }

    /// The names a criterion may write for a class, for suggestions.
    public static var classNames: [String] { namedClasses.map(\.name) + groups.keys.sorted() }

    /// Whether `text` is an ATC substance code: a letter, two digits, two letters, two digits.
    static func isATCSubstanceCode(_ text: String) -> Bool {
        text.count == 7 && isATCPrefix(text)
    }

    /// Whether `text` is an ATC code of any level: `L`, `L01`, `L01F`, `L01FF`, `L01FF05`.
    static func isATCPrefix(_ text: String) -> Bool {
        let pattern: [Character.Kind] = [.letter, .digit, .digit, .letter, .letter, .digit, .digit]
        guard [1, 3, 4, 5, 7].contains(text.count) else { return false }
        return zip(text, pattern).allSatisfy { character, kind in
            guard character.isASCII else { return false }
            return kind == .letter ? character.isUppercase : character.isNumber
        }
    }

    /// The concept of `RXNORM:123` or `RXCUI:123` (spaces allowed around the colon).
    private static func rxnormConcept(in upper: String) -> String? {
        for prefix in ["RXNORM", "RXCUI"] where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count).trimmingWhitespace()
            guard rest.hasPrefix(":") else { return nil }
            let digits = rest.dropFirst().trimmingWhitespace()
            return !digits.isEmpty && digits.allSatisfy(\.isNumber) ? digits : nil
        }
        return nil
    }

    private static let byName: [String: DrugEntry] = {
        var table: [String: DrugEntry] = [:]
        for entry in entries {
            for name in entry.names { table[key(name)] = table[key(name)] ?? entry }
        }
        return table
    }()

    /// Substance codes with one substance: `L01BC53` names two combinations, so neither.
    private static let byCode: [String: DrugEntry] = {
        let coded = entries.compactMap { entry in entry.code.map { ($0, entry) } }
        let counts = Dictionary(coded.map { ($0.0, 1) }, uniquingKeysWith: +)
        return Dictionary(coded.filter { counts[$0.0] == 1 }, uniquingKeysWith: { first, _ in first })
    }()

    private static let byRxNorm: [String: DrugEntry] = Dictionary(
        entries.compactMap { entry in entry.rxnorm.map { ($0, entry) } }, uniquingKeysWith: { first, _ in first }
    )
}

private extension Character {
    enum Kind { case letter, digit }
}
