import TrialCheckCore
import Yams

/// A check's parameters, decoded from its entry in a protocol file.
struct YAMLParameterSource: ParameterSource {
    let node: Node

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try YAMLDecoder().decode(type, from: node)
    }
}
