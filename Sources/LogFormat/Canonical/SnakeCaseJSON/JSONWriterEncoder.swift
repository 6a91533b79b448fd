/// The `Encoder` behind ``SnakeCaseJSONEncoder``: encodes one value into a
/// ``SortedJSONWriter``. It is its own single-value container.
struct JSONWriterEncoder: Encoder, SingleValueEncodingContainer {
    let writer: SortedJSONWriter
    /// Identifies the encoder, so that asking for its keyed container again gives the same one.
    let id: Int
    /// Offset in the output where the value starts.
    let start: Int
    /// The value's coding path is the writer's current path this long, followed by `extra`.
    let depth: Int
    let extra: [any CodingKey]

    var codingPath: [any CodingKey] { writer.codingPath(depth: depth, extra: extra) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let container = writer.openObject(owner: id, start: start, depth: depth)
        return KeyedEncodingContainer(JSONWriterKeyedContainer<Key>(
            writer: writer, id: container, depth: depth, extra: extra, rawKeys: DictionaryCodingKeys.contains(Key.self)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let container = writer.openArray(owner: id, start: start, depth: depth)
        return JSONWriterUnkeyedContainer(writer: writer, id: container, depth: depth, extra: extra)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    /// Refuses a second value.
    private func begin() throws {
        if writer.failed, let misuse = writer.misuse { throw misuse }
        guard writer.out.count == start else {
            throw EncodingError.invalidValue(start, .init(codingPath: codingPath, debugDescription: "a single value was encoded twice"))
        }
    }

    func encodeNil() throws {
        try begin()
        writer.writeNull()
    }

    func encode(_ value: Bool) throws {
        try begin()
        writer.write(value)
    }

    func encode(_ value: String) throws {
        try begin()
        try writer.write(value, at: codingPath)
    }

    func encode(_ value: Double) throws { throw writer.floatingPoint(value, at: codingPath) }
    func encode(_ value: Float) throws { throw writer.floatingPoint(value, at: codingPath) }
    func encode(_ value: Int) throws { try integer(value) }
    func encode(_ value: Int8) throws { try integer(value) }
    func encode(_ value: Int16) throws { try integer(value) }
    func encode(_ value: Int32) throws { try integer(value) }
    func encode(_ value: Int64) throws { try integer(value) }
    func encode(_ value: UInt) throws { try integer(value) }
    func encode(_ value: UInt8) throws { try integer(value) }
    func encode(_ value: UInt16) throws { try integer(value) }
    func encode(_ value: UInt32) throws { try integer(value) }
    func encode(_ value: UInt64) throws { try integer(value) }

    private func integer(_ value: some BinaryInteger) throws {
        try begin()
        try writer.write(value, at: codingPath)
    }

    func encode<T: Encodable>(_ value: T) throws {
        try begin()
        if extra.isEmpty {
            try writer.encode(value, depth: depth)
        } else {
            // The value's path is not on the writer's path (a super-encoder's): put it there.
            let keys = Array(extra.dropLast())
            let inner = writer.enter(depth: depth, keys, extra[extra.count - 1])
            defer { writer.leave(depth: depth) }
            try writer.encode(value, depth: inner)
        }
    }
}
