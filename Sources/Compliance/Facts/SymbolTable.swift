/// A string a check keeps many times over (an organisation id, a period key, a req_ref, an
/// occurred_at text), named by its place in a ``SymbolTable``: 4 bytes instead of 16 and a
/// heap copy.
struct Symbol: Hashable, Sendable {
    let raw: Int32

    /// No string (an optional field that was absent).
    static let none = Symbol(raw: -1)
    /// A string the table does not hold: equal to no symbol of a fact.
    static let unknown = Symbol(raw: -2)
}

/// The strings of one check's facts, each held once. Value type: built by one gathering, then
/// read by the templates.
struct SymbolTable: Sendable {
    private var ids: [String: Int32] = [:]
    private var strings: [String] = []
    /// Lists of symbols (the ids a report is about), named by their place.
    private var lists: [[Symbol]] = []

    /// The symbol of `text`, added if new.
    mutating func intern(_ text: String) -> Symbol {
        if let id = ids[text] { return Symbol(raw: id) }
        // More distinct strings than Int32 can count would not fit in memory first.
        precondition(strings.count < Int(Int32.max), "symbol table full")
        let id = Int32(strings.count)
        strings.append(text)
        ids[text] = id
        return Symbol(raw: id)
    }

    /// The symbol of `text`, or ``Symbol/none`` for nil.
    mutating func intern(_ text: String?) -> Symbol { text.map { intern($0) } ?? .none }

    /// The symbol of `text` if the table holds it, else ``Symbol/unknown`` (equal to no fact's).
    func symbol(_ text: String) -> Symbol { ids[text].map { Symbol(raw: $0) } ?? .unknown }

    /// The string of `symbol`, nil for ``Symbol/none`` (and ``Symbol/unknown``).
    func string(_ symbol: Symbol) -> String? { symbol.raw >= 0 ? strings[Int(symbol.raw)] : nil }

    /// Number of strings held.
    var count: Int { strings.count }

    /// The string of a symbol that names one ("" for none).
    subscript(_ symbol: Symbol) -> String { string(symbol) ?? "" }

    /// The list `texts` as a number for ``list(_:)``; -1 for nil or empty.
    mutating func internList(_ texts: [String]?) -> Int32 {
        guard let texts, !texts.isEmpty else { return -1 }
        precondition(lists.count < Int(Int32.max), "symbol list table full")
        lists.append(texts.map { intern($0) })
        return Int32(lists.count - 1)
    }

    /// The list numbered `number` (empty for -1).
    func list(_ number: Int32) -> [Symbol] { number >= 0 ? lists[Int(number)] : [] }
}
