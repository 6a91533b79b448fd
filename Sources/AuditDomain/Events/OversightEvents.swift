import EventLog
import LogFormat

/// `monitoring.assigned`: a body is assigned to follow an association (phân công theo dõi).
public struct MonitoringAssigned: EventPayload, Hashable {
    public static let type = "monitoring.assigned"
    public var assignmentId: String
    public var monitor: String
    public var target: String
    public var role: MonitoringRole
    public var officerName: String?
    public var basis: DocCite
    public var until: CivilDate?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        assignmentId = try r.checked("assignment_id", .id)
        monitor = try r.checked("monitor", .slug)
        target = try r.checked("target", .slug)
        role = try r.choice("role")
        officerName = try r.optionalText("officer_name")
        basis = try DocCite.required(&r, "basis")
        until = try r.optionalDate("until")
    }

    public var subject: String { "monitoring/\(assignmentId)" }

    public func references(_ refs: inout References) {
        refs.declare(.assignment, assignmentId, "payload.assignment_id")
        refs.need(.org, monitor, "payload.monitor")
        refs.need(.org, target, "payload.target")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `monitoring.revoked`: an assignment ends (thu hồi phân công).
public struct MonitoringRevoked: EventPayload, Hashable {
    public static let type = "monitoring.revoked"
    public var assignmentId: String
    public var reason: String?
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        assignmentId = try r.checked("assignment_id", .id)
        reason = try r.optionalText("reason")
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "monitoring/\(assignmentId)" }

    public func references(_ refs: inout References) {
        refs.need(.assignment, assignmentId, "payload.assignment_id")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `task.assigned`: a task with an assignee and a due date (giao nhiệm vụ).
public struct TaskAssigned: EventPayload, Hashable {
    public static let type = "task.assigned"
    public var taskId: String
    public var reqRef: String?
    public var assignee: String
    public var reportsTo: String?
    public var descriptionVi: String
    public var dueOn: CivilDate?
    public var dueWithin: ISODuration?
    public var deliverable: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        taskId = try r.checked("task_id", .id)
        reqRef = try r.optionalChecked("req_ref", .reqRef)
        assignee = try r.checked("assignee", .slug)
        reportsTo = try r.optionalChecked("reports_to", .slug)
        descriptionVi = try r.text("description_vi")
        dueOn = try r.optionalDate("due_on")
        dueWithin = try r.optionalDuration("due_within")
        if dueOn != nil, dueWithin != nil { throw r.error("due_within", "give due_on or due_within, not both") }
        deliverable = try r.optionalChecked("deliverable", .code)
    }

    public var subject: String { "task/\(taskId)" }

    public func references(_ refs: inout References) {
        refs.declare(.task, taskId, "payload.task_id")
        if let reqRef { refs.need(.req, reqRef, "payload.req_ref") }
        refs.need(.org, assignee, "payload.assignee")
        if let reportsTo { refs.need(.org, reportsTo, "payload.reports_to") }
    }
}

/// `task.completed`: the task was done (hoàn thành nhiệm vụ).
public struct TaskCompleted: EventPayload, Hashable {
    public static let type = "task.completed"
    public var taskId: String
    public var evidence: DocCite?
    public var outcomeVi: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        taskId = try r.checked("task_id", .id)
        evidence = try DocCite.read(&r, "evidence")
        outcomeVi = try r.optionalText("outcome_vi")
    }

    public var subject: String { "task/\(taskId)" }

    public func references(_ refs: inout References) {
        refs.need(.task, taskId, "payload.task_id")
        evidence.references(&refs, at: "payload.evidence")
    }
}

/// `task.cancelled`: the task was withdrawn (hủy nhiệm vụ).
public struct TaskCancelled: EventPayload, Hashable {
    public static let type = "task.cancelled"
    public var taskId: String
    public var basis: DocCite
    public var reasonVi: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        taskId = try r.checked("task_id", .id)
        basis = try DocCite.required(&r, "basis")
        reasonVi = try r.optionalText("reason_vi")
    }

    public var subject: String { "task/\(taskId)" }

    public func references(_ refs: inout References) {
        refs.need(.task, taskId, "payload.task_id")
        basis.references(&refs, at: "payload.basis")
    }
}

/// A reporting period: its key (`2026`, `2026-H1`, `2026-Q3`, `2026-03`, `adhoc`) and dates.
public struct Period: Sendable, Hashable, Codable {
    public var key: String
    public var start: CivilDate
    public var end: CivilDate

    static func read(_ r: inout FieldReader, _ key: String) throws(PayloadError) -> Period? {
        try r.optionalObject(key) { (p: inout FieldReader) throws(PayloadError) in
            let k = try p.checked("key", .periodKey)
            let start = try p.date("start")
            let end = try p.date("end")
            if end < start { throw p.error("end", "is before start \(start)") }
            return Period(key: k, start: start, end: end)
        }
    }
}

/// `report.submitted`: a report was sent (gửi báo cáo).
public struct ReportSubmitted: EventPayload, Hashable {
    public static let type = "report.submitted"
    public var reportId: String
    public var reporter: String
    public var recipient: String
    public var reqRef: String?
    public var period: Period?
    public var doc: DocCite?
    public var about: [String]?
    public var metrics: [String: JSONValue]?
    public var summaryVi: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        reportId = try r.checked("report_id", .id)
        reporter = try r.checked("reporter", .slug)
        recipient = try r.checked("recipient", .slug)
        reqRef = try r.optionalChecked("req_ref", .reqRef)
        period = try Period.read(&r, "period")
        doc = try DocCite.read(&r, "doc")
        about = try r.optionalStrings("about", .id)
        metrics = try r.optionalFreeObject("metrics")
        summaryVi = try r.optionalText("summary_vi")
    }

    public var subject: String { "report/\(reportId)" }

    public func references(_ refs: inout References) {
        refs.record(.report, reportId, "payload.report_id")
        refs.need(.org, reporter, "payload.reporter")
        refs.need(.org, recipient, "payload.recipient")
        if let reqRef { refs.need(.req, reqRef, "payload.req_ref") }
        doc.references(&refs, at: "payload.doc")
        for (i, id) in (about ?? []).enumerated() { refs.need(anyOf: [.rec, .task], id, "payload.about[\(i)]") }
    }
}

