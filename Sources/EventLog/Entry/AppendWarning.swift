/// A line an append admitted but flags: odd but possible.
public struct AppendWarning: Sendable {
    /// The 1-based input line, when the input has lines.
    public let line: Int?
    /// The field concerned.
    public let field: String
    /// What is odd.
    public let message: String

    /// A warning about `field` of input line `line`.
    public init(line: Int?, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    /// One line: `line N: field: message`.
    public var description: String { (line.map { "line \($0): " } ?? "") + (field.isEmpty ? "" : "\(field): ") + message }
}
