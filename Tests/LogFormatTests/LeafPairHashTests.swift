import CSHA256
import Crypto
import TestSupport
import Testing

@testable import LogFormat

/// Two leaves hashed together (``MerkleHash/leaves(_:_:appendingTo:)``, `auditlog_sha256_prefixed_pair`)
/// give the bytes of two RFC 9162 leaf hashes, SHA-256(0x00 ‖ entry), taken one at a time.
@Suite struct LeafPairHashTests {
    /// SHA-256(0x00 ‖ entry) through swift-crypto, written out here rather than through MerkleHash.
    static func expectedLeaf(_ entry: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: [0x00] + entry)) }

    static func random(_ count: Int, _ rng: inout SplitMix) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Pairs of lengths: every length 0…300 beside a random one of 0…300 (both orders, so that
    /// either message may be the longer and the block counts differ by 0, 1 or several), beside
    /// itself, and random lengths up to 65,535.
    static func lengthPairs(_ rng: inout SplitMix) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for a in 0...300 {
            let b = Int.random(in: 0...300, using: &rng)
            pairs += [(a, b), (b, a), (a, a)]
        }
        for _ in 0..<30 {
            pairs.append((Int.random(in: 0...65_535, using: &rng), Int.random(in: 0...65_535, using: &rng)))
            pairs.append((Int.random(in: 0...300, using: &rng), Int.random(in: 301...65_535, using: &rng)))
        }
        pairs += [(65_535, 0), (0, 65_535), (65_535, 65_535), (55, 56), (62, 63), (63, 64), (118, 119), (119, 120)]
        return pairs
    }

    @Test("property: two leaves hashed together equal two SHA-256(0x00 ‖ entry), every length 0…300 and random up to 65,535", arguments: 0..<4)
    func pairEqualsTwoSingles(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for (lengthA, lengthB) in Self.lengthPairs(&rng) {
            let a = Self.random(lengthA, &rng), b = Self.random(lengthB, &rng)
            var both: [UInt8] = [1, 2, 3]  // appended after what the buffer held
            a.withUnsafeBytes { ra in b.withUnsafeBytes { rb in MerkleHash.leaves(ra, rb, appendingTo: &both) } }
            #expect(both == [1, 2, 3] + Self.expectedLeaf(a) + Self.expectedLeaf(b), "lengths \(lengthA), \(lengthB)")
        }
    }

    @Test("property: the C pair function equals two calls of the single one, with any prefix byte", arguments: 0..<2)
    func cPairEqualsCSingles(seed: UInt64) {
        // Where the CPU lacks the SHA extensions the C code is never called.
        guard MerkleHash.usesSHAExtensions else { return }
        var rng = SplitMix(seed: seed)
        for (lengthA, lengthB) in Self.lengthPairs(&rng) {
            let a = Self.random(lengthA, &rng), b = Self.random(lengthB, &rng)
            let prefix = UInt8.random(in: 0...255, using: &rng)
            var pairA = [UInt8](repeating: 0, count: 32), pairB = pairA, singleA = pairA, singleB = pairA
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    auditlog_sha256_prefixed_pair(prefix, pa.baseAddress, pa.count, &pairA, pb.baseAddress, pb.count, &pairB)
                    auditlog_sha256_prefixed(prefix, pa.baseAddress, pa.count, &singleA)
                    auditlog_sha256_prefixed(prefix, pb.baseAddress, pb.count, &singleB)
                }
            }
            #expect(pairA == singleA && pairB == singleB, "lengths \(lengthA), \(lengthB)")
            #expect(pairA == Array(SHA256.hash(data: [prefix] + a)), "lengths \(lengthA), \(lengthB)")
        }
    }

    @Test("CSHA256's pair against the FIPS 180-2 examples (the first byte, 'a' in both, as the prefix)")
    func pairKnownAnswers() {
        guard MerkleHash.usesSHAExtensions else { return }
        let abc = Array("abc".utf8), long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var outA = [UInt8](repeating: 0, count: 32), outB = outA
        Array(abc.dropFirst()).withUnsafeBufferPointer { a in
            Array(long.dropFirst()).withUnsafeBufferPointer { b in
                auditlog_sha256_prefixed_pair(abc[0], a.baseAddress, a.count, &outA, b.baseAddress, b.count, &outB)
            }
        }
        #expect(Hex.encode(outA) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(outB) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
