import EventLog
import LogFormat

/// The projected state of a log at business date T with the knowledge at instant K, and the
/// queries the commands ask of it.
public struct ProjectionView: Sendable {
    /// The records.
    public let records: MemoryRecordStore
    /// The business date the state is for.
    public let asOf: CivilDate
    /// The knowledge instant (nil: everything recorded).
    public let knownAt: Instant?
    /// The log size the view was computed from.
    public let size: Int64
    /// σ over the same effective view, for resolving assignees.
    public let successors: SuccessorFunction

    /// The view of `store` at (`asOf`, `knownAt`; T defaults to `today`). With K = latest and a
    /// T no earlier than any event's business date, the state is read from the projection tables
    /// (when they are up to date); any other (T, K) is a replay of the log through the same
    /// projector.
    public static func load(
        _ store: any LogEngine, asOf: CivilDate?, knownAt: Instant?, today: CivilDate, progress: (Int64) -> Void = { _ in }
    ) throws(DomainError) -> ProjectionView {
        let zone = store.meta.zoneOffsetSeconds
        let day = asOf ?? today
        do {
            return try store.withReadTransaction { session in
                let size = try session.log.size()
                var records: MemoryRecordStore?
                if knownAt == nil, let tables = try? ProjectionTables.readOnly(session.tables),
                    let state = try tables.state(), state.version == ProjectionTables.version, state.seq == size,
                    state.maxDay.map({ day >= $0 }) ?? true
                {
                    records = try tables.memoryStore()
                }
                let replayed = try records ?? ProjectionReplay.records(session.log, size: size, zoneOffsetSeconds: zone, asOf: day,
                                                                       knownAt: knownAt, parallel: true, progress: progress)
                let sigma = try successorFunction(session.log, size: size, zoneOffsetSeconds: zone, knownAt: knownAt)
                return ProjectionView(records: replayed, asOf: day, knownAt: knownAt, size: size, successors: sigma)
            }
        } catch {
            throw .log(error)
        }
    }

    /// σ from the lifecycle events of the effective view at K.
    private static func successorFunction(_ log: any LogReader, size: Int64, zoneOffsetSeconds: Int, knownAt: Instant?) throws -> SuccessorFunction {
        let limit = knownAt?.description
        var events: [LoggedEvent] = []
        let types = [OrganizationMerged.type, OrganizationSplit.type, OrganizationDissolved.type, SuccessorDesignated.type]
            + Corrections.types
        try log.forEachEntry(upTo: size, types: types) { seq, bytes in
            let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
            if limit.map({ e.recordedAt <= $0 }) ?? true { events.append(e) }
        }
        return SuccessorFunction(events: EffectiveView.events(events, knownAt: nil), zoneOffsetSeconds: zoneOffsetSeconds)
    }

    // MARK: queries

    /// Organisations, filtered, in slug order. `search` ignores case and diacritics and also
    /// matches former names and the slug.
    public func organizations(kind: OrgKind? = nil, province: String? = nil, status: OrganizationRecord.Status? = nil,
                              search: String? = nil) -> [OrganizationRecord] {
        let query = search.map(SearchText.init)
        return records.organizations.values.filter { r in
            (kind == nil || r.kind.value == kind) && (province == nil || r.province.value == province)
                && (status == nil || r.status.value == status)
                && (query.map { q in ([r.name.value, r.orgId] + r.formerNames).contains { SearchText.fold($0).contains(q.folded) } } ?? true)
        }.sorted { $0.orgId < $1.orgId }
    }

    /// `record` as the commands show it at T: each monitoring assignment with the current
    /// holders of its monitor's duties (``OrganizationRecord/Monitor/monitorNow``, σ(monitor, T)).
    public func shown(_ record: OrganizationRecord) -> OrganizationRecord {
        var r = record
        for i in r.monitoring.indices {
            r.monitoring[i].monitorNow = successors.holders(of: r.monitoring[i].monitor, on: asOf).sorted()
        }
        return r
    }

    /// Directives and documents, in key order.
    public func documents(directivesOnly: Bool) -> [DocumentRecord] {
        records.documents.values.filter { !directivesOnly || $0.isDirective }.sorted { $0.docKey < $1.docKey }
    }

    /// Tasks, filtered, in id order. Overdue: open with a due date before T.
    public func tasks(assignee: String? = nil, openOnly: Bool = false, overdueOnly: Bool = false) -> [TaskRecord] {
        records.tasks.values.filter { t in
            (assignee == nil || t.assignee == assignee) && (!openOnly || t.status.value == .open)
                && (!overdueOnly || (t.status.value == .open && (t.due.map { $0 < asOf } ?? false)))
        }.sorted { $0.taskId < $1.taskId }
    }

    /// The organisations a selector names at T, each resolved through σ for `duty` (unless the
    /// requirement does not follow successors), sorted.
    public func resolve(_ selector: OrgSelector?, duty: String?, follow: Bool = true) -> [String] {
        guard let selector else { return [] }
        let named: [String]
        if let ids = selector.ids {
            named = ids
        } else {
            named = records.organizations.values.filter { selector.matches($0) && successors.isActive($0.orgId, on: asOf) }.map(\.orgId)
        }
        var out: Set<String> = []
        for org in named { out.formUnion(successors.holders(of: org, on: asOf, duty: duty, follow: follow)) }
        return out.sorted()
    }
}

extension LogMeta {
    /// Business dates are civil dates in the log's zone: today there.
    public func today(now: Instant) -> CivilDate {
        CivilDate(of: now, zoneOffsetSeconds: zoneOffsetSeconds)
    }
}
