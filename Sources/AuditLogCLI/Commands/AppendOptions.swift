import ArgumentParser

/// The options `append` and `import` share: the signing key, and how the outcome is printed.
struct AppendOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no line per event, only errors (and no progress).")
    var quiet = false

    @Option(help: ArgumentHelp("The signing key (default: $AUDITLOG_KEY, else <database>.key).", valueName: "path"))
    var keyFile: String?

    @Option(help: "Output format: table (one line per event), json, or ndjson.")
    var format: OutputFormat = .table
}
