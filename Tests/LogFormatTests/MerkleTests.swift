import CSHA256
import Crypto
import TestSupport
import Testing

@testable import LogFormat

/// RFC 9162 §2.1: known answers from transparency-dev/merkle, and the production tree compared
/// with a literal recursive reference for every size up to 256.
@Suite struct MerkleTests {
    static let leafInputs: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"].map { Hex.decode($0)! }
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    static let leafHashes = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ]
    // Abbreviated names of the nodes of RFC 9162's example tree.
    static let n01 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
    static let n23 = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
    static let n45 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
    static let n67 = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
    static let n03 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
    static let n47 = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
    static let l46 = "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"

    @Test("leaf hashes and the RFC 6962 hasher KATs")
    func leafAndHasherKATs() {
        for (i, input) in Self.leafInputs.enumerated() {
            #expect(Hex.encode(MerkleHash.leaf(input)) == Self.leafHashes[i])
        }
        #expect(Hex.encode(MerkleHash.leaf(Array("L123456".utf8)))
            == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
        #expect(Hex.encode(MerkleHash.node(Array("N123".utf8), Array("N456".utf8)))
            == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")
        #expect(Hex.encode(MerkleHash.emptyRoot) == Self.roots[0])
    }

    @Test("roots for sizes 0...8, from the frontier and from the node source")
    func rootKATs() throws {
        var range = CompactRange()
        #expect(Hex.encode(range.root) == Self.roots[0])
        for (i, input) in Self.leafInputs.enumerated() {
            range.append(leaf: MerkleHash.leaf(input))
            #expect(Hex.encode(range.root) == Self.roots[i + 1])
            let tree = ReferenceTree(leaves: Array(Self.leafInputs[0...i]))
            #expect(Hex.encode(try MerkleProofs.root(size: Int64(i + 1), tree.perfect)) == Self.roots[i + 1])
        }
    }

    @Test("a subtree below the cached levels is hashed from its leaves: the roots of 1, 2, 4 and 8 leaves")
    func perfectHashFromLeaves() {
        let leaves = Self.leafInputs.map { MerkleHash.leaf($0) }
        for level in 0..<Limits.lowestCachedTreeLevel {
            let hash = MerkleProofs.perfectHash(level: level, fromLeaves: Array(leaves[0..<(1 << level)]))
            #expect(hash.map(Hex.encode) == Self.roots[1 << level])
        }
        // Too few or too many leaves, or a leaf hash of another length: no hash.
        #expect(MerkleProofs.perfectHash(level: 2, fromLeaves: Array(leaves[0..<3])) == nil)
        #expect(MerkleProofs.perfectHash(level: 1, fromLeaves: Array(leaves[0..<4])) == nil)
        #expect(MerkleProofs.perfectHash(level: 1, fromLeaves: [leaves[0], Array(leaves[1].dropLast())]) == nil)
    }

    @Test("compact ranges (frontier) for sizes 0...8")
    func compactRangeKATs() {
        let expected: [[String]] = [
            [], [Self.leafHashes[0]], [Self.n01], [Self.n01, Self.leafHashes[2]], [Self.n03],
            [Self.n03, Self.leafHashes[4]], [Self.n03, Self.n45], [Self.n03, Self.n45, Self.leafHashes[6]],
            [Self.roots[8]],
        ]
        var range = CompactRange()
        #expect(range.nodes.map { Hex.encode($0.hash) } == expected[0])
        for (i, input) in Self.leafInputs.enumerated() {
            range.append(leaf: MerkleHash.leaf(input))
            #expect(range.nodes.map { Hex.encode($0.hash) } == expected[i + 1])
        }
    }

    @Test("inclusion proof vectors (RFC 9162 example tree)")
    func inclusionKATs() throws {
        let cases: [(Int64, Int64, [String])] = [
            (0, 1, []),
            (0, 8, [Self.leafHashes[1], Self.n23, Self.n47]),
            (5, 8, [Self.leafHashes[4], Self.n67, Self.n03]),
            (2, 3, [Self.n01]),
            (1, 5, [Self.leafHashes[0], Self.n23, Self.leafHashes[4]]),
            (3, 7, [Self.leafHashes[2], Self.n01, Self.l46]),
            (4, 7, [Self.leafHashes[5], Self.leafHashes[6], Self.n03]),
            (6, 7, [Self.n45, Self.n03]),
            (7, 8, [Self.leafHashes[6], Self.n45, Self.n03]),
        ]
        for (index, size, expected) in cases {
            let tree = ReferenceTree(leaves: Array(Self.leafInputs[0..<Int(size)]))
            let path = try MerkleProofs.inclusionPath(index: index, size: size, tree.perfect)
            #expect(path.map(Hex.encode) == expected, "leaf \(index) of \(size)")
            #expect(MerkleProofs.verifyInclusion(index: index, size: size, leaf: Hex.decode(Self.leafHashes[Int(index)])!,
                                                 path: path, root: Hex.decode(Self.roots[Int(size)])!))
        }
    }

    @Test("consistency proof vectors (RFC 9162 example tree)")
    func consistencyKATs() throws {
        let cases: [(Int64, Int64, [String])] = [
            (1, 1, []),
            (1, 8, [Self.leafHashes[1], Self.n23, Self.n47]),
            (6, 8, [Self.n45, Self.n67, Self.n03]),
            (2, 5, [Self.n23, Self.leafHashes[4]]),
            (6, 7, [Self.n45, Self.leafHashes[6], Self.n03]),
            (3, 7, [Self.leafHashes[2], Self.leafHashes[3], Self.n01, Self.l46]),
            (4, 7, [Self.l46]),
            (4, 8, [Self.n47]),
            (5, 8, [Self.leafHashes[4], Self.leafHashes[5], Self.n67, Self.n03]),
        ]
        for (m, n, expected) in cases {
            let tree = ReferenceTree(leaves: Array(Self.leafInputs[0..<Int(n)]))
            let proof = try MerkleProofs.consistencyProof(from: m, to: n, tree.perfect)
            #expect(proof.map(Hex.encode) == expected, "\(m) -> \(n)")
            #expect(MerkleProofs.verifyConsistency(size1: m, size2: n, root1: Hex.decode(Self.roots[Int(m)])!,
                                                   root2: Hex.decode(Self.roots[Int(n)])!, proof: proof))
        }
    }

    @Test("production tree == literal RFC recursion, for every size up to 256 and every pair of sizes")
    func productionMatchesReference() throws {
        let leaves = (0..<256).map { i in Array("leaf \(i) \(String(repeating: "x", count: i % 7))".utf8) }
        let tree = ReferenceTree(leaves: leaves)
        var range = CompactRange()
        var nodes: [[Int64: TreeHash]] = Array(repeating: [:], count: 10)
        for n in 1...256 {
            range.append(leaf: MerkleHash.leaf(leaves[n - 1])) { node in nodes[node.level][node.index] = node.hash }
            let reference = tree.mth(0, n)
            #expect(range.root == reference)
            // The node cache as the store keeps it (leaf hashes at level 0, completed nodes above).
            let cache: MerkleProofs.PerfectHash = { level, index in
                level == 0 ? MerkleHash.leaf(leaves[Int(index)]) : nodes[level][index]!
            }
            #expect(try MerkleProofs.root(size: Int64(n), cache) == reference)
            #expect(try CompactRange(size: Int64(n), hashAt: cache) == range)
            for m in 0..<n {
                let path = try MerkleProofs.inclusionPath(index: Int64(m), size: Int64(n), cache)
                #expect(path == tree.path(m, 0, n))
                #expect(MerkleProofs.verifyInclusion(index: Int64(m), size: Int64(n), leaf: MerkleHash.leaf(leaves[m]),
                                                     path: path, root: reference))
                guard m > 0 else { continue }
                let proof = try MerkleProofs.consistencyProof(from: Int64(m), to: Int64(n), cache)
                #expect(proof == tree.proof(m, n))
                #expect(MerkleProofs.verifyConsistency(size1: Int64(m), size2: Int64(n), root1: tree.mth(0, m),
                                                       root2: reference, proof: proof))
            }
        }
    }

    @Test("every single mutation of a valid proof fails (S22), for many sizes", arguments: [2, 3, 7, 8, 13, 64, 100, 255])
    func mutatedProofsFail(n: Int) throws {
        let leaves = (0..<n).map { Array("m\($0)".utf8) }
        let tree = ReferenceTree(leaves: leaves)
        let root = tree.mth(0, n)
        for m in stride(from: 0, to: n, by: max(1, n / 9)) {
            let leaf = MerkleHash.leaf(leaves[m])
            let path = tree.path(m, 0, n)
            let i = Int64(m), size = Int64(n)
            for mutated in Self.mutations(path) {
                #expect(!MerkleProofs.verifyInclusion(index: i, size: size, leaf: leaf, path: mutated, root: root))
            }
            #expect(!MerkleProofs.verifyInclusion(index: i + 1, size: size, leaf: leaf, path: path, root: root))
            if m > 0 { #expect(!MerkleProofs.verifyInclusion(index: i - 1, size: size, leaf: leaf, path: path, root: root)) }
            #expect(!MerkleProofs.verifyInclusion(index: i ^ 2, size: size, leaf: leaf, path: path, root: root) || (i ^ 2) == i)
            #expect(!MerkleProofs.verifyInclusion(index: i, size: size * 2, leaf: leaf, path: path, root: root))
            #expect(!MerkleProofs.verifyInclusion(index: i, size: size, leaf: MerkleHash.leaf([1]), path: path, root: root))
            #expect(!MerkleProofs.verifyInclusion(index: i, size: size, leaf: leaf, path: path, root: MerkleHash.emptyRoot))
            #expect(!MerkleProofs.verifyInclusion(index: size, size: size, leaf: leaf, path: path, root: root))
            guard m > 0 else { continue }
            let proof = tree.proof(m, n)
            let old = tree.mth(0, m)
            for mutated in Self.mutations(proof) {
                #expect(!MerkleProofs.verifyConsistency(size1: i, size2: size, root1: old, root2: root, proof: mutated))
            }
            #expect(!MerkleProofs.verifyConsistency(size1: i, size2: size, root1: root, root2: old, proof: proof))
            #expect(!MerkleProofs.verifyConsistency(size1: size, size2: i, root1: root, root2: old, proof: proof))
            #expect(!MerkleProofs.verifyConsistency(size1: 0, size2: size, root1: MerkleHash.emptyRoot, root2: root, proof: proof))
        }
        #expect(!MerkleProofs.verifyConsistency(size1: Int64(n), size2: Int64(n), root1: root, root2: root, proof: [root]))
    }

    @Test("S23: a 64-byte leaf equal to an interior node's children does not hash like the node")
    func secondPreimage() {
        let left = MerkleHash.leaf([0]), right = MerkleHash.leaf([1])
        #expect(MerkleHash.leaf(left + right) != MerkleHash.node(left, right))
    }

    @Test("inline hashes: bytes round-trip, equality is byte equality, nodes are SHA-256(0x01 ‖ left ‖ right)", arguments: 0..<4)
    func inlineHashes(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for _ in 0..<200 {
            let a = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let b = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(InlineHash(a).bytes == a)
            #expect(InlineHash(a) == InlineHash(Array(a)))
            // Any one byte changed, in any of the four words, makes another hash.
            var changed = a
            changed[Int.random(in: 0..<32, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            #expect(InlineHash(changed) != InlineHash(a))
            // Against SHA-256 of the concatenation, written out here rather than through MerkleHash.
            let expected = Array(SHA256.hash(data: [0x01] + a + b))
            #expect(MerkleHash.node(InlineHash(a), InlineHash(b)).bytes == expected)
            #expect(MerkleHash.node(a, b) == expected)
        }
    }

    @Test("CSHA256 against the FIPS 180-2 examples (the first byte as the prefix)")
    func shaExtensionKATs() {
        // Where the CPU lacks the SHA extensions the C code is never called (MerkleHash uses
        // swift-crypto), and there is nothing of it to check.
        guard MerkleHash.usesSHAExtensions else { return }
        func sha(_ text: String) -> String {
            let bytes = Array(text.utf8)
            var out = [UInt8](repeating: 0, count: 32)
            Array(bytes.dropFirst()).withUnsafeBufferPointer { rest in
                auditlog_sha256_prefixed(bytes[0], rest.baseAddress, rest.count, &out)
            }
            return Hex.encode(out)
        }
        #expect(sha("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("property: leaf and node hashes equal swift-crypto's SHA-256 for every length up to 300 and random longer inputs", arguments: 0..<4)
    func hashesMatchSwiftCrypto(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let lengths = Array(0...300) + (0..<40).map { _ in Int.random(in: 301...70_000, using: &rng) }
        for length in lengths {
            let entry = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = Array(SHA256.hash(data: [0x00] + entry))
            #expect(MerkleHash.leaf(entry) == expected, "length \(length)")
            var portable: [UInt8] = []
            entry.withUnsafeBytes { MerkleHash.portableLeaf($0, appendingTo: &portable) }
            #expect(portable == expected, "length \(length)")
        }
        for _ in 0..<200 {
            let a = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let b = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = Array(SHA256.hash(data: [0x01] + a + b))
            #expect(MerkleHash.portableNode(InlineHash(a), InlineHash(b)).bytes == expected)
            #expect(MerkleHash.node(InlineHash(a), InlineHash(b)).bytes == expected)
        }
    }

    /// Each single-element mutation of a proof: a flipped bit per element, an element removed,
    /// an element added at either end, the root-like garbage prepended.
    static func mutations(_ proof: [TreeHash]) -> [[TreeHash]] {
        var out: [[TreeHash]] = []
        for i in proof.indices {
            var flipped = proof
            flipped[i][0] ^= 8
            out.append(flipped)
            var removed = proof
            removed.remove(at: i)
            out.append(removed)
        }
        out.append(proof + [MerkleHash.emptyRoot])
        out.append([MerkleHash.emptyRoot] + proof)
        out.append(proof + [[UInt8]()])
        return out
    }
}
