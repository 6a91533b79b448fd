/// RFC 8785 (JCS) serialisation of a ``JSONValue`` in the auditlog profile.
///
/// Within the profile (ASCII keys, integers only) JCS reduces to: keys sorted by byte order, no
/// whitespace, integers in decimal, strings escaped only where JSON requires it with lower-case
/// `\u00xx` for other control characters.
public enum CanonicalEncoder {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(value, into: &out)
        return out
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: nullBytes)
        case .bool(let b): out.append(contentsOf: b ? trueBytes : falseBytes)
        case .integer(let n): writeInteger(n, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Keys are ASCII by the profile, so String's scalar order is byte order and UTF-16
            // order, which is what JCS requires.
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                // Safe: key comes from members.keys.
                write(members[key] ?? .null, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends integer `n` as the canonical form writes it.
    public static func writeInteger(_ n: Int64, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        // The digits are appended last first, then put in order in place (no buffer of their own).
        let start = out.count
        var magnitude = n.magnitude
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// Appends string `s`, quoted and escaped as the canonical form (JCS) writes it.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var text = s
        text.withUTF8 { utf8 in
            out.append(UInt8(ascii: "\""))
            var runStart = 0
            var i = 0
            let n = utf8.count
            let raw = UnsafeRawBufferPointer(utf8)
            while i < n {
                // Eight bytes at a time to the next byte that needs an escape (most text has none).
                i = ByteLanes.firstMarked(in: raw, from: i, ByteLanes.endOrEscape)
                guard i < n else { break }
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                i += 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            out.append(UInt8(ascii: "\""))
        }
    }
}
