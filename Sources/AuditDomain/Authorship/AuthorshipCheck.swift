import EventLog
import LogFormat

/// `verify` with the authors' signatures: the store's checks, then every entry that carries an
/// `author` judged against the key registry as it stood just before it (docs/authorship.md, "In
/// verify"). The store finds the signed entries while it checks the bytes, and checks most of
/// their signatures on its reading threads (``SignaturePrecheck``); the registry is the domain's.
public enum AuthorshipCheck {
    /// The store's verification of `store`, and, when it finds nothing wrong, the first entry
    /// whose authorship does not hold (``firstProblem(_:authored:counted:)``) as the report's
    /// problem.
    public static func verify(
        _ store: any LogEngine, trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck,
        progress: (Int64) -> Void = { _ in }
    ) throws(DomainError) -> VerificationReport {
        try verify(store, trustedKey: trustedKey, inspectorCheckpoints: inspectorCheckpoints, pages: pages, prechecked: true,
                   progress: progress)
    }

    /// ``verify(_:trustedKey:inspectorCheckpoints:pages:progress:)``; without `prechecked`,
    /// every signed entry is judged by the replay alone (what tests compare it with).
    static func verify(
        _ store: any LogEngine, trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck,
        prechecked: Bool, progress: (Int64) -> Void = { _ in }
    ) throws(DomainError) -> VerificationReport {
        // The precheck reads the registry and the rules from the log before the store checks it:
        // should they not read, the replay judges every signed entry, and says what is wrong.
        let precheck = prechecked ? (try? SignaturePrecheck.load(store)) : nil
        var report = try DomainError.reading { () throws(EventLogError) in
            try store.verify(trustedKey: trustedKey, inspectorCheckpoints: inspectorCheckpoints, pages: pages, signed: precheck?.check,
                             progress: progress)
        }
        guard report.ok else { return report }
        (report.problem, report.notes) = try firstProblem(store, authored: report.authored, counted: report.counted)
        return report
    }

    /// The first entry whose authorship does not hold, or nil: among the entries at seqs
    /// `authored`, one whose signature does not count with the registry as it stood before it
    /// (those in `counted`, which the precheck found to count, are not judged again); among the
    /// entries of a type under an `enforce` rule then, one its signer may not record. The
    /// registry, the rules, the successor links and the tasks' assignees are replayed in seq
    /// order through the type index; the successor links as first recorded (a correction of a
    /// merger does not move them here). With it, the notes: the entries before it recorded
    /// against a rule while the rule was `warn` or `off`.
    static func firstProblem(
        _ store: any LogEngine, authored: SeqSet, counted: SeqSet
    ) throws(DomainError) -> (problem: VerificationReport.Problem?, notes: [VerificationReport.Problem]) {
        guard store.meta.catalogue == LogMeta.domainCatalogue else {
            return (authored.first.map { .init(seq: $0, message: "the entry is signed, but a log without the catalogue keeps no key registry") }, [])
        }
        let zone = store.meta.zoneOffsetSeconds
        return try DomainError.reading { () throws(EventLogError) in
            try store.withReadTransaction { session -> (problem: VerificationReport.Problem?, notes: [VerificationReport.Problem]) in
                var replay = Replay(log: session.log, zone: zone)
                // Which types a rule ever covered: their entries are judged as they come.
                for rule in try AuthorshipRules.ruleSets(session.log) where rule.mode != .off { replay.ruled.insert(rule.eventType) }
                if replay.ruled.contains(where: { $0 == EventCorrected.type || $0 == EventRetracted.type }) {
                    replay.ruled.formUnion([EventCorrected.type, EventRetracted.type])
                }
                // The registry and the rules always (few events, through the type index); what a
                // rule's judgement needs (successor links, tasks, the ruled types) only under rules.
                let timeline = SignerRegistry.types + AuthorshipRules.types
                    + (replay.ruled.isEmpty ? [] : AuthorshipLinks.types + [TaskAssigned.type] + replay.ruled.sorted())
                var pending = authored.makeIterator()
                var next = pending.next()
                var found: VerificationReport.Problem?
                /// Judges the signed entries before `limit` that are not on the timeline.
                func judgeAuthored(before limit: Int64) throws {
                    while let seq = next, seq < limit, found == nil {
                        if counted.contains(seq) { replay.counted.insert(seq) } else { found = try replay.judge(seq: seq, entry: nil) }
                        next = pending.next()
                    }
                }
                try session.log.forEachEntry(in: 1...Int64.max, types: timeline) { seq, bytes in
                    guard found == nil else { return }
                    try judgeAuthored(before: seq)
                    if next == seq { next = pending.next() }
                    if found == nil { found = try replay.judge(seq: seq, entry: try Entry(seq: seq, bytes: Array(bytes))) }
                }
                try judgeAuthored(before: Int64.max)
                // What check marks attested must be signed, with a signature that counts: the
                // domain index is derived, and an edit of it would forge a ✓.
                if found == nil, let forged = try AttestedEvents.seqs(session, size: Int64.max).filter({ !replay.counted.contains($0) }).min() {
                    found = .init(seq: forged, message: "the domain index marks this entry attested, but it carries no author signature "
                        + "that counts (the index was edited; `auditlog rebuild --index` makes it afresh)")
                }
                var notes = replay.notes
                if replay.noteCount > notes.count {
                    notes.append(.init(seq: nil, message: "and \(replay.noteCount - notes.count) more entries recorded while a rule was relaxed"))
                }
                return (found, notes)
            }
        }
    }

