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

/// Attributes given as a dictionary, read through the same protocol as a source, so an
/// event calls its attributes in place whichever way they were given (an enum of the two
/// would copy its payload on every read).
struct DictionaryAttributes: EventAttributeSource {
    let attributes: [String: Value]

    func value(forKey key: String) -> Value? { attributes[key] }

    var allAttributes: [String: Value] { attributes }
}

extension EventAttributeSource {
    /// Whether both hold the same keys and values.
    func holdsSameAttributes(as other: any EventAttributeSource) -> Bool {
        isSame(as: other) || allAttributes == other.allAttributes
    }
}
