/// The arms a protocol declares, and how a record's arm label is read as one of them: by
/// its code, its label or one of its aliases, compared as every name is
/// (``TermMatcher/normalized(_:)``: case and spaces aside)
/// (`a`, `Arm A`, `Toripalimab + metronomic capecitabine` all name arm `A`).
public struct ArmTable: Sendable {
    /// The declared codes, sorted.
    public let codes: [String]
    /// Every name of every arm, folded, to its code.
    private let codeByName: [String: String]

    /// The table of `arms` (code to arm).
    public init(_ arms: [String: Arm]) {
        codes = arms.keys.sorted()
        var names: [String: String] = [:]
        // Codes first, so that a code is never shadowed by another arm's alias.
        for code in codes { names[TermMatcher.normalized(code)] = code }
        for code in codes {
            guard let arm = arms[code] else { continue }
            for name in [arm.label] + arm.aliases where names[TermMatcher.normalized(name)] == nil {
                names[TermMatcher.normalized(name)] = code
            }
        }
        codeByName = names
    }

    /// Whether the protocol declares arms at all (a protocol without arms reads any label as written).
    public var isEmpty: Bool { codes.isEmpty }

    /// The code of the arm `recorded` names, or `nil` when it names none of the declared arms.
    public func code(of recorded: String) -> String? {
        codeByName[TermMatcher.normalized(recorded)]
    }

    /// `A, B`, for sentences.
    public var codesText: String { codes.joined(separator: ", ") }
}
