/// What the projections know about one organisation at some (T, K).
public struct OrganizationRecord: Sendable, Hashable, Codable {
    /// Whether the organisation is working, suspended, or has ended.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active, suspended, merged, dissolved, split
    }

    /// A monitoring assignment held over the organisation.
    public struct Monitor: Sendable, Hashable, Codable {
        public var assignmentId: String
        public var monitor: String
        public var role: MonitoringRole
        public var since: CivilDate
        public var until: CivilDate?
        /// Who holds the monitor's duties at the date shown, σ(monitor, T), sorted: the monitor
        /// while it exists, its successors once it has ended, none if nobody took over. Set only
        /// in what the commands show (``ProjectionView/shown(_:)``); `monitor` stays the
        /// assignment's own monitor, as provenance.
        public var monitorNow: [String]?
    }

    /// The latest report the organisation sent.
    public struct ReportSeen: Sendable, Hashable, Codable {
        public var reportId: String
        public var recipient: String
        public var periodKey: String?
        public var on: CivilDate
        public var seq: Int64
    }

    /// The latest inspection of the organisation.
    public struct InspectionSeen: Sendable, Hashable, Codable {
        public var inspectionId: String
        public var inspector: String
        public var kind: InspectionKind
        public var on: CivilDate
        public var rating: String?
        public var seq: Int64
    }

    /// The latest membership figures.
    public struct Membership: Sendable, Hashable, Codable {
        public var asOf: CivilDate
        public var members: Int64
        public var eligible: Int64?
        /// members / eligible, as a decimal string with four places (`"0.5731"`).
        public var rate: String?
        public var seq: Int64
    }

    /// The latest congress.
    public struct Congress: Sendable, Hashable, Codable {
        public var term: String
        public var congressNo: Int64?
        public var heldOn: CivilDate
        public var nextDue: CivilDate?
    }

    /// A change of leadership as recorded, kept so the current leader follows business time.
    public struct LeaderFact: Sendable, Hashable, Codable {
        public var person: String
        public var change: LeadershipChange
        public var stamp: Stamp
    }

    public var orgId: String
    public var name: Stamped<String>
    /// Every name it has had, by business date (the last is the current name).
    public var nameHistory: [Stamped<String>] = []
    public var formerNames: [String] = []
    public var kind: Stamped<OrgKind>
    public var level: Stamped<OrgLevel>
    public var province: Stamped<String>
    public var dacThu: Stamped<Bool>?
    public var giaoNhiemVu: Stamped<Bool>?
    public var parent: Stamped<String?>?
    /// When it was registered, at the precision recorded (`1991`, `2021-07`, `2021-07-15`);
    /// JSON `registered_on`.
    public var registered: RecordedDate
    public var status: Stamped<Status>
    /// Who took over (merge target, dissolution successor, designations, split parts), sorted.
    public var successors: [String] = []
    /// Who merged or split into it, or named it their successor, sorted.
    public var predecessors: [String] = []
    public var monitoring: [Monitor] = []
    public var lastReport: ReportSeen?
    public var lastInspection: InspectionSeen?
    public var membership: Membership?
    public var congress: Stamped<Congress>?
    /// Leaders by position (nil: the post was vacated), from ``leadership``.
    public var leaders: [String: Stamped<String?>] = [:]
    /// Every change of leadership by position, by business date.
    public var leadership: [String: [LeaderFact]] = [:]
    public var openTasks: [String] = []
    public var openRecommendations: [String] = []
    /// The seq of the last event that changed this record.
    public var lastSeq: Int64

    /// The first day it may have been registered (of the year or month, for a registration
    /// recorded at that precision).
    public var registeredOn: CivilDate { registered.first }

    /// The stored members; `registered` keeps the JSON name it had as a date, `registered_on`.
    private enum CodingKeys: String, CodingKey {
        case orgId, name, nameHistory, formerNames, kind, level, province, dacThu, giaoNhiemVu, parent
        case registered = "registeredOn"
        case status, successors, predecessors, monitoring, lastReport, lastInspection, membership, congress, leaders, leadership
        case openTasks, openRecommendations, lastSeq
    }
}

extension OrgSelector {
    /// Whether the organisation `record` describes matches this selector (by id, or by kind,
    /// level, province, flags and parent as the record holds them).
    public func matches(_ record: OrganizationRecord) -> Bool {
        if let ids { return ids.contains(record.orgId) }
        return record.kind.value == kind && (level == nil || record.level.value == level)
            && (province == nil || record.province.value == province) && (under == nil || record.parent?.value == under)
            && (flags?.dacThu == nil || record.dacThu?.value == flags?.dacThu)
            && (flags?.giaoNhiemVu == nil || record.giaoNhiemVu?.value == flags?.giaoNhiemVu)
    }
}
