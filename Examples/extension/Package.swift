// swift-tools-version: 6.1
import PackageDescription

/// A package of its own that adds a check kind to trialcheck without touching it: the kind
/// lives in `SiteActivationChecks` (it depends on the core API alone), and `trialcheck-sites`
/// is the whole `trialcheck` command line with that kind beside the built-in ones.
let package = Package(
    name: "site-activation-checks",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SiteActivationChecks", targets: ["SiteActivationChecks"]),
        .executable(name: "trialcheck-sites", targets: ["trialcheck-sites"]),
    ],
    dependencies: [
        // In a package of your own: .package(url: "https://…/trialcheck.git", from: "…").
        .package(name: "trialcheck", path: "../.."),
    ],
    targets: [
        .target(
            name: "SiteActivationChecks",
            dependencies: [.product(name: "TrialCheckCore", package: "trialcheck")]
        ),
        .executableTarget(
            name: "trialcheck-sites",
            dependencies: [
                "SiteActivationChecks",
                .product(name: "TrialCheckCLI", package: "trialcheck"),
            ]
        ),
        .testTarget(
            name: "SiteActivationChecksTests",
            dependencies: [
                "SiteActivationChecks",
                .product(name: "TrialCheckCore", package: "trialcheck"),
            ]
        ),
    ]
)
