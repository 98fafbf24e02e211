/// Comparisons of measured values that forgive binary rounding: 5040 cGy converted to Gy
/// is 50.400000000000006 in floating point, and must still satisfy "at most 50.4 Gy".
///
/// The tolerance is relative (one part in 10^9), far below any clinically meaningful
/// difference (5041 cGy exceeds 50.4 Gy by one part in 5,000).
public enum Tolerance {
    /// The relative tolerance.
    public static let relative = 1e-9

    /// `lhs <= rhs`, forgiving rounding.
    public static func isAtMost(_ lhs: Double, _ rhs: Double) -> Bool {
        lhs <= rhs + relative * max(1, abs(lhs), abs(rhs))
    }

    /// `lhs >= rhs`, forgiving rounding.
    public static func isAtLeast(_ lhs: Double, _ rhs: Double) -> Bool {
        isAtMost(rhs, lhs)
    }

    /// `lhs < rhs` beyond rounding.
    public static func isBelow(_ lhs: Double, _ rhs: Double) -> Bool {
        !isAtLeast(lhs, rhs)
    }

    /// `lhs > rhs` beyond rounding.
    public static func isAbove(_ lhs: Double, _ rhs: Double) -> Bool {
        !isAtMost(lhs, rhs)
    }
}
