import TrialCheckCore

/// Finds an AJCC stage group in free text: `cStage III (AJCC 8th)` → `III`,
/// `AJCC stage IIIC` → `IIIC`, `IVA` → `IVA`.
enum StageText {
    /// The stage group a text names, in capitals, or `nil` if it names none.
    static func group(in text: String) -> String? {
        let tokens = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        if tokens.count == 1, isGroup(tokens[0]) { return tokens[0].uppercased() }
        for (offset, token) in tokens.enumerated() {
            let lowered = token.lowercased()
            let stageWord = ["stage", "cstage", "pstage", "ypstage", "ycstage"]
            if stageWord.contains(lowered), offset + 1 < tokens.count, isGroup(tokens[offset + 1]) {
                return tokens[offset + 1].uppercased()
            }
        }
        return nil
    }

    private static func isGroup(_ token: String) -> Bool {
        var body = token.uppercased()
        if let last = body.last, "ABC".contains(last), body.count > 1 { body.removeLast() }
        return ["0", "I", "II", "III", "IV", "1", "2", "3", "4"].contains(body)
    }
}
