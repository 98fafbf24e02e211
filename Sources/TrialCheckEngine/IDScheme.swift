import Crypto

/// Which patient ids a report holds, so reports of different ids are never compared: the
/// ids as read (`raw`), or pseudonyms under one key (`hmac-sha256:` and a fingerprint of the
/// key, 16 hex digits, which does not reveal it).
public enum IDScheme {
    /// Ids as read from the inputs.
    public static let raw = "raw"

    /// The scheme of pseudonyms made with `key` (``AuditReport/pseudonymize(key:)``).
    public static func pseudonymized(key: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("trialcheck id scheme v1".utf8), using: SymmetricKey(data: key))
        return "hmac-sha256:" + code.prefix(8).lowercaseHex
    }

    /// The scheme in words, for messages.
    static func describe(_ scheme: String) -> String {
        scheme == raw ? "raw (not pseudonymized)" : "pseudonymized (key fingerprint \(scheme.dropFirst("hmac-sha256:".count)))"
    }
}
