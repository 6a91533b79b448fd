import EventLog
import LogFormat

/// The domain's checks inside one append transaction: every id a new event names must be known
/// (from the log or an earlier line), declared ids must be new, successor links must stay
/// acyclic, amendments and corrections must leave valid payloads. It keeps the domain index
/// (Schemas/sql/002_domain.sql) up to date, rebuilding it from the events when it is behind.
final class DomainAdmission: EntryAdmission {
    private let db: SideTables
    /// The log as this append has written it so far.
    private let log: any LogReader
    /// The transaction's session, for rebuilding the projections.
    private let session: LogSession
    private let findKey: TableStatement
    private let insertKey: TableStatement
    private let updateData: TableStatement
    private let insertRecord: TableStatement
    private let successorsOf: TableStatement
    private let insertLink: TableStatement
    private let dropKeysOf: TableStatement
    private let dropLinksOf: TableStatement
    private let setState: TableStatement
    private let insertAttested: TableStatement
    private let zoneOffsetSeconds: Int
    private let tables: ProjectionTables
    /// Set when the input corrects or retracts: the projections are then rebuilt at the end.
    private var rebuildProjections = false
    /// The log's size before this append: the events a rebuild can read on worker threads.
    private let committedSize: Int64
    /// Events that lines admitted but not yet in the index correct or retract: the index is
    /// brought up to date for each (``refresh(_:)``) before the next line is checked.
    private var pendingTargets: [String] = []
    /// The key registry and the authorship rules as of the line being admitted
    /// (docs/authorship.md).
    private var signers = SignerRegistry()
    private var rules = AuthorshipRules()
    private var links = AuthorshipLinks()
    /// Lines admitted that a rule in `warn` mode flags.
    private var flagged: [AppendWarning] = []
    /// Keys the index was found to hold (most lines name the same organisations and documents):
    /// emptied whenever rows are dropped from it, and past ``Limits/domainKnownKeysCached``.
    private var knownKeys: Set<OwnKey> = []
    /// On PostgreSQL, the rows of the keys that the lines of the batch being admitted name,
    /// looked up at once (``prefetch(_:)``; nil: no row), kept current as this append writes
    /// rows and emptied when it drops some.
    private var batchKeys: [OwnKey: (seq: Int64, data: String?)?] = [:]

    /// What the index holds: 2 added the ids of reports and conducted inspections. An index
    /// of another version (the data of its `index`/`version` row, of seq 0 so that no event's
    /// rows are taken for it; none is version 1) is rebuilt.
    static let indexVersion: Int64 = 3

    /// The index rows of the (kind, key) pairs given as two `text[]`. Planned at each run
    /// (``SideTables/statement(plannedEachTime:)``): the plan PostgreSQL keeps for a prepared
    /// statement is made while the table is small (a log's first append), and for this join it
    /// was a scan of the whole table, which took longer at every batch.
    static let prefetchSQL = "SELECT kind, key, seq, data FROM domain_keys WHERE (kind, key) IN (SELECT * FROM unnest(?::text[], ?::text[]))"

    /// The event types that change the authorship state as recorded (registry, rules, links).
    static let authorshipTypes = Set(SignerRegistry.types + AuthorshipRules.types + AuthorshipLinks.types)

