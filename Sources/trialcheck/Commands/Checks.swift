import ArgumentParser
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck checks`: the catalogue of check kinds.
    struct Checks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every check kind: what it does, its YAML parameters, an example."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            /// Everything, for a terminal.
            case text
            /// Everything, as docs/checks.md.
            case markdown
            /// One table, as in the README.
            case summary
        }

        @Option(help: "Output format.")
        var format: Format = .text

        func run() {
            let catalogue = CheckCatalogue(registry: TrialCheck.registry)
            switch format {
            case .text: Console.output(catalogue.text())
            case .markdown: Console.output(catalogue.markdown())
            case .summary: Console.output(catalogue.summaryTable())
            }
        }
    }
}
