import ArgumentParser

/// `--config` and `--no-config`: which `.trialcheck.yaml` gives the command's defaults.
/// ``CommandDefaults`` reads them before the arguments are parsed; they are declared here so
/// that `--help` lists them and the parser accepts them.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Read the command's defaults from this file instead of the nearest .trialcheck.yaml in the working folder or above.",
        valueName: "file"
    ))
    var config: String?

    @Flag(help: "Read no .trialcheck.yaml: only the command line counts.")
    var noConfig = false
}
