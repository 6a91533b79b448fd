/// The frontier of a Merkle tree: the roots of its perfect subtrees from left to right, one per
/// set bit of the size. Appending a leaf and computing the root need only this O(log n) state.
public struct CompactRange: Sendable, Equatable {
    /// A perfect subtree: `hash` covers leaves [index · 2^level, (index + 1) · 2^level).
    public struct Node: Sendable, Equatable {
        public let level: Int
        public let index: Int64
        public let hash: TreeHash
    }

    /// Number of leaves covered.
    public private(set) var size: Int64
    /// Perfect-subtree roots, largest (leftmost) first.
    public private(set) var nodes: [Node]

    /// The frontier of the empty tree.
    public init() {
        size = 0
        nodes = []
    }

    /// A frontier rebuilt from stored hashes: `hashAt(level, index)` must return the perfect
    /// subtree hashes that a tree of `size` leaves is made of.
    public init(size: Int64, hashAt: (_ level: Int, _ index: Int64) throws -> TreeHash) rethrows {
        self.size = size
        self.nodes = []
        var start: Int64 = 0
        for level in stride(from: 62, through: 0, by: -1) where size & (Int64(1) << level) != 0 {
            let index = start >> level
            nodes.append(Node(level: level, index: index, hash: try hashAt(level, index)))
            start += Int64(1) << level
        }
    }

    /// Appends one leaf hash and calls `completed` for every interior node (level ≥ 1) that the
    /// append completes, bottom up.
    public mutating func append(leaf: TreeHash, completed: (Node) throws -> Void) rethrows {
        var node = Node(level: 0, index: size, hash: leaf)
        while let last = nodes.last, last.level == node.level {
            nodes.removeLast()
            node = Node(level: node.level + 1, index: last.index >> 1, hash: MerkleHash.node(last.hash, node.hash))
            try completed(node)
        }
        nodes.append(node)
        size += 1
    }

    /// Appends one leaf hash.
    public mutating func append(leaf: TreeHash) {
        append(leaf: leaf) { _ in }
    }

    /// The RFC 9162 root of the leaves appended so far.
    public var root: TreeHash {
        guard var hash = nodes.last?.hash else { return MerkleHash.emptyRoot }
        for node in nodes.dropLast().reversed() {
            hash = MerkleHash.node(node.hash, hash)
        }
        return hash
    }
}
