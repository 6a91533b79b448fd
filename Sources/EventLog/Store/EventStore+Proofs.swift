import LogFormat
import SQLiteDatabase

extension EventStore {
    /// The hash of the perfect subtree (level, index): made from its leaf hashes below
    /// ``Limits/lowestCachedTreeLevel`` (a leaf hash at level 0), else the node cache.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash {
        let hash: [UInt8]?
        if level < Limits.lowestCachedTreeLevel {
            let stmt = try db.statement("SELECT leaf_hash FROM events WHERE seq >= ? AND seq < ? ORDER BY seq")
            try stmt.reset(binding: [.integer(index << level + 1), .integer((index + 1) << level + 1)])
            var leaves: [TreeHash] = []
            while try stmt.step() { leaves.append(stmt.blob(0)) }
            try stmt.reset()
            hash = MerkleProofs.perfectHash(level: level, fromLeaves: leaves)
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
    public func root(size: Int64) throws(EventLogError) -> TreeHash { try treeRoot(size: size) }

    /// The signed checkpoint note for `size`, or the latest one when `size` is nil.
    public func checkpointNote(size: Int64? = nil) throws(EventLogError) -> (size: Int64, note: String) {
        try storedCheckpointNote(size: size)
    }

    /// Resolves `reference` (a seq number or an event id) to a seq.
    public func seq(forReference reference: String) throws(EventLogError) -> Int64 { try seqOfReference(reference) }

    /// An inclusion receipt for event `seq` against the signed checkpoint at `size` (default: the latest).
    public func inclusionReceipt(seq: Int64, size: Int64? = nil) throws(EventLogError) -> InclusionReceipt {
        try treeInclusionReceipt(seq: seq, size: size)
    }

    /// A consistency proof from size `from` to the signed checkpoint at `to` (default: the latest).
    public func consistencyProof(from old: Int64, to new: Int64? = nil) throws(EventLogError) -> ConsistencyProof {
        try treeConsistencyProof(from: old, to: new)
    }
}

extension EventStore: TreeStorage {
    public var location: String { path }

    func checkpointRow(size: Int64?) throws -> (Int64, String)? {
        var result: (Int64, String)?
        let sql = size == nil
            ? "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1"
            : "SELECT size, note FROM checkpoints WHERE size = ?"
        try db.forEachRow(sql, size.map { [.integer($0)] } ?? []) { row in result = (row.int64(0), row.text(1)) }
        return result
    }

    func entryBytes(seq: Int64) throws -> [UInt8]? {
        let entry = try db.statement("SELECT entry FROM events WHERE seq = ?")
        try entry.reset(binding: [.integer(seq)])
        defer { try? entry.reset() }
        return try entry.step() ? entry.blob(0) : nil
    }

    func seq(ofEventID id: String) throws -> Int64? {
        try db.scalarInt("SELECT seq FROM events WHERE event_id = ?", [.text(id)])
    }

    func logSize() throws -> Int64 { try SQLiteLogReader(db, path: nil).size() }
}
