/// Whether an event belongs to the set of events a check judges, as far as the record tells.
enum Membership {
    /// The event certainly belongs.
    case member
    /// The event certainly does not belong.
    case excluded
    /// Partial dates leave it open; the clause says how (`chemotherapy (cisplatin) of 2026-01
    /// may have started on or after enrollment`).
    case undecided(String)
    /// Missing data leave it open; the sentence names what is missing.
    case unknown(String)
}
