import AuditDomain
import Wording

/// Why an obligation instance has its verdict: one case per kind of reason the templates give,
/// carrying the dates, counts and ids it rests on, written in words only when read.
/// ``description`` is the English text of the `reason` member of `check --format json`, `ndjson`
/// and `csv` (docs/compliance.md, Part 5 and §6.4); ``text(_:)`` writes it in a language
/// (docs/compliance.md, "Reasons in Vietnamese").
public enum Reason: Sendable, Hashable, CustomStringConvertible {
    // Any template.
    /// The requirement takes effect on the date: "not in force before <from>".
    case notInForce(from: CivilDate)
    /// Lifted or ended (the first day no longer in force): "lifted or ended on <date>".
    case liftedOrEnded(on: CivilDate)
    /// "lifted or ended on <date>, before it fell due".
    case liftedBeforeDue(on: CivilDate)
    /// "lifted or ended on <date>, before the deadline" (a target).
    case liftedBeforeDeadline(on: CivilDate)
    /// "lifted or ended on <date>, before the next inspection was due" (a rolling inspection).
    case liftedBeforeNextInspection(on: CivilDate)

    // A duty with a due date (periodic_report, one_off_task, response_within, dissemination).
    /// Done by the due date: "done on <date>, due <due>".
    case done(Act, on: RecordedDate, due: CivilDate)
    /// Done after it: "done on <date>, <n> days after the due date <due>".
    case doneLate(Act, on: RecordedDate, daysLate: Int64, due: CivilDate)
    /// Dated imprecisely across the due date: "dated <date>, which straddles the due date <due>".
    case straddles(Act, dated: RecordedDate, due: CivilDate)
    /// Not yet done, not yet due: "due <due>".
    case due(CivilDate)
    /// Some of the events required, not yet due: "<n> of <required> so far; due <due>".
    case countSoFar(Act, count: Int, required: Int, due: CivilDate)
    /// Too few events by the due date: "<n> of <required> by <due>".
    case countBy(Act, count: Int, required: Int, due: CivilDate)
    /// Nothing by the due date: "nothing by <due> (<n> days overdue)".
    case nothingBy(Act, due: CivilDate, daysOverdue: Int64)

    // one_off_task.
    /// The requirement names a completion no event can record against a task:
    /// "completion by <event type> cannot be recorded against a task".
    case completionNotRecordable(eventType: String)
    /// "task cancelled".
    case taskCancelled
    /// A task without a due date not yet done: "open, no due date (assigned <date>)".
    case openWithoutDueDate(assigned: CivilDate)
    /// A task without a due date, done: "done on <date>".
    case doneWithoutDueDate(Act, on: RecordedDate)

    // prohibition_window.
    /// T is before the window opens: "window not open by <T>".
    case windowNotOpen(asOf: CivilDate)
    /// No forbidden event: "no <event type> in the window" (with "so far (window open)" while open).
    case noneInWindow(eventType: String, open: Bool)
    /// Forbidden events inside the window: "<n> <event type> in the window: seq <s> on <date>, …".
    case inWindow(eventType: String, events: [Occurrence])
    /// Forbidden events dated across one of the window's edges:
    /// "<n> <event type> dated across the window's edge: seq <s> in <date>, …".
    case acrossWindowEdge(eventType: String, events: [Occurrence])

    // coverage.
    /// A relation no event records (`relation.kind` as written): "no event records coverage by <kind>".
    case coverageNotRecorded(kind: String)
    /// A gap longer than the grace (over_interval): "uncovered from <from> to <to>; the grace ended <end>".
    case uncoveredGap(from: CivilDate, to: CivilDate, graceEnded: CivilDate)
    /// "monitored by <monitor> (<assignment id>), …".
    case monitored(by: [Monitor])
    /// "uncovered since <date>, within the grace until <date>".
    case uncoveredWithinGrace(since: CivilDate, until: CivilDate)
    /// "uncovered since <date>; the grace ended <date>".
    case uncovered(since: CivilDate, graceEnded: CivilDate)

