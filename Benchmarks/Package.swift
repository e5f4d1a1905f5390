// swift-tools-version:6.0
//
// HyperTune's benchmarks: a separate package so the library's manifest stays free of them.
// Run with `swift run -c release --package-path Benchmarks hypertune-bench <suite>`; see Docs/Benchmarks.md.
// Tests: `swift test --package-path Benchmarks` (the problems against their published values and the
// committed reference files; .ci/run runs them).

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "HyperTuneBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "HyperTune", path: "..")],
    targets: [
        // MARK: - Benchmark problems and tools
        // The test problems for samplers (Branin, Hartmann6, ...) and pruners (learning curves), with
        // the statistics the tables use. The runner's, not the library's: no product.
        .target(
            name: "HyperTuneProblems",
            dependencies: [
                .product(name: "HyperTuneCore", package: "HyperTune"), .product(name: "HyperTuneSearchSpace", package: "HyperTune"),
                .product(name: "HyperTuneStudy", package: "HyperTune"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "hypertune-bench",
            dependencies: ["HyperTuneProblems", .product(name: "HyperTune", package: "HyperTune")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),

        // The digits example's model, compiled a second time here for `digits-curves`. Its sources
        // stay in the library's Examples/DigitsModel (the `digits` example and the library's tests
        // use them there); Sources/DigitsModel is a symbolic link to that folder, committed to git,
        // so a fresh clone builds both packages from one copy. Why not a dependency: DigitsModel is
        // an example, not a product of the library, and a package cannot name a folder outside its
        // root as a target's path. The module is named apart from the library's `DigitsModel`
        // because target names must be unique across the package graph. It imports only
        // HyperTuneCore, a public product.
        .target(
            name: "BenchmarkDigitsModel",
            dependencies: [.product(name: "HyperTuneCore", package: "HyperTune")],
            path: "Sources/DigitsModel",
            swiftSettings: swiftSettings),
        // Records the digits model's learning curves for the pruner benchmark
        // (Benchmarks/problems/digits-curves.json).
        .executableTarget(
            name: "digits-curves",
            dependencies: ["BenchmarkDigitsModel", "HyperTuneProblems", .product(name: "HyperTune", package: "HyperTune")],
            swiftSettings: swiftSettings),

        // MARK: - Tests
        .testTarget(
            name: "HyperTuneProblemsTests",
            dependencies: ["HyperTuneProblems", .product(name: "HyperTune", package: "HyperTune")],
            swiftSettings: swiftSettings),
        .testTarget(name: "DigitsCurvesTests", dependencies: ["BenchmarkDigitsModel", "HyperTuneProblems"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
