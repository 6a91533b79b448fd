/// Decodes `Decodable` values from JSON with snake_case member names, as
/// ``SnakeCaseJSONEncoder`` (or Foundation's `JSONEncoder` with `.convertToSnakeCase`) writes
/// them: each coding key is looked up under its snake_case name (`orgId` under `org_id`), and
/// the keys of dictionaries are taken as they are, never converted.
///
/// The text is read by ``JSONParser`` within the auditlog profile (keys `[a-z0-9_]+`, integers
/// within ±(2^53 − 1), no U+0000), keeping strings exactly as they are written. Whatever the
/// encoder accepts reads back equal.
public struct SnakeCaseJSONDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// The `T` that the JSON text in `bytes` holds.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws(SnakeCaseJSONError) -> T {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(bytes.assumingMemoryBound(to: UInt8.self), strings: .verbatim)
        } catch {
            throw SnakeCaseJSONError(.decoding, typeName: String(describing: T.self), path: error.path, message: error.message)
        }
        return try decode(type, from: value)
    }

    /// The `T` that the JSON text in `bytes` holds.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(SnakeCaseJSONError) -> T {
        let result: Result<T, SnakeCaseJSONError> = bytes.withUnsafeBytes { buffer in
            do throws(SnakeCaseJSONError) {
                return .success(try decode(type, from: buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The `T` that the JSON text `text` holds.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws(SnakeCaseJSONError) -> T {
        try decode(type, from: Array(text.utf8))
    }

    /// The `T` that the parsed JSON `value` holds.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(SnakeCaseJSONError) -> T {
        do {
            return try ValueDecoder.decode(type, from: value, at: { [] })
        } catch {
            throw SnakeCaseJSONError(decoding: T.self, error)
        }
    }
}
