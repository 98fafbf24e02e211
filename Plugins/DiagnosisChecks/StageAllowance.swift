import TrialCheckCore

/// One entry of `also_allowed` in a `cancer-stage` check: a stage allowed outside the
/// `min`-`max` range when every metastasis recorded at diagnosis is at one of the sites.
public struct StageAllowance: Decodable, Sendable {
    /// The stage (`IVB`).
    public var stage: String
    /// The only metastatic sites the stage is allowed with (wildcards `*` allowed).
    public var metastasesOnly: [String]

    enum CodingKeys: String, CodingKey {
        case stage
        case metastasesOnly = "metastases_only"
    }
}

extension StageAllowance: ParameterDefault {
    public var yamlText: String { "{stage: \(stage.yamlText), metastases_only: \(metastasesOnly.yamlText)}" }
}
