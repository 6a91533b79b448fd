import Crypto
import LogFormat

/// The event id an imported row gets, from the mapping's event type and the row's natural key,
/// so that importing the same row again names the same event (and the log treats it as the
/// duplicate it is). docs/import.md, "The event id", states the rule for other programs:
///
///     digest = SHA-256(namespace ‖ field(type) ‖ field(key value 1) ‖ … ‖ field(key value n))
///     field(s) = the length of s's UTF-8 bytes as 4 bytes, big-endian ‖ those bytes
///
/// with the namespace the 16 bytes of the UUID ``namespace``, each key value the cell's text as
/// the import reads it (NFC, white space at both ends removed), in the order of the mapping's
/// `natural_key`. The id is a UUIDv8 (RFC 9562 §5.8) made of the digest's first 16 bytes with
/// the version (`8`) and variant (`10`) bits set, written in lower case.
public enum ImportEventID {
    /// The namespace of import event ids: `11598221-4c46-4424-b82c-34da3e0fc718`.
    public static let namespace: [UInt8] = [
        0x11, 0x59, 0x82, 0x21, 0x4c, 0x46, 0x44, 0x24, 0xb8, 0x2c, 0x34, 0xda, 0x3e, 0x0f, 0xc7, 0x18,
    ]

    /// The id of the event of type `type` imported from a row whose natural key is `key`.
    public static func derive(type: String, key: [String]) -> String {
        var hasher = SHA256()
        hasher.update(data: namespace)
        for text in [type] + key {
            let bytes = Array(text.utf8)
            let n = UInt32(bytes.count)
            hasher.update(data: [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)])
            hasher.update(data: bytes)
        }
        var id = Array(hasher.finalize().prefix(16))
        id[6] = id[6] & 0x0F | 0x80
        id[8] = id[8] & 0x3F | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for (i, byte) in id.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