    // threshold_target.
    /// "the target <value> has more digits than this check compares exactly".
    case targetTooPrecise(value: String)
    /// "the sums of the figures exceed what this check adds exactly".
    case sumsTooLarge
    /// The ratio of sums (`sum_ratio`): "Σ members <m> / Σ eligible <e>", then ", on track" or
    /// ", off track" before the deadline (`onTrack`), then the organisations without figures
    /// ("; no figures with eligible members from <the first five>[ and <n> more]").
    case sumRatio(members: Int64, eligible: Int64, onTrack: Bool?, missing: [String])
    /// Before the deadline, meeting the target: "on track: <figures>".
    case onTrack(Figures)
    /// Before the deadline, not meeting it: "off track: <figures>".
    case offTrack(Figures)
    /// Before the deadline, no figures: "no data: no figures".
    case noData
    /// The target met: "<figures>".
    case met(Figures)
    /// The target missed: "below target: <figures>".
    case belowTarget(Figures)
    /// No figures within the staleness by the deadline: "no current data by <deadline>".
    case noCurrentData(by: CivilDate)

    // recurring_inspection.
    /// "inspected on <date>".
    case inspected(InspectionKind?, on: RecordedDate)
    /// "inspected on <date>, <n> days after the due date <due>".
    case inspectedLate(InspectionKind?, on: RecordedDate, daysLate: Int64, due: CivilDate)
    /// "inspected <date>, which straddles the due date <due>".
    case inspectionStraddles(InspectionKind?, dated: RecordedDate, due: CivilDate)
    /// "no inspection of <target> by <due> (<n> days overdue)".
    case noInspection(target: String, due: CivilDate, daysOverdue: Int64)
    /// Rolling: "last inspected on <date>; next due by <due>" (then " (<n> days overdue)").
    case lastInspected(InspectionKind?, on: RecordedDate, nextDue: CivilDate, daysOverdue: Int64?)
    /// Rolling, never inspected: "not inspected since <date>; due by <due>" (then " (<n> days overdue)").
    case notInspected(since: CivilDate, due: CivilDate, daysOverdue: Int64?)

    // precedence.
    /// "content appraised on <date>, congress on <date>".
    case appraised(on: RecordedDate, congress: RecordedDate)
    /// "congress on <date> without an approved appraisal since <earliest>".
    case notAppraised(congress: RecordedDate, since: CivilDate)

    // response_within.
    /// The report back waits for the resolution: "waits for the resolution".
    case waitsForResolution

    /// Text given as it is (a report made from text rather than by the templates): the same in
    /// every language.
    case verbatim(String)

    /// What fulfils a duty: the verb of the Vietnamese text (the English says "done").
    public enum Act: Sendable, Hashable, CaseIterable {
        case report, meeting, taskCompletion, resolution, dissemination
        /// Any other event.
        case other

        /// The act an event of type `eventType` is.
        public init(eventType: String) {
            switch eventType {
            case ReportSubmitted.type: self = .report
            case MeetingHeld.type: self = .meeting
            case TaskCompleted.type: self = .taskCompletion
            case RecommendationResolved.type: self = .resolution
            case DirectiveDisseminated.type: self = .dissemination
            default: self = .other
            }
        }
    }

    /// An event of the log and the date it is shown with.
    public struct Occurrence: Sendable, Hashable {
        public var seq: Int64
        public var date: RecordedDate

        public init(seq: Int64, date: RecordedDate) {
            self.seq = seq
            self.date = date
        }
    }

    /// A monitoring assignment that covers an organisation.
    public struct Monitor: Sendable, Hashable {
        public var monitor: String
        public var assignmentId: String

        public init(monitor: String, assignmentId: String) {
            self.monitor = monitor
            self.assignmentId = assignmentId
        }
    }

    /// An organisation's figures (`membership.reported`): members, eligible people when given,
    /// and the date they are as of.
    public struct Figures: Sendable, Hashable, CustomStringConvertible {
        public var members: Int64
        public var eligible: Int64?
        public var asOf: CivilDate

        public init(members: Int64, eligible: Int64?, asOf: CivilDate) {
            self.members = members
            self.eligible = eligible
            self.asOf = asOf
        }

        /// "<members>[ of <eligible>] as of <date>".
        public var description: String { "\(members)\(eligible.map { " of \($0)" } ?? "") as of \(asOf)" }

