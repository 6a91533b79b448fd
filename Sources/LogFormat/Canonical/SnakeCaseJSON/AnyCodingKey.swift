/// A coding key made at run time: a dictionary's key or an array index, for coding paths and
/// for rebuilding dictionary keys. Small enough to sit in an existential without a box.
struct AnyCodingKey: CodingKey {
    /// The key's text; empty for an array index.
    private let name: String
    /// The index or integer value; `Int.min` for none.
    private let number: Int

    /// The key `stringValue`; its intValue is the integer it spells, if any (as the standard
    /// library's dictionary keys have it).
    init(stringValue: String) {
        name = stringValue
        number = Int(stringValue) ?? .min
    }

    /// The key `intValue`.
    init(intValue: Int) {
        name = String(intValue)
        number = intValue
    }

    /// The key of the element at `index` of an array.
    init(index: Int) {
        name = ""
        number = index
    }

    /// Whether this is the key of an array element.
    var isIndex: Bool { name.isEmpty && number >= 0 }

    var stringValue: String { isIndex ? "Index \(number)" : name }
    var intValue: Int? { number == .min ? nil : number }

    /// `path` as people read it: member names in snake_case joined by dots (dictionary keys as
    /// they are), array indexes in brackets (`leaders.chu_tich.stamp`, `name_history[2].value`).
    static func describe(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let key = key as? AnyCodingKey, key.isIndex {
                out += "[\(key.number)]"
            } else if let index = key.intValue, key.stringValue == "Index \(index)" {
                out += "[\(index)]"
            } else {
                let asIs = key is AnyCodingKey || DictionaryCodingKeys.contains(type(of: key))
                let name = asIs ? key.stringValue : SnakeCaseKeys.name(for: key.stringValue) ?? key.stringValue
                out += out.isEmpty ? name : ".\(name)"
            }
        }
        return out
    }
}
