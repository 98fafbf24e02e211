import BuiltinPlugins
@testable import TrialCheckCore
@testable import TrialCheckEngine

/// What can be fuzzed: each case feeds the input to one reader, parser or loader, and
/// expects it to return (a value or a typed error), never to crash.
enum FuzzTarget: String, CaseIterable {
    /// A YAML document of patient records.
    case yamlRecords = "yaml-records"
    /// A JSON document of patient records.
    case jsonRecords = "json-records"
    /// NDJSON patient records, one per line.
    case ndjsonRecords = "ndjson-records"
    /// The CSV event-row format.
    case csvRecords = "csv-records"
    /// A FHIR R4 Bundle (JSON).
    case fhirBundle = "fhir-bundle"
    /// FHIR resources as NDJSON.
    case fhirNDJSON = "fhir-ndjson"
    /// An SDTM folder whose DM dataset is a SAS XPORT file (the input).
    case sdtmXPORT = "sdtm-xport"
    /// An SDTM folder of CSV datasets (the input is several files, see ``FuzzFolder``).
    case sdtmCSV = "sdtm-csv"
    /// The YAML syntax parser alone.
    case yamlSyntax = "yaml-syntax"
    /// The JSON syntax parser alone.
    case jsonSyntax = "json-syntax"
    /// A JSON value's tape spilled and read back, and the input read as a spilled tape.
    case spilledTape = "spilled-tape"
    /// A protocol file, loaded with every built-in check kind (external checks refused).
    case protocolFile = "protocol"
    /// A waiver file.
    case waivers
    /// A baseline file (an earlier JSON report).
    case baseline
    /// A plugin's answers: the first line answers `hello`, each later line is a verdict.
    case pluginAnswers = "plugin-answers"

    /// Runs the target on one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .yamlRecords: FuzzReaders.readFile(bytes, named: "records.yaml", format: .yaml)
        case .jsonRecords: FuzzReaders.readFile(bytes, named: "records.json", format: .json)
        case .ndjsonRecords: FuzzReaders.readFile(bytes, named: "records.ndjson", format: .ndjson)
        case .csvRecords: FuzzReaders.readFile(bytes, named: "records.csv", format: .csv)
        case .fhirBundle: FuzzReaders.readFile(bytes, named: "bundle.json", format: .fhir)
        case .fhirNDJSON: FuzzReaders.readFile(bytes, named: "resources.ndjson", format: .fhir)
        case .sdtmXPORT:
            _ = try? XPORTReader.read(bytes, path: "dm.xpt")
            FuzzReaders.readFolder(["dm.xpt": bytes], format: .sdtm)
        case .sdtmCSV: FuzzReaders.readFolder(FuzzFolder.files(in: bytes, defaultName: "dm.csv"), format: .sdtm)
        case .yamlSyntax:
            if let text = String(validating: bytes, as: UTF8.self) { _ = try? YAMLSyntaxParser.parse(text) }
        case .jsonSyntax: _ = try? JSONSyntaxParser.parse(bytes)
        case .spilledTape: FuzzTapes.run(bytes)
        case .protocolFile:
            if let text = String(validating: bytes, as: UTF8.self) {
                _ = try? FuzzReaders.protocolLoader.load(yaml: text, path: "protocol.yaml")
            }
        case .waivers:
            if let text = String(validating: bytes, as: UTF8.self) {
                _ = try? WaiverFile.parse(yaml: text, path: "waivers.yaml", knownChecks: ["enrollment-window", "age"])
            }
        case .baseline: _ = try? BaselineFile.decode(bytes, path: "baseline.json")
        case .pluginAnswers: FuzzPluginAnswers.read(bytes)
        }
    }
}
