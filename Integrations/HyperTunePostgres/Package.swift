// swift-tools-version:6.0
//
// HyperTunePostgres: a HyperTune storage in a PostgreSQL database, for one study shared by workers
// on many machines. A package of its own, so that the root package stays free of dependencies:
// `import HyperTune` never pulls in postgres-nio.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "HyperTunePostgres",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "HyperTunePostgres", targets: ["HyperTunePostgres"])
    ],
    dependencies: [
        .package(name: "HyperTune", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "HyperTunePostgres",
            dependencies: [
                .product(name: "HyperTune", package: "HyperTune"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hypertune-postgres-worker",
            dependencies: ["HyperTunePostgres", .product(name: "HyperTune", package: "HyperTune")],
            path: "Sources/Worker",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HyperTunePostgresTests",
            dependencies: [
                "HyperTunePostgres",
                "hypertune-postgres-worker",
                .product(name: "HyperTune", package: "HyperTune"),
                .product(name: "HyperTuneStorageConformance", package: "HyperTune"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
