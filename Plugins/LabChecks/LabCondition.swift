import TrialCheckCore

/// A lab criterion as written in a protocol file: one test (or several, or alternatives,
/// or requirements that must all hold) with its limits.
///
/// The check's own parameters are one condition; the members of `or` and `all` are
/// conditions too, with the same keys. Their keys are checked here (the protocol loader
/// checks only the top level), so a misspelt key inside `or` is an error, not ignored.
public struct LabCondition: Decodable, Sendable {
    /// The test, by short name, alias or LOINC code.
    public var test: String?
    /// Several tests that must each meet the same limits.
    public var tests: [String]?
    /// More codes or names that identify results of `test`.
    public var codes: [String]?
    /// The least value allowed.
    public var min: Quantity?
    /// The greatest value allowed.
    public var max: Quantity?
    /// The least value allowed, as a multiple of the result's lower limit of normal.
    public var minLLN: Double?
    /// The greatest value allowed, as a multiple of the result's upper limit of normal.
    public var maxULN: Double?
    /// Whether the limits are strict.
    public var exclusive: Bool?
    /// Whether the result must be detectable (`true`) or not detectable (`false`).
    public var detectable: Bool?
    /// How many days before enrollment a result may be, at most.
    public var windowDays: Int?
    /// The verdict when no result is recorded in the window.
    public var whenUntested: UntestedPolicy?
    /// Result texts that mean "not detected".
    public var undetectedTerms: [String]?
    /// Result texts that mean "detected".
    public var detectedTerms: [String]?
    /// Alternatives: met if any is met.
    public var anyOf: [LabCondition]?
    /// Requirements that must all be met.
    public var allOf: [LabCondition]?

    /// What a criterion that applies "where tested" does when there is no result.
    public enum UntestedPolicy: String, Decodable, Sendable, CaseIterable {
        /// No result passes, and the message says "not tested".
        case pass
        /// No result is not-evaluable (the default: missing data is never a pass).
        case notEvaluable = "not-evaluable"

        public init(from decoder: any Decoder) throws {
            self = try Self.decodeCase(from: decoder)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case test, tests, codes, min, max, exclusive, detectable
        case minLLN = "min_lln"
        case maxULN = "max_uln"
        case windowDays = "window_days"
        case whenUntested = "when_untested"
        case undetectedTerms = "undetected_terms"
        case detectedTerms = "detected_terms"
        case anyOf = "or"
        case allOf = "all"
    }

    /// The keys a condition may have, as written in YAML.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Decodes a member of `or` or `all`: unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, rejectingUnknownKeys: true)
    }

    /// Decodes a condition; the top level leaves unknown keys to the protocol loader
    /// (it holds `id`, `kind`, `criterion` and `severity` too).
    init(from decoder: any Decoder, rejectingUnknownKeys: Bool) throws {
        if rejectingUnknownKeys {
            let any = try decoder.container(keyedBy: AnyKey.self)
            for key in any.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: any,
                    debugDescription: "unknown key '\(key.stringValue)' in a lab condition\(Suggestion.hint(for: key.stringValue, among: Self.keys))"
                )
            }
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        test = try container.decodeIfPresent(String.self, forKey: .test)
        tests = try container.decodeIfPresent([String].self, forKey: .tests)
        codes = try container.decodeIfPresent([String].self, forKey: .codes)
        min = try container.decodeIfPresent(Quantity.self, forKey: .min)
        max = try container.decodeIfPresent(Quantity.self, forKey: .max)
        minLLN = try container.decodeIfPresent(Double.self, forKey: .minLLN)
        maxULN = try container.decodeIfPresent(Double.self, forKey: .maxULN)
        exclusive = try container.decodeIfPresent(Bool.self, forKey: .exclusive)
        detectable = try container.decodeIfPresent(Bool.self, forKey: .detectable)
        windowDays = try container.decodeIfPresent(Int.self, forKey: .windowDays)
        whenUntested = try container.decodeIfPresent(UntestedPolicy.self, forKey: .whenUntested)
        undetectedTerms = try container.decodeIfPresent([String].self, forKey: .undetectedTerms)
        detectedTerms = try container.decodeIfPresent([String].self, forKey: .detectedTerms)
        anyOf = try container.decodeIfPresent([LabCondition].self, forKey: .anyOf)
        allOf = try container.decodeIfPresent([LabCondition].self, forKey: .allOf)
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
