/// How a check words its whole-number limits in messages: `18-75 years`, `at least 0 days`.
public enum LimitsText {
    /// The limits as a person reads them.
    /// - Parameters:
    ///   - unit: what the numbers count (`years`, `days`).
    ///   - joiner: between two limits (`-`, or ` to ` where a limit may be negative).
    ///   - unbounded: the text when neither limit is set.
    public static func describe(min: Int?, max: Int?, unit: String, joiner: String = "-", unbounded: String) -> String {
        switch (min, max) {
        case let (min?, max?): "\(min)\(joiner)\(max) \(unit)"
        case let (min?, nil): "at least \(min) \(unit)"
        case let (nil, max?): "at most \(max) \(unit)"
        case (nil, nil): unbounded
        }
    }
}
