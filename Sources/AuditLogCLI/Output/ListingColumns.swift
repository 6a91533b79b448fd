import AuditDomain
import EventLog
import Wording

/// The columns of the query listings (`orgs`, `tasks`, `directives`, `directive`, `history`):
/// each one's CSV header and cell (codes and ISO dates, as scripts read them) and its table
/// heading and cell in the language of the output.
enum ListingColumns {
    static let organizations: [RecordPrinter.Column<OrganizationRecord>] = [
        .init("org", vi: "Tổ chức", en: "Org", fit: .whole, { $0.orgId }, shown: { r, _ in r.orgId }),
        .init("name", vi: "Tên", en: "Name", minimum: 24, { $0.name.value }, shown: { r, _ in r.name.value }),
        .init("kind", vi: "Loại", en: "Kind", priority: 2, { $0.kind.value.rawValue }, shown: { r, w in w.label(.orgKind, r.kind.value.rawValue) }),
        .init("province", vi: "Tỉnh", en: "Province", priority: 4, { $0.province.value }, shown: { r, _ in r.province.value }),
        .init("status", vi: "Trạng thái", en: "Status",
              { $0.status.value.rawValue + ($0.successors.isEmpty ? "" : " → " + $0.successors.joined(separator: ", ")) },
              shown: { r, w in w.label(.orgStatus, r.status.value.rawValue) + (r.successors.isEmpty ? "" : " → " + r.successors.joined(separator: ", ")) }),
        .init("monitors", vi: "Theo dõi", en: "Monitors", priority: 5, { $0.monitoring.map { MonitorText.holders($0) }.joined(separator: " ") },
              shown: { r, w in r.monitoring.map { MonitorText.holders($0, w) }.joined(separator: "; ") }),
        .init("last_report", vi: "Báo cáo gần nhất", en: "Last report", fit: .whole, priority: 1, { $0.lastReport.map { $0.on.description } ?? "" },
              shown: { r, w in r.lastReport.map { w.date($0.on) } ?? "" }),
        .init("last_inspection", vi: "Kiểm tra gần nhất", en: "Last inspection", priority: 6,
              { $0.lastInspection.map { "\($0.on) \($0.rating ?? "")" } ?? "" },
              shown: { r, w in r.lastInspection.map { i in w.date(i.on) + (i.rating.map { " " + w.label(.rating, $0) } ?? "") } ?? "" }),
        .init("members", vi: "Hội viên", en: "Members", priority: 3, { $0.membership.map { "\($0.members)" + ($0.rate.map { " (\($0))" } ?? "") } ?? "" },
              shown: { r, w in r.membership.map { m in w.number(m.members) + (m.eligible.flatMap { w.percent(m.members, of: $0) }.map { " (\($0))" } ?? "") } ?? "" }),
    ]

    static let tasks: [RecordPrinter.Column<TaskRecord>] = [
        .init("task", vi: "Nhiệm vụ", en: "Task", fit: .whole, { $0.taskId }, shown: { t, _ in t.taskId }),
        .init("assignee", vi: "Đơn vị được giao", en: "Assignee", fit: .whole, priority: 1, { $0.assignee }, shown: { t, _ in t.assignee }),
        .init("req_ref", vi: "Yêu cầu", en: "Requirement", fit: .whole, priority: 3, { $0.reqRef ?? "" }, shown: { t, _ in t.reqRef ?? "" }),
        .init("assigned", vi: "Ngày giao", en: "Assigned", fit: .whole, priority: 4, { $0.assignedOn.description }, shown: { t, w in w.date(t.assignedOn) }),
        .init("due", vi: "Hạn", en: "Due", fit: .whole, { $0.due?.description ?? "" }, shown: { t, w in t.due.map { w.date($0) } ?? "" }),
        .init("status", vi: "Trạng thái", en: "Status", fit: .whole,
              { "\($0.status.value.rawValue)\($0.status.value == .open ? "" : " \($0.status.stamp.date)")" },
              shown: { t, w in w.label(.taskStatus, t.status.value.rawValue) + (t.status.value == .open ? "" : " " + w.date(t.status.stamp.date)) }),
        .init("description", vi: "Nội dung", en: "Description", priority: 2, { $0.descriptionVi }, shown: { t, _ in t.descriptionVi }),
    ]

