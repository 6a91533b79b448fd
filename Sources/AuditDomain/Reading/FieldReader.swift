import EventLog
import LogFormat

/// Reads the members of one JSON object of a payload, checking each against its value kind
/// (Schemas/README.md) and naming the exact field in every error. It also holds the object as
/// it will be stored: readers that canonicalise (document numbers, event ids, derived fields)
/// write the canonical value back. A reader over stored bytes (``init(stored:path:)``) parses
/// only the members asked for, and has no `members`.
public struct FieldReader {
    /// The path of this object (`payload`, `payload.doc`).
    public var path: String { key.map { parentPath.isEmpty ? $0 : "\(parentPath).\($0)" } ?? parentPath }
    /// The path of the object this one is member `key` of, or (`key` nil) this object's path:
    /// a nested reader's path is put together only when asked for (for an error), not each
    /// time a replay reads a nested object (a report's period).
    private let parentPath: String
    private let key: String?
    /// The object's members, canonicalised as they are read. A reader over stored bytes has
    /// none (it would silently read as empty): reading them there is a programming error, and
    /// payload readers use ``peek(_:)``.
    public var members: [String: JSONValue] {
        precondition(stored == nil, "a reader over stored bytes has no members dictionary: use peek(_:)")
        return dictionary
    }
    private var dictionary: [String: JSONValue]
    /// What the fields read so far name and declare (filled by readers of nested values, such
    /// as a requirement's parameters).
    public var refs = References()
    /// Reading entries the log already holds (checked when appended): unknown members are not
    /// looked for, which saves keeping the set of members read, and `members` is left as it was
    /// (nothing is written back: a write would copy the whole object, shared with the caller).
    public var trusted = false
    /// Whether a member of stored bytes did not parse (then what was read is not to be used).
    public private(set) var damaged = false
    private var read: Set<String> = []
    /// The object as stored bytes, for a reader made by ``init(stored:path:)``.
    private let stored: ObjectMembers?

    /// A reader over `members` found at `path`.
    public init(_ members: [String: JSONValue], path: String) {
        dictionary = members
        parentPath = path
        key = nil
        stored = nil
    }

    /// A trusted reader over an object of an entry the log holds, as stored bytes: members are
    /// parsed as they are asked for (a replay reads a payload's fields without a dictionary of
    /// them). Valid only where `object` is (inside the closure that was given it).
    public init(stored object: ObjectMembers, path: String) {
        self.init(stored: object, parentPath: path, key: nil)
    }

    /// A trusted reader over stored `object`, member `key` (nil: none) of the object at `parentPath`.
    private init(stored object: ObjectMembers, parentPath: String, key: String?) {
        dictionary = [:]
        self.parentPath = parentPath
        self.key = key
        stored = object
        trusted = true
    }

    /// The path of member `key`.
    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about member `key`.
    public func error(_ key: String, _ message: String) -> PayloadError {
        PayloadError(field: field(key), message: message)
    }

    /// Refuses members that no reader asked for.
    public func finish() throws(PayloadError) {
        if trusted { return }
        if let unknown = dictionary.keys.sorted().first(where: { !read.contains($0) }) {
            throw error(unknown, "unknown field (allowed: \(read.sorted().joined(separator: ", ")))")
        }
    }

    /// Marks `key` as allowed and returns its value (nil when absent; JSON null counts as absent
    /// only where `nullIsAbsent`).
    public mutating func raw(_ key: String, nullIsAbsent: Bool = false) -> JSONValue? {
        if !trusted { read.insert(key) }
        let found: JSONValue?
        if let stored {
            guard let range = stored.range(of: key) else { return nil }
            found = stored.value(at: range)
            if found == nil { damaged = true }
        } else {
            found = dictionary[key]
        }
        guard let v = found else { return nil }
        if nullIsAbsent, v == .null { return nil }
        return v
    }

    /// The text of member `key` of stored bytes when it is a plain string (see
    /// ``ObjectMembers/text(at:)``), read without a ``JSONValue`` around it; nil otherwise
    /// (absent, another value, or not a reader over stored bytes), and the caller reads it
    /// through ``raw(_:nullIsAbsent:)``.
    private func plainStoredText(_ key: String) -> String? {
        guard let stored, let range = stored.range(of: key) else { return nil }
        return stored.text(at: range)
    }

    /// The value of member `key` without marking it as read (for readers that choose how to
    /// read a member by what it holds).
    public mutating func peek(_ key: String) -> JSONValue? {
        guard let stored else { return dictionary[key] }
        guard let range = stored.range(of: key) else { return nil }
        let v = stored.value(at: range)
        if v == nil { damaged = true }
        return v
    }

    /// Replaces member `key` with its canonical form.
    public mutating func replace(_ key: String, with value: JSONValue) {
        if !trusted { dictionary[key] = value }
    }

