import ArgumentParser
import Foundation
import TrialCheckEngine

/// The options of `audit` that shape one report format (JUnit cases, SARIF roots and help).
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "JUnit test cases: per-patient (one per check and patient) or per-check (one per check, the failing patients listed).",
        valueName: "cases"
    ))
    var junitCases: JUnitReporter.Cases = .perPatient

    @Option(help: ArgumentHelp(
        "SARIF: the folder artifact URIs are relative to (default: the folder the audit runs in); inputs outside it get absolute file URIs.",
        valueName: "folder"
    ))
    var sarifRoot: String?

    @Option(help: ArgumentHelp("SARIF: the name of the root in originalUriBaseIds.", valueName: "name"))
    var sarifRootId = "SRCROOT"

    @Option(help: ArgumentHelp(
        "SARIF: the address of the check catalogue (docs/checks.md); each rule's helpUri is it with the check's kind as the fragment. Without it, rules carry help text but no helpUri.",
        valueName: "url"
    ))
    var sarifHelpBase: String?

    @Option(help: ArgumentHelp(
        "SDTM DV: USUBJID for inputs other than SDTM, from {study}, {site} and {patient} (SDTM input keeps DM's USUBJID).",
        valueName: "pattern"
    ))
    var usubjidPattern = "{study}-{patient}"

    @Option(help: ArgumentHelp(
        "HTML: above this many patients with findings, the report is a summary page with drill-down by site and check, its findings and patients in pages (report-pages/ beside report.html).",
        valueName: "patients"
    ))
    var htmlLargeCohort = HTMLOptions().largeCohort

    @Flag(help: "CSV: start with a UTF-8 byte-order mark, so Excel reads the file as UTF-8.")
    var csvBom = false

    /// Sets the format options these name.
    func apply(to options: inout ReportFormat.Options) throws {
        options.junitCases = junitCases
        options.csvByteOrderMark = csvBom
        guard htmlLargeCohort >= 0 else { throw ValidationError("--html-large-cohort must be 0 or more.") }
        options.html.largeCohort = htmlLargeCohort
        guard usubjidPattern.contains("{patient}") else {
            throw ValidationError("--usubjid-pattern: expected a pattern with {patient}, such as {study}-{site}-{patient}, found '\(usubjidPattern)'.")
        }
        options.sdtm.usubjidPattern = usubjidPattern
        if let created = SDTMOptions.sasDateTime(options.timestamp) { options.sdtm.created = created }
        guard !sarifRootId.isEmpty, sarifRootId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw ValidationError("--sarif-root-id: expected a name of letters, digits, '_' or '-', found '\(sarifRootId)'.")
        }
        if let sarifHelpBase, URL(string: sarifHelpBase)?.scheme == nil {
            throw ValidationError("--sarif-help-base: expected an absolute URL such as https://example.org/docs/checks.md, found '\(sarifHelpBase)'.")
        }
        let workingDirectory = FileManager.default.currentDirectoryPath
        options.sarif.rootID = sarifRootId
        options.sarif.helpBase = sarifHelpBase
        options.sarif.workingDirectory = workingDirectory
        options.sarif.root = sarifRoot.map { root in
            root.hasPrefix("/") ? root : (workingDirectory as NSString).appendingPathComponent(root)
        }.map(SARIFOptions.normalized)
    }
}

extension JUnitReporter.Cases: ChoiceArgument {}
