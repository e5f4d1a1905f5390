// swift-tools-version:6.0
//
// HyperTune: hyperparameter optimization for Swift.
// The library has no package dependencies: only the Swift toolchain (stdlib, Foundation, Dispatch,
// Synchronization). See Docs/Design.md for the module graph.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "HyperTune",
    // The Swift 6 runtime's platforms (macOS 15 / iOS 18). The library itself no longer uses
    // `Synchronization` (see `Locked`); a lower floor (macOS 14, as ../shared/API.md's client
    // package declares) has not been built on an Apple platform yet: typed-throws function types
    // may need the Swift 6 runtime there.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        // MARK: - Public API
        .library(name: "HyperTune", targets: ["HyperTune"]),
        .library(name: "HyperTuneSearchSpace", targets: ["HyperTuneSearchSpace"]),
        .library(name: "HyperTuneCore", targets: ["HyperTuneCore"]),
        .library(name: "HyperTuneSamplers", targets: ["HyperTuneSamplers"]),
        .library(name: "HyperTunePruners", targets: ["HyperTunePruners"]),
        .library(name: "HyperTuneStorage", targets: ["HyperTuneStorage"]),
        .library(name: "HyperTuneStudy", targets: ["HyperTuneStudy"]),
        .library(name: "HyperTuneValidation", targets: ["HyperTuneValidation"]),
        // For authors of a `Storage` (the PostgreSQL and Optuna-format storages under Integrations/):
        // the checks of the storage contract, to run from their own tests. Not re-exported.
        .library(name: "HyperTuneStorageConformance", targets: ["HyperTuneStorageConformance"]),
        // The benchmark problems (Branin, Hartmann6, learning curves, ...) are no product: they live
        // in the Benchmarks package (Benchmarks/Sources/HyperTuneProblems).
    ],
    targets: [
        // MARK: - Public modules
        .target(name: "HyperTuneSearchSpace", swiftSettings: swiftSettings),
        .target(name: "HyperTuneCore", dependencies: ["HyperTuneSearchSpace"], swiftSettings: swiftSettings),
        .target(
            name: "HyperTuneSamplers",
            dependencies: ["HyperTuneCore", "HyperTuneSearchSpace", "HyperTuneNumerics"],
            swiftSettings: swiftSettings),
        .target(name: "HyperTunePruners", dependencies: ["HyperTuneCore"], swiftSettings: swiftSettings),
        .target(name: "HyperTuneStorage", dependencies: ["HyperTuneCore", "HyperTuneSearchSpace"], swiftSettings: swiftSettings),
        .target(
            name: "HyperTuneStudy",
            dependencies: ["HyperTuneCore", "HyperTuneSearchSpace", "HyperTuneSamplers", "HyperTunePruners", "HyperTuneStorage"],
            swiftSettings: swiftSettings),
        .target(
            name: "HyperTuneValidation",
            dependencies: ["HyperTuneCore", "HyperTuneStudy"],
            swiftSettings: swiftSettings),
        .target(
            name: "HyperTune",
            dependencies: [
                "HyperTuneSearchSpace", "HyperTuneCore", "HyperTuneSamplers", "HyperTunePruners",
                "HyperTuneStorage", "HyperTuneStudy", "HyperTuneValidation",
            ],
            swiftSettings: swiftSettings),

        // The storage contract as checks (`StorageConformance`): no test framework, so any package's
        // tests can run them on its own storage.
        .target(
            name: "HyperTuneStorageConformance",
            dependencies: ["HyperTuneCore", "HyperTuneSearchSpace"],
            swiftSettings: swiftSettings),

        // MARK: - Implementation details
        // Linear algebra, special functions, optimizers, Sobol points: imports no HyperTune module
        // (its random routines take any `RandomNumberGenerator`).
        .target(name: "HyperTuneNumerics", swiftSettings: swiftSettings),

        // MARK: - Examples
        .executableTarget(name: "quickstart", dependencies: ["HyperTune"], path: "Examples/Quickstart", swiftSettings: swiftSettings),
        // A multilayer perceptron on the UCI digits data, used by the `digits` example, by tests
        // that tune a small real model and (through a symbolic link, see Benchmarks/Package.swift)
        // by the benchmarks' `digits-curves`. Not a product; imports only public modules.
        .target(name: "DigitsModel", dependencies: ["HyperTuneCore"], path: "Examples/DigitsModel", swiftSettings: swiftSettings),
        .executableTarget(
            name: "digits", dependencies: ["HyperTune", "DigitsModel"], path: "Examples/Digits", swiftSettings: swiftSettings),

        // MARK: - Tests
        // Helpers at the level of Core (trial builders, pruning cases, a sampler driver, temporary
        // directories): no study driver.
        .target(
            name: "HyperTuneTestSupport",
            dependencies: ["HyperTuneCore", "HyperTuneSearchSpace"],
            path: "Tests/HyperTuneTestSupport",
            swiftSettings: swiftSettings),
        // Helpers that need the study driver: the sampler conformance checks (driven through
        // `Study.ask`/`tell`), checks that `Study.create` refuses a setting (SettingValidation),
        // and the two textbook problems (Branin, Hartmann6) the end-to-end
        // tests optimize. The benchmark problems themselves are the Benchmarks package's.
        .target(
            name: "HyperTuneStudyTestSupport",
            dependencies: [
                "HyperTuneCore", "HyperTuneSearchSpace", "HyperTuneStudy", "HyperTuneTestSupport", "HyperTuneStorageConformance",
            ],
            path: "Tests/HyperTuneStudyTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "HyperTuneSearchSpaceTests", dependencies: ["HyperTuneSearchSpace"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneCoreTests",
            dependencies: ["HyperTuneCore", "HyperTuneTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneNumericsTests",
            dependencies: ["HyperTuneNumerics", "HyperTuneCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneSamplersTests",
            dependencies: ["HyperTuneSamplers", "HyperTuneNumerics", "HyperTuneTestSupport", "HyperTuneStudyTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTunePrunersTests",
            dependencies: ["HyperTunePruners", "HyperTuneTestSupport", "HyperTuneStudyTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneStorageTests",
            dependencies: ["HyperTuneStorage", "HyperTuneTestSupport", "HyperTuneStorageConformance"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneStudyTests",
            dependencies: ["HyperTuneStudy", "HyperTuneTestSupport", "HyperTuneStudyTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneValidationTests",
            dependencies: ["HyperTuneValidation", "HyperTuneStudy", "HyperTuneSamplers", "HyperTunePruners"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneDocsTests", dependencies: ["HyperTune", "DigitsModel", "HyperTuneStorageConformance"],
            swiftSettings: swiftSettings),
        // A worker process for the multi-process tests of JournalStorage. HyperTuneTests depends on
        // it so that `swift test` builds it next to the test bundle.
        .executableTarget(
            name: "hypertune-journal-worker",
            dependencies: ["HyperTune", "HyperTuneTestSupport"],
            path: "Tests/HyperTuneJournalWorker",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperTuneTests",
            dependencies: ["HyperTune", "HyperTuneTestSupport", "HyperTuneStudyTestSupport", "hypertune-journal-worker"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings),
        .testTarget(name: "DigitsModelTests", dependencies: ["DigitsModel"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
