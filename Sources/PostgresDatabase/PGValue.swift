/// A parameter of a statement: sent as text (integers, text) or as binary (bytea), so that
/// PostgreSQL infers each parameter's type from where it stands.
public enum PGValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case bytea([UInt8])
}

extension PGValue {
    /// `items` as one parameter of type `text[]`, for `= ANY(?::text[])`.
    public static func textArray(_ items: [String]) -> PGValue { .text(arrayLiteral(items)) }

    /// `items` as a PostgreSQL array literal, each element quoted.
    public static func arrayLiteral(_ items: [String]) -> String {
        var literal = "{"
        for (i, item) in items.enumerated() {
            if i > 0 { literal += "," }
            literal += "\""
            for c in item.unicodeScalars {
                if c == "\"" || c == "\\" { literal += "\\" }
                literal.unicodeScalars.append(c)
            }
            literal += "\""
        }
        return literal + "}"
    }
}
