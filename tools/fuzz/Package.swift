// swift-tools-version: 6.1
import PackageDescription

// The fuzz target for auditlog's input parser and entry decoder. It compiles the parser's own
// source files (symlinked from ../../Sources/EventLog into Sources/FuzzedParser) rather than
// depending on the main package, so that it builds in seconds without swift-crypto and SQLite.
// Build and run it with ./run (libFuzzer + AddressSanitizer); see README.md.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "AuditLogFuzz",
    targets: [
        // The parser sources (symlinks), a stand-in for EventLogError, and the checks.
        .target(name: "FuzzedParser", swiftSettings: strict),
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "CFuzzerDriver"),
        // main(): hands the command line and the checks to libFuzzer.
        // Linked with the toolchain's lld: Debian's gold crashes (internal error in
        // format_file_lineno) on the AddressSanitizer + libFuzzer link.
        .executableTarget(
            name: "fuzz-parser", dependencies: ["FuzzedParser", "CFuzzerDriver"], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
        ),
    ]
)
