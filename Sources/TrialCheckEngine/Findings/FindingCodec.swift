import Foundation
import TrialCheckCore

/// A finding as compact bytes, for findings spilled to disk during an audit: every field,
/// strings as their UTF-8 length and bytes, optionals behind a presence byte, enumerations
/// as one byte. About as many bytes as the finding's text.
enum FindingCodec {
    /// Appends `finding`'s bytes to `bytes`.
    static func encode(_ finding: AuditReport.Finding, into bytes: inout [UInt8]) {
        bytes.appendString(finding.patient)
        bytes.appendOptional(finding.site) { $0.appendString($1) }
        bytes.appendOptional(finding.arm) { $0.appendString($1) }
        bytes.appendString(finding.check)
        bytes.append(Self.code(of: finding.status, in: Verdict.allCases))
        bytes.append(Self.code(of: finding.severity, in: Severity.allCases))
        bytes.appendString(finding.criterion)
        bytes.appendString(finding.message)
        bytes.appendVarint(finding.evidence.count)
        for evidence in finding.evidence {
            bytes.appendString(evidence.name)
            bytes.appendString(evidence.value)
            bytes.appendOptional(evidence.location, appendLocation)
        }
        bytes.appendOptional(finding.location, appendLocation)
        bytes.appendOptional(finding.date) { $0.appendString($1) }
        bytes.appendOptional(finding.window) { bytes, window in
            bytes.appendString(window.label)
            bytes.appendString(window.first)
            bytes.appendString(window.last)
        }
        bytes.appendOptional(finding.waiver) { bytes, waiver in
            bytes.appendString(waiver.patient)
            bytes.appendString(waiver.check)
            bytes.appendString(waiver.reason)
            bytes.appendString(waiver.approvedBy)
            bytes.appendOptional(waiver.expires) { $0.appendString($1) }
            bytes.appendOptional(waiver.location, appendLocation)
        }
        bytes.appendOptional(finding.isNew) { $0.append($1 ? 1 : 0) }
        bytes.appendOptional(finding.version) { $0.appendString($1) }
    }

    /// Reads a finding that ``encode(_:into:)`` wrote.
    static func decode(_ reader: inout CompactByteReader) throws(CompactByteReader.Malformed) -> AuditReport.Finding {
        let patient = try reader.string()
        let site = try reader.optional { reader throws(CompactByteReader.Malformed) in try reader.string() }
        let arm = try reader.optional { reader throws(CompactByteReader.Malformed) in try reader.string() }
        let check = try reader.string()
        let status = try Self.value(reader.byte(), in: Verdict.allCases)
        let severity = try Self.value(reader.byte(), in: Severity.allCases)
        let criterion = try reader.string()
        let message = try reader.string()
        var evidence: [Evidence] = []
        let evidenceCount = try reader.varint()
        evidence.reserveCapacity(min(evidenceCount, 64))
        for _ in 0 ..< evidenceCount {
            let name = try reader.string()
            let value = try reader.string()
            evidence.append(Evidence(name, value, at: try reader.optional(readLocation)))
        }
        let location = try reader.optional(readLocation)
        let date = try reader.optional { reader throws(CompactByteReader.Malformed) in try reader.string() }
        let window = try reader.optional { reader throws(CompactByteReader.Malformed) in
            try Self.window(label: reader.string(), first: reader.string(), last: reader.string())
        }
        let waiver = try reader.optional { reader throws(CompactByteReader.Malformed) in
            try Waiver(
                patient: reader.string(), check: reader.string(), reason: reader.string(), approvedBy: reader.string(),
                expires: reader.optional { reader throws(CompactByteReader.Malformed) in try reader.string() },
                location: reader.optional(readLocation)
            )
        }
        let isNew = try reader.optional { reader throws(CompactByteReader.Malformed) in try reader.byte() != 0 }
        let version = try reader.optional { reader throws(CompactByteReader.Malformed) in try reader.string() }
        return AuditReport.Finding(
            patient: patient, site: site, arm: arm, check: check, status: status, severity: severity,
            criterion: criterion, message: message, evidence: evidence, location: location, date: date,
            window: window, waiver: waiver, isNew: isNew, version: version
        )
    }

    private static func appendLocation(_ bytes: inout [UInt8], _ location: SourceLocation) {
        bytes.appendString(location.file)
        bytes.appendOptional(location.line) { $0.appendVarint($1.zigZag) }
        bytes.appendOptional(location.column) { $0.appendVarint($1.zigZag) }
    }

    private static func readLocation(_ reader: inout CompactByteReader) throws(CompactByteReader.Malformed) -> SourceLocation {
        let file = try reader.string()
        let line = try reader.optional { reader throws(CompactByteReader.Malformed) in Int(zigZag: try reader.varint()) }
        let column = try reader.optional { reader throws(CompactByteReader.Malformed) in Int(zigZag: try reader.varint()) }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// A window as it was written: rebuilt from its days when they read as `YYYY-MM-DD` (as
    /// every check writes them), else decoded as `Codable` decodes one (a window that came
    /// from a JSON report).
    private static func window(label: String, first: String, last: String) throws(CompactByteReader.Malformed) -> DateWindow {
        func day(_ text: String) -> CalendarDay? {
            guard let date = PartialDate(iso8601: text), date.isComplete else { return nil }
            return date.span.first.description == text ? date.span.first : nil
        }
        if let firstDay = day(first), let lastDay = day(last) {
            return DateWindow(label, from: firstDay, to: lastDay)
        }
        do {
            let json = try JSONSerialization.data(withJSONObject: ["label": label, "first": first, "last": last])
            return try JSONDecoder().decode(DateWindow.self, from: json)
        } catch {
            throw CompactByteReader.Malformed()
        }
    }

    private static func code<Value: Equatable>(of value: Value, in cases: [Value]) -> UInt8 {
        UInt8(truncatingIfNeeded: cases.firstIndex(of: value) ?? 0)
    }

    private static func value<Value>(_ code: UInt8, in cases: [Value]) throws(CompactByteReader.Malformed) -> Value {
        guard Int(code) < cases.count else { throw CompactByteReader.Malformed() }
        return cases[Int(code)]
    }
}

extension Array where Element == UInt8 {
    /// Appends 0 for `nil`, else 1 and the value.
    fileprivate mutating func appendOptional<Value>(_ value: Value?, _ append: (inout [UInt8], Value) -> Void) {
        guard let value else { return self.append(0) }
        self.append(1)
        append(&self, value)
    }
}

extension CompactByteReader {
    /// Reads what `appendOptional` wrote.
    fileprivate mutating func optional<Value>(
        _ read: (inout CompactByteReader) throws(Malformed) -> Value
    ) throws(Malformed) -> Value? {
        switch try byte() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw Malformed()
        }
    }
}

extension Int {
    /// The integer with its sign in the lowest bit, so small negatives stay short as varints.
    fileprivate var zigZag: Int { Int(bitPattern: UInt(bitPattern: self << 1) ^ UInt(bitPattern: self >> (Int.bitWidth - 1))) }

    /// The integer `zigZag` encoded.
    fileprivate init(zigZag value: Int) {
        let bits = UInt(bitPattern: value)
        self = Int(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }
}
