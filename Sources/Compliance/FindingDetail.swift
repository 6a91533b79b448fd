import AuditDomain
import Wording

/// What a data-quality finding found, one case per kind of finding (docs/compliance.md, §6.2),
/// carrying its ids, dates and figures, written in words only when read. ``description`` is the
/// English `detail` member of `check --format json`; ``text(_:)`` writes it in a language.
public enum FindingDetail: Sendable, Hashable, CustomStringConvertible {
    /// `late_recording`: the log learnt the event `days` after it happened: "lag P<days>D".
    case lag(days: Int64)
    /// `orphaned`: "<org> has no successor since <end>".
    case orphaned(org: String, since: CivilDate)
    /// `holder_inactive`: "<assignment id>: <monitor> has no successor for <org> since <end>".
    case holderInactive(assignmentId: String, monitor: String, org: String, since: CivilDate)
    /// `plan_not_executed`: "<inspection id>: <inspector> → <target>, planned by <date>".
    case planNotExecuted(inspectionId: String, inspector: String, target: String, plannedBy: CivilDate)
    /// `report_before_period_end`: "a report for <key> dated <date>, before the period ended on <end>".
    case reportBeforePeriodEnd(key: String, dated: RecordedDate, periodEnd: CivilDate)
    /// `membership_drop`: "<org>: <m2> members on <date2> after <m1> on <date1>".
    case membershipDrop(org: String, members: Int64, asOf: CivilDate, previousMembers: Int64, previousAsOf: CivilDate)
    /// Text given as it is (a finding made from text): the same in every language.
    case verbatim(String)

    /// The detail in English, as the JSON writes it.
    public var description: String {
        switch self {
        case .lag(let days): return "lag P\(days)D"
        case .orphaned(let org, let since): return "\(org) has no successor since \(since)"
        case .holderInactive(let id, let monitor, let org, let since): return "\(id): \(monitor) has no successor for \(org) since \(since)"
        case .planNotExecuted(let id, let inspector, let target, let by): return "\(id): \(inspector) → \(target), planned by \(by)"
        case .reportBeforePeriodEnd(let key, let dated, let end): return "a report for \(key) dated \(dated), before the period ended on \(end)"
        case .membershipDrop(let org, let members, let asOf, let previous, let previousAsOf):
            return "\(org): \(members) members on \(asOf) after \(previous) on \(previousAsOf)"
        case .verbatim(let text): return text
        }
    }

    /// The detail in `language`: ``description`` in English; in Vietnamese with dates, period
    /// keys and numbers as `DateText` and `NumberText` write them, ids as written.
    public func text(_ language: Language) -> String {
        guard language == .vi else { return description }
        switch self {
        case .lag(let days): return "Ghi vào nhật ký chậm \(Reason.vietnameseDays(days)) so với ngày diễn ra"
        case .orphaned(let org, let since): return "\(org) không có đơn vị kế thừa từ ngày \(Reason.day(since))"
        case .holderInactive(let id, let monitor, let org, let since):
            return "\(id): \(monitor) không có đơn vị kế thừa việc theo dõi \(org) từ ngày \(Reason.day(since))"
        case .planNotExecuted(let id, let inspector, let target, let by):
            return "\(id): \(inspector) → \(target), kế hoạch thực hiện đến ngày \(Reason.day(by))"
        case .reportBeforePeriodEnd(let key, let dated, let end):
            return "Báo cáo \(DateText.period(key, .vi)) \(Reason.on(dated)), trước khi kết thúc kỳ (ngày \(Reason.day(end)))"
        case .membershipDrop(let org, let members, let asOf, let previous, let previousAsOf):
            return "\(org): \(NumberText.integer(members, .vi)) hội viên tính đến ngày \(Reason.day(asOf)), giảm từ "
                + "\(NumberText.integer(previous, .vi)) hội viên tính đến ngày \(Reason.day(previousAsOf))"
        case .verbatim(let text): return text
        }
    }
}
