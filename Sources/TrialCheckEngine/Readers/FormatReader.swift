/// A reader of one input format: what ``HistoryReader`` delegates to.
///
/// Requirements: items come in input order; every record is either a patient or a
/// rejection (nothing is silently dropped: what a mapping from another format does not
/// use is counted in ``notes``); a problem that makes the rest of the input
/// untrustworthy is thrown as ``InputError/malformed``.
protocol FormatReader: AnyObject {
    /// The next item, or `nil` at the end of the input.
    func next() throws(InputError) -> ReadItem?
    /// The next record, possibly not yet decoded (see ``recordDecoder``), or `nil` at the
    /// end of the input. Readers whose records are cheap to split but costly to decode
    /// return them raw, so the auditor can decode them in parallel.
    func nextRaw() throws(InputError) -> RawRecord?
    /// The decoder for raw records, as configured by the input so far (a file header's
    /// default site, say).
    var recordDecoder: PatientRecordDecoder { get }
    /// The SHA-256 of the bytes read (complete at the end of the input).
    var sha256: String { get }
    /// The protocol id the input's header names, if any.
    var declaredProtocol: String? { get }
    /// What the reader read but did not map to the model (complete at the end of the
    /// input), one sentence each, such as "3 Encounter resources not mapped".
    var notes: [String] { get }
}

extension FormatReader {
    var notes: [String] { [] }
}

extension FormatReader {
    func nextRaw() throws(InputError) -> RawRecord? {
        try next().map(RawRecord.decoded)
    }
}
