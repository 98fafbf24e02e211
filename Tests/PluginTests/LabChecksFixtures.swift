import Foundation
import TrialCheckCore
import LabChecks

/// Builders for the lab-threshold tests.
enum LabChecksFixtures {
    /// A lab event; `value` and the reference limits as a record would hold them.
    static func result(
        _ test: String,
        _ day: String?,
        _ value: Value?,
        unit: String? = nil,
        uln: Value? = nil,
        lln: Value? = nil,
        line: Int? = nil
    ) -> Event {
        var attributes: [String: Value] = ["test": .string(test)]
        if let value { attributes["value"] = value }
        if let unit { attributes["unit"] = .string(unit) }
        if let uln { attributes["uln"] = uln }
        if let lln { attributes["lln"] = lln }
        return Event(
            type: .lab,
            date: day.map(date),
            attributes: attributes,
            location: line.map { TrialCheckCore.SourceLocation(file: "patients.yaml", line: $0) }
        )
    }

    /// A lab event with a numeric value written as in a record (`"68"`, `"1.8"`).
    static func number(_ test: String, _ day: String?, _ value: String, _ unit: String?, uln: String? = nil) -> Event {
        result(test, day, .number(value), unit: unit, uln: uln.map(Value.number))
    }

    /// A check built from JSON parameters.
    static func check(_ json: String) throws -> LabThresholdCheck {
        try LabThresholdCheck(parameters: parameters(LabThresholdCheck.self, json), context: testContext)
    }

    /// Judges a patient enrolled on `enrolled` with `events`.
    static func judge(_ json: String, _ events: [Event], enrolled: String = "2026-01-20") throws -> Judgement {
        try check(json).judge(patient(enrolled: enrolled, events))
    }

    /// The repository's shipped protocol file.
    static var shippedProtocol: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocols/NCT07177794.yaml")
    }
}
