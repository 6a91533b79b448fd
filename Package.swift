// swift-tools-version: 6.1
import PackageDescription

/// Settings every target of ours compiles with: Swift 6 language mode is the package default;
/// these upcoming features keep imports explicit and existentials visible.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "AuditLog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "auditlog", targets: ["auditlog"]),
        .library(name: "LogFormat", targets: ["LogFormat"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "AuditDomain", targets: ["AuditDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLiteDatabase", dependencies: ["CSQLite"], swiftSettings: strict),
        // libpq's declarations and the loader that resolves them from libpq.so.5 on the first
        // connection: the binary does not link libpq (Sources/CLibPQ/LibPQLoader.c).
        .target(name: "CLibPQ"),
        .target(name: "PostgresDatabase", dependencies: ["CLibPQ"], swiftSettings: strict),
        .target(name: "CSHA256"),
        .target(
            name: "LogFormat",
            dependencies: ["CSHA256", .product(name: "Crypto", package: "swift-crypto")],
            // Cross-module optimisation: the store's verify and append call the scanner and the tree
            // hashes in this module per entry; without it (unspecialised across the module
            // boundary) verify took twice the CPU after the split.
            swiftSettings: strict + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
        ),
        .target(
            name: "EventLog",
            dependencies: ["LogFormat", "SQLiteDatabase", "PostgresDatabase"],
            resources: [.embedInCode("Resources/schema_v1.sql"), .embedInCode("Resources/schema_v1_postgresql.sql")],
            swiftSettings: strict
        ),
        .target(
            name: "AuditDomain",
            dependencies: ["EventLog", "LogFormat"],
            resources: [
                .embedInCode("Resources/domain_v1.sql"), .embedInCode("Resources/projections_v1.sql"),
                .embedInCode("Resources/domain_v1_postgresql.sql"), .embedInCode("Resources/projections_v1_postgresql.sql"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Wording", swiftSettings: strict),
        .target(
            name: "Compliance",
            dependencies: ["AuditDomain", "EventLog", "LogFormat", "Wording"],
            swiftSettings: strict
        ),
        .target(
            name: "AuditLogCLI",
            dependencies: [
                "Compliance",
                "InspectionReport",
                "ProcessMining",
                "Spreadsheet",
                "AuditDomain",
                "EventLog",
                "LogFormat",
                "Wording",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "InspectionReport",
            dependencies: ["Compliance", "AuditDomain", "EventLog", "LogFormat", "Wording"],
            swiftSettings: strict
        ),
        .target(
            name: "ProcessMining",
            dependencies: ["AuditDomain", "EventLog", "LogFormat", "SQLiteDatabase"],
            swiftSettings: strict
        ),
        .target(
            name: "Spreadsheet",
            dependencies: ["EventLog", "LogFormat", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .executableTarget(name: "auditlog", dependencies: ["AuditLogCLI"], swiftSettings: strict),
        .target(
            name: "TestSupport",
            dependencies: ["LogFormat", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "SQLiteDatabaseTests", dependencies: ["SQLiteDatabase"], swiftSettings: strict),
        .testTarget(name: "PostgresDatabaseTests", dependencies: ["PostgresDatabase", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LogFormatTests",
            dependencies: ["LogFormat", "CSHA256", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "LogFormat", "PostgresDatabase", "SQLiteDatabase", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AuditDomainTests",
            dependencies: ["AuditDomain", "EventLog", "LogFormat", "PostgresDatabase", "SQLiteDatabase", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "WordingTests", dependencies: ["Wording"], swiftSettings: strict),
        .testTarget(name: "AuditLogCLITests", dependencies: ["AuditLogCLI", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "InspectionReportTests", dependencies: ["InspectionReport", "Compliance", "Wording"], swiftSettings: strict),
        .testTarget(
            name: "ProcessMiningTests",
            dependencies: ["ProcessMining", "AuditDomain", "EventLog", "LogFormat", "SQLiteDatabase"],
            swiftSettings: strict
        ),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "LogFormat"], swiftSettings: strict),
        .testTarget(name: "ComplianceTests", dependencies: ["Compliance", "AuditDomain", "EventLog", "LogFormat", "TestSupport", "Wording"], swiftSettings: strict),
    ]
)
