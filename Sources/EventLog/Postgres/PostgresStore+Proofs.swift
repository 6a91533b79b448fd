import LogFormat
import PostgresDatabase

extension PostgresStore: TreeStorage {
    func checkpointRow(size: Int64?) throws -> (Int64, String)? {
        let r = size == nil
            ? try db.query("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1")
            : try db.query("SELECT size, note FROM checkpoints WHERE size = $1", [.integer(size ?? 0)])
        return r.count == 0 ? nil : (r.int64(0, 0), r.text(0, 1))
    }

    func entryBytes(seq: Int64) throws -> [UInt8]? {
        let r = try db.query("SELECT entry FROM events WHERE seq = $1", [.integer(seq)])
        return r.count == 0 ? nil : r.bytes(0, 0)
    }

    func seq(ofEventID id: String) throws -> Int64? {
        try db.scalarInt("SELECT seq FROM events WHERE event_id = $1", [.text(id)])
    }

    func logSize() throws -> Int64 { try PostgresLogReader(db).size() }

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
