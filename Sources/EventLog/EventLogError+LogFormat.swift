import LogFormat

extension EventLogError {
    /// The store's error for a refusal of the log's formats: the case of the same name, with the
    /// same payload, so the message and the exit code do not depend on which layer refused.
    public init(_ error: LogFormatError) {
        switch error {
        case .invalidInput(let line, let field, let message): self = .invalidInput(line: line, field: field, message: message)
        case .notFound(let m): self = .notFound(m)
        case .invalidArgument(let m): self = .invalidArgument(m)
        case .io(let m): self = .io(m)
        case .key(let m): self = .key(m)
        }
    }

    /// Runs `body`, which calls into the log's formats, turning a ``LogFormatError`` into this
    /// type (see ``init(_:)``). The closure names its error type (`{ () throws(LogFormatError) in
    /// … }`): Swift does not infer a closure's typed throws from its context.
    public static func mapping<T>(_ body: () throws(LogFormatError) -> T) throws(EventLogError) -> T {
        do {
            return try body()
        } catch {
            throw EventLogError(error)
        }
    }
}
