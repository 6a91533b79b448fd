/// What the projections know about one monitoring assignment.
public struct AssignmentRecord: Sendable, Hashable, Codable {
    public var assignmentId: String
    public var monitor: String
    public var target: String
    public var role: MonitoringRole
    public var officerName: String?
    public var since: CivilDate
    public var until: CivilDate?
    public var revokedOn: CivilDate?
    public var lastSeq: Int64

    /// Whether it holds on `date`.
    public func isActive(on date: CivilDate) -> Bool {
        since <= date && (revokedOn.map { date < $0 } ?? true) && (until.map { date <= $0 } ?? true)
    }
}