    init(_ session: LogSession, logSize: Int64, zoneOffsetSeconds: Int) throws {
        let db = session.tables
        self.db = db
        self.session = session
        log = session.log
        self.zoneOffsetSeconds = zoneOffsetSeconds
        committedSize = logSize
        try DomainTables.ensureIndex(db)
        findKey = try db.statement("SELECT seq, data FROM domain_keys WHERE kind = ? AND key = ?")
        insertKey = try db.statement("INSERT INTO domain_keys (kind, key, seq, data) VALUES (?, ?, ?, ?)")
        updateData = try db.statement("UPDATE domain_keys SET data = ? WHERE kind = ? AND key = ?")
        insertRecord = try db.statement("INSERT INTO domain_keys (kind, key, seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        successorsOf = try db.statement("SELECT successor FROM domain_links WHERE predecessor = ?")
        insertLink = try db.statement("INSERT INTO domain_links (predecessor, successor, seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        dropKeysOf = try db.statement("DELETE FROM domain_keys WHERE seq = ?")
        dropLinksOf = try db.statement("DELETE FROM domain_links WHERE seq = ?")
        setState = try db.statement("INSERT INTO domain_state (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq")
        insertAttested = try db.statement("INSERT INTO domain_attested (seq, signer) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET signer = excluded.signer")
        tables = try ProjectionTables(db)
        try log.forEachEntry(in: 1...Int64.max, types: SignerRegistry.types + AuthorshipRules.types + AuthorshipLinks.types) { seq, bytes in
            let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
            guard let checked = try? EventCatalogue.read(type: e.type, payload: e.payload) else { return }
            signers.apply(checked.payload, seq: seq)
            rules.apply(checked.payload, seq: seq)
            links.apply(checked.refs)
        }
        let reflected = try db.scalarInt("SELECT seq FROM domain_state WHERE id = 1") ?? 0
        let version = try db.scalarInt("SELECT CAST(data AS INTEGER) FROM domain_keys WHERE kind = 'index' AND key = 'version'") ?? 1
        if reflected != logSize || version != Self.indexVersion { try rebuild(upTo: logSize) }
        let state = try tables.state()
        if state?.version != ProjectionTables.version || (state?.seq ?? 0) != logSize {
            try ProjectionReplay.rebuildTables(session, size: logSize, zoneOffsetSeconds: zoneOffsetSeconds)
        }
    }

    func warnings() -> [AppendWarning] { flagged }

    /// Looks up at once, on PostgreSQL (where each look-up is a round trip to the server), the
    /// index rows of every key the lines declare, record or name that ``knownKeys`` does not hold.
    func prefetch(_ lines: [AppendLine]) throws {
        guard db.isPostgreSQL else { return }
        batchKeys.removeAll(keepingCapacity: true)
        var wanted: Set<OwnKey> = []
        for line in lines {
            guard let refs = (line.policyContext as? CataloguedLine)?.checked.refs else { continue }
            for d in refs.declarations + refs.records { wanted.insert(OwnKey(kind: d.kind, key: d.key)) }
            for need in refs.needs {
                for kind in need.kinds where !knownKeys.contains(OwnKey(kind: kind, key: need.key)) {
                    wanted.insert(OwnKey(kind: kind, key: need.key))
                }
            }
        }
        guard !wanted.isEmpty else { return }
        let keys = Array(wanted)
        for k in keys { batchKeys[k] = .some(nil) }
        try db.forEachRow(Self.prefetchSQL, [.textArray(keys.map(\.kind.rawValue)), .textArray(keys.map(\.key))],
                          plannedEachTime: true) { row in
            guard let kind = KeyKind(rawValue: row.text(0)) else { return }
            batchKeys[OwnKey(kind: kind, key: row.text(1))] = (row.int64(2), row.isNull(3) ? nil : row.text(3))
        }
    }

    /// The domain's policy with the keys the log has registered, so that authors' signatures are
    /// checked on the reading thread; nil when the log has none.
    var readingPolicy: (any EntryPolicy)? {
        let keys = SignatureKeys(signers)
        guard !keys.isEmpty else { return nil }
        return DomainPolicy(zoneOffsetSeconds: zoneOffsetSeconds, signatureKeys: keys)
    }

    /// Who is responsible for an event with `payload`, for an authorship rule, with the
    /// registry and the successor links as `registry` and `links` have them.
    private func authorship(of payload: any EventPayload, registry: SignerRegistry, links: AuthorshipLinks) throws -> AuthorshipRules.Context {
        try AuthorshipRules.context(of: payload, registry: registry, links: links, target: { try log.entry(eventID: $0) }) { task in
            guard let (seq, _) = try key(.task, task), let assigned = try event(at: seq) else { return nil }
            return (try? EventCatalogue.read(type: assigned.type, payload: assigned.payload).payload as? TaskAssigned)?.assignee
        }
    }

    func finish(size: Int64) throws {
        try refreshPending()
        // Once per append, not per line: on PostgreSQL every update of the one row leaves a row
        // version that later updates in the transaction walk past.
        try setState.execute([.integer(size)])
        if rebuildProjections {
            try tables.flush(seq: size)
            // The events committed before this append on worker threads, this append's own here.
            try ProjectionReplay.rebuildTables(session, size: size, zoneOffsetSeconds: zoneOffsetSeconds, committed: committedSize)
        } else {
            try tables.flush(seq: size)
        }
    }

    func admit(_ line: AppendLine, seq: Int64, eventID: String, recordedAt: Instant, lineNumber: Int?) throws {
        func bad(_ field: String, _ message: String) -> EventLogError {
            .invalidInput(line: lineNumber, field: field, message: message)
        }
        // A correction or retraction earlier in this input changed what the log says: the index
        // follows the effective view before anything else is checked against it.
        try refreshPending()
        let checked: EventCatalogue.Checked
        let catalogued = line.policyContext as? CataloguedLine
        if let known = catalogued?.checked {
            checked = known
        } else {
            do throws(PayloadError) {
                checked = try EventCatalogue.read(type: line.type, payload: line.payload)
                try PayloadRules.check(checked.payload)
            } catch {
                throw bad(error.field, error.message)
            }
        }
        let refs = checked.refs
        // A payload may name what it declares itself (a directive's requirement about its own document).
        let own = Set(refs.declarations.map { OwnKey(kind: $0.kind, key: $0.key) })
        try checkNeeds(refs.needs.filter { need in !need.kinds.contains { own.contains(OwnKey(kind: $0, key: need.key)) } }, bad)
        for d in refs.declarations {
            if let (known, _) = try key(d.kind, d.key) {
                throw bad(d.field, "\(echoed(d.key)) is already a known \(d.kind.noun) (seq \(known)); use a new id")
            }
        }
        try checkRecords(refs.records, bad)
        if let merged = checked.payload as? OrganizationMerged { try checkMergerDate(merged, occurredAt: line.occurredAt, bad) }
        for link in refs.links where try reaches(from: link.successor, to: link.predecessor) {
            throw bad(link.field, "\(echoed(link.successor)) already leads back to \(echoed(link.predecessor)): successors would form a cycle")
        }
        if let refusal = signers.refusal(of: checked.payload) { throw bad(refusal.field, refusal.message) }
        if let author = line.author {
            let bytes = line.signedBytes(eventID: eventID, subject: checked.payload.subject)
            let day = CivilDate(of: recordedAt, zoneOffsetSeconds: zoneOffsetSeconds)
            if let problem = signers.problem(author, bytes: bytes, recordedDay: day, verifiedWith: catalogued?.verifiedKey) {
                throw bad(problem.field, problem.message)
            }
        }
        if let rule = rules.rule(for: line.type),
            let why = try AuthorshipRules.refusal(rule, author: line.author, registry: signers,
                                                  context: try authorship(of: checked.payload, registry: signers, links: links))
        {
            if rule.mode == .enforce { throw EventLogError.forbidden(line: lineNumber, field: "author", message: why) }
            flagged.append(AppendWarning(line: lineNumber, field: "author", message: why))
        }
        if let author = line.author,
            try AuthorshipRules.attests(author, rule: rules.rule(for: line.type), registry: signers,
                                        context: try authorship(of: checked.payload, registry: signers, links: links))
        {
            try insertAttested.execute([.integer(seq), .text(author.signer)])
        }
        switch checked.payload {
        case let amended as RequirementAmended: try checkAmendment(amended, bad)
        case let corrected as EventCorrected: try checkCorrection(corrected, recordedAt: recordedAt, bad)
        case let retracted as EventRetracted: try checkRetraction(retracted, bad)
        default: break
        }
        if let c = checked.payload as? EventCorrected {
            // Declarations, links and parameters now follow the effective view: refreshed once
            // the row is in the table (at the next line, or at the end of the input).
            pendingTargets.append(c.targetEventId)
        } else if let r = checked.payload as? EventRetracted {
            pendingTargets.append(r.targetEventId)
        } else {
            try record(checked, seq: seq)
        }
        signers.apply(checked.payload, seq: seq)
        rules.apply(checked.payload, seq: seq)
        links.apply(checked.refs)
        if checked.payload is EventCorrected || checked.payload is EventRetracted {
            rebuildProjections = true
        } else if !rebuildProjections {
            var store = tables
            let day = CivilDate(firstDayOf: line.occurredAt, zoneOffsetSeconds: zoneOffsetSeconds)
            try Projector.apply(
                ProjectedEvent(seq: seq, id: PackedEventID(eventID), type: line.type, occurredAt: line.occurredAt.text, recorded: .text(""),
                               actor: line.actor, payload: checked.payload, day: day),
                to: &store)
            tables.saw(day: day)
        }
    }

    // MARK: checks

    private struct OwnKey: Hashable {
        let kind: KeyKind
        let key: String
    }

    private func checkNeeds(_ needs: [References.Need], _ bad: (String, String) -> EventLogError) throws {
        for need in needs {
            if need.kinds.isEmpty {
                guard try event(need.key) != nil else { throw bad(need.field, "no event \(need.key) in the log") }
                continue
            }
            var found = false
            for kind in need.kinds where try isKnown(kind, need.key) {
                found = true
                break
            }
            guard found else {
                let nouns = need.kinds.map(\.noun).joined(separator: " or ")
                throw bad(need.field, "\(echoed(need.key)) is not a known \(nouns) (declare it first, in the log or earlier in this input)")
            }
        }
    }

    /// An id recorded as happened (a report, a conducted inspection) is recorded once: a second
    /// event under it is refused, naming the seq that holds it, whatever it says (a nightly
    /// re-run without event ids would otherwise record every report twice). A retry of the same
    /// line with its event_id is a duplicate before it gets here. One indexed lookup per id.
    private func checkRecords(_ records: [References.Declaration], _ bad: (String, String) -> EventLogError) throws {
        for r in records {
            guard let (seq, _) = try key(r.kind, r.key) else { continue }
            throw bad(r.field, "\(r.key) is already recorded at seq \(seq) (recorded once: an import run again needs the same event_id on each line)")
        }
    }

    /// A merger cannot be dated before its `into` or one of its sources was registered: refused
    /// when the merger's last possible day is before the registration's first (a date of year or
    /// month precision that may fall on or after it is accepted).
    private func checkMergerDate(
        _ m: OrganizationMerged, occurredAt: OccurredAt, field dateField: String = "occurred_at", _ bad: (String, String) -> EventLogError
    ) throws {
        let lastDay = CivilDate(lastDayOf: occurredAt, zoneOffsetSeconds: zoneOffsetSeconds)
        let named = [(m.into, "payload.into")] + m.sources.enumerated().map { ($1, "payload.sources[\($0)]") }
        for (org, field) in named {
            guard let registered = try registrationDate(of: org) else { continue }
            let firstDay = CivilDate(firstDayOf: registered, zoneOffsetSeconds: zoneOffsetSeconds)
            if lastDay < firstDay {
                throw bad(dateField, "\(occurredAt) is before \(org) (\(field)) was registered (\(registered))")
            }
        }
    }

    /// The occurred_at of the event that registered organisation `org` (its effective version),
    /// found through the index: nil when the index does not know it.
    private func registrationDate(of org: String) throws -> OccurredAt? {
        guard let (seq, _) = try key(.org, org), let registering = try event(at: seq),
            let effective = try effectiveVersion(of: registering, history: try about(registering.eventID)),
            case .success(let occurred) = OccurredAt.parse(effective.occurredAt)
        else { return nil }
        return occurred
    }

    private func checkAmendment(_ a: RequirementAmended, _ bad: (String, String) -> EventLogError) throws {
        guard let (_, data) = try key(.req, a.reqRef), let data,
            case .object(let stored) = try JSONParser.parse(Array(data.utf8), normalize: false),
            let template = stored["template"]?.stringValue.flatMap(Template.init(rawValue:)),
            case .object(let params) = stored["params"] ?? .null
        else { throw bad("payload.req_ref", "the requirement's stored parameters are missing; run auditlog rebuild") }
        let patched = JSONMergePatch.apply(a.paramsPatch, to: params)
        var r = FieldReader(patched, path: "payload.params_patch")
        do throws(PayloadError) {
            try template.readParams(&r)
            try r.finish()
        } catch {
            throw bad(error.field, "after the patch: \(error.message)")
        }
        try checkNeeds(r.refs.needs, bad)
    }

    private func checkCorrection(_ c: EventCorrected, recordedAt: Instant, _ bad: (String, String) -> EventLogError) throws {
        let field = "payload.target_event_id"
        guard let target = try event(c.targetEventId) else { throw bad(field, "no event \(c.targetEventId) in the log") }
        guard target.type != EventCorrected.type, target.type != EventRetracted.type else {
            throw bad(field, "\(c.targetEventId) is itself a correction or retraction (seq \(target.seq)); correct the original event")
        }
        guard !(SignerRegistry.types + AuthorshipRules.types).contains(target.type) else {
            throw bad(field, "\(c.targetEventId) is a key registry or authorship rule event (seq \(target.seq)); "
                + "register or revoke a key, or set the rule again, instead")
        }
        let history = try about(c.targetEventId)
        if let retraction = history.first(where: { $0.type == EventRetracted.type }) {
            throw bad(field, "\(c.targetEventId) was retracted at seq \(retraction.seq); nothing corrects a retracted event")
        }
        if case .string(let text)? = c.patch["occurred_at"], case .success(let occurred) = OccurredAt.parse(text),
            occurred.startSeconds(zoneOffsetSeconds: zoneOffsetSeconds) > recordedAt.millisecondsSinceEpoch / 1000 + Limits.maxFutureSeconds
        {
            throw bad("payload.patch.occurred_at", "\(echoed(text)) is in the future (more than one day after \(recordedAt))")
        }
        let current = try effectiveVersion(of: target, history: history) ?? target
        let effective = current.payload
        if target.type == OrganizationMerged.type {
            // The corrected merger, on its corrected date, must not precede its organisations' registrations.
            let payload = (c.patch["payload"]?.objectValue).map { Corrections.patched(effective, with: $0) } ?? effective
            let text = c.patch["occurred_at"]?.stringValue ?? current.occurredAt
            if let merged = try? EventCatalogue.read(type: target.type, payload: payload).payload as? OrganizationMerged,
                case .success(let occurred) = OccurredAt.parse(text)
            {
                try checkMergerDate(merged, occurredAt: occurred, field: "payload.patch.occurred_at", bad)
            }
        }
        guard case .object(let patchPayload)? = c.patch["payload"] else { return }
        let patched = Corrections.patched(effective, with: patchPayload)
        let before: EventCatalogue.Checked
        let after: EventCatalogue.Checked
        do throws(PayloadError) {
            before = try EventCatalogue.read(type: target.type, payload: effective)
            after = try EventCatalogue.read(type: target.type, payload: patched)
            try PayloadRules.check(after.payload, path: "payload")
        } catch {
            throw bad("payload.patch.\(error.field)", "after the patch: \(error.message)")
        }
        guard before.payload.subject == after.payload.subject,
            before.refs.declarations.map(\.key) == after.refs.declarations.map(\.key)
        else { throw bad("payload.patch.payload", "a correction cannot change the ids of what the event declares or is about") }
        try checkNeeds(after.refs.needs.map { .init(kinds: $0.kinds, key: $0.key, field: "payload.patch.\($0.field)") }, bad)
        // The corrected event's successor links replace its old ones: they must not close a cycle.
        if !after.refs.links.isEmpty {
            var graph: [String: Set<String>] = [:]
            try db.forEachRow("SELECT predecessor, successor FROM domain_links WHERE seq != ?", [.integer(target.seq)]) { row in
                graph[row.text(0), default: []].insert(row.text(1))
            }
            for link in after.refs.links { graph[link.predecessor, default: []].insert(link.successor) }
            for link in after.refs.links where Self.reaches(graph, from: link.successor, to: link.predecessor) {
                throw bad("payload.patch.\(link.field)", "\(echoed(link.successor)) would lead back to \(echoed(link.predecessor)): successors would form a cycle")
            }
        }
    }

    /// Whether `graph` leads from `start` to `goal`.
    private static func reaches(_ graph: [String: Set<String>], from start: String, to goal: String) -> Bool {
        var seen: Set<String> = [start]
        var queue = [start]
        while let next = queue.popLast() {
            if next == goal { return true }
            for s in graph[next] ?? [] where seen.insert(s).inserted { queue.append(s) }
        }
        return false
    }

    private func checkRetraction(_ r: EventRetracted, _ bad: (String, String) -> EventLogError) throws {
        let field = "payload.target_event_id"
        guard let target = try event(r.targetEventId) else { throw bad(field, "no event \(r.targetEventId) in the log") }
        guard target.type != EventRetracted.type else {
            throw bad(field, "\(r.targetEventId) is a retraction (seq \(target.seq)); a retraction cannot be retracted")
        }
        guard !(SignerRegistry.types + AuthorshipRules.types).contains(target.type) else {
            throw bad(field, "\(r.targetEventId) is a key registry or authorship rule event (seq \(target.seq)); "
                + "revoke the key, or set the rule again, instead")
        }
        if let earlier = try about(r.targetEventId).first(where: { $0.type == EventRetracted.type }) {
            throw bad(field, "\(r.targetEventId) was already retracted at seq \(earlier.seq)")
        }
    }

    // MARK: the index

    /// Adds what a payload declares and links (no checks: used for admitted events and rebuilds;
    /// a rebuild keeps the first declaration of a key, as the append did).
    private func record(_ checked: EventCatalogue.Checked, seq: Int64, upsert: Bool = false, amend: Bool = true) throws {
        for d in checked.refs.declarations {
            if upsert, try key(d.kind, d.key) != nil { continue }
            try insertKey.execute([.text(d.kind.rawValue), .text(d.key), .integer(seq), d.data.map { .text($0) } ?? .null])
            if let known = batchKeys.index(forKey: OwnKey(kind: d.kind, key: d.key)) { batchKeys.values[known] = (seq, d.data) }
        }
        // A repeated record (the same report sent again) keeps the first event's row.
        for r in checked.refs.records { try insertRecord(r, seq: seq) }
        for link in checked.refs.links {
            try insertLink.execute([.text(link.predecessor), .text(link.successor), .integer(seq)])
        }
        if amend, let amended = checked.payload as? RequirementAmended, let (_, data) = try key(.req, amended.reqRef), let data,
            let text = try Self.amending(data, with: amended.paramsPatch)
        {
            try setData(text, requirement: amended.reqRef)
        }
    }

    /// A requirement's stored data (`{"params":…,"template":…}`) with `patch` merged into its
    /// params; nil if the data has no params object.
    private static func amending(_ data: String, with patch: [String: JSONValue]) throws -> String? {
        guard case .object(var stored) = try JSONParser.parse(Array(data.utf8), normalize: false),
            case .object(let params) = stored["params"] ?? .null
        else { return nil }
        stored["params"] = .object(JSONMergePatch.apply(patch, to: params))
        return String(decoding: CanonicalEncoder.encode(.object(stored)), as: UTF8.self)
    }

    private func refreshPending() throws {
        let targets = pendingTargets
        pendingTargets = []
        for id in targets { try refresh(id) }
    }

    /// Brings the index up to date after a correction or retraction of event `id` entered the
    /// log: what that event declares and links is recorded again from its effective version (or
    /// dropped, once retracted), and the stored parameters of the requirements it declares or
    /// amends are derived again. Touches only that event's rows, so a long input with
    /// corrections costs no replay of the log (the result equals ``rebuild(upTo:)``; a test
    /// checks it).
    private func refresh(_ id: String) throws {
        guard let target = try event(id) else { return }
        // Retracting a correction changes what its target says.
        if let inner = target.target { return try refresh(inner) }
        // The ids it records (the same in every version: they make its subject).
        let recorded = (try? EventCatalogue.read(type: target.type, payload: target.payload))?.refs.records ?? []
        try dropKeysOf.execute([.integer(target.seq)])
        knownKeys.removeAll()
        batchKeys.removeAll()
        try dropLinksOf.execute([.integer(target.seq)])
        var requirements: Set<String> = []
        if target.type == RequirementAmended.type, let ref = target.payload["req_ref"]?.stringValue { requirements.insert(ref) }
        if let effective = try effectiveVersion(of: target, history: try about(id)),
            let checked = try? EventCatalogue.read(type: effective.type, payload: effective.payload)
        {
            try record(checked, seq: target.seq, upsert: true, amend: false)
            for d in checked.refs.declarations where d.kind == .req { requirements.insert(d.key) }
            if let amended = checked.payload as? RequirementAmended { requirements.insert(amended.reqRef) }
        }
        for ref in requirements.sorted() { try rederive(requirement: ref) }
        for r in recorded where try key(r.kind, r.key) == nil { try recordFirst(r, subject: target.subject, type: target.type) }
    }

    /// Records `r` again from the first event of `type` about `subject` that is not retracted
    /// (the same report sent again, once the first was retracted), as a rebuild would.
    private func recordFirst(_ r: References.Declaration, subject: String, type: String) throws {
        var candidates: [LoggedEvent] = []
        try log.forEachEntry(subject: subject) { seq, bytes in candidates.append(LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))) }
        for e in candidates where e.type == type {
            guard try effectiveVersion(of: e, history: try about(e.eventID)) != nil else { continue }
            try insertRecord(r, seq: e.seq)
            return
        }
    }

