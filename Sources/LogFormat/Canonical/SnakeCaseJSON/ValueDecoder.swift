/// The `Decoder` behind ``SnakeCaseJSONDecoder``: reads one value from a parsed ``JSONValue``.
/// It is its own single-value container.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw Self.mismatch([String: JSONValue].self, "an object", value, at: codingPath)
        }
        return KeyedDecodingContainer(
            ValueKeyedDecodingContainer<Key>(members: members, codingPath: codingPath, rawKeys: DictionaryCodingKeys.contains(Key.self)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch([JSONValue].self, "an array", value, at: codingPath) }
        return ValueUnkeyedDecodingContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: decoding values

    /// `value` as a `T`, found at `path()`. Strings, integers, booleans and ``JSONValue``s are
    /// read directly; anything else decodes itself.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: () -> [any CodingKey]) throws -> T {
        if T.self == String.self, let t = try string(value, at: path) as? T { return t }
        if T.self == Int64.self, let t = try integer(Int64.self, value, at: path) as? T { return t }
        if T.self == Int.self, let t = try integer(Int.self, value, at: path) as? T { return t }
        if T.self == Bool.self, let t = try bool(value, at: path) as? T { return t }
        if T.self == JSONValue.self, let t = value as? T { return t }
        return try T(from: ValueDecoder(value: value, codingPath: path()))
    }

    /// The error for finding `value` where `kind` (a `type`) was expected.
    static func mismatch(_ type: Any.Type, _ kind: String, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "expected \(kind), found null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(kind), found \(value.kindName)"))
    }

    /// The integer `value` as an `I`, or an error at `path()`.
    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, at path: () -> [any CodingKey]) throws -> I {
        guard case .integer(let n) = value else { throw mismatch(I.self, "an integer", value, at: path()) }
        guard let i = I(exactly: n) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "integer \(n) does not fit in \(I.self)"))
        }
        return i
    }

    /// The integer `value` as a floating-point `F` (the profile has no fractions).
    static func floatingPoint<F: BinaryFloatingPoint>(_ type: F.Type, _ value: JSONValue, at path: () -> [any CodingKey]) throws -> F {
        guard case .integer(let n) = value else { throw mismatch(F.self, "a number", value, at: path()) }
        return F(n)
    }

    /// The string `value`, or an error at `path()`.
    static func string(_ value: JSONValue, at path: () -> [any CodingKey]) throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self, "a string", value, at: path()) }
        return s
    }

    /// The boolean `value`, or an error at `path()`.
    static func bool(_ value: JSONValue, at path: () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self, "a boolean", value, at: path()) }
        return b
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try Self.bool(value, at: { codingPath }) }
    func decode(_ type: String.Type) throws -> String { try Self.string(value, at: { codingPath }) }
    func decode(_ type: Double.Type) throws -> Double { try Self.floatingPoint(type, value, at: { codingPath }) }
    func decode(_ type: Float.Type) throws -> Float { try Self.floatingPoint(type, value, at: { codingPath }) }
    func decode(_ type: Int.Type) throws -> Int { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: UInt.Type) throws -> UInt { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Self.integer(type, value, at: { codingPath }) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Self.integer(type, value, at: { codingPath }) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Self.decode(type, from: value, at: { codingPath }) }
}
