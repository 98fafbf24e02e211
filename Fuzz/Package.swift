// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for trialcheck's readers, protocol loader, waiver and baseline files
/// and the external plugin protocol: one executable that runs the target named by the
/// `TRIALCHECK_FUZZ_TARGET` variable. A package of its own, so the main package's build
/// is untouched; build it with the fuzzer and address sanitizer (see run.sh):
///
///     swift build --package-path Fuzz -c release \
///       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
let package = Package(
    name: "trialcheck-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "trialcheck", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "trialcheck-fuzz",
            dependencies: [
                .product(name: "TrialCheckCore", package: "trialcheck"),
                .product(name: "TrialCheckEngine", package: "trialcheck"),
                .product(name: "BuiltinPlugins", package: "trialcheck"),
            ]
        ),
    ],
    // The entry point is called by libFuzzer on one thread; C's stderr is used as is.
    swiftLanguageModes: [.v5]
)
