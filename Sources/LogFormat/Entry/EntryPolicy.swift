/// What the layer above the log knows about events: how to derive a subject and what makes a
/// payload valid. The event log itself knows no event types; the domain layer supplies a policy.
public protocol EntryPolicy: Sendable {
    /// Checks `line` on its own (throwing ``LogFormatError/invalidInput(line:field:message:)``),
    /// puts its payload in canonical form and fills in its subject when the input gave none.
    /// Runs before idempotency is decided, so that a retried line compares in canonical form.
    func check(_ line: inout AppendLine, lineNumber: Int?) throws(LogFormatError)
}

/// The policy of a log without a domain catalogue: any dotted type, any payload, and the
/// subject must be given.
public struct GenericEntryPolicy: EntryPolicy {
    /// The generic policy.
    public init() {}

    public func check(_ line: inout AppendLine, lineNumber: Int?) throws(LogFormatError) {
        guard line.subject != nil else {
            throw .invalidInput(line: lineNumber, field: "subject", message: "required (no rule derives it for type \(line.type))")
        }
        guard line.author == nil else {
            throw .invalidInput(line: lineNumber, field: "author",
                                message: "a log without the catalogue (init --catalogue none) has no key registry to check a signature against")
        }
    }
}
