/// Where an event's attributes come from when a reader does not build them up front: a
/// compact form of the record as written, decoded one key at a time as checks ask.
///
/// Building a dictionary of every key of every event is most of the cost of reading a
/// large cohort, and checks read a few keys of a few events. A reader that keeps its
/// record's bytes can hand events a source instead (see ``Event/init(type:date:start:end:attributeSource:location:)``);
/// the event then answers ``Event/subscript(_:)`` and the typed accessors from it, and
/// builds ``Event/attributes`` only when asked for all of them.
///
/// A source must give exactly what the dictionary would hold: the same keys, the same
/// values. Keep it small (two words or less), so an event holds it without a box.
public protocol EventAttributeSource: Sendable {
    /// The value of `key`, or `nil` if the event has no such key.
    func value(forKey key: String) -> Value?
    /// Every key and its value.
    var allAttributes: [String: Value] { get }
    /// The keys that are not among `known`, in the order written: what an audit's data
    /// coverage looks at, without building the keys it expects.
    func keys(outside known: KeySet) -> [String]
    /// Whether `other` is known to hold the same attributes without comparing them (the
    /// same event of the same record, say); `false` when unsure.
    func isSame(as other: any EventAttributeSource) -> Bool
}

extension EventAttributeSource {
    public func isSame(as other: any EventAttributeSource) -> Bool { false }
    public func keys(outside known: KeySet) -> [String] { allAttributes.keys.filter { !known.contains($0) }.sorted() }
}

/// An event's attributes: a dictionary, or a source read on demand.
enum EventAttributes: Sendable {
    case dictionary([String: Value])
    case source(any EventAttributeSource)

    subscript(key: String) -> Value? {
        switch self {
        case .dictionary(let attributes): attributes[key]
        case .source(let source): source.value(forKey: key)
        }
    }

    /// Whether both hold the same keys and values.
    func isEqual(to other: EventAttributes) -> Bool {
        switch (self, other) {
        case let (.dictionary(lhs), .dictionary(rhs)): lhs == rhs
        case let (.source(lhs), .source(rhs)) where lhs.isSame(as: rhs): true
        default: dictionary == other.dictionary
        }
    }

    func keys(outside known: KeySet) -> [String] {
        switch self {
        case .dictionary(let attributes): attributes.keys.filter { !known.contains($0) }.sorted()
        case .source(let source): source.keys(outside: known)
        }
    }

    var dictionary: [String: Value] {
        switch self {
        case .dictionary(let attributes): attributes
        case .source(let source): source.allAttributes
        }
    }
}
