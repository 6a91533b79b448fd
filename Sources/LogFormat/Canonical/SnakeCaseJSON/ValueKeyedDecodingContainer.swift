/// A keyed decoding container of ``ValueDecoder``: finds each key's member in a JSON object by
/// the key's snake_case name, or, for a dictionary, by the key as it is (never converted).
struct ValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    /// Whether the keys are a dictionary's, taken as they are.
    let rawKeys: Bool

    /// The object's members as keys: a dictionary's names as they are; otherwise each name
    /// converted to camelCase (as Foundation's `convertFromSnakeCase` gives it), or as it is if
    /// `Key` has no such key.
    var allKeys: [Key] {
        if rawKeys { return members.keys.compactMap { Key(stringValue: $0) } }
        return members.keys.compactMap { name in Key(stringValue: SnakeCaseKeys.camelCase(name)) ?? Key(stringValue: name) }
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    /// The member of `key`, or nil when absent (a key that cannot be named in the profile is
    /// never present).
    private func member(_ key: Key) -> JSONValue? {
        if rawKeys { return members[key.stringValue] }
        return SnakeCaseKeys.name(for: key.stringValue).flatMap { members[$0] }
    }

    /// The member of `key`, or a `keyNotFound` error.
    private func required(_ key: Key) throws -> JSONValue {
        guard let value = member(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member \(key.stringValue)"))
        }
        return value
    }

    /// The member of `key` unless it is absent or null.
    private func present(_ key: Key) -> JSONValue? {
        guard let value = member(key) else { return nil }
        if case .null = value { return nil }
        return value
    }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try ValueDecoder.bool(try required(key), at: { path(key) }) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try ValueDecoder.string(try required(key), at: { path(key) }) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try ValueDecoder.floatingPoint(type, try required(key), at: { path(key) }) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try ValueDecoder.floatingPoint(type, try required(key), at: { path(key) }) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try ValueDecoder.integer(type, try required(key), at: { path(key) }) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder.decode(type, from: try required(key), at: { path(key) })
    }

    // The optional forms look the member up once (the default implementations look it up three
    // times).

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { v in try ValueDecoder.bool(v, at: { path(key) }) }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { v in try ValueDecoder.string(v, at: { path(key) }) }
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { v in try ValueDecoder.integer(type, v, at: { path(key) }) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { v in try ValueDecoder.decode(type, from: v, at: { path(key) }) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try required(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try required(key), codingPath: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = AnyCodingKey(stringValue: "super")
        return ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: member(key) ?? .null, codingPath: path(key))
    }
}
