/// A look at one signed entry (one with an `author` member) that `verify` runs on the threads
/// that read the entries, given by the domain, which knows the key registry (the store does not):
/// true when the entry's signature certainly counts, so that the domain need not judge the entry
/// again as it replays the log in seq order; false when it must (the replay then says what is
/// wrong, or finds that the signature counts after all). Called with the entry's seq and its
/// stored bytes, which the scan has found canonical.
public typealias SignedEntryCheck = @Sendable (_ seq: Int64, _ entry: UnsafeRawBufferPointer) -> Bool
