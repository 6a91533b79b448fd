/// A strict JSON parser for the auditlog entry profile.
///
/// Refuses, with the field path, everything the profile forbids: duplicate keys, keys outside
/// `[a-z0-9_]+`, numbers with a fraction or exponent, integers beyond ±(2^53 − 1), invalid UTF-8,
/// lone surrogates, U+0000, nesting deeper than ``Limits/maxDepth``. With `normalize` it returns
/// every string in NFC; without it (verification) it refuses strings that are not NFC; inside the
/// module, ``Strings/verbatim`` returns strings exactly as written.
public struct JSONParser: ~Copyable {
    /// What the parser does with text that is not in NFC.
    enum Strings {
        /// Returns it in NFC (input).
        case normalize
        /// Refuses it (verification of stored entries).
        case requireNFC
        /// Returns it exactly as written (stored data that is not an entry, read back as written).
        case verbatim
    }

    /// Members an object's storage is made for at first (a tuning hint, not a limit).
    private static let initialObjectCapacity = 8

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let strings: Strings
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// Parses one JSON value occupying all of `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, normalize: Bool) throws(JSONParseError) -> JSONValue {
        try parse(bytes, strings: normalize ? .normalize : .requireNFC)
    }

    /// Parses one JSON value occupying all of `bytes`, treating text that is not NFC as `strings` says.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, strings: Strings) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, strings: strings)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.fail("unexpected text after the JSON value at byte \(parser.index + 1)", atRoot: true)
        }
        return value
    }

    /// Parses one JSON value from `bytes`.
    public static func parse(_ bytes: [UInt8], normalize: Bool) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) {
                return .success(try parse(buffer, normalize: normalize))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one JSON value from a slice of bytes.
    public static func parse(_ bytes: ArraySlice<UInt8>, normalize: Bool) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) {
                return .success(try parse(buffer, normalize: normalize))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses the elements of a top-level JSON array one at a time, calling `body` with each
    /// element, the 1-based line on which it starts, and the number of bytes it takes.
    public static func forEachArrayElement(
        _ bytes: UnsafeBufferPointer<UInt8>, normalize: Bool,
        _ body: (_ element: Result<JSONValue, JSONParseError>, _ line: Int, _ size: Int) throws -> Void
    ) throws {
        var parser = JSONParser(bytes: bytes, strings: normalize ? .normalize : .requireNFC)
        parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "[") else {
            try body(.failure(JSONParseError(path: "", message: "expected a JSON array")), parser.line(at: parser.index), 0)
            return
        }
        parser.index += 1
        parser.skipWhitespace()
        if parser.peek() == UInt8(ascii: "]") {
            parser.index += 1
        } else {
            while true {
                parser.skipWhitespace()
                let line = parser.line(at: parser.index)
                let start = parser.index
                let element: Result<JSONValue, JSONParseError>
                do throws(JSONParseError) {
                    element = .success(try parser.parseValue(depth: 0))
                } catch {
                    element = .failure(error)
                }
                try body(element, line, parser.index - start)
                if case .failure = element { return }
                parser.skipWhitespace()
                if parser.peek() == UInt8(ascii: ",") {
                    parser.index += 1
                    continue
                }
                if parser.peek() == UInt8(ascii: "]") {
                    parser.index += 1
                    break
                }
                try body(.failure(JSONParseError(path: "", message: "expected ',' or ']' in the array")), parser.line(at: parser.index), 0)
                return
            }
        }
        parser.skipWhitespace()
        if parser.index != bytes.count {
            try body(.failure(JSONParseError(path: "", message: "unexpected text after the JSON array")), parser.line(at: parser.index), 0)
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, strings: Strings) {
        self.bytes = bytes
        self.strings = strings
    }

    private var countedLines = 1
    private var countedUpTo = 0

    /// The 1-based line of byte `position`; positions are asked for in increasing order, so the
    /// count resumes where it stopped (linear over the whole input).
    private mutating func line(at position: Int) -> Int {
        if position < countedUpTo {
            countedLines = 1
            countedUpTo = 0
        }
        while countedUpTo < position && countedUpTo < bytes.count {
            if bytes[countedUpTo] == UInt8(ascii: "\n") { countedLines += 1 }
            countedUpTo += 1
        }
        return countedLines
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private var pathString: String {
        var out = ""
        for component in path {
            switch component {
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    private func fail(_ message: String, atRoot: Bool = false) -> JSONParseError {
        JSONParseError(path: atRoot ? "" : pathString, message: message)
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw fail("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < Limits.maxDepth else { throw fail("nested deeper than \(Limits.maxDepth) levels") }
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < Limits.maxDepth else { throw fail("nested deeper than \(Limits.maxDepth) levels") }
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .integer(try parseInteger())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw fail("invalid JSON at byte \(index + 1)")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("invalid JSON literal") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for i in 0..<count where bytes[index + i] != expected[i] {
            throw fail("invalid JSON literal")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1  // {
        var members: [String: JSONValue] = [:]
        // Objects in entries hold a handful of members: one allocation up front instead of
        // growing (and rehashing every key) at 1, 2, 3 and 6 members.
        members.reserveCapacity(Self.initialObjectCapacity)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let keyStart = index
            let key = try parseString(isKey: true)
            guard Self.isProfileKey(key) else {
                index = keyStart
                throw fail("key \(echoed(key)) is not allowed: keys must be ASCII [a-z0-9_]+")
            }
            let afterKey = index
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after key \(echoed(key))") }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            // One hash per member: a repeated key is found as its value is stored (and reported
            // where the key ends, as before its value was read).
            guard members.updateValue(value, forKey: key) == nil else {
                index = afterKey
                throw fail("duplicate key \(echoed(key))")
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            path.append(.index(items.count))
            items.append(try parseValue(depth: depth))
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw fail("expected ',' or ']' in an array")
            }
        }
    }

    /// Whether `key` matches `[a-z0-9_]+`.
    public static func isProfileKey(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        return key.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "_")
        }
    }

    private mutating func parseInteger() throws(JSONParseError) -> Int64 {
        let start = index
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let digitsStart = index
        while let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { index += 1 }
        let digitCount = index - digitsStart
        guard digitCount > 0 else { throw fail("invalid number") }
        if let b = peek(), b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            throw fail("decimal numbers are not allowed: use an integer, or a string such as \"0.60\"")
        }
        if digitCount > 1 && bytes[digitsStart] == UInt8(ascii: "0") {
            throw fail("numbers must not have leading zeros")
        }
        guard digitCount <= 16 else { throw fail("integer out of range (at most ±\(Limits.maxSafeInteger))") }
        var value: Int64 = 0
        for i in digitsStart..<index {
            value = value * 10 + Int64(bytes[i] - UInt8(ascii: "0"))
        }
        guard value <= Limits.maxSafeInteger else {
            index = start
            throw fail("integer out of range (at most ±\(Limits.maxSafeInteger))")
        }
        return negative ? -value : value
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseString(isKey: Bool = false) throws(JSONParseError) -> String {
        index += 1  // opening quote
        var runStart = index
        var sawNonASCII = false
        // Most strings have no escape: they are made from the input bytes in place.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\""), !sawNonASCII {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\"") {
                index += 1
                return try text(UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]), isKey: isKey)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            if b >= 0x80 { sawNonASCII = true }
            index += 1
        }
        var scratch: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated string") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                break
            }
            if b == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                guard index < bytes.count else { throw fail("unterminated string") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw fail("lone surrogate in a \\u escape") }
                        index += 2
                        let low = try parseHex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail("lone surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw fail("lone surrogate in a \\u escape")
                    }
                    guard scalar != 0 else { throw fail("U+0000 is not allowed in text") }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    if scalar >= 0x80 { sawNonASCII = true }
                    scratch.append(contentsOf: unicode.utf8)
                default:
                    throw fail("invalid escape \\\(Character(Unicode.Scalar(e)))")
                }
                runStart = index
                continue
            }
            if b < 0x20 {
                throw fail(b == 0 ? "U+0000 is not allowed in text" : "control character U+00\(String(b, radix: 16, uppercase: true).leftPad(2)) must be escaped")
            }
            if b >= 0x80 { sawNonASCII = true }
            index += 1
        }
        if !sawNonASCII {
            return String(decoding: scratch, as: UTF8.self)
        }
        return try scratch.withUnsafeBufferPointer { buffer throws(JSONParseError) in try text(buffer, isKey: isKey) }
    }

    /// The string of UTF-8 bytes `utf8` (with non-ASCII bytes), checked as the mode says.
    private func text(_ utf8: UnsafeBufferPointer<UInt8>, isKey: Bool) throws(JSONParseError) -> String {
        guard let decoded = String(validating: utf8, as: UTF8.self) else {
            throw fail("text is not valid UTF-8")
        }
        if isKey || strings == .verbatim || UnicodeNormalization.isCertainlyNFC(UnsafeRawBufferPointer(utf8)) { return decoded }
        if strings == .normalize { return UnicodeNormalization.nfc(decoded) }
        guard UnicodeNormalization.isNFC(decoded) else { throw fail("text is not in Unicode NFC") }
        return decoded
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
