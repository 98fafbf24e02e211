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

    /// `test`: the test, by short name, alias or LOINC code.
    static let test = Parameter<String?>(
        "test", "test name or LOINC code",
        "The test: \(LabTest.knownNames.joined(separator: ", ")), an alias (`plt`, `hgb`, `tbili`, `crcl`, `neutrophils`) or a LOINC code. Exactly one of `test`, `tests`, `or`, `all`."
    )
    /// `tests`: several tests that must each meet the same limits.
    static let tests = Parameter<[String]?>("tests", "list of test names", "Several tests that must each meet the same limits (`[alt, ast, alp]`).")
    /// `codes`: more codes or names that identify results of `test`.
    static let codes = Parameter<[String]?>(
        "codes", "list of strings", defaultText: "[]", "More names or codes that identify results of `test`; required for a test not built in."
    )
    /// `min`: the least value allowed.
    static let minimum = Parameter<Quantity?>("min", "quantity", "Least value allowed (`3.5 10^9/L`, `9 g/dL`).")
    /// `max`: the greatest value allowed.
    static let maximum = Parameter<Quantity?>("max", "quantity", "Greatest value allowed (`2000 IU/mL`).")
    /// `min_lln`: the least value allowed, as a multiple of the lower limit of normal.
    static let minLLN = Parameter<Double?>("min_lln", "number", "Least value allowed, as a multiple of the result's `lln`.")
    /// `max_uln`: the greatest value allowed, as a multiple of the upper limit of normal.
    static let maxULN = Parameter<Double?>("max_uln", "number", "Greatest value allowed, as a multiple of the result's `uln` (`1.5`).")
    /// `exclusive`: whether the limits are strict.
    static let exclusive = Parameter<Bool?>(
        "exclusive", "boolean", defaultText: false.yamlText, "Strict limits: `min` means more than, `max` less than."
    )
    /// `detectable`: whether the result must be detectable.
    static let detectable = Parameter<Bool?>(
        "detectable", "boolean", "`false`: the result must be not detectable; `true`: detectable. Not combined with limits."
    )
    /// `window_days`: how many days before enrollment a result may be, at most; inherited by members.
    static let windowDays = Parameter<Int?>(
        "window_days", "integer (days)",
        "Count only results at most this many days before enrollment (0: the enrollment day only). Absent: any result on or before enrollment."
    )
    /// `when_untested`: the verdict when no result is in scope; inherited by members.
    static let whenUntested = Parameter<UntestedPolicy?>(
        "when_untested", "pass or not-evaluable", defaultText: UntestedPolicy.notEvaluable.rawValue,
        "Verdict when no result is in scope; `pass` for criteria that apply where tested."
    )
    /// `undetected_terms`: result texts that mean "not detected"; inherited by members.
    static let undetectedTerms = Parameter<[String]?>(
        "undetected_terms", "list of strings", defaultText: defaultUndetectedTerms.yamlText, "Result texts that mean not detected."
    )
    /// `detected_terms`: result texts that mean "detected"; inherited by members.
    static let detectedTerms = Parameter<[String]?>(
        "detected_terms", "list of strings", defaultText: defaultDetectedTerms.yamlText, "Result texts that mean detected (without a number)."
    )
    /// `or`: alternatives, met if any is met.
    static let anyOf = Parameter<[LabCondition]?>(
        "or", "list of conditions",
        "Alternatives, each a mapping with these keys (`test` and its limits): met if any is met, by the logic of a protocol's `any_of` (which gives the same verdicts for `lab-threshold` conditions)."
    )
    /// `all`: requirements that must all be met.
    static let allOf = Parameter<[LabCondition]?>(
        "all", "list of conditions",
        "Requirements, each a mapping with these keys: met if all are met. `window_days`, `when_untested` and the term lists given beside `or`/`all` apply to every member that does not set its own."
    )

    /// A condition's keys, declared once: the `lab-threshold` kind's parameters, and the
    /// keys of each member of `or` and `all`.
    public static let parameters: [any ParameterDeclaration] = [
        test, tests, codes, minimum, maximum, minLLN, maxULN, exclusive, detectable, windowDays, whenUntested,
        undetectedTerms, detectedTerms, anyOf, allOf,
    ]

    /// The keys a condition may have, as written in YAML.
    public static var keys: [String] { parameters.map(\.documentation.name) }

    /// Decodes a member of `or` or `all`: unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: ParameterKey.self)
        for key in any.allKeys where !Self.keys.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: any,
                debugDescription: "unknown key '\(key.stringValue)' in a lab condition\(Suggestion.hint(for: key.stringValue, among: Self.keys))"
            )
        }
        try self.init(ParameterValues(Self.parameters, from: decoder))
    }

    /// The condition a check's entry (or a member of `or` or `all`) gives; the check's own
    /// unknown keys are the protocol loader's to report (it holds `id`, `kind`,
    /// `criterion` and `severity` too).
    /// - Throws: ``ParameterProblem`` only if a key is read that ``parameters`` does not declare.
    public init(_ values: ParameterValues) throws(ParameterProblem) {
        test = try values[Self.test]
        tests = try values[Self.tests]
        codes = try values[Self.codes]
        min = try values[Self.minimum]
        max = try values[Self.maximum]
        minLLN = try values[Self.minLLN]
        maxULN = try values[Self.maxULN]
        exclusive = try values[Self.exclusive]
        detectable = try values[Self.detectable]
        windowDays = try values[Self.windowDays]
        whenUntested = try values[Self.whenUntested]
        undetectedTerms = try values[Self.undetectedTerms]
        detectedTerms = try values[Self.detectedTerms]
        anyOf = try values[Self.anyOf]
        allOf = try values[Self.allOf]
    }
}
