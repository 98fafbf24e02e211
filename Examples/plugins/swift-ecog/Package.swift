// swift-tools-version: 6.0
import PackageDescription

/// An external trialcheck plugin written in Swift, and the small helper library it uses.
/// Foundation only: build with `swift build` here (the main package does not build it).
let package = Package(
    name: "swift-ecog",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TrialCheckPlugin", targets: ["TrialCheckPlugin"]),
        .executable(name: "ecog-check", targets: ["ecog-check"]),
    ],
    targets: [
        .target(name: "TrialCheckPlugin"),
        .executableTarget(name: "ecog-check", dependencies: ["TrialCheckPlugin"]),
    ]
)
