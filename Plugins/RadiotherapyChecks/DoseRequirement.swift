import TrialCheckCore

/// What a radiotherapy dose kind was given: the course to judge, and either absorbed-dose
/// limits (`min`/`max`) or a table of allowed regimens (`regimens`), never both.
struct DoseRequirement: Sendable {
    /// The limits the doses must lie within, or the regimens the course must form.
    enum Rule: Sendable {
        case limits(DoseLimits)
        case regimens(RegimenTable)
    }

    /// Which radiotherapy course is judged.
    let selection: RadiotherapyCourse.Selection
    /// The rule the course is judged against.
    let rule: Rule

    /// Reads `min`, `max`, `course` and `regimens`; `suffix` and `positive` shape the limits
    /// (see ``DoseLimits``).
    /// - Throws: ``ParameterProblem`` for `regimens` given with `min` or `max`, and for bad
    ///   limits or regimens.
    init(
        _ parameters: ParameterValues,
        limits: Limits<Quantity>,
        regimens: Parameter<[RadiotherapyRegimen]?>,
        suffix: String = "",
        positive: Bool = false
    ) throws(ParameterProblem) {
        let least = try parameters[limits.minimum]
        let most = try parameters[limits.maximum]
        selection = try parameters[SharedParameters.course]
        if let regimens = try parameters[regimens] {
            guard least == nil, most == nil else {
                throw ParameterProblem("give 'regimens' or 'min'/'max', not both", parameter: "regimens")
            }
            rule = .regimens(try RegimenTable(regimens))
        } else {
            rule = .limits(try DoseLimits(min: least, max: most, suffix: suffix, positive: positive))
        }
    }
}
