import Testing
import TrialCheckCore

/// A kind judging one patient at a time.
private struct SingleCheck: Check {
    static let description = CheckDescription(
        kind: "single", name: "Single", summary: "Passes every patient.",
        parameters: [], exampleParameters: "", passingExamples: [], deviatingExamples: [], inputs: .nothing
    )

    init() {}
    init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {}

    func judge(_ patient: PatientHistory) -> Judgement { .pass("") }
}

/// A batch kind written as a plugin writes one: nothing but `judge(batch:)` on top of a check.
private struct EveryoneCheck: BatchCheck {
    static let description = CheckDescription(
        kind: "everyone", name: "Everyone", summary: "Passes every patient, in batches.",
        parameters: [], exampleParameters: "", passingExamples: [], deviatingExamples: [], inputs: .nothing
    )

    init() {}
    init(parameters: ParameterValues, context: CheckContext) throws(ParameterProblem) {}

    func judge(_ patient: PatientHistory) -> Judgement { .pass("") }
    func judge(batch: [PatientHistory]) -> [Judgement] { batch.map(judge) }
}

@Suite("Batch checks")
struct BatchCheckTests {
    @Test("A batch check answers itself, seen through any Check")
    func batchAnswersItself() {
        let check: any Check = EveryoneCheck()
        #expect(check.asBatchCheck is EveryoneCheck)
    }

    @Test("A check judging one patient at a time is no batch check")
    func plainIsNot() {
        let check: any Check = SingleCheck()
        #expect(check.asBatchCheck == nil)
    }
}
