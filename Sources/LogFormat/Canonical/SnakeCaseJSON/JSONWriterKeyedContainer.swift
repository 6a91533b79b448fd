/// A keyed encoding container of ``JSONWriterEncoder``: writes members of one object under the
/// snake_case names of their keys, or, for a dictionary, under its keys as they are (never
/// converted, so that they read back unchanged; Foundation converts the keys of enum-keyed
/// dictionaries).
struct JSONWriterKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: SortedJSONWriter
    /// The object's id in the writer.
    let id: Int
    /// The object's coding path is the writer's current path this long, followed by `extra`.
    let depth: Int
    let extra: [any CodingKey]
    /// Whether the keys are a dictionary's, written as they are.
    let rawKeys: Bool

    var codingPath: [any CodingKey] { writer.codingPath(depth: depth, extra: extra) }

    /// Begins the member `key`: its name is the key converted to snake_case.
    private func begin(_ key: Key) throws {
        try writer.beginMember(in: id, named: try name(key), at: codingPath + [key])
    }

    /// How the name of `key` is written.
    private func name(_ key: Key) throws -> SortedJSONWriter.Name {
        let text = key.stringValue
        if rawKeys {
            guard JSONParser.isProfileKey(text) else {
                throw EncodingError.invalidValue(
                    text, .init(codingPath: codingPath + [key], debugDescription: "key \(echoed(text)) is not allowed: keys must be ASCII [a-z0-9_]+"))
            }
            return .text(text)
        }
        if SnakeCaseKeys.isSnakeCase(text) { return .text(text) }
        guard let prefix = SnakeCaseKeys.memberPrefix(for: text) else {
            throw EncodingError.invalidValue(
                text, .init(codingPath: codingPath + [key],
                            debugDescription: "key \(echoed(text)) has a character other than an ASCII letter, digit or underscore"))
        }
        return .prefix(prefix)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        writer.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        writer.write(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        try writer.write(value, at: codingPath + [key])
    }

    mutating func encode(_ value: Double, forKey key: Key) throws { throw writer.floatingPoint(value, at: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw writer.floatingPoint(value, at: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    private func integer(_ value: some BinaryInteger, _ key: Key) throws {
        try begin(key)
        try writer.write(value, at: codingPath + [key])
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        let inner = writer.enter(depth: depth, extra, key)
        defer { writer.leave(depth: depth) }
        try writer.encode(value, depth: inner)
    }

    /// Begins the member `key` for a container or encoder of its own; these calls cannot
    /// throw, so a failure is reported by the writer when encoding goes on.
    private func beginNested(_ key: Key) {
        do {
            try begin(key)
        } catch {
            writer.noteMisuse("\(error)", at: codingPath + [key])
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        beginNested(key)
        let nested = writer.openContainer(isObject: true, depth: depth)
        return KeyedEncodingContainer(JSONWriterKeyedContainer<NestedKey>(
            writer: writer, id: nested, depth: depth, extra: extra + [key], rawKeys: DictionaryCodingKeys.contains(NestedKey.self)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        beginNested(key)
        let nested = writer.openContainer(isObject: false, depth: depth)
        return JSONWriterUnkeyedContainer(writer: writer, id: nested, depth: depth, extra: extra + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(AnyCodingKey(stringValue: "super"), name: .text("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        do {
            return superEncoder(key, name: try name(key))
        } catch {
            writer.noteMisuse("\(error)", at: codingPath + [key])
            return superEncoder(key, name: .text(key.stringValue))
        }
    }

    private func superEncoder(_ key: any CodingKey, name: SortedJSONWriter.Name) -> any Encoder {
        do {
            try writer.beginMember(in: id, named: name, at: codingPath + [key])
        } catch {
            writer.noteMisuse("\(error)", at: codingPath + [key])
        }
        return JSONWriterEncoder(writer: writer, id: writer.makeID(), start: writer.out.count, depth: depth, extra: extra + [key])
    }
}
