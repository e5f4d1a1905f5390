// swift-tools-version:6.0
//
// HyperTune's benchmarks: a separate package so the library's manifest stays free of them.
// Run with `swift run -c release --package-path Benchmarks hypertune-bench <suite>`; see Docs/Benchmarks.md.

import PackageDescription

let package = Package(
    name: "HyperTuneBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "HyperTune", path: "..")],
    targets: [
        .executableTarget(
            name: "hypertune-bench",
            dependencies: [
                .product(name: "HyperTune", package: "HyperTune"),
                .product(name: "HyperTuneProblems", package: "HyperTune"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")])
    ],
    swiftLanguageModes: [.v6]
)
