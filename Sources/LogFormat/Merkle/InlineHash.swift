/// A 32-byte tree hash held inline, in four words: folding a million leaves into a tree (as
/// `verify` does) then allocates nothing per node, where a ``TreeHash`` array would allocate
/// and free one each.
public struct InlineHash: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash in `bytes`, which must be 32 bytes long (a SHA-256 output).
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a tree hash is 32 bytes")
        words = (
            bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// `hash`, which must be 32 bytes long.
    public init(_ hash: TreeHash) {
        self = hash.withUnsafeBytes { InlineHash(bytes: $0) }
    }

    /// Calls `body` with the 32 bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// The 32 bytes as a ``TreeHash``.
    public var bytes: TreeHash { withUnsafeBytes { Array($0) } }

    public static func == (a: InlineHash, b: InlineHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }
}
