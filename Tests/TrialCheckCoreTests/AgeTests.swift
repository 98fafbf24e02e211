import Testing
import TrialCheckCore

@Suite("Age in completed years")
struct AgeTests {
    @Test("The birthday counts", arguments: [
        ("2008-01-20", "2026-01-19", 17),
        ("2008-01-20", "2026-01-20", 18),
        ("2008-01-20", "2026-01-21", 18),
        ("1950-01-20", "2026-01-19", 75),
        ("1950-01-20", "2026-01-20", 76),
        ("1950-01-21", "2026-01-20", 75),
        ("1961-04-02", "2026-01-20", 64),
        ("1961-04-02", "2026-04-01", 64),
        ("1961-04-02", "2026-04-02", 65),
        ("2000-12-31", "2001-12-30", 0),
        ("2000-12-31", "2001-12-31", 1),
        ("2000-01-01", "2000-01-01", 0),
        ("1960-03-01", "2024-02-29", 63),
        ("1960-03-01", "2024-03-01", 64),
        ("1900-01-01", "2000-01-01", 100),
    ])
    func completedYears(_ birth: String, _ on: String, _ expected: Int) {
        #expect(Age.completedYears(born: day(birth), on: day(on)) == expected)
        #expect(Age.completedYears(born: span(birth), on: span(on)) == expected...expected)
    }

    @Test("Someone born on 29 February turns a year older on 1 March in common years", arguments: [
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2024-02-28", 15),
        ("2008-02-29", "2024-02-29", 16),
        ("2008-02-29", "2024-03-01", 16),
        ("2000-02-29", "2000-02-29", 0),
        ("2000-02-29", "2001-02-28", 0),
        ("2000-02-29", "2001-03-01", 1),
        ("2006-02-28", "2024-02-28", 18),
        ("2006-03-01", "2024-02-29", 17),
    ])
    func leapDayBirths(_ birth: String, _ on: String, _ expected: Int) {
        #expect(Age.completedYears(born: day(birth), on: day(on)) == expected)
    }

    @Test("Partial dates give every age the patient could have", arguments: [
        ("2008", "2026-01-20", 17, 18),
        ("2008-01", "2026-01-20", 17, 18),
        ("2008-02", "2026-01-20", 17, 17),
        ("2008-02", "2026-03-01", 18, 18),
        ("2007", "2026-01-20", 18, 19),
        ("2007-12", "2026-01-20", 18, 18),
        ("1950", "2026-01-20", 75, 76),
        ("1950-01", "2026-01-20", 75, 76),
        ("1950-02", "2026-01-20", 75, 75),
        ("1949", "2026-01-20", 76, 77),
        ("2008-01-15", "2026-01", 17, 18),
        ("2008-01-01", "2026-01", 18, 18),
        ("2000", "2026", 25, 26),
        ("1961-04", "2026-01-20", 64, 64),
    ])
    func partialSpans(_ birth: String, _ on: String, _ youngest: Int, _ oldest: Int) {
        #expect(Age.completedYears(born: span(birth), on: span(on)) == youngest...oldest)
    }

    @Test("The span of ages agrees with enumerating every birth day and every enrollment day")
    func spansMatchEnumeration() {
        let births = ["2008", "2008-01", "2008-02", "1950-01", "2008-02-29", "1950-12"]
        let enrollments = ["2026-01-20", "2026-01", "2026-02-28", "2026-03"]
        for birth in births {
            for on in enrollments {
                let ages = days(of: span(birth)).flatMap { b in days(of: span(on)).map { Age.completedYears(born: b, on: $0) } }
                let range = Age.completedYears(born: span(birth), on: span(on))
                #expect(range == ages.min()!...ages.max()!, "born \(birth), on \(on)")
            }
        }
    }
}
