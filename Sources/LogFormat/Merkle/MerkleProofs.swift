/// RFC 9162 §2.1 proof generation over any source of perfect-subtree hashes, and proof verification.
public enum MerkleProofs {
    /// Returns the hash of the perfect subtree at (level, index); level 0 is a leaf hash.
    public typealias PerfectHash = (_ level: Int, _ index: Int64) throws -> TreeHash

    /// MTH(D[start..<end]) from perfect-subtree hashes, O(log n) lookups for the ranges the RFC
    /// recursion produces.
    public static func rangeHash(_ start: Int64, _ end: Int64, _ perfect: PerfectHash) throws -> TreeHash {
        let n = end - start
        precondition(n >= 1, "empty range")
        if n & (n - 1) == 0 && start % n == 0 {
            return try perfect(n.trailingZeroBitCount, start / n)
        }
        let k = MerkleHash.split(n)
        return MerkleHash.node(try rangeHash(start, start + k, perfect), try rangeHash(start + k, end, perfect))
    }

    /// The hash of perfect subtree (level, index) made from its 2^level leaf hashes, in order;
    /// nil unless there are that many, each of 32 bytes. How a node below
    /// ``Limits/lowestCachedTreeLevel``, which the node cache does not hold, is found.
    public static func perfectHash(level: Int, fromLeaves leaves: [TreeHash]) -> TreeHash? {
        precondition(level >= 0 && level < Limits.lowestCachedTreeLevel, "level \(level) is read from the node cache")
        guard leaves.count == 1 << level, leaves.allSatisfy({ $0.count == 32 }) else { return nil }
        var hashes = leaves
        while hashes.count > 1 {
            hashes = stride(from: 0, to: hashes.count, by: 2).map { MerkleHash.node(hashes[$0], hashes[$0 + 1]) }
        }
        return hashes[0]
    }

    /// The root of a tree of `size` leaves.
    public static func root(size: Int64, _ perfect: PerfectHash) throws -> TreeHash {
        size == 0 ? MerkleHash.emptyRoot : try rangeHash(0, size, perfect)
    }

    /// PATH(m, D[0:n]) of RFC 9162 §2.1.3.1, leaf sibling first.
    public static func inclusionPath(index: Int64, size: Int64, _ perfect: PerfectHash) throws -> [TreeHash] {
        precondition(index >= 0 && index < size, "leaf index outside the tree")
        var path: [TreeHash] = []
        try inclusion(index, 0, size, perfect, &path)
        return path
    }

    private static func inclusion(
        _ m: Int64, _ start: Int64, _ end: Int64, _ perfect: PerfectHash, _ path: inout [TreeHash]
    ) throws {
        let n = end - start
        guard n > 1 else { return }
        let k = MerkleHash.split(n)
        if m < k {
            try inclusion(m, start, start + k, perfect, &path)
            path.append(try rangeHash(start + k, end, perfect))
        } else {
            try inclusion(m - k, start + k, end, perfect, &path)
            path.append(try rangeHash(start, start + k, perfect))
        }
    }

    /// PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1 for 0 < m ≤ n (empty when m == n).
    public static func consistencyProof(from m: Int64, to n: Int64, _ perfect: PerfectHash) throws -> [TreeHash] {
        precondition(m > 0 && m <= n, "consistency needs 0 < m <= n")
        var proof: [TreeHash] = []
        if m < n { try subproof(m, 0, n, true, perfect, &proof) }
        return proof
    }

    private static func subproof(
        _ m: Int64, _ start: Int64, _ end: Int64, _ complete: Bool, _ perfect: PerfectHash, _ proof: inout [TreeHash]
    ) throws {
        let n = end - start
        if m == n {
            if !complete { proof.append(try rangeHash(start, end, perfect)) }
            return
        }
        let k = MerkleHash.split(n)
        if m <= k {
            try subproof(m, start, start + k, complete, perfect, &proof)
            proof.append(try rangeHash(start + k, end, perfect))
        } else {
            try subproof(m - k, start + k, end, false, perfect, &proof)
            proof.append(try rangeHash(start, start + k, perfect))
        }
    }

    /// RFC 9162 §2.1.3.2: whether `path` proves leaf `index` with hash `leaf` in the tree of
    /// `size` leaves with root `root`.
    public static func verifyInclusion(index: Int64, size: Int64, leaf: TreeHash, path: [TreeHash], root: TreeHash) -> Bool {
        guard index >= 0, index < size, leaf.count == 32, root.count == 32 else { return false }
        var fn = index, sn = size - 1
        var r = leaf
        for p in path {
            guard p.count == 32, sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `size2` leaves with root `root2`
    /// extends the tree of `size1` leaves with root `root1`. Size 0 is refused (a proof from the
    /// empty tree is meaningless; callers handle it); equal sizes need an empty proof and equal roots.
    public static func verifyConsistency(
        size1: Int64, size2: Int64, root1: TreeHash, root2: TreeHash, proof: [TreeHash]
    ) -> Bool {
        guard size1 > 0, size1 <= size2, root1.count == 32, root2.count == 32 else { return false }
        if size1 == size2 { return proof.isEmpty && root1 == root2 }
        guard !proof.isEmpty, proof.allSatisfy({ $0.count == 32 }) else { return false }
        var path = proof
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }
        var fn = size1 - 1, sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == root1 && sr == root2 && sn == 0
    }
}
