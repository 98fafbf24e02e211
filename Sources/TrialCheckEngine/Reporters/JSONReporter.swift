import Foundation

/// The machine-readable report: ``AuditReport`` as JSON with sorted keys.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    /// A JSON reporter.
    public init() {}

    public func render(_ report: AuditReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    /// Reads a report this reporter wrote.
    public static func decode(_ data: Data) throws -> AuditReport {
        try JSONDecoder().decode(AuditReport.self, from: data)
    }
}
