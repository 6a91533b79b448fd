import Crypto
import TestSupport
import Testing

@testable import LogFormat

/// A run's subtrees hashed level by level, two nodes at a time (``SubtreeHashes``,
/// ``MerkleHash/nodes(children:count:appendingTo:)``), fold into the same tree as the leaves
/// appended one at a time: the same completed nodes, in the same order, and the same roots.
@Suite struct SubtreeHashesTests {
    static func randomHash(_ rng: inout SplitMix) -> [UInt8] { (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) } }

    @Test("property: nodes hashed together equal SHA-256(0x01 ‖ left ‖ right) each, for 0…9 nodes (odd counts end with one alone)", arguments: 0..<2)
    func nodesEqualSingles(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for count in 0...9 {
            let children = (0..<(2 * count)).flatMap { _ in Self.randomHash(&rng) }
            // Written out here rather than through MerkleHash.
            let expected = (0..<count).flatMap { k in Array(SHA256.hash(data: [0x01] + children[(64 * k)..<(64 * k + 64)])) }
            var hashes: [UInt8] = [9]
            children.withUnsafeBytes { MerkleHash.nodes(children: $0, count: count, appendingTo: &hashes) }
            #expect(hashes == [9] + expected, "\(count) nodes")
        }
    }

    @Test("property: a run from any start, of any length, folds as its leaves appended one at a time", arguments: 0..<3)
    func runFoldsAsLeaves(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var cases: [(start: Int, count: Int)] = [(0, 0), (0, 1), (0, 4096), (4096, 4096), (1, 1), (3, 5), (7, 9), (8, 8), (0, 257)]
        for _ in 0..<60 { cases.append((Int.random(in: 0...300, using: &rng), Int.random(in: 0...300, using: &rng))) }
        for (start, count) in cases {
            var reference = CompactRange()
            for _ in 0..<start { reference.append(leaf: Self.randomHash(&rng)) }
            var folded = reference
            let leaves = (0..<count).flatMap { _ in Self.randomHash(&rng) }
            let run = SubtreeHashes(start: Int64(start), leaves: leaves)
            #expect(run.count == count)
            var expectedNodes: [CompactRange.Node] = [], foldedNodes: [CompactRange.Node] = []
            for k in 0..<count {
                reference.append(leaf: Array(leaves[(32 * k)..<(32 * k + 32)])) { expectedNodes.append($0) }
                folded.append(leafAt: k, of: run) { foldedNodes.append($0) }
                #expect(folded.root == reference.root, "start \(start), leaf \(k)")
            }
            #expect(foldedNodes == expectedNodes, "start \(start), count \(count)")
            #expect(folded == reference, "start \(start), count \(count)")
        }
    }

    @Test("a run holds exactly the nodes whose leaves all lie in it")
    func nodesInsideTheRun() {
        var rng = SplitMix(seed: 7)
        // Leaves 3..<13: level 1 holds nodes 2...5 (leaves 4..<12), level 2 nodes 1...2 (4..<12),
        // level 3 none (node 0 needs leaf 0, node 1 leaves up to 15).
        let run = SubtreeHashes(start: 3, leaves: (0..<10).flatMap { _ in Self.randomHash(&rng) })
        #expect(run.node(level: 1, index: 1) == nil && run.node(level: 1, index: 6) == nil)
        #expect((2...5).allSatisfy { run.node(level: 1, index: $0) != nil })
        #expect(run.node(level: 2, index: 0) == nil && run.node(level: 2, index: 3) == nil)
        #expect((1...2).allSatisfy { run.node(level: 2, index: $0) != nil })
        #expect(run.node(level: 3, index: 0) == nil && run.node(level: 3, index: 1) == nil)
        #expect(run.node(level: 0, index: 3) == nil)
        // Node (2, 1) is SHA-256(0x01 ‖ node(1, 2) ‖ node(1, 3)).
        let left = run.node(level: 1, index: 2)!.bytes, right = run.node(level: 1, index: 3)!.bytes
        #expect(run.node(level: 2, index: 1)!.bytes == Array(SHA256.hash(data: [0x01] + left + right)))
    }
}
