import Foundation

/// A consistency proof between two sizes of the log, as text in the tlog-witness style
/// (`old N`, one base64 hash per line, a blank line, the new signed checkpoint) or as JSON.
public struct ConsistencyProof: Sendable, Equatable {
    /// The older size.
    public let oldSize: Int64
    /// The root at the older size (not part of the text form: the verifier holds its own).
    public let oldRoot: TreeHash
    /// The newer size.
    public let newSize: Int64
    /// The root at the newer size.
    public let newRoot: TreeHash
    /// RFC 9162 §2.1.4 proof hashes.
    public let proof: [TreeHash]
    /// The signed checkpoint of the newer size, verbatim.
    public let checkpointNote: String

    /// A proof from its parts.
    public init(oldSize: Int64, oldRoot: TreeHash, newSize: Int64, newRoot: TreeHash, proof: [TreeHash], checkpointNote: String) {
        self.oldSize = oldSize
        self.oldRoot = oldRoot
        self.newSize = newSize
        self.newRoot = newRoot
        self.proof = proof
        self.checkpointNote = checkpointNote
    }

    /// The text form.
    public var text: String {
        var out = "old \(oldSize)\n"
        for hash in proof { out += Base64.encode(hash) + "\n" }
        return out + "\n" + checkpointNote
    }

    /// Parsed text form: the old size, the proof and the new checkpoint note.
    public struct Parsed: Sendable {
        public let oldSize: Int64
        public let proof: [TreeHash]
        public let checkpointNote: String
    }

    /// Parses the text form, strictly.
    public static func parse(_ text: String) -> Result<Parsed, NoteError> {
        guard text.utf8.count <= Limits.maxNoteBytes else { return .failure(.init("proof is too large")) }
        guard let blank = text.range(of: "\n\n") else { return .failure(.init("proof has no blank line before its checkpoint")) }
        let head = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = head.first, first.hasPrefix("old "), let old = Int64(first.dropFirst(4)), old >= 0,
            String(old) == first.dropFirst(4)
        else { return .failure(.init("consistency proof must start with \"old N\"")) }
        var proof: [TreeHash] = []
        for line in head.dropFirst() {
            guard let hash = Base64.decode(String(line)), hash.count == 32 else {
                return .failure(.init("proof line is not base64 of 32 bytes"))
            }
            proof.append(hash)
        }
        return .success(Parsed(oldSize: old, proof: proof, checkpointNote: String(text[blank.upperBound...])))
    }

    /// Checks a parsed proof against the inspector's signed checkpoint `oldNote` and the trusted key.
    public static func verify(_ parsed: Parsed, oldNote: String, key: VerifierKey) -> Result<Checkpoint, NoteError> {
        let old: Checkpoint, new: Checkpoint
        switch Checkpoint.parseSigned(oldNote, key: key) {
        case .failure(let e): return .failure(NoteError("old checkpoint: \(e.message)"))
        case .success(let c): old = c
        }
        switch Checkpoint.parseSigned(parsed.checkpointNote, key: key) {
        case .failure(let e): return .failure(NoteError("new checkpoint: \(e.message)"))
        case .success(let c): new = c
        }
        guard old.size == parsed.oldSize else {
            return .failure(.init("the proof starts at size \(parsed.oldSize), the old checkpoint has size \(old.size)"))
        }
        if old.size == 0 {
            guard parsed.proof.isEmpty, old.root == MerkleHash.emptyRoot else {
                return .failure(.init("a proof from the empty tree must be empty"))
            }
            return .success(new)
        }
        guard MerkleProofs.verifyConsistency(size1: old.size, size2: new.size, root1: old.root, root2: new.root,
                                             proof: parsed.proof)
        else { return .failure(.init("the new checkpoint is not consistent with the old one")) }
        return .success(new)
    }
}
