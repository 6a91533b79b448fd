/// Why a JSON text was refused: where (a dotted field path such as `payload.items[2]`, empty for
/// the whole value) and what is wrong, in words a person understands.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the offending field; empty when the problem is the text as a whole.
    public let path: String
    /// What is wrong.
    public let message: String

    /// Creates an error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
