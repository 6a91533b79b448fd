import Synchronization

/// The JSON member names of coding keys: camelCase to snake_case as Foundation's
/// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase` converts them (`orgId` → `org_id`,
/// `myURLValue` → `my_url_value`), each key converted once per process.
enum SnakeCaseKeys {
    /// Converted names by key, with their `"name":` bytes; bounded so that keys made at run time
    /// cannot grow it forever.
    private static let cache = Mutex<[String: (name: String, prefix: [UInt8])]>([:])
    private static let cacheLimit = 4096

    /// The snake_case name of `key`, or nil when `key` is empty or has a character other than an
    /// ASCII letter, digit or underscore (its name would be outside the profile's `[a-z0-9_]+`).
    static func name(for key: String) -> String? {
        if isSnakeCase(key) { return key }
        return converted(key)?.name
    }

    /// The bytes that begin a member named after `key`: `"name":`.
    static func memberPrefix(for key: String) -> [UInt8]? {
        converted(key)?.prefix
    }

    /// Whether `key` is its own name: `[a-z0-9_]+` (no upper-case letter to convert).
    static func isSnakeCase(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == underscore }
    }

    private static func converted(_ key: String) -> (name: String, prefix: [UInt8])? {
        if let known = cache.withLock({ $0[key] }) { return known }
        guard let name = snakeCase(key) else { return nil }
        let entry = (name, [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")])
        cache.withLock { names in
            if names.count < cacheLimit { names[key] = entry }
        }
        return entry
    }

    /// `key` in snake_case, without the cache.
    ///
    /// Foundation's algorithm, on ASCII: words end before an upper-case letter (the first
    /// character never starts a word), and a run of upper-case letters followed by a lower-case
    /// one is a word of its own up to the letter before the lower-case one; the words are
    /// lower-cased and joined with `_`. Digits and underscores are part of the word they are in.
    static func snakeCase(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ isUpper($0) || isLower($0) || isDigit($0) || $0 == underscore }) else {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        func appendWord(_ range: Range<Int>) {
            if !out.isEmpty { out.append(underscore) }
            for b in bytes[range] { out.append(isUpper(b) ? b + 0x20 : b) }
        }
        var wordStart = 0
        var searchFrom = 1
        while let upper = firstIndex(in: bytes, from: searchFrom, where: isUpper) {
            appendWord(wordStart..<upper)
            guard let lower = firstIndex(in: bytes, from: upper, where: isLower) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                appendWord(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchFrom = lower + 1
        }
        appendWord(wordStart..<bytes.count)
        return String(decoding: out, as: UTF8.self)
    }

    /// `name` in camelCase as Foundation's `convertFromSnakeCase` gives it for ASCII names:
    /// leading and trailing underscores kept, the words between underscores joined, each word
    /// after the first capitalised.
    static func camelCase(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard let first = bytes.firstIndex(where: { $0 != underscore }),
            let last = bytes.lastIndex(where: { $0 != underscore })
        else { return name }
        let words = bytes[first...last].split(separator: underscore)
        guard words.count > 1 else { return name }
        var out = Array(bytes[..<first])
        for (i, word) in words.enumerated() {
            for (j, b) in word.enumerated() {
                if i > 0 && j == 0 {
                    out.append(isLower(b) ? b - 0x20 : b)
                } else {
                    out.append(isUpper(b) ? b + 0x20 : b)
                }
            }
        }
        out.append(contentsOf: bytes[(last + 1)...])
        return String(decoding: out, as: UTF8.self)
    }

    private static let underscore = UInt8(ascii: "_")
    private static func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
    private static func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func firstIndex(in bytes: [UInt8], from start: Int, where predicate: (UInt8) -> Bool) -> Int? {
        var i = start
        while i < bytes.count {
            if predicate(bytes[i]) { return i }
            i += 1
        }
        return nil
    }
}
