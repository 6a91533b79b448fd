/// The frontier of a Merkle tree: the roots of its perfect subtrees from left to right, one per
/// set bit of the size. Appending a leaf and computing the root need only this O(log n) state.
public struct CompactRange: Sendable, Equatable {
    /// A perfect subtree: `hash` covers leaves [index · 2^level, (index + 1) · 2^level).
    public struct Node: Sendable, Equatable {
        public let level: Int
        public let index: Int64
        /// The hash, held inline.
        public let value: InlineHash

        /// The hash as bytes.
        public var hash: TreeHash { value.bytes }
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
    /// subtree hashes (32 bytes each) that a tree of `size` leaves is made of.
    public init(size: Int64, hashAt: (_ level: Int, _ index: Int64) throws -> TreeHash) rethrows {
        self.size = size
        self.nodes = []
        var start: Int64 = 0
        for level in stride(from: 62, through: 0, by: -1) where size & (Int64(1) << level) != 0 {
            let index = start >> level
            nodes.append(Node(level: level, index: index, value: InlineHash(try hashAt(level, index))))
            start += Int64(1) << level
        }
    }

    /// Appends one leaf hash and calls `completed` for every interior node (level ≥ 1) that the
    /// append completes, bottom up.
    public mutating func append(leaf: InlineHash, completed: (Node) throws -> Void) rethrows {
        var node = Node(level: 0, index: size, value: leaf)
        while let last = nodes.last, last.level == node.level {
            nodes.removeLast()
            node = Node(level: node.level + 1, index: last.index >> 1, value: MerkleHash.node(last.value, node.value))
            try completed(node)
        }
        nodes.append(node)
        size += 1
    }

    /// Appends leaf `k` of `run`, which must be the tree's next leaf, as
    /// `append(leaf:completed:)` does, but with the hash of every completed node
    /// that lies wholly inside the run taken from it rather than computed here. The leaves before
    /// it in the run must have been appended from the run too (then the run's nodes are this
    /// tree's).
    public mutating func append(leafAt k: Int, of run: SubtreeHashes, completed: (Node) throws -> Void) rethrows {
        precondition(run.start + Int64(k) == size, "leaf \(k) of the run is not the tree's next leaf")
        var node = Node(level: 0, index: size, value: run.leaf(k))
        while let last = nodes.last, last.level == node.level {
            nodes.removeLast()
            let level = node.level + 1, index = last.index >> 1
            node = Node(level: level, index: index, value: run.node(level: level, index: index) ?? MerkleHash.node(last.value, node.value))
            try completed(node)
        }
        nodes.append(node)
        size += 1
    }

    /// Appends one leaf hash (32 bytes) and calls `completed` for every interior node it completes.
    public mutating func append(leaf: TreeHash, completed: (Node) throws -> Void) rethrows {
        try append(leaf: InlineHash(leaf), completed: completed)
    }

    /// Appends one leaf hash (32 bytes).
    public mutating func append(leaf: TreeHash) {
        append(leaf: leaf) { _ in }
    }

    /// The RFC 9162 root of the leaves appended so far.
    public var root: TreeHash {
        guard var hash = nodes.last?.value else { return MerkleHash.emptyRoot }
        for node in nodes.dropLast().reversed() {
            hash = MerkleHash.node(node.value, hash)
        }
        return hash.bytes
    }
}
