import Testing

/// With more than one job, `audit` parses a YAML or JSON document while it parses its
/// command line and loads the protocol; everything it prints and writes must be what one
/// job gives.
@Suite("audit: a document parsed ahead reads as one read in turn")
struct DocumentPrefetchCLITests {
    private static let documents = [
        "Examples/NCT07177794/site-records.yaml",
        "Examples/extending/NCT07177794-site.yaml",
        "Tests/MalformedInputs/cases/yaml/alias-bomb.yaml",
        "Tests/MalformedInputs/cases/yaml/bad-utf8.yaml",
        "Tests/MalformedInputs/cases/yaml/duplicate-keys.yaml",
        "Tests/MalformedInputs/cases/yaml/tab-indent.yaml",
        "Tests/MalformedInputs/cases/yaml/unclosed-flow.yaml",
        "Tests/MalformedInputs/cases/json/truncated.json",
        "Tests/MalformedInputs/cases/json/duplicate-keys.json",
        "Tests/MalformedInputs/cases/empty/whitespace-only.yaml",
    ]

    @Test("Report, output, errors and exit code are those of one job", arguments: documents)
    func sameAsOneJob(document: String) throws {
        try OneJobComparison.expectSame(["-p", "NCT07177794"], inputs: [document])
    }
}