    static let documents: [RecordPrinter.Column<DocumentRecord>] = [
        .init("doc_key", vi: "Văn bản", en: "Document", fit: .whole, { $0.docKey }, shown: { d, _ in d.docKey }),
        .init("number", vi: "Số", en: "Number", priority: 3, { $0.doc.number ?? "" }, shown: { d, _ in d.doc.number ?? "" }),
        .init("type", vi: "Loại", en: "Type", { $0.doc.typeName }, shown: { d, _ in d.doc.typeName }),
        .init("issuer", vi: "Cơ quan ban hành", en: "Issuer", fit: .whole, priority: 4, { $0.doc.issuerOrg }, shown: { d, _ in d.doc.issuerOrg }),
        .init("issued", vi: "Ngày ban hành", en: "Issued", fit: .whole, { $0.doc.issuedOn?.description ?? $0.doc.issuedOnNotBefore.map { "≥ \($0)" } ?? "" },
              shown: { d, w in d.doc.issuedOn.map { w.date($0) } ?? d.doc.issuedOnNotBefore.map { "≥ " + w.date($0) } ?? "" }),
        .init("requirements", vi: "Số yêu cầu", en: "Requirements", fit: .whole, { d in d.isDirective ? "\(d.requirements.count)" : "" },
              shown: { d, w in d.isDirective ? w.number(d.requirements.count) : "" }),
        .init("lifted", vi: "Đã bãi bỏ", en: "Lifted", fit: .whole, priority: 2, { d in d.isDirective ? "\(d.requirements.filter { $0.liftedOn != nil }.count)" : "" },
              shown: { d, w in d.isDirective ? w.number(d.requirements.filter { $0.liftedOn != nil }.count) : "" }),
        .init("amended", vi: "Đã sửa đổi", en: "Amended", fit: .whole, priority: 1, { d in d.isDirective ? "\(d.requirements.filter { !$0.amendedBy.isEmpty }.count)" : "" },
              shown: { d, w in d.isDirective ? w.number(d.requirements.filter { !$0.amendedBy.isEmpty }.count) : "" }),
    ]

    static let requirements: [RecordPrinter.Column<DirectiveCommand.Row>] = [
        .init("req_ref", vi: "Yêu cầu", en: "Requirement", fit: .whole, { $0.reqRef }, shown: { r, _ in r.reqRef }),
        .init("template", vi: "Loại yêu cầu", en: "Template", priority: 2, { $0.template }, shown: { r, w in w.label(.template, r.template) }),
        .init("state", vi: "Hiệu lực", en: "State", fit: .whole, { $0.state }, shown: { r, w in w.label(.requirementState, r.state) }),
        .init("assignees now", vi: "Đơn vị được giao hiện nay", en: "Assignees now", priority: 1, { $0.resolvedAssignees.joined(separator: " ") },
              shown: { r, _ in r.resolvedAssignees.joined(separator: " ") }),
        .init("text", vi: "Nội dung", en: "Text", minimum: 30, { $0.textVi }, shown: { r, _ in r.textVi }),
    ]

    static let history: [RecordPrinter.Column<OrganizationHistory.Item>] = [
        .init("seq", vi: "Seq", en: "Seq", fit: .whole, { String($0.seq) }, shown: { i, _ in String(i.seq) }),
        .init("occurred_at", vi: "Thời điểm xảy ra", en: "Occurred", fit: .whole, { $0.occurredAt }, shown: { i, w in w.occurred(i.occurredAt) }),
        .init("recorded_at", vi: "Thời điểm ghi", en: "Recorded", fit: .whole, priority: 2, { $0.recordedAt }, shown: { i, w in w.instant(i.recordedAt) }),
        .init("type", vi: "Sự kiện", en: "Event", { $0.type }, shown: { i, w in w.label(.eventType, i.type) }),
        .init("orgs", vi: "Tổ chức", en: "Organisations", priority: 1, { $0.orgs.joined(separator: " ") }, shown: { i, _ in i.orgs.joined(separator: " ") }),
        .init("note", vi: "Ghi chú", en: "Note", { i in
            [i.retractedBy.map { "retracted by seq \($0)" }, i.correctedBy.isEmpty ? nil : "corrected by seq " + i.correctedBy.map(String.init).joined(separator: ", ")]
                .compactMap { $0 }.joined(separator: "; ")
        }, shown: { i, w in
            [i.retractedBy.map { w.pick(vi: "bị hủy bỏ bởi seq \($0)", en: "retracted by seq \($0)") },
             i.correctedBy.isEmpty ? nil
                : w.pick(vi: "được đính chính bởi seq ", en: "corrected by seq ") + i.correctedBy.map(String.init).joined(separator: ", ")]
                .compactMap { $0 }.joined(separator: "; ")
        }),
    ]
}
