import ArgumentParser
import TrialCheckEngine

/// `--report FORMAT:PATH`: one more report, in another format, to a file.
struct ReportRequest {
    let format: ReportFormat
    let path: String

    /// Parses `FORMAT:PATH`; a wrong one says what the formats are.
    init(parsing argument: String) throws {
        let formats = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let colon = argument.firstIndex(of: ":"), argument.index(after: colon) < argument.endIndex else {
            throw ValidationError("expected FORMAT:PATH, such as junit:out/junit.xml, found '\(argument)'; the formats are \(formats).")
        }
        let name = String(argument[..<colon])
        guard let format = ReportFormat(rawValue: name) else {
            throw ValidationError("'\(name)' is not a report format; the formats are \(formats).")
        }
        self.format = format
        path = String(argument[argument.index(after: colon)...])
    }
}