        /// In Vietnamese: "152.340 hội viên / 410.000 đối tượng (37,16 %), số liệu tính đến ngày 31/12/2026".
        var vietnamese: String {
            var out = "\(NumberText.integer(members, .vi)) hội viên"
            if let eligible {
                out += " / \(NumberText.integer(eligible, .vi)) đối tượng"
                if let share = NumberText.percent(members, of: eligible, .vi) { out += " (\(share))" }
            }
            return out + ", số liệu tính đến ngày \(Reason.day(asOf))"
        }
    }

    /// The reason in English, as the JSON, NDJSON and CSV formats write it.
    public var description: String {
        switch self {
        case .notInForce(let from): return "not in force before \(from)"
        case .liftedOrEnded(let on): return "lifted or ended on \(on)"
        case .liftedBeforeDue(let on): return "lifted or ended on \(on), before it fell due"
        case .liftedBeforeDeadline(let on): return "lifted or ended on \(on), before the deadline"
        case .liftedBeforeNextInspection(let on): return "lifted or ended on \(on), before the next inspection was due"
        case .done(_, let on, let due): return "done on \(on), due \(due)"
        case .doneLate(_, let on, let late, let due): return "done on \(on), \(Self.days(late)) after the due date \(due)"
        case .straddles(_, let dated, let due): return "dated \(dated), which straddles the due date \(due)"
        case .due(let due): return "due \(due)"
        case .countSoFar(_, let count, let required, let due): return "\(count) of \(required) so far; due \(due)"
        case .countBy(_, let count, let required, let due): return "\(count) of \(required) by \(due)"
        case .nothingBy(_, let due, let overdue): return "nothing by \(due) (\(Self.days(overdue)) overdue)"
        case .completionNotRecordable(let type): return "completion by \(type) cannot be recorded against a task"
        case .taskCancelled: return "task cancelled"
        case .openWithoutDueDate(let assigned): return "open, no due date (assigned \(assigned))"
        case .doneWithoutDueDate(_, let on): return "done on \(on)"
        case .windowNotOpen(let asOf): return "window not open by \(asOf)"
        case .noneInWindow(let type, let open): return open ? "no \(type) in the window so far (window open)" : "no \(type) in the window"
        case .inWindow(let type, let events):
            return "\(events.count) \(type) in the window: " + events.map { "seq \($0.seq) on \($0.date)" }.joined(separator: ", ")
        case .acrossWindowEdge(let type, let events):
            return "\(events.count) \(type) dated across the window's edge: " + events.map { "seq \($0.seq) in \($0.date)" }.joined(separator: ", ")
        case .coverageNotRecorded(let kind): return "no event records coverage by \(kind)"
        case .uncoveredGap(let from, let to, let end): return "uncovered from \(from) to \(to); the grace ended \(end)"
        case .monitored(let by): return "monitored by " + by.map { "\($0.monitor) (\($0.assignmentId))" }.joined(separator: ", ")
        case .uncoveredWithinGrace(let since, let until): return "uncovered since \(since), within the grace until \(until)"
        case .uncovered(let since, let end): return "uncovered since \(since); the grace ended \(end)"
        case .targetTooPrecise(let value): return "the target \(value) has more digits than this check compares exactly"
        case .sumsTooLarge: return "the sums of the figures exceed what this check adds exactly"
        case .sumRatio(let members, let eligible, let onTrack, let missing):
            let track = onTrack.map { $0 ? ", on track" : ", off track" } ?? ""
            let gaps = missing.isEmpty ? "" : "; no figures with eligible members from " + missing.prefix(5).joined(separator: ", ")
                + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            return "Σ members \(members) / Σ eligible \(eligible)\(track)\(gaps)"
        case .onTrack(let f): return "on track: \(f)"
        case .offTrack(let f): return "off track: \(f)"
        case .noData: return "no data: no figures"
        case .met(let f): return f.description
        case .belowTarget(let f): return "below target: \(f)"
        case .noCurrentData(let by): return "no current data by \(by)"
        case .inspected(_, let on): return "inspected on \(on)"
        case .inspectedLate(_, let on, let late, let due): return "inspected on \(on), \(Self.days(late)) after the due date \(due)"
        case .inspectionStraddles(_, let dated, let due): return "inspected \(dated), which straddles the due date \(due)"
        case .noInspection(let target, let due, let overdue): return "no inspection of \(target) by \(due) (\(Self.days(overdue)) overdue)"
        case .lastInspected(_, let on, let next, let overdue):
            return "last inspected on \(on); next due by \(next)" + (overdue.map { " (\(Self.days($0)) overdue)" } ?? "")
        case .notInspected(let since, let due, let overdue):
            return "not inspected since \(since); due by \(due)" + (overdue.map { " (\(Self.days($0)) overdue)" } ?? "")
        case .appraised(let on, let congress): return "content appraised on \(on), congress on \(congress)"
        case .notAppraised(let congress, let since): return "congress on \(congress) without an approved appraisal since \(since)"
        case .waitsForResolution: return "waits for the resolution"
        case .verbatim(let text): return text
        }
    }

