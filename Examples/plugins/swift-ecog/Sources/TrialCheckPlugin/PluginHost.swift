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

    private struct Message: Decodable {
        let type: String
        let protocol_version: Int?
        let parameters: [String: JSONValue]?
        let batch: Int?
        let patients: [Patient]?
    }

    /// Serves trialcheck until the end of the audit; returns the exit status.
    public static func run<Config>(
        name: String, version: String, description: String, maxBatchSize: Int? = nil,
        configure: ([String: JSONValue]) throws -> Config,
        judge: (Patient, Config) -> Verdict
    ) -> Int32 {
        let decoder = JSONDecoder()
        var config: Config?
        var output = ""
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let message: Message
            do {
                message = try decoder.decode(Message.self, from: Data(line.utf8))
            } catch {
                write(error: "cannot read a message: \(error)")
                return 1
            }
            switch message.type {
            case "hello":
                guard message.protocol_version == protocolVersion else {
                    write(error: "this plugin speaks protocol version \(protocolVersion)")
                    return 1
                }
                do {
                    config = try configure(message.parameters ?? [:])
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
                for patient in message.patients ?? [] {
                    output += encode(judge(patient, config), patient: patient.id, batch: message.batch)
                }
                emit(output)
            case "end":
                return 0
            default:
                FileHandle.standardError.write(Data("ignoring a message of type \(message.type)\n".utf8))
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
