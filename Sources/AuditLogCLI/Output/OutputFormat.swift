import ArgumentParser

/// How a command prints: `table` for people, the others for scripts.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, ndjson, csv
}

/// How proof commands print: the standard text format, or JSON.
public enum ProofFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}
