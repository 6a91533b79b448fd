/// An unkeyed encoding container of ``JSONWriterEncoder``: writes the elements of one array.
struct JSONWriterUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: SortedJSONWriter
    /// The array's id in the writer.
    let id: Int
    /// The array's coding path is the writer's current path this long, followed by `extra`.
    let depth: Int
    let extra: [any CodingKey]

    var codingPath: [any CodingKey] { writer.codingPath(depth: depth, extra: extra) }
    var count: Int { writer.count(of: id) }

    /// Begins the next element; its key.
    private func begin() throws -> AnyCodingKey {
        let key = AnyCodingKey(index: count)
        try writer.beginElement(in: id, at: codingPath + [key])
        return key
    }

    mutating func encodeNil() throws {
        _ = try begin()
        writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        _ = try begin()
        writer.write(value)
    }

    mutating func encode(_ value: String) throws {
        let key = try begin()
        try writer.write(value, at: codingPath + [key])
    }

    mutating func encode(_ value: Double) throws { throw writer.floatingPoint(value, at: codingPath + [AnyCodingKey(index: count)]) }
    mutating func encode(_ value: Float) throws { throw writer.floatingPoint(value, at: codingPath + [AnyCodingKey(index: count)]) }
    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    private func integer(_ value: some BinaryInteger) throws {
        let key = try begin()
        try writer.write(value, at: codingPath + [key])
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = try begin()
        let inner = writer.enter(depth: depth, extra, key)
        defer { writer.leave(depth: depth) }
        try writer.encode(value, depth: inner)
    }

    /// Begins the next element for a container or encoder of its own; these calls cannot
    /// throw, so a failure is reported by the writer when encoding goes on.
    private func beginNested() -> AnyCodingKey {
        let key = AnyCodingKey(index: count)
        do {
            try writer.beginElement(in: id, at: codingPath + [key])
        } catch {
            writer.noteMisuse("\(error)", at: codingPath + [key])
        }
        return key
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = beginNested()
        let nested = writer.openContainer(isObject: true, depth: depth)
        return KeyedEncodingContainer(JSONWriterKeyedContainer<NestedKey>(
            writer: writer, id: nested, depth: depth, extra: extra + [key], rawKeys: DictionaryCodingKeys.contains(NestedKey.self)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = beginNested()
        let nested = writer.openContainer(isObject: false, depth: depth)
        return JSONWriterUnkeyedContainer(writer: writer, id: nested, depth: depth, extra: extra + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = beginNested()
        return JSONWriterEncoder(writer: writer, id: writer.makeID(), start: writer.out.count, depth: depth, extra: extra + [key])
    }
}
