import ArgumentParser
import Testing
import TrialCheckEngine
import TrialCheckSynthetic
@testable import TrialCheckCLI

/// The options chosen from a fixed list of words list them straight from their cases
/// (``ChoiceArgument``): the words must be the ones ArgumentParser's own rule gives
/// (each case's raw value, described), in the same order, for help, errors and completion.
@Suite("Command-line choices: the words every option accepts")
struct ChoiceArgumentTests {
    /// ArgumentParser's rule for an enumeration with raw values.
    private static func parserWords<Choice: ChoiceArgument>(_: Choice.Type) -> [String] {
        Choice.allCases.map { $0.rawValue.defaultValueDescription }
    }

    private static func check<Choice: ChoiceArgument>(_ type: Choice.Type) {
        let words = Choice.allValueStrings
        #expect(words == parserWords(type), "\(type)")
        #expect(!words.isEmpty)
        #expect(words.allSatisfy { Choice(argument: $0) != nil }, "\(type)")
    }

    @Test("Every choice lists the words ArgumentParser would, each of which it accepts")
    func sameWords() {
        Self.check(ReportFormat.self)
        Self.check(InputFormat.self)
        Self.check(CSVSeparator.self)
        Self.check(FailLevel.self)
        Self.check(DateProtection.self)
        Self.check(JUnitReporter.Cases.self)
        Self.check(CohortFormat.self)
        Self.check(Colour.self)
        Self.check(TrialCheck.Checks.Format.self)
    }

    @Test("A word not on the list is refused, naming the words")
    func refusal() {
        do {
            _ = try TrialCheck.Audit.parseAsRoot(["-p", "NCT07177794", "--color", "sometimes", "x.ndjson"])
            Issue.record("--color sometimes was accepted")
        } catch {
            let message = TrialCheck.Audit.fullMessage(for: error)
            #expect(message.contains("'sometimes'"), "\(message)")
            #expect(message.contains("'auto', 'always' or 'never'"), "\(message)")
        }
    }
}
