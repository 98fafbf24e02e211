import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// The day a date-time stands for: as written when it is local or carries an offset; in
/// UTC (`Z`), the day in the site's time zone, or every day it could be when no zone is known.
@Suite("Instants: which day a date-time stands for")
struct InstantTests {
    /// One patient: radiotherapy ending 2025-11-19, enrolled at `enrollment` (day 42 after
    /// is 2025-12-31, the last day of the 1-42 day window).
    static func record(enrollment: String, extra: String = "") -> String {
        #"{"id": "T1",\#(extra) "birth_date": "1961-04-02", "enrollment": {"date": "\#(enrollment)", "arm": "A"}, "events": [{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy", "intent": "definitive"}]}"#
    }

    /// The enrollment-window verdict for `text` read as `name`, with `timeZone` as the
    /// command line's.
    static func verdict(_ text: String, name: String = "t.ndjson", timeZone: String? = nil) throws -> Verdict {
        let definition = try TestSupport.shippedProtocol()
        let path = try TestSupport.writeTemporary(text, name: name)
        let report = Auditor(definition: definition).audit(inputs: [path], timeZone: timeZone.flatMap(SiteTimeZone.init))
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        let check = try #require(report.checks.first { $0.id == "enrollment-window" })
        if check.pass == 1 { return .pass }
        return try #require(report.findings.first { $0.check == "enrollment-window" }?.status)
    }

    @Test("The same instant, in UTC and with its offset, gives one verdict once the site's zone is known")
    func sameInstant() throws {
        let utc = Self.record(enrollment: "2025-12-31T23:30:00Z")
        let local = Self.record(enrollment: "2026-01-01T07:30:00+08:00")
        #expect(try Self.verdict(local) == .deviation)
        #expect(try Self.verdict(utc, timeZone: "Asia/Shanghai") == .deviation)
        #expect(try Self.verdict(utc, timeZone: "+08:00") == .deviation)
        // The same instant in New York is still 2025-12-31: day 42, inside the window.
        #expect(try Self.verdict(utc, timeZone: "America/New_York") == .pass)
    }

    @Test("In UTC with no time zone known, a day on the boundary is indeterminate, never a guess")
    func utcWithoutZone() throws {
        #expect(try Self.verdict(Self.record(enrollment: "2025-12-31T23:30:00Z")) == .indeterminate)
        // Far from the boundary, the uncertain day does not matter.
        #expect(try Self.verdict(Self.record(enrollment: "2025-12-15T23:30:00Z")) == .pass)
    }

    @Test("A local time, or one with an offset, stands for the date as written, whatever the zone")
    func asWritten() throws {
        #expect(try Self.verdict(Self.record(enrollment: "2025-12-31T23:30:00"), timeZone: "Asia/Shanghai") == .pass)
        #expect(try Self.verdict(Self.record(enrollment: "2025-12-31T23:30:00-05:00"), timeZone: "Asia/Shanghai") == .pass)
    }

    @Test("A record's timezone, then its file header's, then the command line's")
    func precedence() throws {
        let zoned = Self.record(enrollment: "2025-12-31T23:30:00Z", extra: #" "timezone": "Asia/Shanghai","#)
        #expect(try Self.verdict(zoned) == .deviation)
        #expect(try Self.verdict(zoned, timeZone: "America/New_York") == .deviation)
        let document = "timezone: Asia/Shanghai\npatients:\n  - " + Self.record(enrollment: "2025-12-31T23:30:00Z") + "\n"
        #expect(try Self.verdict(document, name: "t.yaml", timeZone: "America/New_York") == .deviation)
    }

    @Test("The span of days of a UTC instant with no zone: every day it is somewhere (UTC-12 to UTC+14)", arguments: [
        ("2026-01-20T23:30:00Z", "2026-01-20", "2026-01-21"),
        ("2026-01-20T00:30Z", "2026-01-19", "2026-01-20"),
        ("2026-01-20T11:00:00Z", "2026-01-19", "2026-01-21"),
        ("2026-01-20T09:59:59Z", "2026-01-19", "2026-01-20"),
        ("2026-01-20T12:00:00-00:00", "2026-01-20", "2026-01-21"),
    ])
    func utcSpan(text: String, first: String, last: String) throws {
        let date = try #require(PartialDate(iso8601: text))
        #expect(date.span.first.description == first)
        #expect(date.span.last.description == last)
        #expect(!date.isComplete)
    }

    @Test("Daylight saving time is the zone's at that instant")
    func daylightSaving() throws {
        let zone = try #require(SiteTimeZone("America/New_York"))
        // 04:30Z is 00:30 in summer (UTC-4), but 23:30 the day before in winter (UTC-5).
        #expect(PartialDate(iso8601: "2026-07-15T04:30:00Z", utcOffset: zone.offset(atUTCSeconds:))?.description == "2026-07-15")
        #expect(PartialDate(iso8601: "2026-01-15T04:30:00Z", utcOffset: zone.offset(atUTCSeconds:))?.description == "2026-01-14")
    }

    @Test("A time zone is an IANA name or a fixed offset; anything else is an error", arguments: [
        ("Asia/Shanghai", true), ("+08:00", true), ("-0500", true), ("+05", true), ("UTC", true),
        ("Mars/Olympus", false), ("EST", false), ("+8", false), ("+15:00", false), ("08:00", false), ("", false),
    ])
    func zones(text: String, valid: Bool) {
        #expect((SiteTimeZone(text) != nil) == valid)
    }

    @Test("A record's timezone that names no zone rejects the record at the value")
    func badRecordZone() throws {
        let text = Self.record(enrollment: "2025-12-31T23:30:00Z", extra: #" "timezone": "Mars/Olympus","#)
        let result = try ReaderTestSupport.read(try TestSupport.writeTemporary(text, name: "z.ndjson"))
        let rejection = try #require(result.rejections.first)
        #expect(rejection.reason.hasPrefix("'timezone': expected an IANA time zone name such as Asia/Shanghai"))
        #expect(rejection.reason.contains("'Mars/Olympus'"))
        #expect(rejection.location.column == 26)
    }

    @Test("Both NDJSON decoders give the same days with the site's zone")
    func decodersAgree() throws {
        var defaults = PatientRecordDecoder(file: "cohort.ndjson")
        defaults.defaultTimeZone = SiteTimeZone("Asia/Shanghai")
        let line = Array(Self.record(enrollment: "2025-12-31T23:30:00Z").utf8)
        let direct = try #require(DirectRecordDecoderTests.direct(line, defaults: defaults))
        let general = try #require(try DirectRecordDecoderTests.general(line, defaults: defaults)?.get())
        #expect(direct == general)
        #expect(direct.enrollment.date.description == "2026-01-01")
    }
}
