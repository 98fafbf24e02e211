import TrialCheckCore

/// What an external plugin says it reads (its check's `reads:`), as written in a protocol:
/// `{events: {performance-status: [scale, score]}, record: [birth_date, ecog_baseline]}`.
/// A record entry that names a model field (``RecordField``) declares the field; any other
/// is a record key outside the model.
struct InputDeclaration: Decodable, Sendable {
    var events: [String: [String]]?
    var record: [String]?

    /// The declaration as check inputs.
    var inputs: CheckInputs {
        var inputs = CheckInputs.nothing
        for (type, keys) in events ?? [:] {
            inputs = inputs.reading(EventType(recorded: type), keys: Set(keys))
        }
        for key in record ?? [] {
            if let field = RecordField(rawValue: key) {
                inputs = inputs.reading(fields: [field])
            } else {
                inputs.recordKeys.insert(key)
            }
        }
        return inputs
    }
}
