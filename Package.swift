// swift-tools-version: 6.1
import PackageDescription

/// Every check plugin is a module under Plugins/ that depends on the core API alone.
/// Adding a plugin: add its name here and its kinds to `BuiltinPlugins`; the engine is untouched.
let pluginNames = [
    "AgeChecks",
    "RadiotherapyChecks",
    "TimingChecks",
    "PriorTherapyChecks",
    "DiagnosisChecks",
    "ClinicalEventChecks",
    "TreatmentChecks",
    "RegimenChecks",
    "LabChecks",
    "StudyTreatmentTimingChecks",
]

let pluginTargets: [Target] = pluginNames.map { name in
    .target(name: name, dependencies: ["TrialCheckCore"], path: "Plugins/\(name)")
}

let package = Package(
    name: "trialcheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trialcheck", targets: ["trialcheck"]),
        .library(name: "TrialCheckCore", targets: ["TrialCheckCore"]),
        .library(name: "TrialCheckEngine", targets: ["TrialCheckEngine"]),
        // The built-in check kinds and the command line as libraries: a package adds its own
        // kinds and builds its own `trialcheck` (Examples/extension); the fuzz targets (Fuzz/)
        // load protocols with the built-in checks.
        .library(name: "BuiltinPlugins", targets: ["BuiltinPlugins"]),
        .library(name: "TrialCheckCLI", targets: ["TrialCheckCLI"]),
    ],
    dependencies: [
        // YAMLEventReader also imports Yams's bundled libyaml (the CYaml module, not a
        // product) for an event-level fast path; Yams's own parser stays the reference
        // route, so a Yams release without that module breaks the build, never a verdict.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        .target(name: "TrialCheckCore"),
        // Starting external plugin processes (fork, rlimits, pipes): a few lines of C.
        .target(name: "CPluginProcess"),
        .target(name: "TrialCheckSynthetic", dependencies: ["TrialCheckCore"]),
        .target(
            name: "TrialCheckEngine",
            dependencies: [
                "TrialCheckCore",
                "CPluginProcess",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "BuiltinPlugins",
            dependencies: ["TrialCheckCore"] + pluginNames.map { .target(name: $0) }
        ),
        .target(
            name: "TrialCheckCLI",
            dependencies: [
                "TrialCheckEngine",
                "BuiltinPlugins",
                "TrialCheckSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "trialcheck", dependencies: ["TrialCheckCLI"]),
        .testTarget(
            name: "TrialCheckCoreTests",
            dependencies: ["TrialCheckCore"]
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: ["TrialCheckCore", "TrialCheckEngine", "BuiltinPlugins"] + pluginNames.map { .target(name: $0) },
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TrialCheckEngineTests",
            dependencies: ["TrialCheckCore", "TrialCheckEngine", "BuiltinPlugins", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TrialCheckSyntheticTests",
            dependencies: ["TrialCheckSynthetic", "TrialCheckCore", "TrialCheckEngine", "BuiltinPlugins"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["trialcheck", "TrialCheckCLI", "TrialCheckEngine", "TrialCheckSynthetic", "BuiltinPlugins"]
        ),
    ] + pluginTargets
)
