import TrialCheckCore

/// One field of a CSV row, with where it starts.
struct CSVField: Sendable, Hashable {
    /// The field's text, unquoted (bytes that are not UTF-8 shown as U+FFFD).
    var text: String
    /// Where the field starts (its opening quote, for a quoted field).
    var position: TextPosition
    /// Why the field cannot be used as read, if it cannot (bytes that are not UTF-8, a
    /// NUL byte): the record holding it is rejected, not the whole input.
    var defect: String?

    init(text: String, position: TextPosition, defect: String? = nil) {
        self.text = text
        self.position = position
        self.defect = defect
    }

    /// A field read from raw bytes, with the defect they have, if any.
    init(bytes: ArraySlice<UInt8>, position: TextPosition) {
        self.position = position
        // Most cells are empty or ASCII without NUL: text as is, nothing to validate.
        if Self.isPlainASCII(bytes) {
            text = bytes.isEmpty ? "" : String(decoding: bytes, as: UTF8.self)
            defect = nil
        } else if let text = String(validating: bytes, as: UTF8.self) {
            self.text = text
            defect = text.utf8.contains(0) ? "the field holds a NUL byte (0x00): expected text" : nil
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            let offset = Self.firstInvalidUTF8(bytes) ?? 0
            let byte = offset < bytes.count ? bytes[bytes.startIndex + offset] : 0
            let hex = String(byte, radix: 16, uppercase: true)
            defect = "the field is not UTF-8 text: expected UTF-8, found byte 0x\(hex.count < 2 ? "0" + hex : hex) at byte \(offset + 1) of the field"
        }
    }

    /// The text without surrounding whitespace, or `nil` if that leaves nothing.
    var trimmed: String? {
        if text.isEmpty { return nil }
        // Most fields start and end with other bytes: the text as is, without a copy.
        var text = text
        let bordered = text.withUTF8 { bytes in
            bytes.count > 0 && !Self.isSpace(bytes[0]) && !Self.isSpace(bytes[bytes.count - 1])
        }
        if bordered { return text }
        text = text.trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// The bytes ``trimmed`` removes at either end (as `trimmingWhitespace` does).
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Whether every byte is ASCII other than NUL: text as is, nothing to validate.
    private static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte == 0 || byte >= 0x80 { return false }
            return true
        }
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence.
    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

extension CSVRow {
    /// The first field that cannot be used as read, if any.
    var firstDefect: CSVField? { fields.first { $0.defect != nil } }
}
