/// An unkeyed decoding container of ``ValueDecoder``: reads the elements of a JSON array in turn.
struct ValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private func path() -> [any CodingKey] { codingPath + [AnyCodingKey(index: currentIndex)] }

    /// Reads the next element with `read`, consuming it only if `read` succeeds (as Foundation
    /// does, so that a caller may try another type).
    private mutating func next<T>(_ type: T.Type, _ read: (JSONValue, () -> [any CodingKey]) throws -> T) throws -> T {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path(), debugDescription: "the array has only \(items.count) elements"))
        }
        let index = currentIndex
        let value = try read(items[index], { codingPath + [AnyCodingKey(index: index)] })
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(Never.self, .init(codingPath: path(), debugDescription: "the array has only \(items.count) elements"))
        }
        guard case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { v, p in try ValueDecoder.bool(v, at: p) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { v, p in try ValueDecoder.string(v, at: p) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { v, p in try ValueDecoder.floatingPoint(type, v, at: p) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { v, p in try ValueDecoder.floatingPoint(type, v, at: p) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { v, p in try ValueDecoder.integer(type, v, at: p) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { v, p in try ValueDecoder.decode(type, from: v, at: p) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { v, p in try ValueDecoder(value: v, codingPath: p()).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { v, p in try ValueDecoder(value: v, codingPath: p()).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { v, p in ValueDecoder(value: v, codingPath: p()) }
    }
}
