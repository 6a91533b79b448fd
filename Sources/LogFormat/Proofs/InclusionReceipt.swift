import Foundation

/// An offline receipt for one event: `c2sp.org/tlog-proof@v1` text carrying the entry bytes
/// (`extra`), the leaf index, the inclusion path and the signed checkpoint it leads to.
public struct InclusionReceipt: Sendable, Equatable {
    /// The exact entry bytes.
    public let entry: [UInt8]
    /// 0-based leaf index (seq − 1).
    public let index: Int64
    /// Inclusion path, leaf sibling first.
    public let path: [TreeHash]
    /// The signed checkpoint, verbatim.
    public let checkpointNote: String

    /// The first line of the format.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// A receipt from its parts.
    public init(entry: [UInt8], index: Int64, path: [TreeHash], checkpointNote: String) {
        self.entry = entry
        self.index = index
        self.path = path
        self.checkpointNote = checkpointNote
    }

    /// The tlog-proof text.
    public var text: String {
        var out = "\(Self.header)\nextra \(Base64.encode(entry))\nindex \(index)\n"
        for hash in path { out += Base64.encode(hash) + "\n" }
        return out + "\n" + checkpointNote
    }

    /// Parses tlog-proof text, strictly.
    public static func parse(_ text: String) -> Result<InclusionReceipt, NoteError> {
        guard text.utf8.count <= Limits.maxNoteBytes else { return .failure(.init("proof is too large")) }
        guard let blank = text.range(of: "\n\n") else { return .failure(.init("proof has no blank line before its checkpoint")) }
        let head = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let note = String(text[blank.upperBound...])
        guard head.first == Substring(header) else { return .failure(.init("not a \(header) proof")) }
        var lines = head.dropFirst()
        var entry: [UInt8]?
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let bytes = Base64.decode(String(line.dropFirst(6))) else { return .failure(.init("extra is not base64")) }
            entry = bytes
            lines = lines.dropFirst()
        }
        guard let entry else { return .failure(.init("the proof carries no entry (extra line)")) }
        guard let indexLine = lines.first, indexLine.hasPrefix("index "),
            let index = Int64(indexLine.dropFirst(6)), index >= 0, String(index) == indexLine.dropFirst(6)
        else { return .failure(.init("malformed index line")) }
        var path: [TreeHash] = []
        for line in lines.dropFirst() {
            guard let hash = Base64.decode(String(line)), hash.count == 32 else {
                return .failure(.init("inclusion path line is not base64 of 32 bytes"))
            }
            path.append(hash)
        }
        return .success(InclusionReceipt(entry: entry, index: index, path: path, checkpointNote: note))
    }

    /// Checks the receipt with the trusted `key`: the checkpoint's origin and signature, the entry's
    /// canonical form and `seq`, and the inclusion path to the signed root. Returns the checkpoint.
    public func verify(with key: VerifierKey) -> Result<Checkpoint, NoteError> {
        let checkpoint: Checkpoint
        switch Checkpoint.parseSigned(checkpointNote, key: key) {
        case .failure(let e): return .failure(NoteError("checkpoint: \(e.message)"))
        case .success(let c): checkpoint = c
        }
        let decoded: Entry
        do {
            decoded = try Entry(seq: index + 1, bytes: entry)
        } catch {
            return .failure(.init("entry: \(error)"))
        }
        guard CanonicalEncoder.encode(.object(decoded.value)) == entry else {
            return .failure(.init("entry is not canonical (RFC 8785 profile)"))
        }
        guard decoded.value["seq"] == .integer(index + 1) else {
            return .failure(.init("entry seq does not match index \(index)"))
        }
        guard MerkleProofs.verifyInclusion(index: index, size: checkpoint.size, leaf: MerkleHash.leaf(entry), path: path,
                                           root: checkpoint.root)
        else { return .failure(.init("inclusion proof does not lead to the checkpoint's root")) }
        return .success(checkpoint)
    }
}
