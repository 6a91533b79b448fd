/// The hashes of the perfect subtrees that lie wholly inside a run of consecutive leaves: the
/// interior nodes a ``CompactRange`` completes while those leaves are appended, taken ahead of
/// the appends, level by level, two nodes at a time (``MerkleHash/nodes(children:count:appendingTo:)``).
///
/// Why: appended one leaf at a time, each node waits on the one below it, so its hash cannot be
/// paired with another; level by level, the nodes of a level are independent. `verify`'s workers
/// hash the nodes of their chunk this way, and the thread that folds the tree looks them up
/// (``CompactRange/append(leafAt:of:completed:)``).
public struct SubtreeHashes: Sendable {
    /// Index of the first leaf (seq − 1).
    public let start: Int64
    /// Number of leaves.
    public let count: Int
    /// `levels[l]`: the hashes of the level-l nodes wholly inside the run, 32 bytes each, in
    /// index order, the first of index ``firstIndex(_:_:)``; level 0 holds the leaves.
    private let levels: [[UInt8]]

    /// The subtrees of the run of leaves from index `start` whose hashes are `leaves`, 32 bytes
    /// each, in index order.
    public init(start: Int64, leaves: [UInt8]) {
        precondition(start >= 0 && leaves.count % 32 == 0, "a run starts at a leaf index and holds 32-byte hashes")
        self.start = start
        count = leaves.count / 32
        let end = start + Int64(count)  // the leaves are a tree's, so this does not overflow
        var levels = [leaves]
        for level in 1..<63 {
            let first = Self.firstIndex(start, level)
            let nodes = (end >> level) - first  // nodes whose leaves all lie in start..<end
            guard nodes > 0 else { break }
            // Their children, pairs of consecutive nodes one level down.
            let offset = 32 * Int(2 * first - Self.firstIndex(start, level - 1))
            var hashes: [UInt8] = []
            hashes.reserveCapacity(32 * Int(nodes))
            levels[level - 1].withUnsafeBytes { below in
                MerkleHash.nodes(children: UnsafeRawBufferPointer(rebasing: below[offset...]), count: Int(nodes), appendingTo: &hashes)
            }
            levels.append(hashes)
        }
        self.levels = levels
    }

    /// The index of the first node of `level` whose leaves lie at or after leaf `start`:
    /// start / 2^level rounded up.
    static func firstIndex(_ start: Int64, _ level: Int) -> Int64 {
        (start >> level) + (start & ((Int64(1) << level) - 1) == 0 ? 0 : 1)
    }

    /// Leaf `k` of the run (leaf index `start + k`).
    public func leaf(_ k: Int) -> InlineHash {
        precondition(k >= 0 && k < count, "leaf \(k) of a run of \(count)")
        return levels[0].withUnsafeBytes { InlineHash(bytes: UnsafeRawBufferPointer(rebasing: $0[(32 * k)..<(32 * k + 32)])) }
    }

    /// The hash of interior node (`level`, `index`) if its leaves all lie in the run, else nil.
    public func node(level: Int, index: Int64) -> InlineHash? {
        guard level >= 1, level < levels.count else { return nil }
        let k = index - Self.firstIndex(start, level)
        return levels[level].withUnsafeBytes { hashes in
            guard k >= 0, k < Int64(hashes.count / 32) else { return nil }
            let at = 32 * Int(k)
            return InlineHash(bytes: UnsafeRawBufferPointer(rebasing: hashes[at..<(at + 32)]))
        }
    }
}
