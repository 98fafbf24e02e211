/// How much a deviation matters, in ICH E3 terms: an important (major) deviation may
/// affect data reliability or a subject's rights, safety or well-being; a minor one does not.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case major
    case minor

    private var rank: Int { self == .major ? 0 : 1 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
extension Severity: CodingKeyRepresentable {}
