import ArgumentParser
import TrialCheckEngine

extension TrialCheck {
    /// `trialcheck checks`: the catalogue of check kinds, or a protocol's external plugins.
    struct Checks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checks",
            abstract: "List every check kind: what it does, its YAML parameters, an example.",
            discussion: """
                With --protocol, list the external plugins the protocol declares instead: each \
                is started, asked to describe itself in the handshake, and stopped (only with \
                --allow-external: a plugin is a program the protocol file names).
                """
        )

        @OptionGroup var configurationOptions: ConfigurationOptions

        enum Format: String, ChoiceArgument {
            /// Everything, for a terminal.
            case text
            /// Everything, as docs/checks.md.
            case markdown
            /// One table, as in the README.
            case summary
        }

        @Option(help: "Output format.")
        var format: Format = .text

        @Option(
            name: [.customShort("p"), .customLong("protocol")],
            help: ArgumentHelp("List the external plugins this protocol (a file or an id) declares.", valueName: "path-or-id")
        )
        var protocolReference: String?

        @OptionGroup var external: ExternalOptions

        func run() throws {
            if let protocolReference {
                let definition = try ProtocolOption.load(protocolReference, externalPolicy: external.policy)
                try external.refuseUnlessAllowed(definition)
                let listing = ExternalPluginListing(definition: definition)
                switch format {
                case .text: Console.output(listing.text())
                case .markdown, .summary: Console.output(listing.markdown())
                }
                if listing.hasFailures { throw ExitCode(2) }
                return
            }
            let catalogue = CheckCatalogue(registry: TrialCheck.registry)
            switch format {
            case .text: Console.output(catalogue.text())
            case .markdown: Console.output(catalogue.markdown())
            case .summary: Console.output(catalogue.summaryTable())
            }
        }
    }
}
