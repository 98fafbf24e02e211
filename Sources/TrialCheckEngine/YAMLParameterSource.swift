import TrialCheckCore
import Yams

/// A check's parameters, decoded from its entry in a protocol file.
struct YAMLParameterSource: ParameterSource {
    let node: Node

    /// Decodes as `YAMLDecoder` does: through ``ProtocolNodeDecoder`` where the entry is a
    /// plain tree, else through `YAMLDecoder` itself.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard ProtocolNodeDecoder.decodes(node) else { return try YAMLDecoder().decode(type, from: node) }
        return try ProtocolNodeDecoder(node: node).decode(type)
    }
}
