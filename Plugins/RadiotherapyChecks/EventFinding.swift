import TrialCheckCore

/// What a rule that applies to each event of the definitive course found on one event.
enum EventFinding {
    /// The event meets the rule; the evidence shows how (written when a report reads it).
    case meets(@Sendable () -> [Evidence])
    /// The event breaks the rule: a clause for the message (`radiotherapy 2025-10-13..2025-11-19
    /// used 3D-CRT`) and the evidence.
    case fails(String, [Evidence])
    /// The event lacks the data the rule needs: a sentence naming what is missing.
    case missing(String, [Evidence])
}
