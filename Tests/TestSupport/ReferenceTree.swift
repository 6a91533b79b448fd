import Crypto
import LogFormat

/// The RFC 9162 §2.1 definitions written literally (recursion over the leaf list), used only to
/// check the production code.
public struct ReferenceTree {
    /// The entries, in log order.
    public let leaves: [[UInt8]]
    /// Results of `mth`, remembered so that comparing every pair of sizes stays fast; the
    /// recursion itself is the RFC's.
    private final class Memo { var hashes: [Int: TreeHash] = [:] }
    private let memo = Memo()

    /// The tree over `leaves`.
    public init(leaves: [[UInt8]]) { self.leaves = leaves }

    /// MTH(D[start:end]): the root of the leaves in `start..<end`.
    public func mth(_ start: Int, _ end: Int) -> TreeHash {
        if let known = memo.hashes[start << 32 | end] { return known }
        let n = end - start
        let hash: TreeHash
        if n == 0 {
            hash = MerkleHash.emptyRoot
        } else if n == 1 {
            hash = MerkleHash.leaf(leaves[start])
        } else {
            var k = 1
            while k * 2 < n { k *= 2 }
            // SHA-256(0x01 ‖ left ‖ right), not MerkleHash.node: the reference stands apart.
            hash = Array(SHA256.hash(data: [0x01] + mth(start, start + k) + mth(start + k, end)))
        }
        memo.hashes[start << 32 | end] = hash
        return hash
    }

    /// PATH(m, D[start:end]): the inclusion proof of leaf `m` (counted from `start`).
    public func path(_ m: Int, _ start: Int, _ end: Int) -> [TreeHash] {
        let n = end - start
        if n <= 1 { return [] }
        var k = 1
        while k * 2 < n { k *= 2 }
        return m < k ? path(m, start, start + k) + [mth(start + k, end)] : path(m - k, start + k, end) + [mth(start, start + k)]
    }

    /// PROOF(m, D[0:n]): the consistency proof from size `m` to size `n`.
    public func proof(_ m: Int, _ n: Int) -> [TreeHash] { subproof(m, 0, n, true) }

    private func subproof(_ m: Int, _ start: Int, _ end: Int, _ complete: Bool) -> [TreeHash] {
        let n = end - start
        if m == n { return complete ? [] : [mth(start, end)] }
        var k = 1
        while k * 2 < n { k *= 2 }
        return m <= k
            ? subproof(m, start, start + k, complete) + [mth(start + k, end)]
            : subproof(m - k, start + k, end, false) + [mth(start, start + k)]
    }

    /// The hash of each perfect subtree, as the production proofs ask for it.
    public var perfect: MerkleProofs.PerfectHash {
        { level, index in mth(Int(index) << level, (Int(index) + 1) << level) }
    }
}
