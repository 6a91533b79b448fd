import LogFormat
import PostgresDatabase
import SQLiteDatabase

/// Everything that can go wrong in the event store, with the context a person needs to fix it.
/// The store's layer: the domain wraps it (`DomainError.log`), the command line maps it to an
/// exit code.
public enum EventLogError: Error, Sendable, CustomStringConvertible {
    /// Bad input: which line (1-based, when the input has lines), which field, what is wrong.
    case invalidInput(line: Int?, field: String, message: String)
    /// A precondition failed: `expected_version` mismatch or an `event_id` reused with other content.
    case conflict(line: Int?, field: String, message: String)
    /// The line's signer may not record it under the log's authorship rules (or it is unsigned
    /// where a signature is required): which line, which field, why.
    case forbidden(line: Int?, field: String, message: String)
    /// The database or another named file does not exist.
    case notFound(String)
    /// An argument the caller gave cannot be used: an unknown seq or event id, a size with no
    /// checkpoint, a name or time zone `init` refuses, a file that would be overwritten.
    case invalidArgument(String)
    /// Another writer held the lock past the busy timeout; retrying later will work.
    case busy(String)
    /// The file could not be read or written (read-only, full disk, damaged file).
    case io(String)
    /// The signing key is missing, unreadable or does not belong to this log.
    case key(String)
    /// The file is a database of another format or a newer version.
    case format(String)
    /// The database server cannot be reached, or the connection was lost; retrying later may work.
    case unavailable(String)
    /// SQLite failed in a way none of the above explains.
    case database(SQLiteError)

    public var description: String {
        switch self {
        case .invalidInput(let line, let field, let message), .conflict(let line, let field, let message),
            .forbidden(let line, let field, let message):
            let prefix = line.map { "line \($0): " } ?? ""
            return field.isEmpty ? "\(prefix)\(message)" : "\(prefix)\(field): \(message)"
        case .notFound(let m), .invalidArgument(let m), .busy(let m), .io(let m), .key(let m), .format(let m), .unavailable(let m):
            return m
        case .database(let e):
            return e.description
        }
    }

    /// Classifies an SQLite failure so the caller can give the right exit code.
    public static func from(_ error: SQLiteError, path: String) -> EventLogError {
        if error.isBusy {
            return .busy("database \(path) is busy: another process held its lock past the busy timeout; retry")
        }
        if error.isCorrupt {
            return .io("database \(path) is damaged or not an auditlog database (\(error.message))")
        }
        if error.isIOError {
            return .io("cannot write \(path): \(error.message)")
        }
        return .database(error)
    }
}

extension EventLogError {
    /// Runs `body`, turning every failure into an ``EventLogError`` that names `location`: a
    /// store error as it is, a refusal of the log's formats case for case (``init(_:)``), an
    /// SQLite or PostgreSQL failure classified (``from(_:path:)``, ``from(_:location:)``), anything
    /// else as I/O. Both engines run their work through it.
    static func capturing<T>(at location: String, _ body: () throws -> T) throws(EventLogError) -> T {
        do {
            return try body()
        } catch let error as EventLogError {
            throw error
        } catch let error as LogFormatError {
            throw EventLogError(error)
        } catch let error as SQLiteError {
            throw EventLogError.from(error, path: location)
        } catch let error as PGError {
            throw EventLogError.from(error, location: location)
        } catch {
            throw .io("\(location): \(error)")
        }
    }

    /// Classifies a PostgreSQL failure so the caller can give the right exit code: a server that
    /// cannot be reached is ``unavailable(_:)``, a refused role ``forbidden(line:field:message:)``,
    /// a timeout or a server going away ``busy(_:)``.
    public static func from(_ error: PGError, location: String) -> EventLogError {
        if error.isPermissionDenied {
            return .forbidden(line: nil, field: "", message: "\(location): permission denied (\(error.message))")
        }
        if error.isTimeout {
            return .busy("\(location): the statement timed out (\(error.message)); nothing was written; retry")
        }
        if error.isServerGoingAway {
            return .unavailable("\(location): the server is shutting down (\(error.message)); an append under way was "
                + "not committed unless its checkpoint is in the log: retry (lines with an event_id are never written twice)")
        }
        if error.isClientLibraryMissing {
            return .unavailable("\(location): \(error.message)")
        }
        if error.isConnectionFailure {
            return .unavailable("\(location): cannot reach the PostgreSQL server (\(error.message)); an append "
                + "under way was not committed unless its checkpoint is in the log: retry (lines with an event_id are never written twice)")
        }
        if error.isUnknownDatabase {
            return .notFound("\(location): \(error.message)")
        }
        if error.isReadOnly {
            return .io("\(location): the database is read-only here (\(error.message))")
        }
        return .io("\(location): \(error)")
    }
}
