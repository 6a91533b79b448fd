import ArgumentParser

/// The options `import` takes from `append`: the signing key, and how the outcome is printed.
/// `append` declares the same three options itself, in this order and with these ``Help`` texts,
/// rather than through an option group: each group is one more type the argument parser reflects
/// over (several times per parse) when a one-event append starts.
struct AppendOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: Help.quiet)
    var quiet = false

    @Option(help: Help.keyFile)
    var keyFile: String?

    @Option(help: Help.format)
    var format: OutputFormat = .table

    /// The help of each option, shared with `append`'s own declarations.
    enum Help {
        static let quiet: ArgumentHelp = "Print no line per event, only errors (and no progress)."
        static let keyFile = ArgumentHelp("The signing key (default: $AUDITLOG_KEY, else <database>.key).", valueName: "path")
        static let format: ArgumentHelp = "Output format: table (one line per event), json, or ndjson."
    }
}
