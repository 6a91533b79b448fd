/// A `c2sp.org/tlog-checkpoint@v1.0.0` body: the log's origin, its size and the RFC 9162 root.
public struct Checkpoint: Sendable, Equatable {
    /// The log identity (and signing key name).
    public let origin: String
    /// Number of leaves.
    public let size: Int64
    /// The Merkle root of the first `size` leaves.
    public let root: TreeHash

    /// A checkpoint for `size` leaves with `root`.
    public init(origin: String, size: Int64, root: TreeHash) {
        precondition(root.count == 32 && size >= 0, "a checkpoint has a 32-byte root and a size >= 0")
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note text: three lines, each ending in a newline, no extension lines.
    public var text: String { "\(origin)\n\(size)\n\(Base64.encode(root))\n" }

    /// Parses a checkpoint body, strictly: decimal size without leading zeros, canonical base64 of
    /// 32 bytes; extension lines are refused (this log never writes them).
    public static func parse(text: String) -> Result<Checkpoint, NoteError> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[3].isEmpty else {
            return .failure(.init("checkpoint must have exactly three lines: origin, size, root"))
        }
        let origin = String(lines[0])
        guard VerifierKey.isValidName(origin) else { return .failure(.init("checkpoint origin is malformed")) }
        let sizeText = lines[1]
        guard !sizeText.isEmpty, sizeText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            sizeText == "0" || !sizeText.hasPrefix("0"), sizeText.count <= 18, let size = Int64(sizeText)
        else { return .failure(.init("checkpoint size \"\(sizeText.prefix(20))\" is not a decimal number without leading zeros")) }
        guard let root = Base64.decode(String(lines[2])), root.count == 32 else {
            return .failure(.init("checkpoint root is not base64 of 32 bytes"))
        }
        return .success(Checkpoint(origin: origin, size: size, root: root))
    }

    /// Parses a signed checkpoint note and checks its signature with `key` and its origin.
    public static func parseSigned(_ note: String, key: VerifierKey) -> Result<Checkpoint, NoteError> {
        let signed: SignedNote
        switch SignedNote.parse(note) {
        case .failure(let e): return .failure(e)
        case .success(let n): signed = n
        }
        let checkpoint: Checkpoint
        switch parse(text: signed.text) {
        case .failure(let e): return .failure(e)
        case .success(let c): checkpoint = c
        }
        guard checkpoint.origin == key.name else {
            return .failure(.init("checkpoint is for origin \(checkpoint.origin), not \(key.name)"))
        }
        if case .failure(let e) = signed.verify(with: key) { return .failure(e) }
        return .success(checkpoint)
    }
}
