import AuditDomain
import EventLog
import LogFormat

/// The formats of OCEL 2.0 the export writes.
public enum OCELFormat: String, Sendable, CaseIterable {
    /// The JSON format (ocel-standard.org): one JSON object.
    case json = "ocel2-json"
    /// The SQLite format: a relational database file.
    case sqlite = "ocel2-sqlite"

    /// Writes the view of `store` at (`asOf`, `knownAt`) in this format to the new file `path`
    /// (``OCELOutputFile``: never over an existing file), or, for JSON, to standard output when
    /// `path` is nil. `progress` hears the seq reached now and then.
    public func write(
        _ store: any LogEngine, asOf: CivilDate, knownAt: Instant?, to path: String?, progress: (Int64) -> Void = { _ in }
    ) throws {
        guard let path else {
            precondition(self == .json, "the SQLite format needs a file")
            try OCELExport.write(store, asOf: asOf, knownAt: knownAt, to: OCELJSONWriter(output: .standardOutput()), progress: progress)
            return
        }
        let file = try OCELOutputFile(path: path)
        switch self {
        case .json:
            let output = ByteOutput(descriptor: file.descriptor, name: path)
            try OCELExport.write(store, asOf: asOf, knownAt: knownAt, to: OCELJSONWriter(output: output), progress: progress)
        case .sqlite:
            let writer = try OCELSQLiteWriter(path: file.temporaryPath)
            defer { writer.close() }
            try OCELExport.write(store, asOf: asOf, knownAt: knownAt, to: writer, progress: progress)
        }
        try file.commit()
    }
}