    /// Derives requirement `ref`'s stored data again: as its directive declares it (effective
    /// version), with every effective amendment applied in seq order.
    private func rederive(requirement ref: String) throws {
        guard let (seq, _) = try key(.req, ref), let declaring = try event(at: seq),
            let directive = try effectiveVersion(of: declaring, history: try about(declaring.eventID)),
            let checked = try? EventCatalogue.read(type: directive.type, payload: directive.payload),
            var data = checked.refs.declarations.first(where: { $0.kind == .req && $0.key == ref })?.data
        else { return }
        var found: [LoggedEvent] = []
        try log.forEachEntry(in: 1...Int64.max, types: [RequirementAmended.type]) { seq, bytes in
            found.append(LoggedEvent(try Entry(seq: seq, bytes: Array(bytes))))
        }
        for a in found {
            guard let effective = try effectiveVersion(of: a, history: try about(a.eventID)),
                let amended = try? EventCatalogue.read(type: effective.type, payload: effective.payload).payload as? RequirementAmended,
                amended.reqRef == ref, let next = try Self.amending(data, with: amended.paramsPatch)
            else { continue }
            data = next
        }
        try setData(data, requirement: ref)
    }

    /// Records `r` at `seq` unless the index holds it already.
    private func insertRecord(_ r: References.Declaration, seq: Int64) throws {
        try insertRecord.execute([.text(r.kind.rawValue), .text(r.key), .integer(seq)])
        let own = OwnKey(kind: r.kind, key: r.key)
        if case .some(nil) = batchKeys[own] { batchKeys[own] = (seq, nil) }
    }

