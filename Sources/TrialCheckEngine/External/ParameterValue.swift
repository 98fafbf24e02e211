import TrialCheckCore

/// Any YAML value of a check's parameters, decoded as a record ``Value`` so it can be
/// passed on to a plugin as JSON (numbers keep a number's text, quoted text stays text).
struct ParameterValue: Decodable, Sendable {
    /// The value.
    let value: Value

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: Value] = [:]
            for key in container.allKeys {
                fields[key.stringValue] = try container.decode(ParameterValue.self, forKey: key).value
            }
            value = .map(fields)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !container.isAtEnd { items.append(try container.decode(ParameterValue.self).value) }
            value = .list(items)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            value = .number(String(integer))
        } else if let number = try? container.decode(Double.self), number.isFinite {
            value = .number(String(number))
        } else {
            value = .string(try container.decode(String.self))
        }
    }

    /// A coding key for any mapping key.
    private struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init?(stringValue: String) {
            self.stringValue = stringValue
            intValue = nil
        }
        init?(intValue: Int) {
            stringValue = String(intValue)
            self.intValue = intValue
        }
    }
}
