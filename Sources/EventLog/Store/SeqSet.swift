/// A set of seqs (1 and up), one bit each: what `verify` hands the domain about the signed
/// entries it read. A log of ten million entries takes 1.2 MB whatever the number of them in
/// the set, where an array of them would take 80 MB.
public struct SeqSet: Sendable, Equatable, Sequence {
    /// Bit `(seq - 1) % 64` of word `(seq - 1) / 64` is set when `seq` is in the set; the last
    /// word holds the largest seq (nothing is removed), so equal sets have equal words.
    private var words: [UInt64] = []
    /// Number of seqs in the set.
    public private(set) var count = 0

    /// An empty set.
    public init() {}

    /// A set of `seqs`.
    public init(_ seqs: some Sequence<Int64>) {
        for seq in seqs { insert(seq) }
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { count == 0 }

    /// The smallest seq in the set.
    public var first: Int64? {
        var iterator = makeIterator()
        return iterator.next()
    }

    /// Adds `seq` (1 or more).
    public mutating func insert(_ seq: Int64) {
        precondition(seq >= 1, "a seq is 1 or more")
        let (word, bit) = Self.place(seq)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        let mask: UInt64 = 1 << bit
        if words[word] & mask == 0 {
            words[word] |= mask
            count += 1
        }
    }

    /// Whether `seq` is in the set.
    public func contains(_ seq: Int64) -> Bool {
        guard seq >= 1 else { return false }
        let (word, bit) = Self.place(seq)
        return word < words.count && words[word] & (1 << bit) != 0
    }

    private static func place(_ seq: Int64) -> (word: Int, bit: UInt64) {
        (Int((seq - 1) / 64), UInt64((seq - 1) % 64))
    }

    /// The seqs in ascending order.
    public struct Iterator: IteratorProtocol {
        fileprivate let words: [UInt64]
        fileprivate var word = 0
        fileprivate var rest: UInt64

        public mutating func next() -> Int64? {
            while rest == 0 {
                word += 1
                guard word < words.count else { return nil }
                rest = words[word]
            }
            let bit = rest.trailingZeroBitCount
            rest &= rest - 1
            return Int64(word) * 64 + Int64(bit) + 1
        }
    }

    public func makeIterator() -> Iterator { Iterator(words: words, rest: words.first ?? 0) }
}
