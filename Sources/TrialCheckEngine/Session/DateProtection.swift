/// How an audit keeps the dates it writes from identifying a patient (`--generalize-dates`).
public enum DateProtection: String, Sendable, Hashable, CaseIterable {
    /// Birth dates in evidence are written as the year alone; every other date is kept.
    case year
    /// Every date written for a patient is moved by that patient's keyed shift (1 to 182
    /// days, earlier or later), so intervals within a patient stay exact. Needs the
    /// pseudonymization key.
    case shift
}
