import SiteActivationChecks
import Testing
import TrialCheckCore

@Suite("site-activation")
struct SiteActivationCheckTests {
    private func check(_ sites: [SiteActivationCheck.Site]) throws -> SiteActivationCheck {
        let parameters = try ParameterValues(of: SiteActivationCheck.self, [ParameterSetting(SiteActivationCheck.sites, sites)])
        return try SiteActivationCheck(parameters: parameters, context: CheckContext(protocolID: "TEST"))
    }

    private var sites: [SiteActivationCheck.Site] {
        [
            .init(site: "BJ", activated: "2026-01-10"),
            .init(site: "SH", activated: "2026-02-01", closed: "2026-09-30"),
        ]
    }

    private func patient(site: String?, enrolled: String) throws -> PatientHistory {
        PatientHistory(id: "P1", site: site, enrollment: Enrollment(date: try #require(PartialDate(iso8601: enrolled))))
    }

    @Test("the activation and closing days are open; the days either side are not")
    func boundaries() throws {
        let check = try check(sites)
        #expect(check.judge(try patient(site: "BJ", enrolled: "2026-01-10")).verdict == .pass)
        #expect(check.judge(try patient(site: "BJ", enrolled: "2026-01-09")).verdict == .deviation)
        #expect(check.judge(try patient(site: "SH", enrolled: "2026-09-30")).verdict == .pass)
        #expect(check.judge(try patient(site: "SH", enrolled: "2026-10-01")).verdict == .deviation)
    }

    @Test("an unlisted site is a deviation; no site is not evaluable, never a pass")
    func unknownAndMissingSite() throws {
        let check = try check(sites)
        let unlisted = check.judge(try patient(site: "GZ", enrolled: "2026-03-01"))
        #expect(unlisted.verdict == .deviation)
        #expect(unlisted.message.contains("BJ, SH"))
        #expect(check.judge(try patient(site: nil, enrolled: "2026-03-01")).verdict == .notEvaluable)
    }

    @Test("a month-only enrollment date spanning the activation day is indeterminate")
    func partialEnrollmentDate() throws {
        let check = try check(sites)
        #expect(check.judge(try patient(site: "BJ", enrolled: "2026-01")).verdict == .indeterminate)
        #expect(check.judge(try patient(site: "BJ", enrolled: "2026-02")).verdict == .pass)
    }

    @Test("bad parameters name the site and what is wrong")
    func badParameters() {
        #expect(throws: ParameterProblem.self) { try check([]) }
        #expect(throws: ParameterProblem.self) { try check([.init(site: "BJ", activated: "2026-01")]) }
        #expect(throws: ParameterProblem.self) { try check([.init(site: "BJ", activated: "2026-02-01", closed: "2026-01-31")]) }
        #expect(throws: ParameterProblem.self) { try check(sites + [.init(site: "BJ", activated: "2026-03-01")]) }
    }
}
