/// A failed write of generated output.
struct WriteError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
