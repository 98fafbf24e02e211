/// Parameters several kinds share, declared once: a kind lists them in its
/// ``CheckDescription`` and reads them like its own.
public enum SharedParameters {
    /// `arms`: the arms a rule applies to, read by ``ArmScope``.
    public static let arms = Parameter<[String]?>(
        "arms", "list of arm codes",
        "The arms the rule applies to (every arm when absent); codes must be declared in the protocol's `arms`."
    )

    /// `course`: which definitive radiotherapy course a kind judges.
    public static let course = Parameter(
        "course", "before-enrollment, after-enrollment or any",
        default: RadiotherapyCourse.Selection.beforeEnrollment, RadiotherapyCourse.Selection.parameterSummary
    )

    /// `drug`: the one study drug a kind judges.
    public static let drug = Parameter<String>(required: "drug", "drug name", "The study drug.")

    /// `synonyms`: other names records use for the drugs a kind names.
    public static let drugSynonyms = Parameter<[String: [String]]?>(
        "synonyms", "mapping of drug name to list of names", "Other names records may use (`toripalimab: [JS001]`)."
    )
}

extension ArmScope {
    /// The scope a check's `arms` parameter (``SharedParameters/arms``) gives.
    /// - Throws: ``ParameterProblem`` as ``init(_:context:)`` does.
    public init(_ parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {
        try self.init(parameters[SharedParameters.arms], context: context)
    }
}

extension RadiotherapyCourse.Selection: ParameterDefault {}

extension TimelineAnchor: ParameterDefault {}
