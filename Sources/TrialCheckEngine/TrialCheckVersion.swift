/// The tool's version, written into every report.
public enum TrialCheckVersion {
    /// The semantic version of this build.
    public static let current = "0.1.0"
}