    /// The reason in `language`: ``description`` in English; in Vietnamese, in the register of
    /// an inspection report, dates as `DateText` writes them, numbers as `NumberText` does, event
    /// types and inspection kinds by their `Vocabulary` labels, ids and seqs as written.
    public func text(_ language: Language) -> String {
        language == .en ? description : vietnamese
    }

    /// The reason in Vietnamese (docs/compliance.md, "Reasons in Vietnamese").
    private var vietnamese: String {
        switch self {
        case .notInForce(let from): return "Chưa có hiệu lực (có hiệu lực từ ngày \(Self.day(from)))"
        case .liftedOrEnded(let on): return "Đã bãi bỏ hoặc hết hiệu lực từ ngày \(Self.day(on))"
        case .liftedBeforeDue(let on): return "Đã bãi bỏ hoặc hết hiệu lực từ ngày \(Self.day(on)), trước khi đến hạn"
        case .liftedBeforeDeadline(let on): return "Đã bãi bỏ hoặc hết hiệu lực từ ngày \(Self.day(on)), trước thời hạn của chỉ tiêu"
        case .liftedBeforeNextInspection(let on):
            return "Đã bãi bỏ hoặc hết hiệu lực từ ngày \(Self.day(on)), trước hạn kiểm tra lần tiếp theo"
        case .done(let act, let on, let due): return "Đã \(act.verb) \(Self.on(on)), hạn \(Self.day(due))"
        case .doneLate(let act, let on, let late, let due):
            return "Đã \(act.verb) \(Self.on(on)), chậm \(Self.vietnameseDays(late)) so với hạn \(Self.day(due))"
        case .straddles(let act, let dated, let due):
            return "Đã \(act.verb) \(Self.on(dated)), chưa xác định được có đúng hạn \(Self.day(due)) hay không"
        case .due(let due): return "Chưa đến hạn (hạn \(Self.day(due)))"
        case .countSoFar(let act, let count, let required, let due):
            return "Mới có \(Self.count(count))/\(Self.count(required)) \(act.noun), chưa đến hạn (hạn \(Self.day(due)))"
        case .countBy(let act, let count, let required, let due):
            return "Đến hạn \(Self.day(due)) chỉ có \(Self.count(count))/\(Self.count(required)) \(act.noun)"
        case .nothingBy(let act, let due, let overdue):
            return "Quá hạn \(Self.vietnameseDays(overdue)) (hạn \(Self.day(due))), \(act.missing)"
        case .completionNotRecordable(let type):
            return "Không ghi nhận được việc hoàn thành nhiệm vụ bằng sự kiện “\(Vocabulary.label(.eventType, type, .vi))”"
        case .taskCancelled: return "Nhiệm vụ đã hủy"
        case .openWithoutDueDate(let assigned): return "Đang thực hiện, không có hạn (giao ngày \(Self.day(assigned)))"
        case .doneWithoutDueDate(let act, let on): return "Đã \(act.verb) \(Self.on(on))"
        case .windowNotOpen(let asOf): return "Tính đến ngày \(Self.day(asOf)), thời gian cấm chưa bắt đầu"
        case .noneInWindow(let type, let open):
            let label = Vocabulary.label(.eventType, type, .vi)
            return open ? "Chưa có sự kiện “\(label)” trong thời gian cấm (thời gian cấm chưa kết thúc)"
                : "Không có sự kiện “\(label)” trong thời gian cấm"
        case .inWindow(let type, let events):
            return "Có \(Self.count(events.count)) sự kiện “\(Vocabulary.label(.eventType, type, .vi))” trong thời gian cấm: "
                + Self.list(events)
        case .acrossWindowEdge(let type, let events):
            return "Có \(Self.count(events.count)) sự kiện “\(Vocabulary.label(.eventType, type, .vi))” có thời gian diễn ra "
                + "kéo dài qua mốc của thời gian cấm: " + Self.list(events)
        case .coverageNotRecorded(let kind):
            return "Không có loại sự kiện nào ghi nhận tiêu chí bao phủ “\(Self.relationKinds[kind] ?? kind)”"
        case .uncoveredGap(let from, let to, let end):
            return "Không có đơn vị theo dõi từ ngày \(Self.day(from)) đến ngày \(Self.day(to)), "
                + "quá thời hạn cho phép (hết ngày \(Self.day(end)))"
        case .monitored(let by): return "Đơn vị theo dõi: " + by.map { "\($0.monitor) (\($0.assignmentId))" }.joined(separator: ", ")
        case .uncoveredWithinGrace(let since, let until):
            return "Chưa có đơn vị theo dõi từ ngày \(Self.day(since)), còn trong thời hạn cho phép (đến hết ngày \(Self.day(until)))"
        case .uncovered(let since, let end):
            return "Chưa có đơn vị theo dõi từ ngày \(Self.day(since)), đã quá thời hạn cho phép (hết ngày \(Self.day(end)))"
        case .targetTooPrecise(let value):
            return "Chỉ tiêu \(NumberText.decimal(value, .vi)) có nhiều chữ số hơn mức chương trình so sánh chính xác được"
        case .sumsTooLarge: return "Tổng các số liệu vượt quá mức chương trình cộng chính xác được"
        case .sumRatio(let members, let eligible, let onTrack, let missing):
            var out = "Tổng số hội viên \(NumberText.integer(members, .vi)) / tổng số đối tượng \(NumberText.integer(eligible, .vi))"
            if let share = NumberText.percent(members, of: eligible, .vi) { out += " = \(share)" }
            if let onTrack { out += onTrack ? ", đạt tiến độ" : ", chưa đạt tiến độ" }
            if !missing.isEmpty {
                out += "; chưa có số liệu về số đối tượng của " + missing.prefix(5).joined(separator: ", ")
                if missing.count > 5 { out += " và \(Self.count(missing.count - 5)) đơn vị khác" }
            }
            return out
        case .onTrack(let f): return "Đạt tiến độ: \(f.vietnamese)"
        case .offTrack(let f): return "Chưa đạt tiến độ: \(f.vietnamese)"
        case .noData: return "Chưa có số liệu"
        case .met(let f): return f.vietnamese
        case .belowTarget(let f): return "Không đạt chỉ tiêu: \(f.vietnamese)"
        case .noCurrentData(let by): return "Không có số liệu mới tính đến ngày \(Self.day(by))"
        case .inspected(let kind, let on): return "Đã \(Self.verb(kind)) \(Self.on(on))"
        case .inspectedLate(let kind, let on, let late, let due):
            return "Đã \(Self.verb(kind)) \(Self.on(on)), chậm \(Self.vietnameseDays(late)) so với hạn \(Self.day(due))"
        case .inspectionStraddles(let kind, let dated, let due):
            return "Đã \(Self.verb(kind)) \(Self.on(dated)), chưa xác định được có đúng hạn \(Self.day(due)) hay không"
        case .noInspection(let target, let due, let overdue):
            return "Quá hạn \(Self.vietnameseDays(overdue)) (hạn \(Self.day(due))), chưa kiểm tra \(target)"
        case .lastInspected(let kind, let on, let next, let overdue):
            let verb = Self.verb(kind)
            return "Lần \(verb) gần nhất \(Self.on(on)); hạn lần tiếp theo \(Self.day(next))"
                + (overdue.map { " (quá hạn \(Self.vietnameseDays($0)))" } ?? "")
        case .notInspected(let since, let due, let overdue):
            return "Chưa kiểm tra kể từ ngày \(Self.day(since)); hạn kiểm tra \(Self.day(due))"
                + (overdue.map { " (quá hạn \(Self.vietnameseDays($0)))" } ?? "")
        case .appraised(let on, let congress): return "Đã thẩm định nội dung \(Self.on(on)), đại hội \(Self.on(congress))"
        case .notAppraised(let congress, let since):
            return "Đại hội \(Self.on(congress)), không có kết quả thẩm định nội dung được thông qua kể từ ngày \(Self.day(since))"
        case .waitsForResolution: return "Chờ kết quả giải quyết kiến nghị"
        case .verbatim(let text): return text
        }
    }

