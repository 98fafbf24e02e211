/// Whether a diagnosis term names a histology (the tumour's morphology), so that a term
/// such as SDTM's MHTERM may stand in for a histology only when it names one.
///
/// `Esophageal squamous cell carcinoma` names one; `Esophageal carcinoma` and
/// `Esophageal cancer` do not (the histology is missing, not "carcinoma"). A term names a
/// histology when it holds a morphology word (`squamous`, `adenocarcinoma`,
/// `adenosquamous`, `small cell`, `neuroendocrine`, ...), a common abbreviation (`SCC`,
/// `ESCC`, `EAC`, `NEC`), or an ICD-O-3 morphology code (`8070/3`) other than the
/// unspecified ones (`8000/3` neoplasm, `8010/3` carcinoma, NOS).
enum HistologyText {
    /// Words of a morphology (lowercased, matched as whole words or word prefixes).
    static let morphologyWords: [String] = [
        "squamous", "adenocarcinoma", "adenosquamous", "adenoid", "mucoepidermoid", "basaloid", "spindle",
        "verrucous", "sarcomatoid", "carcinosarcoma", "sarcoma", "leiomyosarcoma", "neuroendocrine", "carcinoid",
        "melanoma", "lymphoma", "gist", "stromal", "signet", "mucinous", "undifferentiated", "anaplastic",
        "epidermoid", "choriocarcinoma", "lymphoepithelial", "scc", "escc", "eac", "nec",
    ]

    /// Phrases of two words that name a morphology.
    static let morphologyPhrases: [[String]] = [["small", "cell"], ["large", "cell"], ["giant", "cell"], ["clear", "cell"]]

    /// The histology a term names: the name of the ICD-O-3 code it holds (`8070/3` →
    /// `squamous cell carcinoma`), else the term itself when it names one, else `nil`.
    static func histology(in term: String) -> String? {
        if let code = morphologyCode(in: term), let name = namesByCode[code] { return name }
        return names(term) ? term : nil
    }

    /// Names of the common ICD-O-3 morphology codes of esophageal and other carcinomas.
    static let namesByCode: [String: String] = {
        var names: [String: String] = [
            "8140/3": "adenocarcinoma", "8560/3": "adenosquamous carcinoma", "8041/3": "small cell carcinoma",
            "8246/3": "neuroendocrine carcinoma", "8020/3": "undifferentiated carcinoma", "8430/3": "mucoepidermoid carcinoma",
            "8200/3": "adenoid cystic carcinoma", "8083/3": "basaloid squamous cell carcinoma",
            "8084/3": "squamous cell carcinoma, clear cell type",
        ]
        for code in 8070...8078 { names["\(code)/3"] = "squamous cell carcinoma" }
        return names
    }()

    /// Whether `term` names a histology.
    static func names(_ term: String) -> Bool {
        if morphologyCode(in: term) != nil { return true }
        let words = ClinicalCodes.words(term)
        if words.contains(where: { word in morphologyWords.contains { word == $0 || (word.hasPrefix($0) && $0.count >= 6) } }) {
            return true
        }
        return zip(words, words.dropFirst()).contains { pair in morphologyPhrases.contains([pair.0, pair.1]) }
    }

    /// The ICD-O-3 morphology code the text holds (four digits, `/`, a behaviour digit),
    /// unless it is an unspecified one (8000-8005, 8010-8011: neoplasm or carcinoma, NOS).
    static func morphologyCode(in text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 6 else { return nil }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        for start in 0...(bytes.count - 6) where bytes[start + 4] == UInt8(ascii: "/") {
            let before = start == 0 || !isDigit(bytes[start - 1])
            let after = start + 6 == bytes.count || !isDigit(bytes[start + 6])
            guard before, after, bytes[start..<(start + 4)].allSatisfy(isDigit), isDigit(bytes[start + 5]) else { continue }
            let code = String(decoding: bytes[start..<(start + 6)], as: UTF8.self)
            guard let number = Int(code.prefix(4)), !(8000...8005).contains(number), !(8010...8011).contains(number) else { continue }
            return code
        }
        return nil
    }
}
