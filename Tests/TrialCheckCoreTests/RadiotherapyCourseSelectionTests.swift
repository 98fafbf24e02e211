import Testing
import TrialCheckCore

@Suite("RadiotherapyCourse.Selection")
struct RadiotherapyCourseSelectionTests {
    func radiotherapy(_ start: String?, _ end: String?, intent: String? = nil) -> Event {
        var attributes: [String: Value] = ["dose": .string("50.4 Gy")]
        if let intent { attributes["intent"] = .string(intent) }
        return Event(type: .radiotherapy, start: start.map(date), end: end.map(date), attributes: attributes)
    }

    func patient(enrolled: String, _ events: [Event]) -> PatientHistory {
        PatientHistory(id: "P", enrollment: Enrollment(date: date(enrolled)), events: events)
    }

    @Test("Before, on or after enrollment, and any")
    func membership() throws {
        let before = radiotherapy("2025-10-13", "2025-11-19")
        let onEnrollment = radiotherapy("2026-01-20", "2026-02-26")
        let after = radiotherapy("2026-03-02", "2026-03-06", intent: "Definitive")
        let palliative = radiotherapy("2026-03-09", "2026-03-13", intent: "palliative")
        let record = patient(enrolled: "2026-01-20", [after, palliative, onEnrollment, before])

        let defaultCourse = try #require(RadiotherapyCourse(of: record))
        #expect(defaultCourse.events == [before])
        #expect(try #require(RadiotherapyCourse(of: record, selection: .beforeEnrollment)) == defaultCourse)

        let study = try #require(RadiotherapyCourse(of: record, selection: .afterEnrollment))
        #expect(study.events == [after, onEnrollment])
        #expect(study.uncertainEvents.isEmpty)
        #expect(study.completion == span("2026-03-06"))

        let every = try #require(RadiotherapyCourse(of: record, selection: .any))
        #expect(every.events == [after, onEnrollment, before])
    }

    @Test("A partial start date in the enrollment month is uncertain either way")
    func partialStart() throws {
        let partial = radiotherapy("2026-01", "2026-02-26")
        let record = patient(enrolled: "2026-01-20", [partial])
        #expect(try #require(RadiotherapyCourse(of: record, selection: .beforeEnrollment)).uncertainEvents == [partial])
        let study = try #require(RadiotherapyCourse(of: record, selection: .afterEnrollment))
        #expect(study.events.isEmpty)
        #expect(study.uncertainEvents == [partial])
        #expect(try #require(RadiotherapyCourse(of: record, selection: .any)).events == [partial])
    }

    @Test("A course found once per patient follows the enrollment date and the events")
    func foundOncePerPatient() throws {
        let before = radiotherapy("2025-10-13", "2025-11-19")
        let later = radiotherapy("2026-02-02", "2026-03-10")
        var record = patient(enrolled: "2026-01-20", [before, later])
        #expect(try #require(RadiotherapyCourse(of: record)).events == [before])
        #expect(try #require(RadiotherapyCourse(of: record)).events == [before])
        #expect(RadiotherapyCourse(of: record, selection: .afterEnrollment)?.events == [later])
        // A later enrollment date takes the second course in too.
        record.enrollment.date = date("2026-04-01")
        #expect(try #require(RadiotherapyCourse(of: record)).events == [before, later])
        #expect(RadiotherapyCourse(of: record, selection: .afterEnrollment) == nil)
        // Changed events are read again.
        record.events = [later]
        #expect(try #require(RadiotherapyCourse(of: record)).events == [later])
        record.events = []
        #expect(RadiotherapyCourse(of: record) == nil)
        #expect(RadiotherapyCourse(of: record, selection: .any) == nil)
    }

    @Test("No course on the selected side of enrollment")
    func noCourse() {
        let record = patient(enrolled: "2026-01-20", [radiotherapy("2025-10-13", "2025-11-19")])
        #expect(RadiotherapyCourse(of: record, selection: .afterEnrollment) == nil)
        #expect(RadiotherapyCourse.Selection.afterEnrollment.noCourseSentence == "No definitive radiotherapy on or after enrollment is recorded.")
        #expect(RadiotherapyCourse.Selection.beforeEnrollment.noCourseSentence == "No definitive radiotherapy before enrollment is recorded.")
        #expect(RadiotherapyCourse.Selection.any.noCourseSentence == "No definitive radiotherapy is recorded.")
    }

    @Test("The radiotherapy anchors follow the selected course")
    func anchors() throws {
        let record = patient(enrolled: "2026-01-05", [radiotherapy("2026-01-12", "2026-02-18")])
        guard case .failure(let missing) = TimelineAnchor.radiotherapyStart.resolve(in: record) else {
            Issue.record("the default course is the one before enrollment")
            return
        }
        #expect(missing.reason == "No definitive radiotherapy before enrollment is recorded.")
        let start = try TimelineAnchor.radiotherapyStart.resolve(in: record, course: .afterEnrollment).get()
        #expect(start.0 == span("2026-01-12"))
        let completion = try TimelineAnchor.crtCompletion.resolve(in: record, course: .afterEnrollment).get()
        #expect(completion.0 == span("2026-02-18"))
    }
}
