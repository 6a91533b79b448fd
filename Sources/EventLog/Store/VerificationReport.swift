import LogFormat

/// What `verify` checked and the first problem it found, if any.
public struct VerificationReport: Sendable {
    /// Where the trusted verifier key came from.
    public enum KeySource: String, Sendable {
        /// Given by the inspector (`--vkey`): the strong case.
        case given
        /// Read from the database file itself: detects accidents and naive edits, not a re-signed log.
        case database
    }

    /// A problem: the seq it concerns (when it concerns one) and what is wrong.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let seq: Int64?
        public let message: String
        /// What the problem is evidence of.
        public let kind: Kind

        /// What a problem is evidence of (docs/inspectors.md, "Reading verify's answer").
        public enum Kind: String, Sendable {
            /// The log is not what was signed: history changed, entries added outside the log,
            /// a fork, a truncation. What an inspector acts on.
            case tampering
            /// The file is damaged (SQLite's page check): an accident of the disk or of a copy.
            case damage
            /// What verify was given does not fit the log (a key or a kept checkpoint of another
            /// log, a key that is not this log's): check the input before concluding anything.
            case input
        }
        public var description: String { seq.map { "seq \($0): \(message)" } ?? message }

        /// A problem with the entry at `seq` (nil: the log as a whole), evidence of `kind`.
        public init(seq: Int64?, message: String, kind: Kind = .tampering) {
            self.seq = seq
            self.message = message
            self.kind = kind
        }
    }

    /// The log's origin.
    public var origin: String = ""
    /// Where the trusted key came from.
    public var keySource: KeySource = .database
    /// Entries read and checked.
    public var entries: Int64 = 0
    /// Stored checkpoints whose signature and root were checked.
    public var checkpoints: Int64 = 0
    /// Inspector checkpoints checked.
    public var inspectorCheckpoints: Int = 0
    /// The recomputed root of the whole log.
    public var root: TreeHash = MerkleHash.emptyRoot
    /// Seqs of the entries that carry an `author` member: the domain checks their signatures
    /// against the key registry (the store knows nothing of keys).
    public var authored = SeqSet()
    /// Those of them whose signature the ``SignedEntryCheck`` that `verify` was given found to
    /// count: the domain need not judge them again.
    public var counted = SeqSet()
    /// What is odd but possible, for the inspector to look at (an entry recorded against a rule
    /// while the rule was relaxed); never a reason to fail.
    public var notes: [Problem] = []
    /// Which pages SQLite's own page check covered.
    public var pages: PageCheck = .unread
    /// The first problem, or nil when the log verified.
    public var problem: Problem?

    /// Whether nothing was wrong.
    public var ok: Bool { problem == nil }
}
