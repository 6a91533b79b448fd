import Crypto
import Foundation

/// The log's Ed25519 signing key, kept in a file outside the database in the Go `note` signer
/// format: `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 ‖ 32-byte seed)>`.
public struct SignerKey: Sendable {
    /// The key name (the log origin).
    public let name: String
    private let seed: [UInt8]
    /// The private key, derived from the seed once (not per signature).
    private let key: Curve25519.Signing.PrivateKey
    /// The matching verifier key.
    public let verifierKey: VerifierKey

    /// A new random key named `name`.
    public static func generate(name: String) -> SignerKey {
        SignerKey(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// A key from a known 32-byte seed (tests and known-answer vectors).
    public init(name: String, seed: [UInt8]) {
        precondition(seed.count == 32, "Ed25519 seeds are 32 bytes")
        self.name = name
        self.seed = seed
        // A 32-byte seed is always a valid Curve25519 private key.
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            preconditionFailure("a 32-byte seed is an Ed25519 private key")
        }
        self.key = key
        verifierKey = VerifierKey(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// Parses the key file's text; nil if it is not a well-formed Ed25519 signer key.
    public init?(_ text: String) {
        let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let prefix = "PRIVATE+KEY+"
        guard trimmed.hasPrefix(prefix) else { return nil }
        let parts = trimmed.dropFirst(prefix.count).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, VerifierKey.isValidName(String(parts[0])),
            let blob = Base64.decode(String(parts[2])), blob.count == 33, blob[0] == VerifierKey.ed25519Type
        else { return nil }
        let key = SignerKey(name: String(parts[0]), seed: Array(blob[1...]))
        guard Hex.encode(VerifierKey.bytes(key.verifierKey.keyID)) == parts[1] else { return nil }
        self = key
    }

    /// The key file's text (one line).
    public var fileText: String {
        "PRIVATE+KEY+\(name)+\(Hex.encode(VerifierKey.bytes(verifierKey.keyID)))+"
            + "\(Base64.encode([VerifierKey.ed25519Type] + seed))\n"
    }

    /// The Ed25519 signature of `message`.
    public func sign(_ message: [UInt8]) throws(LogFormatError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw .key("cannot sign with the key for \(name): \(error)")
        }
    }

    /// Reads a key file, refusing one that is missing, unreadable or malformed.
    public static func read(path: String) throws(LogFormatError) -> SignerKey {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .key("signing key \(path) not found: appends must be signed; pass --key-file or set AUDITLOG_KEY")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .key("signing key \(path) cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8), let key = SignerKey(text) else {
            throw .key("signing key \(path) is not an auditlog signing key")
        }
        return key
    }

    /// Writes the key file with mode 0600, refusing to overwrite an existing file.
    public func write(path: String) throws(LogFormatError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw .invalidArgument("key file \(path) already exists; refusing to overwrite it") }
            throw .io("cannot create key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(fileText.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw .io("cannot write key file \(path): \(String(cString: strerror(errno)))")
        }
    }
}
