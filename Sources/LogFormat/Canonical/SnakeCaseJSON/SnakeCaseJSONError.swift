/// Why ``SnakeCaseJSONEncoder`` could not encode a value or ``SnakeCaseJSONDecoder`` could not
/// decode one: which type, where in its JSON (a dotted path of member names such as
/// `leaders.chu_tich.stamp`, empty for the whole value) and what is wrong.
public struct SnakeCaseJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the error arose writing JSON or reading it.
    public enum Operation: String, Sendable, Equatable {
        case encoding = "encode"
        case decoding = "decode"
    }

    /// Encoding or decoding.
    public let operation: Operation
    /// The type asked for or given at the top (`OrganizationRecord`).
    public let typeName: String
    /// Dotted path of the offending member, with snake_case names as in the JSON; empty when the
    /// problem is the value as a whole.
    public let path: String
    /// What is wrong.
    public let message: String

    /// Creates an error at `path`.
    public init(_ operation: Operation, typeName: String, path: String, message: String) {
        self.operation = operation
        self.typeName = typeName
        self.path = path
        self.message = message
    }

    public var description: String {
        "cannot \(operation.rawValue) \(typeName)\(path.isEmpty ? "" : " at \(path)"): \(message)"
    }
}
