import TrialCheckCore

/// A laboratory test: the short name a protocol uses, the name a monitor reads, and
/// every name or code a lab event's `test` key may carry for it.
public struct LabTest: Sendable, Hashable {
    /// The short name (`platelets`); also the analyte for mass/molar unit conversions.
    public let name: String
    /// The name in messages (`Platelets`).
    public let display: String
    /// LOINC codes.
    public let codes: [String]
    /// Other names labs and exports use (`plt`, `PLAT`).
    public let aliases: [String]
    /// Every name that identifies a result of this test, folded for matching.
    public let identifiers: Set<String>
    /// A sketch of the identifiers' lengths and first bytes, when they are all ASCII: an
    /// ASCII name that misses it is no identifier (two ASCII texts are equal only byte for
    /// byte), so most lab events of other tests are told apart without hashing.
    private let sketch: UInt64?
    /// The identifiers with their hashes (``nameHash(_:)``), for matching names whose hash
    /// is known (``reports(foldedName:hash:)``).
    private let hashedIdentifiers: [HashedName]
    /// One bit for each identifier's hash (``hashBit(_:)``): a name whose bit is not set is
    /// no identifier, told with one test rather than a comparison per identifier.
    private let hashMask: UInt64

    /// A name and its hash.
    private struct HashedName: Sendable, Hashable {
        let hash: UInt64
        let name: String
    }

    /// Creates a test.
    public init(name: String, display: String, codes: [String], aliases: [String] = []) {
        self.name = name
        self.display = display
        self.codes = codes
        self.aliases = aliases
        identifiers = Set(([name] + codes + aliases).map(TermMatcher.normalized))
        sketch = identifiers.allSatisfy(TextKey.isASCII)
            ? identifiers.reduce(0) { $0 | LabTest.sketchBit($1) }
            : nil
        hashedIdentifiers = identifiers.sorted().map { HashedName(hash: LabTest.nameHash($0), name: $0) }
        hashMask = hashedIdentifiers.reduce(0) { $0 | LabTest.hashBit($1.hash) }
    }

