import LogFormat
import SQLiteDatabase

extension EventStore {
    /// The hash of the perfect subtree (level, index): a leaf hash at level 0, else the node cache.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash {
        let hash: [UInt8]?
        if level == 0 {
            let stmt = try db.statement("SELECT leaf_hash FROM events WHERE seq = ?")
            try stmt.reset(binding: [.integer(index + 1)])
            hash = try stmt.step() ? stmt.blob(0) : nil
            try stmt.reset()
        } else {
            let stmt = try db.statement("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
            try stmt.reset(binding: [.integer(Int64(level)), .integer(index)])
            hash = try stmt.step() ? stmt.blob(0) : nil
            try stmt.reset()
        }
        guard let hash, hash.count == 32 else {
            throw EventLogError.io("\(path): Merkle hash (level \(level), index \(index)) is missing from the node cache")
        }
        return hash
    }

    /// The root of the first `size` events, from the node cache in O(log n) reads.
    public func root(size: Int64) throws(EventLogError) -> TreeHash {
        try mapped { try MerkleProofs.root(size: size) { try perfectHash(level: $0, index: $1) } }
    }

    /// The signed checkpoint note for `size`, or the latest one when `size` is nil.
    public func checkpointNote(size: Int64? = nil) throws(EventLogError) -> (size: Int64, note: String) {
        let found: (Int64, String)? = try mapped {
            var result: (Int64, String)?
            let sql = size == nil
                ? "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1"
                : "SELECT size, note FROM checkpoints WHERE size = ?"
            try db.forEachRow(sql, size.map { [.integer($0)] } ?? []) { row in result = (row.int64(0), row.text(1)) }
            return result
        }
        guard let found else {
            if let size {
                throw .invalidArgument("no checkpoint was signed at size \(size); `auditlog checkpoint` lists the latest, "
                    + "and every append transaction signs one")
            }
            throw .format("\(path) holds no checkpoint")
        }
        return found
    }

    /// Resolves `reference` (a seq number or an event id) to a seq.
    public func seq(forReference reference: String) throws(EventLogError) -> Int64 {
        if let n = Int64(reference), n > 0 {
            guard n <= (try size()) else { throw .invalidArgument("seq \(n) is not in the log (it holds \(try size()) events)") }
            return n
        }
        guard let id = EventID.canonical(reference) else {
            throw .invalidArgument("\(echoed(reference)) is neither a seq number nor an event id")
        }
        guard let seq = try mapped({ try db.scalarInt("SELECT seq FROM events WHERE event_id = ?", [.text(id)]) }) else {
            throw .invalidArgument("no event has id \(id)")
        }
        return seq
    }

    /// An inclusion receipt for event `seq` against the signed checkpoint at `size` (default: the latest).
    public func inclusionReceipt(seq: Int64, size: Int64? = nil) throws(EventLogError) -> InclusionReceipt {
        let (treeSize, note) = try checkpointNote(size: size)
        guard seq >= 1, seq <= treeSize else {
            throw .invalidArgument("seq \(seq) is not covered by the checkpoint at size \(treeSize)")
        }
        return try mapped {
            let entry = try db.statement("SELECT entry FROM events WHERE seq = ?")
            try entry.reset(binding: [.integer(seq)])
            guard try entry.step() else { throw EventLogError.invalidArgument("seq \(seq) is not in the log") }
            let bytes = entry.blob(0)
            try entry.reset()
            let path = try MerkleProofs.inclusionPath(index: seq - 1, size: treeSize) {
                try perfectHash(level: $0, index: $1)
            }
            return InclusionReceipt(entry: bytes, index: seq - 1, path: path, checkpointNote: note)
        }
    }

    /// A consistency proof from size `from` to the signed checkpoint at `to` (default: the latest).
    public func consistencyProof(from old: Int64, to new: Int64? = nil) throws(EventLogError) -> ConsistencyProof {
        let (newSize, note) = try checkpointNote(size: new)
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
