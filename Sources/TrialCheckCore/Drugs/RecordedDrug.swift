/// What a drug name or code written in a record stands for, read against the shipped
/// terminology (``DrugTerminology/identify(_:)``).
public enum RecordedDrug: Sendable, Hashable {
    /// A substance of the table, named by its name, a synonym, its ATC substance code or its
    /// RxNorm concept.
    case drug(DrugEntry)
    /// A well-formed ATC substance code (`L01FF11`) the table does not list: its class is
    /// still known from the code itself.
    case atcCode(String)
    /// A name or code the table does not know: its class cannot be told.
    case unknown(String)

    /// Whether it lies under the ATC code `prefix`, or `.unknown` for a name the table does
    /// not know.
    public func isClassified(under prefix: String) -> Truth {
        switch self {
        case .drug(let entry): entry.isClassified(under: prefix) ? .yes : .no
        case .atcCode(let code): code.hasPrefix(prefix) ? .yes : .no
        case .unknown: .unknown
        }
    }

    /// The name a sentence uses: the table's name, the code, or the text as recorded.
    public var name: String {
        switch self {
        case .drug(let entry): entry.name
        case .atcCode(let code): code
        case .unknown(let text): text
        }
    }
}
