import Foundation

/// The secret that pseudonymizes patient ids: at least 16 bytes, read from a file.
public struct PseudonymKey: Sendable, Hashable {
    /// The fewest bytes a key may have.
    public static let minimumLength = 16

    /// The key's bytes.
    public let bytes: [UInt8]

    /// A key of `bytes`; `nil` when it is shorter than ``minimumLength``.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= Self.minimumLength else { return nil }
        self.bytes = bytes
    }

    /// The key in the file at `path`, trailing line breaks removed.
    public static func load(path: String) throws(AuditFailure) -> PseudonymKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditFailure(Notice(.error, at: path, "cannot read the pseudonymization key file"))
        }
        var bytes = Array(data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard let key = PseudonymKey(bytes: bytes) else {
            throw AuditFailure(Notice(.error, at: path, "the pseudonymization key is shorter than \(minimumLength) bytes; use a long random key"))
        }
        return key
    }
}
