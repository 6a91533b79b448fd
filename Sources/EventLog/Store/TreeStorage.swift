import LogFormat

/// What the checkpoint and proof questions need of an engine: stored hashes, checkpoints and
/// entries. Both engines answer those questions with the same code (the extension below),
/// which their public ``LogEngine`` methods call.
protocol TreeStorage {
    /// Where the log is, for messages.
    var location: String { get }
    /// Runs `body`, mapping the engine's errors to ``EventLogError``.
    func mapped<T>(_ body: () throws -> T) throws(EventLogError) -> T
    /// The hash of perfect subtree (level, index): a leaf hash at level 0, else the node cache.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash
    /// The stored checkpoint of `size` (the latest when nil), if there is one.
    func checkpointRow(size: Int64?) throws -> (Int64, String)?
    /// The stored bytes of event `seq`, if it exists.
    func entryBytes(seq: Int64) throws -> [UInt8]?
    /// The seq of the event with id `id`, if any.
    func seq(ofEventID id: String) throws -> Int64?
    /// Number of events.
    func logSize() throws -> Int64
}

extension TreeStorage {
    /// The root of the first `size` events, from the node cache in O(log n) reads.
    func treeRoot(size: Int64) throws(EventLogError) -> TreeHash {
        try mapped { try MerkleProofs.root(size: size) { try perfectHash(level: $0, index: $1) } }
    }

    /// The signed checkpoint note for `size`, or the latest one when `size` is nil.
    func storedCheckpointNote(size: Int64?) throws(EventLogError) -> (size: Int64, note: String) {
        let found: (Int64, String)? = try mapped {
            try checkpointRow(size: size)
        }
        guard let found else {
            if let size {
                throw .invalidArgument("no checkpoint was signed at size \(size); `auditlog checkpoint` lists the latest, "
                    + "and every append transaction signs one")
            }
            throw .format("\(location) holds no checkpoint")
        }
        return found
    }

    /// Resolves `reference` (a seq number or an event id) to a seq.
    func seqOfReference(_ reference: String) throws(EventLogError) -> Int64 {
        if let n = Int64(reference), n > 0 {
            let held = try mapped { try logSize() }
            guard n <= held else { throw .invalidArgument("seq \(n) is not in the log (it holds \(held) events)") }
            return n
        }
        guard let id = EventID.canonical(reference) else {
            throw .invalidArgument("\(echoed(reference)) is neither a seq number nor an event id")
        }
        guard let seq = try mapped({ try seq(ofEventID: id) }) else {
            throw .invalidArgument("no event has id \(id)")
        }
        return seq
    }

    /// An inclusion receipt for event `seq` against the signed checkpoint at `size` (default: the latest).
    func treeInclusionReceipt(seq: Int64, size: Int64?) throws(EventLogError) -> InclusionReceipt {
        let (treeSize, note) = try storedCheckpointNote(size: size)
        guard seq >= 1, seq <= treeSize else {
            throw .invalidArgument("seq \(seq) is not covered by the checkpoint at size \(treeSize)")
        }
        return try mapped {
            guard let bytes = try entryBytes(seq: seq) else { throw EventLogError.invalidArgument("seq \(seq) is not in the log") }
            let path = try MerkleProofs.inclusionPath(index: seq - 1, size: treeSize) {
                try perfectHash(level: $0, index: $1)
            }
            return InclusionReceipt(entry: bytes, index: seq - 1, path: path, checkpointNote: note)
        }
    }

    /// A consistency proof from size `from` to the signed checkpoint at `to` (default: the latest).
    func treeConsistencyProof(from old: Int64, to new: Int64?) throws(EventLogError) -> ConsistencyProof {
        let (newSize, note) = try storedCheckpointNote(size: new)
        guard old >= 0, old <= newSize else {
            throw .invalidArgument("--from \(old) must be between 0 and the target size \(newSize)")
        }
        return try mapped {
            let perfect: MerkleProofs.PerfectHash = { try self.perfectHash(level: $0, index: $1) }
            let proof = old == 0 ? [] : try MerkleProofs.consistencyProof(from: old, to: newSize, perfect)
            return ConsistencyProof(
                oldSize: old, oldRoot: try MerkleProofs.root(size: old, perfect), newSize: newSize,
                newRoot: try MerkleProofs.root(size: newSize, perfect), proof: proof, checkpointNote: note)
        }
    }
}
