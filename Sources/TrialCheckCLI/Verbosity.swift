import ArgumentParser
import TrialCheckEngine

/// `--quiet` and `--verbose`: how much an audit says on standard error besides its report.
struct Verbosity: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors on standard error (no notes or warnings).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print the lines external plugins write to their standard error.")
    var verbose = false

    func validate() throws {
        if quiet, verbose { throw ValidationError("--quiet and --verbose cannot be used together.") }
    }

    /// The least serious notice printed.
    var threshold: Notice.Level {
        quiet ? .error : verbose ? .remark : .note
    }

    /// Prints the notices at or above the threshold.
    func show(_ notices: [Notice]) {
        for notice in notices where notice.level >= threshold { Console.notice(notice) }
    }
}
