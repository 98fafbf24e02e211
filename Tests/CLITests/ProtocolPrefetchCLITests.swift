import Testing

/// With more than one job, `audit` loads its protocol while it parses its command line;
/// everything it prints and writes must be what one job (which loads it in turn) gives.
@Suite("audit: a protocol loaded ahead loads as one loaded in turn")
struct ProtocolPrefetchCLITests {
    private static let protocols = [
        "--protocol=Protocols/NCT07177794.yaml",
        "Examples/extending/NCT07177794-site.yaml",
        "Examples/extending/NCT07177794-amended.yaml",
        "Examples/extension/protocol.yaml",
        "Examples/plugins/NCT07177794-with-python-ecog.yaml",
        "Benchmarks/protocols/design-checks.yaml",
        "Tests/MalformedInputs/manifest.json",
        "README.md",
        "no-such-protocol",
    ]

    @Test("Report, output, errors and exit code are those of one job", arguments: protocols)
    func sameAsOneJob(reference: String) throws {
        let protocolArguments = reference.hasPrefix("--") ? [reference] : ["-p", reference]
        try OneJobComparison.expectSame(protocolArguments, inputs: ["Examples/NCT07177794/site-records.ndjson"])
    }
}