    /// "1 day", "2 days".
    static func days(_ n: Int64) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// "1 ngày", "1.234 ngày".
    static func vietnameseDays(_ n: Int64) -> String { "\(NumberText.integer(n, .vi)) ngày" }

    /// A count in Vietnamese.
    static func count(_ n: Int) -> String { NumberText.integer(n, .vi) }

    /// A day in Vietnamese: `15/03/2024`.
    static func day(_ d: CivilDate) -> String { DateText.date(d.description, .vi) }

    /// When an event happened, in Vietnamese, to the precision recorded: `ngày 15/03/2024`,
    /// `trong tháng 03/2024`, `trong năm 2024`.
    static func on(_ d: RecordedDate) -> String {
        d.precision == .day ? "ngày \(DateText.date(d.description, .vi))" : "trong \(DateText.date(d.description, .vi))"
    }

    /// "bản ghi số 12 ngày 10/04/2026, bản ghi số 15 trong tháng 05/2026".
    private static func list(_ events: [Occurrence]) -> String {
        events.map { "bản ghi số \($0.seq) \(on($0.date))" }.joined(separator: ", ")
    }

    /// The verb of an inspection of `kind` (`kiểm tra`, `giám sát`, …; `kiểm tra` when unknown).
    private static func verb(_ kind: InspectionKind?) -> String {
        Vocabulary.label(.inspectionKind, (kind ?? .kiemTra).rawValue, .vi).lowercased()
    }

