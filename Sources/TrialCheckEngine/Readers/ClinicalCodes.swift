import TrialCheckCore

/// Code tables and vocabularies the FHIR and SDTM mappings share, so both map a code to
/// the same patient-history value.
enum ClinicalCodes {
    /// The lab tests of patient-history v1 by LOINC code (primary and alternative codes).
    static let labTestByLOINC: [String: String] = [
        "6690-2": "wbc", "26464-8": "wbc", "804-5": "wbc",
        "751-8": "anc", "26499-4": "anc", "753-4": "anc",
        "777-3": "platelets", "26515-7": "platelets",
        "718-7": "hemoglobin",
        "1751-7": "albumin",
        "1975-2": "bilirubin", "14631-6": "bilirubin",
        "1742-6": "alt", "1743-4": "alt",
        "1920-8": "ast", "30239-8": "ast",
        "6768-6": "alp",
        "2160-0": "creatinine", "14682-9": "creatinine", "38483-4": "creatinine",
        "2164-2": "creatinine-clearance",
    ]

    /// The lab tests of patient-history v1 by CDISC LBTESTCD (controlled terminology C65047).
    static let labTestByTestCode: [String: String] = [
        "WBC": "wbc", "NEUT": "anc", "PLAT": "platelets", "HGB": "hemoglobin", "ALB": "albumin",
        "BILI": "bilirubin", "ALT": "alt", "AST": "ast", "ALP": "alp", "CREAT": "creatinine",
        "CREATCLR": "creatinine-clearance",
    ]

    /// Treatment phases of patient-history v1 (and `neoadjuvant`), as words to find in a
    /// category or intent text.
    static let phases = ["induction", "neoadjuvant", "concurrent", "adjuvant", "consolidation", "maintenance", "palliative"]

    /// The phase a text names (`INDUCTION CHEMOTHERAPY` → `induction`), or `nil`.
    static func phase(inText text: String) -> String? {
        let words = Set(Self.words(text))
        // "neoadjuvant" before "adjuvant": a text naming the first also contains the second's letters.
        return phases.first { words.contains($0) }
    }

    /// The systemic therapy event type a text names (`chemotherapy`, `immunotherapy`,
    /// `targeted-therapy`), or `nil`.
    static func therapyType(inText text: String) -> String? {
        let words = words(text)
        if words.contains("immunotherapy") || words.contains("immunotherapies") { return "immunotherapy" }
        if words.contains("chemotherapy") || words.contains("chemotherapies") { return "chemotherapy" }
        if let index = words.firstIndex(of: "targeted"), index + 1 < words.count, words[index + 1].hasPrefix("therap") {
            return "targeted-therapy"
        }
        return nil
    }

    /// The systemic therapy event type of an ATC code in L01 (antineoplastic agents):
    /// PD-1/PD-L1 (L01FF) and CTLA-4 (L01FX04) antibodies are immunotherapy, protein
    /// kinase inhibitors (L01E) and other monoclonal antibodies (L01F) targeted therapy,
    /// the rest of L01 chemotherapy. Codes of the pre-2022 ATC (L01XC, L01XE) are read
    /// likewise. Anything outside L01 is `nil`.
    static func therapyType(atc code: String) -> String? {
        let code = code.uppercased().filter { $0 != " " }
        guard code.hasPrefix("L01") else { return nil }
        let immuneCheckpoint = ["L01FF", "L01FX04", "L01XC11", "L01XC17", "L01XC18", "L01XC28", "L01XC31", "L01XC32"]
        if immuneCheckpoint.contains(where: { code.hasPrefix($0) }) { return "immunotherapy" }
        if ["L01E", "L01F", "L01XC", "L01XE"].contains(where: { code.hasPrefix($0) }) { return "targeted-therapy" }
        return "chemotherapy"
    }

    private static let routeBySNOMED = ["47625008": "IV", "26643006": "oral", "34206005": "SC", "78421000": "IM", "45890007": "transdermal"]
    private static let routeByTerm = ["INTRAVENOUS": "IV", "IV": "IV", "ORAL": "oral", "PO": "oral", "SUBCUTANEOUS": "SC", "INTRAMUSCULAR": "IM"]

    /// A route of administration in the patient-history vocabulary (`IV`, `oral`, `SC`,
    /// `IM`) from a SNOMED CT code or a CDISC route term; other text as written, lowercased.
    static func route(code: String?, text: String?) -> String? {
        if let code, let route = routeBySNOMED[code] { return route }
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let route = routeByTerm[text.uppercased()] { return route }
        return text.lowercased()
    }

    /// The lowercase words of a text (letters and digits; anything else separates).
    static func words(_ text: String) -> [String] {
        asciiWords(text) ?? unicodeWords(text)
    }

    /// ``words(_:)`` by characters, for any text.
    static func unicodeWords(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// ``words(_:)`` of an ASCII text, read by bytes (its only letters are A-Z and a-z, its
    /// only digits 0-9); `nil` for a text that is not ASCII.
    static func asciiWords(_ text: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word.append(byte + 0x20)
            case 0x80...:
                return nil
            default:
                if !word.isEmpty {
                    words.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }
}
