/// A parameter of a statement: sent as text (integers, text) or as binary (bytea), so that
/// PostgreSQL infers each parameter's type from where it stands.
public enum PGValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case bytea([UInt8])
}
