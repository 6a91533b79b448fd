/// The output of one ``SnakeCaseJSONEncoder/encode(_:)`` call: JSON bytes written as values are
/// encoded, each object's members put in name order when the object closes.
///
/// Objects and arrays are open while their members are written and close when the value that
/// opened them returns (or when a member is written to a container further out). Writing to a
/// container that has closed is refused, so containers used out of nesting order give an error,
/// never misplaced bytes.
final class SortedJSONWriter {
    /// An object or array whose members are being written.
    private struct OpenContainer {
        let id: Int
        let isObject: Bool
        /// The encoder whose value it is (nil for nested containers).
        let owner: Int?
        /// Offset of its `{` or `[`.
        let start: Int
        /// Index in `spans` of its first member.
        let firstSpan: Int
        /// Length of the coding path of its value.
        let depth: Int
        var count = 0
        /// Offset where the latest member's value starts.
        var valueStart = 0
    }

    /// How a member's name is written.
    enum Name {
        /// These bytes, `"name":` (a converted key from the cache).
        case prefix([UInt8])
        /// This text, quoted, then `:` (a key that is its own name, or a dictionary key).
        case text(String)
    }

    // The writer belongs to one encode call on one thread and no method lets another run while it
    // modifies a property, so accesses never overlap; they are left unchecked because checking
    // them dynamically (on every byte appended) cost about a fifth of the encoding time.
    @exclusivity(unchecked) private(set) var out: [UInt8] = []
    @exclusivity(unchecked) private var open: [OpenContainer] = []
    /// Offset of the name of each member written to the open objects, outermost first.
    @exclusivity(unchecked) private var spans: [Int] = []
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var order: [Int] = []
    @exclusivity(unchecked) private var lastID = 0
    /// The coding path of the value being encoded (valid up to the depth of each live encoder).
    @exclusivity(unchecked) private var path: [any CodingKey] = []
    /// The first misuse of the encoding API (reported when writing goes on, and at the end).
    private(set) var misuse: EncodingError?
    /// Whether `misuse` is set (cheaper to test on every write).
    @exclusivity(unchecked) private(set) var failed = false

    init() {
        out.reserveCapacity(2048)
    }

    /// A new identifier for an encoder or container.
    func makeID() -> Int {
        lastID += 1
        return lastID
    }

    /// The coding path `depth` long, followed by `extra`.
    func codingPath(depth: Int, extra: [any CodingKey] = []) -> [any CodingKey] {
        Array(path.prefix(depth)) + extra
    }

    /// Records a misuse that a non-throwing call cannot report.
    func noteMisuse(_ message: String, at codingPath: [any CodingKey]) {
        if misuse == nil { misuse = EncodingError.invalidValue(message, .init(codingPath: codingPath, debugDescription: message)) }
        failed = true
    }

    /// The finished bytes, or the error that stopped them.
    func finish() throws -> [UInt8] {
        if let misuse { throw misuse }
        while !open.isEmpty { try closeInnermost() }
        return out
    }

    // MARK: containers

    /// Opens an object for the value of encoder `owner` (whose value starts at `start`), or
    /// returns the one it opened before; returns its id.
    func openObject(owner: Int, start: Int, depth: Int) -> Int {
        if let existing = open.last(where: { $0.owner == owner }), existing.isObject { return existing.id }
        if out.count != start {
            noteMisuse("a keyed container was asked for after the value had encoded something else", at: codingPath(depth: depth))
        }
        return openContainer(isObject: true, owner: owner, depth: depth)
    }

    /// Opens an array for the value of encoder `owner`, or returns the one it opened before.
    func openArray(owner: Int, start: Int, depth: Int) -> Int {
        if let existing = open.last(where: { $0.owner == owner }), !existing.isObject { return existing.id }
        if out.count != start {
            noteMisuse("an unkeyed container was asked for after the value had encoded something else", at: codingPath(depth: depth))
        }
        return openContainer(isObject: false, owner: owner, depth: depth)
    }

    /// Opens a nested object or array (the value of a member just begun); returns its id.
    func openContainer(isObject: Bool, owner: Int? = nil, depth: Int) -> Int {
        let id = makeID()
        open.append(OpenContainer(id: id, isObject: isObject, owner: owner, start: out.count, firstSpan: spans.count, depth: depth))
        out.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return id
    }

