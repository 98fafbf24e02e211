import Foundation

/// Speaks the trialcheck plugin protocol (version 1) on standard input and output, so a
/// plugin is one function that judges one patient.
///
///     PluginHost.run(name: "my-check", version: "1.0.0", description: "…",
///                    configure: { parameters in try MyConfig(parameters) },
///                    judge: { patient, config in .pass("…") })
public enum PluginHost {
    /// The protocol version spoken.
    public static let protocolVersion = 1

    /// A check's parameters are wrong: the message says which and why.
    public struct ParameterError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Serves trialcheck until the end of the audit; returns the exit status.
    public static func run<Config>(
        name: String, version: String, description: String, maxBatchSize: Int? = nil,
        configure: ([String: JSONValue]) throws -> Config,
        judge: (Patient, Config) -> Verdict
    ) -> Int32 {
        var config: Config?
        var output = ""
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
                  case let message = JSONValue(foundation: object), let type = message["type"]?.string
            else {
                write(error: "cannot read a message: \(line.prefix(80))")
                return 1
            }
            switch type {
            case "hello":
                guard message["protocol_version"]?.integer == protocolVersion else {
                    write(error: "this plugin speaks protocol version \(protocolVersion)")
                    return 1
                }
                do {
                    if case .object(let parameters)? = message["parameters"] {
                        config = try configure(parameters)
                    } else {
                        config = try configure([:])
                    }
                } catch {
                    write(error: "bad parameters: \(error)")
                    return 1
                }
                var ready = #"{"type":"ready","protocol_version":1,"name":\#(quote(name)),"version":\#(quote(version)),"description":\#(quote(description))"#
                if let maxBatchSize { ready += #","max_batch_size":\#(maxBatchSize)"# }
                emit(ready + "}\n")
            case "batch":
                guard let config else {
                    write(error: "a batch came before the handshake")
                    return 1
                }
                output.removeAll(keepingCapacity: true)
                guard case .array(let records)? = message["patients"] else {
                    write(error: "a batch without patients")
                    return 1
                }
                let batch = message["batch"]?.integer
                for record in records {
                    guard let patient = Patient(record) else {
                        write(error: "a patient record without an id")
                        return 1
                    }
                    output += encode(judge(patient, config), patient: patient.id, batch: batch)
                }
                emit(output)
            case "end":
                return 0
            default:
                FileHandle.standardError.write(Data("ignoring a message of type \(type)\n".utf8))
            }
        }
        return 0
    }

    private static func encode(_ verdict: Verdict, patient: String, batch: Int?) -> String {
        var line = #"{"type":"verdict""#
        if let batch { line += #","batch":\#(batch)"# }
        line += #","patient":\#(quote(patient)),"status":\#(quote(verdict.status)),"message":\#(quote(verdict.message)),"evidence":["#
        line += verdict.evidence.map { item in
            #"{"name":\#(quote(item.name)),"value":\#(quote(item.value))"# + (item.event.map { #","event":\#($0)"# } ?? "") + "}"
        }.joined(separator: ",")
        line += "]"
        if let date = verdict.date { line += #","date":\#(quote(date))"# }
        return line + "}\n"
    }

    private static func write(error message: String) {
        emit(#"{"type":"error","message":\#(quote(message))}"# + "\n")
    }

    private static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
