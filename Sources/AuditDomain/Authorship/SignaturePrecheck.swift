import EventLog
import LogFormat

/// The look `verify` takes at each signed entry on the threads that read the log, before the
/// authorship replay in seq order (``AuthorshipCheck``): whether the entry's signature certainly
/// counts. It does what the replay does for such an entry (the payload read by the catalogue, the
/// signature verified with the key it names) with the key registry of the whole log, which gives
/// the replay's answer whenever the key was registered before the entry and not revoked before
/// it: a key, once registered, never changes, and a later registration or revocation counts only
/// from its own seq. An entry whose type the replay treats apart (the registry's, the rules', the
/// successor links', task assignments, a type any rule names) is left to the replay, as is any
/// entry this look does not find sound: the replay then says what is wrong, in its own words.
struct SignaturePrecheck: Sendable {
    /// Every key the log registers, with its revocation, if any.
    private let registry: SignerRegistry
    /// The same keys, parsed once each.
    private let keys: SignatureKeys
    /// The types left to the replay.
    private let replayed: Set<String>
    /// Seconds east of UTC of the log's time zone (the day a key becomes valid is the log's).
    private let zone: Int

    /// The precheck for `store`, or nil for a log without the catalogue (whose signed entries
    /// never count). The registry and the rules are read through the type index.
    static func load(_ store: any LogEngine) throws(DomainError) -> SignaturePrecheck? {
        guard store.meta.catalogue == LogMeta.domainCatalogue else { return nil }
        let registry = try SignerRegistry.load(store, knownAt: nil)
        var replayed = Set(SignerRegistry.types + AuthorshipRules.types + AuthorshipLinks.types + [TaskAssigned.type])
        let named = try DomainError.reading { () throws(EventLogError) in
            try store.withReadTransaction { session in Set(try AuthorshipRules.ruleSets(session.log).map(\.eventType)) }
        }
        if !named.isEmpty { replayed.formUnion(named.union([EventCorrected.type, EventRetracted.type])) }
        return SignaturePrecheck(registry: registry, keys: SignatureKeys(registry), replayed: replayed, zone: store.zoneOffsetSeconds)
    }

    /// Whether the signature of the entry at `seq`, stored as `bytes`, certainly counts.
    func counts(seq: Int64, entry bytes: UnsafeRawBufferPointer) -> Bool {
        guard let entry = try? Entry(seq: seq, bytes: Array(bytes)) else { return false }
        let logged = LoggedEvent(entry)
        guard !replayed.contains(logged.type), (try? EventCatalogue.read(type: logged.type, payload: logged.payload)) != nil,
            let member = entry.value["author"], let author = try? AuthorSignature(member, line: nil),
            let key = registry.key(signer: author.signer, keyID: author.keyIDText), key.registeredSeq < seq,
            key.revoked.map({ $0.seq >= seq }) ?? true,
            let recorded = Instant(rfc3339: entry.recordedAt), key.validFrom <= CivilDate(of: recorded, zoneOffsetSeconds: zone),
            let (_, verifier) = keys.key(signer: author.signer, keyID: author.keyIDText)
        else { return false }
        return author.verifies(AuthorSignature.signedBytes(of: entry.value), with: verifier)
    }

    /// `counts(seq:entry:)` as the store's ``SignedEntryCheck``.
    var check: SignedEntryCheck { { seq, bytes in counts(seq: seq, entry: bytes) } }
}