/// `membership.reported`: membership figures at a date (báo cáo số lượng hội viên).
public struct MembershipReported: EventPayload, Hashable {
    public static let type = "membership.reported"
    public var orgId: String
    public var asOf: CivilDate
    public var members: Int64
    public var eligible: Int64?
    public var newMembers: Int64?
    public var removedMembers: Int64?
    public var reportId: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        asOf = try r.date("as_of")
        members = try r.integer("members")
        eligible = try r.optionalInteger("eligible")
        newMembers = try r.optionalInteger("new_members")
        removedMembers = try r.optionalInteger("removed_members")
        reportId = try r.optionalChecked("report_id", .id)
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
    }
}

/// `meeting.held`: a working session took place (họp, giao ban, làm việc).
public struct MeetingHeld: EventPayload, Hashable {
    public static let type = "meeting.held"
    public var meetingId: String
    public var convener: String
    public var participants: [String]
    public var kind: MeetingKind
    public var reqRef: String?
    public var period: Period?
    public var conclusionDoc: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        meetingId = try r.checked("meeting_id", .id)
        convener = try r.checked("convener", .slug)
        participants = try r.strings("participants", .slug, minimum: 1)
        kind = try r.choice("kind")
        reqRef = try r.optionalChecked("req_ref", .reqRef)
        period = try Period.read(&r, "period")
        conclusionDoc = try DocCite.read(&r, "conclusion_doc")
    }

    public var subject: String { "meeting/\(meetingId)" }

    public func references(_ refs: inout References) {
        refs.declare(.meeting, meetingId, "payload.meeting_id")
        refs.need(.org, convener, "payload.convener")
        for (i, p) in participants.enumerated() { refs.need(.org, p, "payload.participants[\(i)]") }
        if let reqRef { refs.need(.req, reqRef, "payload.req_ref") }
        conclusionDoc.references(&refs, at: "payload.conclusion_doc")
    }
}

/// `inspection.planned`: an inspection is scheduled (kế hoạch kiểm tra).
public struct InspectionPlanned: EventPayload, Hashable {
    public static let type = "inspection.planned"
    public var inspectionId: String
    public var inspector: String
    public var target: String
    public var plannedWindow: [CivilDate]
    public var planDoc: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        inspectionId = try r.checked("inspection_id", .id)
        inspector = try r.checked("inspector", .slug)
        target = try r.checked("target", .slug)
        // Not `strings`: a one-day window repeats its date.
        let window = try r.array("planned_window", minimum: 2) { (item, path, _) throws(PayloadError) -> (CivilDate, JSONValue) in
            guard case .string(let s) = item, let d = CivilDate(s) else { throw PayloadError(field: path, message: "must be a date YYYY-MM-DD") }
            return (d, item)
        }
        guard window.count == 2 else { throw r.error("planned_window", "must be [start date, end date]") }
        let (from, to) = (window[0], window[1])
        if to < from { throw r.error("planned_window", "ends before it starts") }
        plannedWindow = [from, to]
        planDoc = try DocCite.read(&r, "plan_doc")
    }

    public var subject: String { "inspection/\(inspectionId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, inspector, "payload.inspector")
        refs.need(.org, target, "payload.target")
        planDoc.references(&refs, at: "payload.plan_doc")
    }
}

/// `inspection.conducted`: an inspection or supervision took place (kiểm tra, giám sát).
public struct InspectionConducted: EventPayload, Hashable {
    public static let type = "inspection.conducted"
    /// One finding of an inspection.
    public struct Finding: Sendable, Hashable, Codable {
        public var code: String
        public var textVi: String
        public var severity: FindingSeverity
    }
    public var inspectionId: String
    public var inspector: String
    public var target: String
    public var kind: InspectionKind
    public var endedOn: CivilDate?
    public var reqRef: String?
    public var findings: [Finding]?
    public var rating: String?
    public var conclusionDoc: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        inspectionId = try r.checked("inspection_id", .id)
        inspector = try r.checked("inspector", .slug)
        target = try r.checked("target", .slug)
        kind = try r.choice("kind")
        endedOn = try r.optionalDate("ended_on")
        reqRef = try r.optionalChecked("req_ref", .reqRef)
        findings = try r.optionalArray("findings") { (item, path, refs) throws(PayloadError) -> (Finding, JSONValue) in
            try FieldReader.element(item, path, &refs) { (f: inout FieldReader) throws(PayloadError) in
                Finding(code: try f.checked("code", .id), textVi: try f.text("text_vi"), severity: try f.choice("severity"))
            }
        }
        rating = try r.optionalText("rating")
        conclusionDoc = try DocCite.read(&r, "conclusion_doc")
    }

    public var subject: String { "inspection/\(inspectionId)" }

    public func references(_ refs: inout References) {
        refs.record(.inspection, inspectionId, "payload.inspection_id")
        refs.need(.org, inspector, "payload.inspector")
        refs.need(.org, target, "payload.target")
        if let reqRef { refs.need(.req, reqRef, "payload.req_ref") }
        conclusionDoc.references(&refs, at: "payload.conclusion_doc")
    }
}
