/// Encodes `Encodable` values as compact JSON with snake_case member names, the members of each
/// object sorted by the bytes of their names: the bytes Foundation's `JSONEncoder` writes with
/// `.convertToSnakeCase` and `[.sortedKeys, .withoutEscapingSlashes]`, for values inside the
/// auditlog profile, at a fraction of its cost.
///
/// Member names are the coding keys converted once per process (`orgId` → `org_id`). The keys
/// of dictionaries are written as they are, never converted, so that they read back unchanged
/// (Foundation converts the keys of enum-keyed dictionaries). Nil optionals are left out, strings
/// are escaped only where JSON requires it (not `/`), non-ASCII text is written as UTF-8.
///
/// Values outside the profile, which ``SnakeCaseJSONDecoder`` could not read back, are refused
/// with a ``SnakeCaseJSONError``: floating-point numbers, integers beyond ±(2^53 − 1), text with
/// U+0000, names and dictionary keys that are not ASCII `[a-z0-9_]+` once converted, and two
/// members of one object with the same name.
public struct SnakeCaseJSONEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// The JSON bytes of `value`.
    public func encode<T: Encodable>(_ value: T) throws(SnakeCaseJSONError) -> [UInt8] {
        let writer = SortedJSONWriter()
        do {
            try writer.encode(value, depth: 0)
            return try writer.finish()
        } catch {
            throw SnakeCaseJSONError(encoding: T.self, error)
        }
    }

    /// The JSON text of `value`.
    public func encodeText<T: Encodable>(_ value: T) throws(SnakeCaseJSONError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