    /// Stores `data` as requirement `ref`'s parameters.
    private func setData(_ data: String, requirement ref: String) throws {
        try updateData.execute([.text(data), .text(KeyKind.req.rawValue), .text(ref)])
        let own = OwnKey(kind: .req, key: ref)
        if case .some(.some(let row)) = batchKeys[own] { batchKeys[own] = (row.seq, data) }
    }

    /// `event` as the log now has it (its corrections applied, those corrections' retractions
    /// honoured), or nil once retracted; `history` is what is about it (``about(_:)``).
    private func effectiveVersion(of event: LoggedEvent, history: [LoggedEvent]) throws -> LoggedEvent? {
        var corrections = Corrections()
        for e in history { corrections.add(e) }
        for e in history where e.type == EventCorrected.type {
            for r in try about(e.eventID) { corrections.add(r) }
        }
        return corrections.apply(to: event)
    }

    /// Rebuilds the index from the first `size` events, as the effective view has them (corrections
    /// applied, retracted events left out): after an upgrade, if it was dropped, or after a
    /// correction or retraction.
    func rebuild(upTo size: Int64) throws {
        try db.execute("DELETE FROM domain_keys; DELETE FROM domain_links; DELETE FROM domain_attested")
        knownKeys.removeAll()
        batchKeys.removeAll()
        try db.execute("INSERT INTO domain_keys (kind, key, seq, data) VALUES ('index', 'version', 0, '\(Self.indexVersion)')")
        var corrections = Corrections()
        try log.forEachEntry(upTo: size, types: Corrections.types) { seq, bytes in
            corrections.add(LoggedEvent(try Entry(seq: seq, bytes: Array(bytes))))
        }
        // The registry and the rules as of each entry, for the attested events.
        var registry = SignerRegistry()
        var ruleSets = AuthorshipRules()
        var recordedLinks = AuthorshipLinks()
        let zone = zoneOffsetSeconds
        try log.forEachEntry(upTo: size) { seq, bytes in
            let entry = try Entry(seq: seq, bytes: Array(bytes))
            let logged = LoggedEvent(entry)
            // The entry as recorded matters only to the authorship state: signed entries, and the
            // registry's, the rules' and the links' events (the rest is read once, below, as corrected).
            let bearsOnAuthorship = entry.value["author"] != nil || Self.authorshipTypes.contains(logged.type)
            if bearsOnAuthorship, let read = try? EventCatalogue.read(type: logged.type, payload: logged.payload) {
                if let author = entry.author, let recorded = Instant(rfc3339: entry.recordedAt),
                    registry.problem(author, bytes: AuthorSignature.signedBytes(of: entry.value),
                                     recordedDay: CivilDate(of: recorded, zoneOffsetSeconds: zone)) == nil,
                    try AuthorshipRules.attests(author, rule: ruleSets.rule(for: logged.type), registry: registry,
                                                context: try authorship(of: read.payload, registry: registry, links: recordedLinks))
                {
                    try insertAttested.execute([.integer(seq), .text(author.signer)])
                }
                registry.apply(read.payload, seq: seq)
                ruleSets.apply(read.payload, seq: seq)
                recordedLinks.apply(read.refs)
            }
            guard logged.target == nil, let effective = corrections.apply(to: logged),
                let checked = try? EventCatalogue.read(type: effective.type, payload: effective.payload)
            else { return }  // a correction, a retracted event, or not a catalogue event
            try record(checked, seq: effective.seq, upsert: true)
        }
        try setState.execute([.integer(size)])
    }

