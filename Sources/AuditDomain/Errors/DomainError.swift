import EventLog

/// What can go wrong in the domain layer (projections, histories, rebuilds): the store failed,
/// or the log cannot do what was asked of the domain. A payload the catalogue refuses is not
/// here: it is refused at append, by line and field, as the store's invalid input.
public enum DomainError: Error, Sendable, CustomStringConvertible {
    /// The store could not read or write the log.
    case log(EventLogError)
    /// The log does not support the request: a log without the catalogue keeps no projections.
    case unsupported(String)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case .log(let error): error.description
        case .unsupported(let message): message
        }
    }

    /// Runs `body`, which calls the store, turning its error into ``log(_:)``.
    static func reading<T>(_ body: () throws(EventLogError) -> T) throws(DomainError) -> T {
        do {
            return try body()
        } catch {
            throw .log(error)
        }
    }
}
