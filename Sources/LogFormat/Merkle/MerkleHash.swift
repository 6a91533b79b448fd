import CSHA256
import Crypto

/// A 32-byte SHA-256 value: a leaf hash, an interior node hash or a root.
public typealias TreeHash = [UInt8]

/// RFC 9162 §2.1 hashing: leaves and interior nodes are domain-separated by a one-byte prefix, so
/// no leaf can pass for a node (second-preimage resistance).
public enum MerkleHash {
    /// SHA-256 of the empty string: the root of the empty tree.
    public static let emptyRoot: TreeHash = Array(SHA256.hash(data: [UInt8]()))

    private static let leafPrefix: [UInt8] = [0x00]

    /// SHA-256(0x00 ‖ entry).
    public static func leaf(_ entry: UnsafeRawBufferPointer) -> TreeHash {
        var hash: TreeHash = []
        hash.reserveCapacity(32)
        leaf(entry, appendingTo: &hash)
        return hash
    }

    /// Whether leaf and node hashes are taken with the CPU's SHA extensions (CSHA256: one call,
    /// nothing allocated) rather than through swift-crypto (a context object per hash, which
    /// `verify` noticed at two million hashes per million events). Both give the same bytes.
    static let usesSHAExtensions = auditlog_sha256_available() != 0

    /// Appends SHA-256(0x00 ‖ entry) to `hashes`: many leaf hashes in one buffer, without an
    /// allocation each.
    public static func leaf(_ entry: UnsafeRawBufferPointer, appendingTo hashes: inout [UInt8]) {
        guard usesSHAExtensions else { return portableLeaf(entry, appendingTo: &hashes) }
        let start = hashes.count
        hashes.append(contentsOf: repeatElement(0, count: 32))
        hashes.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { preconditionFailure("32 bytes were just appended") }
            auditlog_sha256_prefixed(0x00, entry.baseAddress?.assumingMemoryBound(to: UInt8.self), entry.count, base + start)
        }
    }

    /// Whether ``leaves(_:_:appendingTo:)`` is faster than two ``leaf(_:appendingTo:)`` calls:
    /// with the CPU's SHA extensions it is (about 1.6 times); through swift-crypto it is the
    /// same two calls, and a caller that holds an entry back to pair it only copies bytes.
    public static var hashesLeavesInPairs: Bool { usesSHAExtensions }

    /// Appends SHA-256(0x00 ‖ first) and then SHA-256(0x00 ‖ second) to `hashes`: the bytes of
    /// two ``leaf(_:appendingTo:)`` calls, taken together where the CPU has the SHA extensions.
    /// Why: each SHA-256 round waits on the one before, so one message leaves the unit idle
    /// between rounds; the rounds of a second, independent message fill that wait (`verify`
    /// hashes every entry).
    public static func leaves(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, appendingTo hashes: inout [UInt8]) {
        guard usesSHAExtensions else {
            portableLeaf(first, appendingTo: &hashes)
            portableLeaf(second, appendingTo: &hashes)
            return
        }
        let start = hashes.count
        hashes.append(contentsOf: repeatElement(0, count: 64))
        hashes.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { preconditionFailure("64 bytes were just appended") }
            auditlog_sha256_prefixed_pair(
                0x00, first.baseAddress?.assumingMemoryBound(to: UInt8.self), first.count, base + start,
                second.baseAddress?.assumingMemoryBound(to: UInt8.self), second.count, base + start + 32)
        }
    }

    /// ``leaf(_:appendingTo:)`` through swift-crypto.
    static func portableLeaf(_ entry: UnsafeRawBufferPointer, appendingTo hashes: inout [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: leafPrefix)
        hasher.update(bufferPointer: entry)
        hasher.finalize().withUnsafeBytes { hashes.append(contentsOf: $0) }
    }

    /// SHA-256(0x00 ‖ entry).
    public static func leaf(_ entry: [UInt8]) -> TreeHash {
        entry.withUnsafeBytes { leaf($0) }
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        // Other lengths than 32 only in the RFC 6962 hasher's test vectors.
        guard left.count == 32 && right.count == 32 else {
            var hasher = SHA256()
            hasher.update(data: [0x01])
            hasher.update(data: left)
            hasher.update(data: right)
            return Array(hasher.finalize())
        }
        return node(InlineHash(left), InlineHash(right)).bytes
    }

    /// SHA-256(0x01 ‖ left ‖ right), from the stack (`verify` hashes a node for every leaf).
    public static func node(_ left: InlineHash, _ right: InlineHash) -> InlineHash {
        guard usesSHAExtensions else { return portableNode(left, right) }
        return withUnsafeTemporaryAllocation(byteCount: 96, alignment: 8) { buffer in
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[32..<64]).copyMemory(from: $0) }
            let bytes = buffer.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { preconditionFailure("a 96-byte buffer has an address") }
            auditlog_sha256_prefixed(0x01, base, 64, base + 64)
            return InlineHash(bytes: UnsafeRawBufferPointer(rebasing: buffer[64..<96]))
        }
    }

    /// Appends the hashes of `count` interior nodes, SHA-256(0x01 ‖ left ‖ right), whose
    /// children stand in `children` as consecutive 64-byte (left, right) pairs: nodes of one level
    /// of a tree, independent of each other, so taken two at a time where the CPU has the SHA
    /// extensions (``SubtreeHashes``).
    public static func nodes(children: UnsafeRawBufferPointer, count: Int, appendingTo hashes: inout [UInt8]) {
        precondition(count >= 0 && children.count >= 64 * count, "\(count) nodes need \(64 * count) bytes of children")
        guard count > 0, let input = children.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        guard usesSHAExtensions else {
            for k in 0..<count {
                let left = InlineHash(bytes: UnsafeRawBufferPointer(rebasing: children[(64 * k)..<(64 * k + 32)]))
                let right = InlineHash(bytes: UnsafeRawBufferPointer(rebasing: children[(64 * k + 32)..<(64 * k + 64)]))
                portableNode(left, right).withUnsafeBytes { hashes.append(contentsOf: $0) }
            }
            return
        }
        let start = hashes.count
        hashes.append(contentsOf: repeatElement(0, count: 32 * count))
        hashes.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { preconditionFailure("\(32 * count) bytes were just appended") }
            let out = base + start
            var k = 0
            while k + 1 < count {
                auditlog_sha256_prefixed_pair(0x01, input + 64 * k, 64, out + 32 * k, input + 64 * (k + 1), 64, out + 32 * (k + 1))
                k += 2
            }
            if k < count { auditlog_sha256_prefixed(0x01, input + 64 * k, 64, out + 32 * k) }
        }
    }

    /// ``node(_:_:)-(InlineHash,InlineHash)`` through swift-crypto, in one update of 65 bytes.
    static func portableNode(_ left: InlineHash, _ right: InlineHash) -> InlineHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            return SHA256.hash(data: UnsafeRawBufferPointer(buffer)).withUnsafeBytes { InlineHash(bytes: $0) }
        }
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2): where RFC 9162 splits a tree.
    public static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2, "a tree of fewer than two leaves has no split")
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
