import LogFormat

extension LogEngine {
    /// ``inclusionReceipt(seq:size:)`` checked against the root its checkpoint signs before it
    /// is handed out (what `prove` prints and `append --receipts` writes): a damaged entry or
    /// Merkle node cache, which would make its path lead elsewhere, is an error instead.
    public func checkedInclusionReceipt(seq: Int64, size: Int64? = nil) throws(EventLogError) -> InclusionReceipt {
        let receipt = try inclusionReceipt(seq: seq, size: size)
        guard case .success(let signed) = SignedNote.parse(receipt.checkpointNote),
            case .success(let checkpoint) = Checkpoint.parse(text: signed.text),
            MerkleProofs.verifyInclusion(index: receipt.index, size: checkpoint.size, leaf: MerkleHash.leaf(receipt.entry),
                                         path: receipt.path, root: checkpoint.root)
        else {
            throw .io("the receipt for seq \(seq) does not lead to the root its checkpoint signs: the entry or the "
                + "Merkle node cache is damaged (run `auditlog verify`)")
        }
        return receipt
    }

    /// Calls `body` with the inclusion receipt of every event of a committed append whose entry
    /// carries an `author` member, appended or repeated by a retried line, once per event, in
    /// input order (docs/authorship.md, "Receipts for authors").
    ///
    /// Each receipt is what ``checkedInclusionReceipt(seq:size:)`` makes for the event (what
    /// `auditlog prove` prints) against the checkpoint the append signed or, when it signed none
    /// (every line was a duplicate), against the latest one; all of them against that same
    /// checkpoint, whatever is appended meanwhile. The log's errors are ``EventLogError``s;
    /// `body`'s are rethrown as they are.
    public func forEachAuthorReceipt(of summary: AppendSummary, _ body: (AppendOutcome, InclusionReceipt) throws -> Void) throws {
        guard !summary.dryRun else { throw EventLogError.invalidArgument("a dry run keeps nothing: it has no receipts") }
        let signedSize: Int64? = summary.checkpoint == nil ? nil : summary.firstSeq + Int64(summary.appended) - 1
        let size = try checkpointNote(size: signedSize).size
        // First which events are signed (one per signed line: memory grows with those only),
        // then their receipts, outside the scan, so that `body` may fail with its own errors.
        var signed: [AppendOutcome] = []
        var seen: Set<Int64> = []
        try forEachOutcome(of: summary) { outcome in
            guard !seen.contains(outcome.seq) else { return }
            var filter = LogFilter()
            filter.fromSeq = outcome.seq
            filter.toSeq = outcome.seq
            try forEachEntryBytes(matching: filter) { _, bytes in
                guard case .success(let envelope) = CanonicalScanner.scanRaw(bytes, payload: .delimited),
                    envelope.authorIsObject != nil
                else { return }
                signed.append(outcome)
                seen.insert(outcome.seq)
            }
        }
        for outcome in signed {
            try body(outcome, try checkedInclusionReceipt(seq: outcome.seq, size: size))
        }
    }
}
