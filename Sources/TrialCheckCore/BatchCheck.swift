/// A check that judges patients in batches rather than one at a time, because each call
/// is costly (a round trip to an external process, say).
///
/// The engine calls `judge(batch:)` with patients in input order, at most once per
/// patient, from one thread at a time; it must return exactly one judgement per patient,
/// in the same order. `judge(_:)` (one patient) must give the same verdict, so a batch
/// check also works wherever checks are called one by one.
public protocol BatchCheck: Check {
    /// One judgement per patient of `batch`, in the same order.
    func judge(batch: [PatientHistory]) -> [Judgement]
}

extension BatchCheck {
    public var asBatchCheck: (any BatchCheck)? { self }
}
