import Crypto

/// A C2SP signed-note verifier key (`vkey`) for Ed25519: `<name>+<key id hex>+<base64(0x01 ‖ key)>`.
public struct VerifierKey: Sendable, Equatable, CustomStringConvertible {
    /// The key name, which for a log is its origin.
    public let name: String
    /// The first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// The signature type byte of Ed25519 in signed notes.
    public static let ed25519Type: UInt8 = 0x01

    /// The key for `publicKey` under `name`.
    public init(name: String, publicKey: [UInt8]) {
        precondition(publicKey.count == 32, "Ed25519 public keys are 32 bytes")
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, type: Self.ed25519Type, key: publicKey)
    }

    /// Parses vkey text; nil unless it is a well-formed Ed25519 vkey whose id matches its key.
    public init?(_ text: String) {
        // Split on the first two '+' only: the base64 part may itself contain '+'.
        guard let first = text.firstIndex(of: "+") else { return nil }
        let name = String(text[..<first])
        let rest = text[text.index(after: first)...]
        guard let second = rest.firstIndex(of: "+") else { return nil }
        let idHex = String(rest[..<second])
        let keyText = String(rest[rest.index(after: second)...])
        guard Self.isValidName(name), idHex.count == 8, let idBytes = Hex.decode(idHex),
            let blob = Base64.decode(keyText), blob.count == 33, blob[0] == Self.ed25519Type
        else { return nil }
        let key = Array(blob[1...])
        let id = idBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard id == Self.keyID(name: name, type: Self.ed25519Type, key: key) else { return nil }
        self.init(name: name, publicKey: key)
    }

    /// The key id written as `text` (eight lower-case hex digits), or nil.
    public static func keyID(text: String) -> UInt32? {
        guard text.utf8.count == 8, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            let bytes = Hex.decode(text)
        else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The key id as written in keys and notes: eight lower-case hex digits.
    public var keyIDText: String { Hex.encode(Self.bytes(keyID)) }

    public var description: String {
        "\(name)+\(Hex.encode(Self.bytes(keyID)))+\(Base64.encode([Self.ed25519Type] + publicKey))"
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }

    /// SHA-256(name ‖ 0x0A ‖ type ‖ key)[0..<4] as a big-endian integer.
    static func keyID(name: String, type: UInt8, key: [UInt8]) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, type] + key))
        return digest[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    static func bytes(_ id: UInt32) -> [UInt8] {
        [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
    }

    /// Key names are non-empty and contain no whitespace and no '+'.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }
}
