// swift-tools-version: 6.1
import PackageDescription

// The fuzz target for auditlog's input parser and entry decoder. It depends on the main
// package's LogFormat library (the log's formats, without SQLite), so the fuzzer always tests
// the current code; building the fuzz-parser product builds LogFormat and swift-crypto only.
// Build and run it with ./run (libFuzzer + AddressSanitizer); see README.md.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "AuditLogFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The repository's own package (named, so that the product below does not depend on the
        // name of the directory it was cloned into).
        .package(name: "AuditLog", path: "../.."),
    ],
    targets: [
        // The properties checked on every input.
        .target(
            name: "FuzzProperties",
            dependencies: [.product(name: "LogFormat", package: "AuditLog")],
            swiftSettings: strict
        ),
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "CFuzzerDriver"),
        // main(): hands the command line and the checks to libFuzzer.
        // Linked with the toolchain's lld: Debian's gold crashes (internal error in
        // format_file_lineno) on the AddressSanitizer + libFuzzer link.
        .executableTarget(
            name: "fuzz-parser", dependencies: ["FuzzProperties", "CFuzzerDriver"], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
        ),
    ]
)
