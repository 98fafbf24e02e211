import TrialCheckCore
import Yams

/// A check's parameters, decoded from its entry in a protocol file.
struct YAMLParameterSource: ParameterSource {
    let node: Node

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The encoding named, so that Yams does not read the whole process environment (for
        // YAMS_DEFAULT_ENCODING) once per check: decoding a node reads no text anyway.
        try YAMLDecoder(encoding: .utf8).decode(type, from: node)
    }
}
