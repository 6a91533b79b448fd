/// Why a payload was refused: the dotted path of the field (`payload.doc.number`) and what is
/// wrong with it.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field, as a path from the input line (`payload.requirements[0].params.schedule`).
    public let field: String
    /// What is wrong, for a person.
    public let message: String

    /// An error about `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
