import Testing

@testable import EventLog

/// The bitmap of seqs `verify` hands the domain, against a `Set` of the same seqs.
@Suite struct SeqSetTests {
    @Test("membership, count, ascending order and equality agree with a Set on random seqs")
    func agreesWithSet() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let limit = Int64.random(in: 1...2_000, using: &generator)
            let seqs = (0..<Int.random(in: 0...300, using: &generator)).map { _ in Int64.random(in: 1...limit, using: &generator) }
            var bits = SeqSet()
            for seq in seqs { bits.insert(seq) }
            let reference = Set(seqs)
            #expect(bits.count == reference.count && bits.isEmpty == reference.isEmpty)
            #expect(Array(bits) == reference.sorted())
            #expect(bits.first == reference.min())
            for probe in -1...(limit + 65) { #expect(bits.contains(probe) == reference.contains(probe)) }
            #expect(bits == SeqSet(reference.sorted().reversed()))
        }
    }
}
