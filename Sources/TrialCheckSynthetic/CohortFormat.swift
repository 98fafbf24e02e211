/// The file formats a synthetic cohort is written in.
public enum CohortFormat: String, CaseIterable, Sendable {
    /// One JSON record per line: streams, and is what large audits read.
    case ndjson
    /// A patient-history v1 YAML document, each event on a line of its own.
    case yaml
}