    /// Closes the containers opened after `id`, so that `id` is the innermost; its index in
    /// `open`. Throws when `id` has closed.
    private func reopen(_ id: Int, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Int {
        if failed, let misuse { throw misuse }
        while let innermost = open.last, innermost.id > id { try closeInnermost() }
        guard let innermost = open.last, innermost.id == id else {
            throw EncodingError.invalidValue(
                id, .init(codingPath: codingPath(), debugDescription: "a container was written to after it had closed"))
        }
        return open.count - 1
    }

    /// Begins a member of object `id`: the comma, and `"name":`.
    func beginMember(in id: Int, named name: Name, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        let i = try reopen(id, at: codingPath())
        if open[i].count > 0 {
            fillEmptyValue(i)
            out.append(UInt8(ascii: ","))
        }
        open[i].count += 1
        spans.append(out.count)
        switch name {
        case .prefix(let bytes):
            out.append(contentsOf: bytes)
        case .text(let text):
            CanonicalEncoder.writeString(text, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        open[i].valueStart = out.count
    }

    /// Begins an element of array `id`.
    func beginElement(in id: Int, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        let i = try reopen(id, at: codingPath())
        if open[i].count > 0 {
            fillEmptyValue(i)
            out.append(UInt8(ascii: ","))
        }
        open[i].count += 1
        open[i].valueStart = out.count
    }

    /// The number of elements written to container `id` so far.
    func count(of id: Int) -> Int {
        open.last(where: { $0.id == id })?.count ?? 0
    }

    /// Writes `{}` for the latest member of `open[i]` if nothing was written for it (a
    /// super-encoder that encoded nothing, as Foundation writes it).
    private func fillEmptyValue(_ i: Int) {
        if open[i].count > 0 && out.count == open[i].valueStart {
            out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        }
    }

    /// Closes the containers opened since there were `count` open.
    func close(downTo count: Int) throws {
        while open.count > count { try closeInnermost() }
    }

    /// Closes the innermost container: an object has its members put in name order (refused
    /// if two have one name).
    private func closeInnermost() throws {
        let i = open.count - 1
        fillEmptyValue(i)
        let container = open.removeLast()
        guard container.isObject else {
            out.append(UInt8(ascii: "]"))
            return
        }
        let first = container.firstSpan
        var sorted = true
        for k in first..<max(first, spans.count - 1) {
            let c = compareNames(spans[k], spans[k + 1])
            if c == 0 { throw duplicate(spans[k], container) }
            if c > 0 { sorted = false }
        }
        if !sorted { try reorder(container) }
        spans.removeSubrange(first...)
        out.append(UInt8(ascii: "}"))
    }

    /// Rewrites the members of `container` (the innermost, everything after its `{`) in name order.
    private func reorder(_ container: OpenContainer) throws {
        let first = container.firstSpan
        let regionStart = container.start + 1
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: out[regionStart...])
        let regionEnd = out.count
        out.removeSubrange(regionStart...)
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: first..<spans.count)
        // Names compare in `scratch` now; spans are offsets in `out`.
        order.sort { a, b in compare(scratch, spans[a] - regionStart, spans[b] - regionStart) < 0 }
        for (j, k) in order.enumerated() {
            if j > 0 {
                guard compare(scratch, spans[order[j - 1]] - regionStart, spans[k] - regionStart) != 0 else {
                    throw duplicate(name: scratch, at: spans[k] - regionStart, container)
                }
                out.append(UInt8(ascii: ","))
            }
            // A member runs to the comma before the next one written, or to the end.
            let end = k + 1 < spans.count ? spans[k + 1] - 1 : regionEnd
            out.append(contentsOf: scratch[(spans[k] - regionStart)..<(end - regionStart)])
        }
    }

    /// Compares the quoted names at offsets `a` and `b` of `out` by their bytes.
    private func compareNames(_ a: Int, _ b: Int) -> Int { compare(out, a, b) }

    /// Compares the quoted names at offsets `a` and `b` of `bytes`. Names are `[a-z0-9_]+`,
    /// so the closing quote (0x22) is below every name byte and a prefix sorts first.
    private func compare(_ bytes: [UInt8], _ a: Int, _ b: Int) -> Int {
        var i = 1
        while true {
            let x = bytes[a + i], y = bytes[b + i]
            if x != y { return x < y ? -1 : 1 }
            if x == UInt8(ascii: "\"") { return 0 }
            i += 1
        }
    }

    private func duplicate(_ span: Int, _ container: OpenContainer) -> EncodingError {
        duplicate(name: out, at: span, container)
    }

    private func duplicate(name bytes: [UInt8], at span: Int, _ container: OpenContainer) -> EncodingError {
        var end = span + 1
        while bytes[end] != UInt8(ascii: "\"") { end += 1 }
        let name = String(decoding: bytes[(span + 1)..<end], as: UTF8.self)
        return EncodingError.invalidValue(
            name, .init(codingPath: codingPath(depth: container.depth), debugDescription: "two members are named \(name)"))
    }

    // MARK: paths

    /// Makes the coding path `depth` long followed by `keys`, for the value about to be encoded;
    /// returns the new depth.
    func enter(depth: Int, _ keys: [any CodingKey], _ key: any CodingKey) -> Int {
        if path.count > depth { path.removeSubrange(depth...) }
        path.append(contentsOf: keys)
        path.append(key)
        return path.count
    }

    /// Makes the coding path `depth` long again.
    func leave(depth: Int) {
        if path.count > depth { path.removeSubrange(depth...) }
    }

    // MARK: values

    /// Writes `s`, refused if it holds U+0000 (which the profile, and so the decoder, refuses).
    func write(_ s: String, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        var text = s
        guard !text.withUTF8({ $0.contains(0) }) else {
            throw EncodingError.invalidValue(s, .init(codingPath: codingPath(), debugDescription: "U+0000 is not allowed in text"))
        }
        CanonicalEncoder.writeString(text, into: &out)
    }

    /// Writes `n`, refused beyond ±(2^53 − 1).
    func write<I: BinaryInteger>(_ n: I, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard let value = Int64(exactly: n), value.magnitude <= Limits.maxSafeInteger.magnitude else {
            throw EncodingError.invalidValue(
                n, .init(codingPath: codingPath(), debugDescription: "integer \(n) out of range (at most ±\(Limits.maxSafeInteger))"))
        }
        CanonicalEncoder.writeInteger(value, into: &out)
    }

    /// Writes `b`.
    func write(_ b: Bool) {
        out.append(contentsOf: b ? Self.trueBytes : Self.falseBytes)
    }

    /// Writes `null`.
    func writeNull() {
        out.append(contentsOf: Self.nullBytes)
    }

    /// The error for a floating-point value, which the profile (integers only) cannot hold.
    func floatingPoint(_ value: some BinaryFloatingPoint, at codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(
            value, .init(codingPath: codingPath, debugDescription: "floating-point numbers are not allowed: use an integer or a string"))
    }

    /// Writes `value`, whose coding path is the current one `depth` long. Strings, integers,
    /// booleans and ``JSONValue``s are written directly; anything else encodes itself, and the
    /// containers it opened close when it returns.
    func encode<T: Encodable>(_ value: T, depth: Int) throws {
        if T.self == String.self, let s = value as? String { return try write(s, at: codingPath(depth: depth)) }
        if T.self == Int64.self, let n = value as? Int64 { return try write(n, at: codingPath(depth: depth)) }
        if T.self == Int.self, let n = value as? Int { return try write(n, at: codingPath(depth: depth)) }
        if T.self == Bool.self, let b = value as? Bool { return write(b) }
        if T.self == JSONValue.self, let json = value as? JSONValue {
            if let (inside, message) = Self.profileProblem(in: json) {
                throw EncodingError.invalidValue(value, .init(codingPath: codingPath(depth: depth) + inside, debugDescription: message))
            }
            return CanonicalEncoder.write(json, into: &out)
        }
        let openBefore = open.count
        let start = out.count
        try value.encode(to: JSONWriterEncoder(writer: self, id: makeID(), start: start, depth: depth, extra: []))
        if failed, let misuse { throw misuse }
        try close(downTo: openBefore)
        // A value that encodes nothing is an empty object, as Foundation writes it.
        if out.count == start { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
    }

    /// Where and why `value` falls outside the profile (a key not `[a-z0-9_]+`, an integer
    /// beyond ±(2^53 − 1), text with U+0000), or nil.
    static func profileProblem(in value: JSONValue) -> ([any CodingKey], String)? {
        switch value {
        case .null, .bool: return nil
        case .integer(let n):
            return n.magnitude <= Limits.maxSafeInteger.magnitude ? nil : ([], "integer \(n) out of range (at most ±\(Limits.maxSafeInteger))")
        case .string(let s): return s.utf8.contains(0) ? ([], "U+0000 is not allowed in text") : nil
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let (path, message) = profileProblem(in: item) { return ([AnyCodingKey(index: i)] + path, message) }
            }
            return nil
        case .object(let members):
            for (key, member) in members {
                guard JSONParser.isProfileKey(key) else {
                    return ([AnyCodingKey(stringValue: key)], "key \(echoed(key)) is not allowed: keys must be ASCII [a-z0-9_]+")
                }
                if let (path, message) = profileProblem(in: member) { return ([AnyCodingKey(stringValue: key)] + path, message) }
            }
            return nil
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}
