/// Why an export's output could not be written.
public enum OCELExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output file exists: the export never overwrites one.
    case exists(String)
    /// The output could not be created or written.
    case io(String)
    /// Standard output was closed by its reader (a pipe into `head`): the export stops.
    case outputClosed

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists: the export does not overwrite a file; remove it or choose another --output"
        case .io(let message): message
        case .outputClosed: "standard output was closed"
        }
    }
}