    // MARK: strings

    /// A required non-empty string.
    public mutating func text(_ key: String) throws(PayloadError) -> String {
        guard let s = try optionalText(key) else { throw error(key, "required") }
        return s
    }

    /// An optional non-empty string.
    public mutating func optionalText(_ key: String) throws(PayloadError) -> String? {
        if let s = plainStoredText(key), !s.isEmpty { return s }
        guard let v = raw(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "must be a string, found \(v.kindName)") }
        guard !s.isEmpty else { throw error(key, "must not be empty") }
        return s
    }

    /// A required string that `rule` accepts; `kind` names the rule in the error.
    public mutating func checked(_ key: String, _ kind: ValueKind) throws(PayloadError) -> String {
        guard let s = try optionalChecked(key, kind) else { throw error(key, "required") }
        return s
    }

    /// An optional string of value kind `kind`.
    public mutating func optionalChecked(_ key: String, _ kind: ValueKind) throws(PayloadError) -> String? {
        // Stored bytes are trusted (below): their plain strings are taken as they are.
        if trusted, kind != .eventID, let s = plainStoredText(key) { return s }
        guard let v = raw(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "must be a string, found \(v.kindName)") }
        // An entry the log holds was checked when appended, and every kind but an event id is
        // stored as given: nothing to do again.
        if trusted, kind != .eventID { return s }
        return try FieldReader.check(s, kind, field: field(key))
    }

    /// `s` if it is of kind `kind` (in canonical form), else an error about `field`.
    static func check(_ s: String, _ kind: ValueKind, field: @autoclosure () -> String) throws(PayloadError) -> String {
        guard let canonical = kind.canonical(s) else {
            throw PayloadError(field: field(), message: "\(echoed(s)) is not \(kind.expectation)")
        }
        return canonical
    }

    /// A required member that is one of `E`'s raw values.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws(PayloadError) -> E
    where E.RawValue == String {
        guard let e: E = try optionalChoice(key) else { throw error(key, "required") }
        return e
    }

    /// An optional member that is one of `E`'s raw values.
    public mutating func optionalChoice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws(PayloadError) -> E?
    where E.RawValue == String {
        guard let v = raw(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "must be a string, found \(v.kindName)") }
        guard let e = E(rawValue: s) else {
            throw error(key, "\(echoed(s)) is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    // MARK: dates and durations

    /// A required `YYYY-MM-DD` date.
    public mutating func date(_ key: String) throws(PayloadError) -> CivilDate {
        guard let d = try optionalDate(key) else { throw error(key, "required") }
        return d
    }

    /// An optional `YYYY-MM-DD` date.
    public mutating func optionalDate(_ key: String) throws(PayloadError) -> CivilDate? {
        // From stored bytes, read in place (no String): a replay reads a date or two per event.
        // Anything but a plain, valid date takes the path below, as before.
        if trusted, let stored, let range = stored.range(of: key), let bytes = stored.plainBytes(at: range),
            let date = CivilDate(utf8: bytes)
        {
            return date
        }
        guard let s = try optionalChecked(key, .date) else { return nil }
        return CivilDate(s)
    }

    /// A required ISO 8601 duration.
    public mutating func duration(_ key: String) throws(PayloadError) -> ISODuration {
        guard let d = try optionalDuration(key) else { throw error(key, "required") }
        return d
    }

    /// An optional ISO 8601 duration.
    public mutating func optionalDuration(_ key: String) throws(PayloadError) -> ISODuration? {
        guard let s = try optionalChecked(key, .duration) else { return nil }
        return ISODuration(s)
    }

    /// An optional ISO 8601 repeating interval.
    public mutating func optionalSchedule(_ key: String) throws(PayloadError) -> RepeatingInterval? {
        guard let s = try optionalChecked(key, .schedule) else { return nil }
        return RepeatingInterval(s)
    }

    // MARK: numbers and flags

    /// A required integer ≥ `minimum`.
    public mutating func integer(_ key: String, minimum: Int64 = 0) throws(PayloadError) -> Int64 {
        guard let n = try optionalInteger(key, minimum: minimum) else { throw error(key, "required") }
        return n
    }

    /// An optional integer ≥ `minimum`.
    public mutating func optionalInteger(_ key: String, minimum: Int64 = 0) throws(PayloadError) -> Int64? {
        guard let v = raw(key) else { return nil }
        guard case .integer(let n) = v else { throw error(key, "must be an integer, found \(v.kindName)") }
        guard n >= minimum else { throw error(key, "must be at least \(minimum)") }
        return n
    }

    /// An optional boolean.
    public mutating func optionalBool(_ key: String) throws(PayloadError) -> Bool? {
        guard let v = raw(key) else { return nil }
        guard case .bool(let b) = v else { throw error(key, "must be true or false, found \(v.kindName)") }
        return b
    }

    // MARK: structure

    /// A required object, read by `body` with a nested reader; the canonical object is written back.
    public mutating func object<T>(_ key: String, _ body: (inout FieldReader) throws(PayloadError) -> T) throws(PayloadError) -> T {
        guard let t = try optionalObject(key, body) else { throw error(key, "required") }
        return t
    }

    /// An optional object, read by `body`.
    public mutating func optionalObject<T>(_ key: String, _ body: (inout FieldReader) throws(PayloadError) -> T) throws(PayloadError) -> T? {
        if let stored, let range = stored.range(of: key) {
            let parent = path
            // Only what the nested reader learnt leaves the closure (a copy of the reader
            // itself would retain each of its parts).
            let read = try stored.withObject(at: range) { (object) throws(PayloadError) -> T? in
                guard let object else { return nil }
                var nested = FieldReader(stored: object, parentPath: parent, key: key)
                let t = try body(&nested)
                if nested.damaged { damaged = true }
                refs.merge(nested.refs)
                return t
            }
            if let read { return read }
        }
        guard let v = raw(key) else { return nil }
        guard case .object(let m) = v else { throw error(key, "must be an object, found \(v.kindName)") }
        var nested = FieldReader(m, path: field(key))
        nested.trusted = trusted
        let t = try body(&nested)
        try nested.finish()
        if !trusted { dictionary[key] = .object(nested.dictionary) }
        refs.merge(nested.refs)
        return t
    }

    /// An optional object kept as it is (free-form, such as metrics or a merge patch).
    public mutating func optionalFreeObject(_ key: String) throws(PayloadError) -> [String: JSONValue]? {
        guard let v = raw(key) else { return nil }
        guard case .object(let m) = v else { throw error(key, "must be an object, found \(v.kindName)") }
        return m
    }

    /// A required array of at least `minimum` elements, each read by `body` with its index path;
    /// canonical elements are written back.
    public mutating func array<T>(
        _ key: String, minimum: Int = 0, _ body: (JSONValue, String, inout References) throws(PayloadError) -> (T, JSONValue)
    ) throws(PayloadError) -> [T] {
        guard let items = try optionalArray(key, minimum: minimum, body) else { throw error(key, "required") }
        return items
    }

    /// An optional array, read element by element.
    public mutating func optionalArray<T>(
        _ key: String, minimum: Int = 0, _ body: (JSONValue, String, inout References) throws(PayloadError) -> (T, JSONValue)
    ) throws(PayloadError) -> [T]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let items) = v else { throw error(key, "must be an array, found \(v.kindName)") }
        guard items.count >= minimum else { throw error(key, "must have at least \(minimum) element\(minimum == 1 ? "" : "s")") }
        var out: [T] = []
        var canonical: [JSONValue] = []
        for (i, item) in items.enumerated() {
            let (t, c) = try body(item, "\(field(key))[\(i)]", &refs)
            out.append(t)
            canonical.append(c)
        }
        if !trusted { dictionary[key] = .array(canonical) }
        return out
    }

    /// A required array of strings of kind `kind`, without repeats.
    public mutating func strings(_ key: String, _ kind: ValueKind, minimum: Int = 0) throws(PayloadError) -> [String] {
        guard let s = try optionalStrings(key, kind, minimum: minimum) else { throw error(key, "required") }
        return s
    }

    /// An optional array of strings of kind `kind`, without repeats.
    public mutating func optionalStrings(_ key: String, _ kind: ValueKind, minimum: Int = 0) throws(PayloadError) -> [String]? {
        var seen: Set<String> = []
        return try optionalArray(key, minimum: minimum) { (item, path, _) throws(PayloadError) -> (String, JSONValue) in
            guard case .string(let s) = item else { throw PayloadError(field: path, message: "must be a string, found \(item.kindName)") }
            let c = try FieldReader.check(s, kind, field: path)
            guard seen.insert(c).inserted else { throw PayloadError(field: path, message: "\(echoed(c)) is listed twice") }
            return (c, .string(c))
        }
    }

    /// Reads a whole object element of an array with a nested reader, adding what it names to `refs`.
    public static func element<T>(
        _ item: JSONValue, _ path: String, _ refs: inout References, _ body: (inout FieldReader) throws(PayloadError) -> T
    ) throws(PayloadError) -> (T, JSONValue) {
        guard case .object(let m) = item else { throw PayloadError(field: path, message: "must be an object, found \(item.kindName)") }
        var nested = FieldReader(m, path: path)
        let t = try body(&nested)
        try nested.finish()
        refs.merge(nested.refs)
        return (t, .object(nested.dictionary))
    }
}