    /// The coverage relations no event records (docs/compliance.md, §5.6), in Vietnamese.
    private static let relationKinds = ["registration": "đăng ký vào hệ thống", "party_org_present": "có tổ chức đảng trong hội"]
}

extension Reason.Act {
    /// The Vietnamese verb: `báo cáo`, `họp`, `hoàn thành`, …
    var verb: String {
        switch self {
        case .report: "báo cáo"
        case .meeting: "họp"
        case .taskCompletion: "hoàn thành"
        case .resolution: "giải quyết"
        case .dissemination: "quán triệt, triển khai"
        case .other: "thực hiện"
        }
    }

    /// What is counted, in Vietnamese: `báo cáo`, `cuộc họp`, `lần thực hiện`.
    var noun: String {
        switch self {
        case .report: "báo cáo"
        case .meeting: "cuộc họp"
        default: "lần thực hiện"
        }
    }

    /// What is missing, in Vietnamese: `chưa có báo cáo`, `chưa tổ chức họp`, …
    var missing: String {
        switch self {
        case .report: "chưa có báo cáo"
        case .meeting: "chưa tổ chức họp"
        default: "chưa \(verb)"
        }
    }

    /// The act `fact` is.
    init(_ fact: Fact) {
        switch fact.body {
        case .report: self = .report
        case .meeting: self = .meeting
        case .resolved: self = .resolution
        case .payload(let whole): self.init(eventType: type(of: whole.payload).type)
        case .inspection, .filed: self = .other
        }
    }
}

extension Reason {
    /// Whether the English text is `text`.
    public static func == (reason: Reason, text: String) -> Bool { reason.description == text }

    /// Whether the English text begins with `prefix`.
    public func hasPrefix(_ prefix: String) -> Bool { description.hasPrefix(prefix) }

    /// Whether the English text ends with `suffix`.
    public func hasSuffix(_ suffix: String) -> Bool { description.hasSuffix(suffix) }
}

extension Reason: Encodable {
    /// As its English text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