    /// Whether the index holds `key` of `kind` (remembered once found: rows leave the index only
    /// where ``knownKeys`` is emptied).
    private func isKnown(_ kind: KeyKind, _ key: String) throws -> Bool {
        let own = OwnKey(kind: kind, key: key)
        if knownKeys.contains(own) { return true }
        guard try self.key(kind, key) != nil else { return false }
        if knownKeys.count >= Limits.domainKnownKeysCached { knownKeys.removeAll(keepingCapacity: true) }
        knownKeys.insert(own)
        return true
    }

    private func key(_ kind: KeyKind, _ key: String) throws -> (Int64, String?)? {
        if let known = batchKeys[OwnKey(kind: kind, key: key)] { return known.map { ($0.seq, $0.data) } }
        try findKey.reset(binding: [.text(kind.rawValue), .text(key)])
        defer { try? findKey.reset() }
        guard try findKey.step() else { return nil }
        return (findKey.int64(0), findKey.isNull(1) ? nil : findKey.text(1))
    }

    /// Whether the successor links lead from `start` to `goal`.
    private func reaches(from start: String, to goal: String) throws -> Bool {
        var seen: Set<String> = [start]
        var queue = [start]
        while let next = queue.popLast() {
            if next == goal { return true }
            try successorsOf.reset(binding: [.text(next)])
            var found: [String] = []
            while try successorsOf.step() { found.append(successorsOf.text(0)) }
            try successorsOf.reset()
            for s in found where seen.insert(s).inserted { queue.append(s) }
        }
        return false
    }

    private func event(at seq: Int64) throws -> LoggedEvent? {
        try log.entry(seq: seq).map(LoggedEvent.init)
    }

    private func event(_ id: String) throws -> LoggedEvent? {
        try log.entry(eventID: id).map(LoggedEvent.init)
    }

    /// The corrections and retractions of event `id` (subject `event/<id>`), in seq order.
    private func about(_ id: String) throws -> [LoggedEvent] {
        var out: [LoggedEvent] = []
        try log.forEachEntry(subject: "event/\(id)") { seq, bytes in out.append(LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))) }
        return out
    }
}
