import Crypto
import TrialCheckCore

/// A keyed per-patient date shift (`--generalize-dates shift`): every date a report writes
/// for a patient moves by the same number of days, so intervals within a patient stay
/// exact while no date of the data is written.
///
/// The shift of a patient is derived from its pseudonym with the pseudonymization key
/// (HMAC-SHA256): between 1 and ``maximumDays`` days, earlier or later, never zero. The
/// same key gives the same shifts, so shifted reports stay comparable; without the key a
/// shift cannot be undone from the report.
///
/// In text (messages, evidence, rejection reasons, diagnostics) every date written
/// `YYYY-MM-DD` (also the date of a date-time) is shifted; a month `YYYY-MM` is written as
/// the month its first day falls in once shifted; a year alone is kept.
struct DateShift: Sendable {
    /// The largest shift, in days either way.
    static let maximumDays = 182

    private let key: [UInt8]

    /// Shifts under `key` (the pseudonymization key).
    init(key: [UInt8]) {
        self.key = key
    }

    /// The shift of the patient whose pseudonym is `patient`, in days.
    func days(for patient: String) -> Int {
        let code = HMAC<SHA256>.authenticationCode(for: Array("date-shift\u{1F}\(patient)".utf8), using: SymmetricKey(data: key))
        let bytes = Array(code)
        let value = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let magnitude = Int(value % UInt64(Self.maximumDays)) + 1
        return bytes[8] & 1 == 0 ? magnitude : -magnitude
    }

    /// `text` with every date in it moved by `days`.
    static func shift(_ text: String, by days: Int) -> String {
        rewriteDates(in: text) { day, isMonth in
            let moved = day.advanced(by: days).description
            return isMonth ? String(moved.prefix(7)) : moved
        }
    }

    /// `text` with every date and month in it written as its year alone: for text that
    /// belongs to no patient (a record rejected before its id was read), which has no shift.
    static func yearsOnly(_ text: String) -> String {
        rewriteDates(in: text) { day, _ in String(day.description.prefix(4)) }
    }

    /// `text` with each `YYYY-MM-DD` (not inside a longer word or number) replaced by
    /// `replacement(day, false)` and each `YYYY-MM` by `replacement(first day, true)`.
    private static func rewriteDates(in text: String, _ replacement: (CalendarDay, _ isMonth: Bool) -> String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7, bytes.contains(UInt8(ascii: "-")) else { return text }
        func isDigit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        func isDash(_ index: Int) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: "-") }
        func isWordByte(_ index: Int) -> Bool {
            guard index >= 0, index < bytes.count else { return false }
            let byte = bytes[index]
            return isDigit(index) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        func number(_ start: Int, _ width: Int) -> Int {
            bytes[start..<(start + width)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let startsDate = !isWordByte(index - 1) && (0..<4).allSatisfy { isDigit(index + $0) }
                && isDash(index + 4) && isDigit(index + 5) && isDigit(index + 6)
            if startsDate {
                let year = number(index, 4), month = number(index + 5, 2)
                if isDash(index + 7), isDigit(index + 8), isDigit(index + 9), !isDigit(index + 10),
                   let day = CalendarDay(year: year, month: month, day: number(index + 8, 2)) {
                    result += Array(replacement(day, false).utf8)
                    index += 10
                    continue
                }
                if !isDigit(index + 7), !(isDash(index + 7) && isDigit(index + 8)),
                   let first = CalendarDay(year: year, month: month, day: 1) {
                    result += Array(replacement(first, true).utf8)
                    index += 7
                    continue
                }
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `evidence` with the dates in its name (`radiotherapy dose (2025-10-13..2025-11-19)`)
    /// and value moved by `days`.
    static func shift(_ evidence: Evidence, by days: Int) -> Evidence {
        Evidence(shift(evidence.name, by: days), shift(evidence.value, by: days), at: evidence.location)
    }

    /// `window` (label and days) moved by `days`, or `nil` for a window whose days are not
    /// ISO 8601 dates (it cannot be moved, so it is not drawn).
    static func shift(_ window: DateWindow, by days: Int) -> DateWindow? {
        guard let first = PartialDate(iso8601: window.first)?.span.first,
              let last = PartialDate(iso8601: window.last)?.span.last
        else { return nil }
        return DateWindow(shift(window.label, by: days), from: first.advanced(by: days), to: last.advanced(by: days))
    }
}