    /// The state ``firstProblem(_:authored:)`` keeps as it goes through the log.
    private struct Replay {
        let log: any LogReader
        let zone: Int
        var registry = SignerRegistry()
        var rules = AuthorshipRules()
        /// Event types some rule covers.
        var ruled: Set<String> = []
        /// The successor links as first recorded.
        var links = AuthorshipLinks()
        /// Assignees by task id.
        var assignees: [String: String] = [:]
        /// Entries recorded against a rule while it was `warn` or `off`: the first
        /// ``Limits/verifyNotesListed``, and how many in all.
        var notes: [VerificationReport.Problem] = []
        var noteCount = 0
        /// The signed entries whose signature counted.
        var counted = SeqSet()


        /// Judges the entry at `seq` (read here when `entry` is nil), then takes it in.
        mutating func judge(seq: Int64, entry given: Entry?) throws -> VerificationReport.Problem? {
            guard let entry = try given ?? log.entry(seq: seq) else { return .init(seq: seq, message: "the entry is missing") }
            let logged = LoggedEvent(entry)
            let checked: EventCatalogue.Checked
            do throws(PayloadError) {
                checked = try EventCatalogue.read(type: logged.type, payload: logged.payload)
            } catch {
                // Every entry of a v1 log was read by the catalogue when appended: one that no
                // longer reads was changed, and judging it by its remaining fields would let a
                // forgery through.
                return .init(seq: seq, message: "the entry's payload is not one append accepts (\(error.field): \(error.message))")
            }
            var author: AuthorSignature?
            if let member = entry.value["author"] {
                do {
                    author = try AuthorSignature(member, line: nil)
                } catch {
                    return .init(seq: seq, message: "author: \(error)")
                }
            }
            if let author {
                guard let recorded = Instant(rfc3339: entry.recordedAt) else { return .init(seq: seq, message: "recorded_at is malformed") }
                let day = CivilDate(of: recorded, zoneOffsetSeconds: zone)
                if let problem = registry.problem(author, bytes: AuthorSignature.signedBytes(of: entry.value), recordedDay: day) {
                    return .init(seq: seq, message: "author signature: \(problem.message) (FORGED or altered authorship)")
                }
                counted.insert(seq)
            }
            let payload = checked.payload
            if let rule = rules.latest(for: logged.type),
                let why = try AuthorshipRules.refusal(rule, author: author, registry: registry, context: try context(payload))
            {
                guard rule.mode != .enforce else {
                    return .init(seq: seq, message: "recorded against the authorship rule: \(why) (FORGED authorship or a rule bypassed)")
                }
                noteCount += 1
                if noteCount <= Limits.verifyNotesListed {
                    notes.append(.init(seq: seq, message: "recorded while the rule for \(logged.type) was \(rule.mode.rawValue): \(why)"))
                }
            }
            if let refusal = registry.refusal(of: payload) {
                return .init(seq: seq, message: "a key registry event append refuses: \(refusal.field): \(refusal.message)")
            }
            registry.apply(payload, seq: seq)
            rules.apply(payload, seq: seq)
            links.apply(checked.refs)
            if let task = payload as? TaskAssigned { assignees[task.taskId] = task.assignee }
            return nil
        }

        /// Who is responsible for `payload` as of now (as the append admission decides it).
        func context(_ payload: any EventPayload) throws -> AuthorshipRules.Context {
            try AuthorshipRules.context(of: payload, registry: registry, links: links, target: { try log.entry(eventID: $0) }) {
                assignees[$0]
            }
        }
    }
}
