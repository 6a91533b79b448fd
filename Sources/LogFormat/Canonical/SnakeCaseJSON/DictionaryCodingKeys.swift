/// Recognises the coding keys of dictionaries: the standard library's `Dictionary` encodes and
/// decodes its keys (strings, integers, `CodingKeyRepresentable` values) through a keyed
/// container keyed by one internal type. The codec takes those keys as they are instead of
/// converting them between camelCase and snake_case.
enum DictionaryCodingKeys {
    /// The key type, found once by watching a dictionary encode itself.
    private static let keyType: ObjectIdentifier? = {
        let probe = KeyTypeProbe()
        try? ["key": 0].encode(to: probe)
        return probe.found.keyType
    }()

    /// Whether `type` is the key type of dictionaries.
    static func contains(_ type: any CodingKey.Type) -> Bool {
        ObjectIdentifier(type) == keyType
    }

    /// Where the probe writes what it saw.
    private final class Finding {
        var keyType: ObjectIdentifier?
    }

    /// An encoder that notes the key type of the keyed container asked for, then refuses to
    /// encode anything (through a writer that has no open container).
    private struct KeyTypeProbe: Encoder {
        let found = Finding()
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            found.keyType = ObjectIdentifier(type)
            return KeyedEncodingContainer(JSONWriterKeyedContainer<Key>(writer: SortedJSONWriter(), id: 0, depth: 0, extra: [], rawKeys: true))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            JSONWriterUnkeyedContainer(writer: SortedJSONWriter(), id: 0, depth: 0, extra: [])
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            JSONWriterEncoder(writer: SortedJSONWriter(), id: 0, start: -1, depth: 0, extra: [])
        }
    }
}