    /// The hash of a folded name that ``reports(foldedName:hash:)`` compares: FNV-1a over
    /// its UTF-8 bytes (a few bytes, hashed in a fraction of the time `hashValue` takes),
    /// or ``unhashed`` for a name that is not ASCII.
    static func nameHash(_ name: String) -> UInt64 {
        func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var seen: UInt8 = 0
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
                seen |= byte
            }
            return seen < 0x80 ? hash : unhashed
        }
        // The bytes in place (native and small strings alike), else one by one.
        return name.utf8.withContiguousStorageIfAvailable(hash) ?? hash(name.utf8)
    }

    /// The hash of every name that is not ASCII. Such a name may equal an identifier
    /// written with other bytes (a composed and a decomposed `é` are the same text), which
    /// a hash of the bytes would tell apart: it is compared as text
    /// (``reports(foldedName:)``), as is every name for a test with an identifier that is
    /// not ASCII.
    static let unhashed = UInt64.max

    /// The bit of ``hashMask`` a hash sets: from its top six bits, the best mixed.
    private static func hashBit(_ hash: UInt64) -> UInt64 {
        1 << (hash >> 58)
    }

    /// The sketch bit of a name: from its length and first byte.
    private static func sketchBit(_ name: String) -> UInt64 {
        let bits = (Int(name.utf8.first ?? 0) &+ name.utf8.count &* 7) & 63
        return 1 << UInt64(bits)
    }

    /// Whether `event` (a lab event) reports this test.
    public func reports(_ event: Event) -> Bool {
        reports(testName: event.string("test"))
    }

    /// Whether a lab event whose `test` key reads `testName` reports this test.
    public func reports(testName: String?) -> Bool {
        guard let testName else { return false }
        // The identifiers are folded, so a name that matches as written matches folded too;
        // and most records write names folded already, so folding allocates nothing.
        return reports(foldedName: TermMatcher.normalized(testName))
    }

    /// Whether a lab event whose `test` key reads, folded (``TermMatcher/normalized(_:)``), `name` reports
    /// this test.
    public func reports(foldedName name: String) -> Bool {
        if let sketch, sketch & LabTest.sketchBit(name) == 0, TextKey.isASCII(name) { return false }
        return identifiers.contains(name)
    }

    /// Whether a lab event whose `test` key reads, folded, `name` reports this test, given
    /// the name's ``nameHash(_:)``: a name hashed once is told from most tests by one bit of
    /// their mask, compared with the others' identifiers as whole numbers, and as text only
    /// where the hashes are equal.
    func reports(foldedName name: String, hash: UInt64) -> Bool {
        // Two ASCII texts are the same only byte for byte; other texts are compared as text.
        guard hash != LabTest.unhashed, sketch != nil else { return reports(foldedName: name) }
        guard mayReport(hash: hash) else { return false }
        for identifier in hashedIdentifiers where identifier.hash == hash && identifier.name == name { return true }
        return false
    }

    /// Whether a folded name whose ``nameHash(_:)`` is `hash` may report this test: `false`
    /// for most names of other tests, told from the hash alone (never for a name or an
    /// identifier that is not ASCII, compared as text).
    func mayReport(hash: UInt64) -> Bool {
        hash == LabTest.unhashed || sketch == nil || hashMask & LabTest.hashBit(hash) != 0
    }

    /// This test with more codes or names.
    public func adding(codes extra: [String]) -> LabTest {
        LabTest(name: name, display: display, codes: codes + extra, aliases: aliases)
    }

    /// The built-in test with this short name, alias or LOINC code.
    public static func known(_ name: String) -> LabTest? {
        let folded = TermMatcher.normalized(name)
        return catalogue.first { $0.identifiers.contains(folded) }
    }

    /// The short names of the built-in tests.
    public static var knownNames: [String] { catalogue.map(\.name) }

    /// The built-in tests. LOINC codes as in the reference lab table (primary code first);
    /// the viral-load codes are the IU/mL ones (copies/mL results use other codes, which a
    /// protocol can add with `codes`).
    public static let catalogue: [LabTest] = [
        LabTest(name: "wbc", display: "WBC", codes: ["6690-2", "26464-8", "804-5"],
                aliases: ["leukocytes", "white blood cells", "white blood cell count", "white cell count"]),
        LabTest(name: "anc", display: "ANC", codes: ["751-8", "26499-4", "753-4"],
                aliases: ["neutrophils", "neut", "absolute neutrophil count", "neutrophil count"]),
        LabTest(name: "platelets", display: "Platelets", codes: ["777-3", "26515-7"],
                aliases: ["platelet", "plt", "plat", "platelet count"]),
        LabTest(name: "hemoglobin", display: "Hemoglobin", codes: ["718-7"], aliases: ["haemoglobin", "hgb", "hb"]),
        LabTest(name: "albumin", display: "Albumin", codes: ["1751-7"], aliases: ["alb"]),
        LabTest(name: "bilirubin", display: "Total bilirubin", codes: ["1975-2", "14631-6"],
                aliases: ["total bilirubin", "tbili", "bili"]),
        LabTest(name: "alt", display: "ALT", codes: ["1742-6", "1743-4"], aliases: ["sgpt", "alanine aminotransferase"]),
        LabTest(name: "ast", display: "AST", codes: ["1920-8", "30239-8"], aliases: ["sgot", "aspartate aminotransferase"]),
        LabTest(name: "alp", display: "ALP", codes: ["6768-6"], aliases: ["alkaline phosphatase"]),
        LabTest(name: "creatinine", display: "Creatinine", codes: ["2160-0", "14682-9", "38483-4"],
                aliases: ["creat", "serum creatinine"]),
        LabTest(name: "creatinine-clearance", display: "Creatinine clearance", codes: ["2164-2"],
                aliases: ["crcl", "creatclr", "creatinine clearance"]),
        LabTest(name: "hbv-dna", display: "HBV DNA", codes: ["42595-9"], aliases: ["hbv dna", "hepatitis b virus dna"]),
        LabTest(name: "hcv-rna", display: "HCV RNA", codes: ["11011-4"], aliases: ["hcv rna", "hepatitis c virus rna"]),
    ]
}
