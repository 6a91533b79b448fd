import AuditDomain
import LogFormat

/// The one place that says how the catalogue becomes OCEL 2.0 (docs/ocel.md): the object types
/// and their attributes, the attributes every event carries, and for each event type of the
/// catalogue its attributes, the objects it relates to with their qualifiers (E2O), the
/// relationships it makes between objects (O2O) and the attribute values it gives them.
public enum OCELMapping {
    /// The object types, and the attributes each may carry.
    public enum ObjectType: String, Sendable, Hashable, CaseIterable {
        case organisation, document, directive, requirement, task, recommendation, meeting, inspection

        public var attributes: [OCELAttribute] {
            switch self {
            case .organisation:
                [.init("name", .string), .init("status", .string), .init("kind", .string), .init("level", .string), .init("province", .string)]
            case .document: documentAttributes
            case .directive:
                documentAttributes + [.init("source_kind", .string), .init("effective_from", .string), .init("effective_until", .string)]
            case .requirement: [.init("template", .string), .init("clause_ref", .string), .init("lifted_on", .string)]
            case .task: [.init("status", .string), .init("description", .string), .init("due", .string), .init("deliverable", .string)]
            case .recommendation: [.init("status", .string), .init("text", .string), .init("channel", .string)]
            case .meeting: [.init("kind", .string)]
            case .inspection: [.init("status", .string), .init("kind", .string), .init("rating", .string)]
            }
        }

        private var documentAttributes: [OCELAttribute] {
            [.init("number", .string), .init("title", .string), .init("type_name", .string), .init("issued_on", .string)]
        }

        /// The type as the export declares it.
        public var ocelType: OCELType { OCELType(name: rawValue, attributes: attributes) }
    }

    /// The attributes every event carries, from its envelope, before its type's own: seq,
    /// event_id (also the OCEL id), recorded_at, actor, occurred_at as stored (its precision
    /// shows there: the OCEL time is its first instant), and the seqs of the corrections
    /// applied to it, comma-separated, when there are any.
    public static let envelopeAttributes: [OCELAttribute] = [
        .init("seq", .integer), .init("event_id", .string), .init("recorded_at", .time), .init("actor", .string),
        .init("occurred_at", .string), .init("corrected_by", .string),
    ]

    /// The catalogue's types that are not exported, and why.
    public static let leftOut: [String: String] = [
        EventCorrected.type: "applied: the export is the effective view, in which the corrected event carries the correction",
        EventRetracted.type: "applied: the retracted event is absent from the effective view",
        SignerRegistered.type: "about who may sign the log's lines, not about oversight (docs/authorship.md)",
        SignerRevoked.type: "about who may sign the log's lines, not about oversight (docs/authorship.md)",
        AuthorshipRuleSet.type: "about who may record what in the log, not about oversight; it names no object",
    ]

    /// Each exported event type of the catalogue, in the catalogue's order.
    public static let events: [EventMapping] = [
        .of(DocumentRegistered.self) { p, f in
            let doc = ObjectRef.doc(p.doc.docKey)
            f.relate(doc, "subject")
            document(p.doc, doc, &f)
            f.relate(p.cites?.map(ObjectRef.doc), "cites")
        },
        .of(DirectiveIssued.self, [
            .text("source_kind") { $0.sourceKind.rawValue }, .date("effective_from") { $0.effectiveFrom },
            .date("effective_until") { $0.effectiveUntil }, .integer("requirements") { Int64($0.requirements.count) },
        ]) { p, f in
            let doc = ObjectRef.doc(p.doc.docKey)
            f.relate(doc, "subject")
            document(p.doc, doc, &f)
            f.set(doc, "source_kind", text: p.sourceKind.rawValue)
            f.set(doc, "effective_from", text: p.effectiveFrom?.description)
            f.set(doc, "effective_until", text: p.effectiveUntil?.description)
            for r in p.requirements {
                let req = ObjectRef.req("\(p.doc.docKey)#\(r.reqId)")
                f.relate(req, "requirement")
                f.link(req, doc, "part of")
                f.set(req, "template", text: r.template.rawValue)
                f.set(req, "clause_ref", text: r.clauseRef)
            }
            f.relate(p.cites?.map(ObjectRef.doc), "cites")
            f.relate(p.supersedes?.map { $0.contains("#") ? ObjectRef.req($0) : ObjectRef.doc($0) }, "supersedes")
        },
        .of(RequirementAmended.self) { p, f in
            f.relate(.req(p.reqRef), "subject")
            f.relate(p.basis, "basis")
        },
        .of(RequirementLifted.self, [.date("effective_on") { $0.effectiveOn }]) { p, f in
            f.relate(.req(p.reqRef), "subject")
            f.relate(p.basis, "basis")
            f.set(.req(p.reqRef), "lifted_on", text: p.effectiveOn.description)
        },
        .of(DirectiveDisseminated.self, [.text("form") { $0.form?.rawValue }, .integer("participants") { $0.participants }]) { p, f in
            f.relate(.org(p.org), "subject")
            f.relate(.doc(p.docKey), "document")
        },
        .of(OrganizationRegistered.self, [
            .text("name_vi") { $0.nameVi }, .text("kind") { $0.kind.rawValue }, .text("level") { $0.level.rawValue }, .text("province") { $0.province },
        ]) { p, f in
            let org = ObjectRef.org(p.orgId)
            f.relate(org, "subject")
            f.relate(p.parent.map(ObjectRef.org), "parent")
            f.relate(p.basis, "basis")
            f.link(org, p.parent.map(ObjectRef.org), "part of")
            f.set(org, "name", text: p.nameVi)
            f.set(org, "status", text: OrganizationRecord.Status.active.rawValue)
            f.set(org, "kind", text: p.kind.rawValue)
            f.set(org, "level", text: p.level.rawValue)
            f.set(org, "province", text: p.province)
        },
        .of(OrganizationRenamed.self, [.text("new_name_vi") { $0.newNameVi }]) { p, f in
            f.relate(.org(p.orgId), "subject")
            f.relate(p.basis, "basis")
            f.set(.org(p.orgId), "name", text: p.newNameVi)
        },
        .of(OrganizationChanged.self, [.text("field") { $0.field.rawValue }, .text("value") { changedValue($0.value) }]) { p, f in
            let org = ObjectRef.org(p.orgId)
            f.relate(org, "subject")
            f.relate(p.basis, "basis")
            switch p.field {
            case .parent:
                let parent = p.value.stringValue.map(ObjectRef.org)
                f.relate(parent, "parent")
                f.link(org, parent, "part of")
            case .kind, .level, .province: f.set(org, p.field.rawValue, text: p.value.stringValue)
            case .dacThu, .giaoNhiemVu: break
            }
        },
        .of(OrganizationMerged.self, [.text("mode") { $0.mode.rawValue }]) { p, f in
            let into = ObjectRef.org(p.into)
            f.relate(into, "merged into")
            for source in p.sources.map(ObjectRef.org) {
                f.relate(source, "merged from")
                f.link(into, source, "successor of")
                f.set(source, "status", text: OrganizationRecord.Status.merged.rawValue)
            }
            f.relate(p.basis, "basis")
        },
        .of(OrganizationSplit.self, [.text("mode") { $0.mode.rawValue }]) { p, f in
            let source = ObjectRef.org(p.source)
            f.relate(source, "split from")
            for o in p.into.map(ObjectRef.org) {
                f.relate(o, "split into")
                f.link(o, source, "successor of")
            }
            if p.mode == .chia { f.set(source, "status", text: OrganizationRecord.Status.split.rawValue) }
            f.relate(p.basis, "basis")
        },
        .of(OrganizationSuspended.self, [.date("until") { $0.body.until }]) { p, f in
            f.relate(.org(p.body.orgId), "subject")
            f.relate(p.body.basis, "basis")
            f.set(.org(p.body.orgId), "status", text: OrganizationRecord.Status.suspended.rawValue)
        },
        .of(OrganizationReinstated.self, [.date("until") { $0.body.until }]) { p, f in
            f.relate(.org(p.body.orgId), "subject")
            f.relate(p.body.basis, "basis")
            f.set(.org(p.body.orgId), "status", text: OrganizationRecord.Status.active.rawValue)
        },
        .of(OrganizationDissolved.self) { p, f in
            let org = ObjectRef.org(p.orgId)
            f.relate(org, "subject")
            f.relate(p.successor.map(ObjectRef.org), "successor")
            if let s = p.successor { f.link(.org(s), org, "successor of") }
            f.relate(p.basis, "basis")
            f.set(org, "status", text: OrganizationRecord.Status.dissolved.rawValue)
        },
        .of(SuccessorDesignated.self, [.text("scope") { scopeKind($0.scope) }]) { p, f in
            f.relate(.org(p.predecessor), "predecessor")
            f.relate(.org(p.successor), "successor")
            f.link(.org(p.successor), .org(p.predecessor), "successor of")
            f.relate(p.basis, "basis")
        },
        .of(MonitoringAssigned.self, [
            .text("assignment_id") { $0.assignmentId }, .text("role") { $0.role.rawValue }, .text("officer_name") { $0.officerName },
            .date("until") { $0.until },
        ]) { p, f in
            f.relate(.org(p.monitor), "monitor")
            f.relate(.org(p.target), "monitored")
            f.link(.org(p.monitor), .org(p.target), "monitors")
            f.relate(p.basis, "basis")
        },
        .of(MonitoringRevoked.self, [.text("assignment_id") { $0.assignmentId }, .text("reason") { $0.reason }]) { p, f in
            if let a = f.index.assignments[p.assignmentId] {
                f.relate(.org(a.monitor), "monitor")
                f.relate(.org(a.target), "monitored")
            }
            f.relate(p.basis, "basis")
        },
        .of(TaskAssigned.self, [
            .date("due_on") { $0.dueOn }, .text("due_within") { $0.dueWithin?.description }, .text("deliverable") { $0.deliverable },
        ]) { p, f in
            let task = ObjectRef.task(p.taskId)
            f.relate(task, "subject")
            f.relate(.org(p.assignee), "assignee")
            f.relate(p.reportsTo.map(ObjectRef.org), "reports to")
            let req = p.reqRef.map(ObjectRef.req)
            f.relate(req, "requirement")
            f.link(task, req?.directive, "part of")
            f.set(task, "status", text: TaskRecord.Status.open.rawValue)
            f.set(task, "description", text: p.descriptionVi)
            f.set(task, "due", text: (p.dueOn ?? p.dueWithin.map { $0.added(to: f.day) })?.description)
            f.set(task, "deliverable", text: p.deliverable)
        },
        .of(TaskCompleted.self) { p, f in
            f.relate(.task(p.taskId), "subject")
            f.relate(p.evidence, "evidence")
            for id in TaskDone.taskIDs(doneBy: p) { f.close(task: id, .completed) }
        },
        .of(TaskCancelled.self) { p, f in
            f.relate(.task(p.taskId), "subject")
            f.relate(p.basis, "basis")
            f.close(task: p.taskId, .cancelled)
        },
        .of(ReportSubmitted.self, [
            .text("report_id") { $0.reportId }, .text("period") { $0.period?.key }, .date("period_start") { $0.period?.start },
            .date("period_end") { $0.period?.end },
        ]) { p, f in
            f.relate(.org(p.reporter), "reporter")
            f.relate(.org(p.recipient), "recipient")
            f.relate(p.reqRef.map(ObjectRef.req), "requirement")
            f.relate(p.doc, "document")
            for id in p.about ?? [] { f.relate(f.index.about(id), "about") }
            for id in TaskDone.taskIDs(doneBy: p) where f.index.tasks.contains(id) { f.close(task: id, .completed) }
        },
        .of(MembershipReported.self, [
            .date("as_of") { $0.asOf }, .integer("members") { $0.members }, .integer("eligible") { $0.eligible },
            .integer("new_members") { $0.newMembers }, .integer("removed_members") { $0.removedMembers },
            .text("report_id") { $0.reportId },
        ]) { p, f in
            f.relate(.org(p.orgId), "subject")
        },
        .of(MeetingHeld.self, [.text("kind") { $0.kind.rawValue }, .text("period") { $0.period?.key }]) { p, f in
            let meeting = ObjectRef.meeting(p.meetingId)
            f.relate(meeting, "subject")
            f.relate(.org(p.convener), "convener")
            f.relate(p.participants.map(ObjectRef.org), "participant")
            f.relate(p.reqRef.map(ObjectRef.req), "requirement")
            f.relate(p.conclusionDoc, "conclusion")
            f.set(meeting, "kind", text: p.kind.rawValue)
        },
        .of(InspectionPlanned.self, [.date("planned_from") { $0.plannedWindow.first }, .date("planned_to") { $0.plannedWindow.last }]) { p, f in
            let inspection = ObjectRef.inspection(p.inspectionId)
            f.relate(inspection, "subject")
            f.relate(.org(p.inspector), "inspector")
            f.relate(.org(p.target), "target")
            f.relate(p.planDoc, "plan")
            f.set(inspection, "status", text: "planned")
        },
        .of(InspectionConducted.self, [
            .text("kind") { $0.kind.rawValue }, .date("ended_on") { $0.endedOn }, .text("rating") { $0.rating },
            .integer("findings") { $0.findings.map { Int64($0.count) } },
        ]) { p, f in
            let inspection = ObjectRef.inspection(p.inspectionId)
            f.relate(inspection, "subject")
            f.relate(.org(p.inspector), "inspector")
            f.relate(.org(p.target), "target")
            f.relate(p.reqRef.map(ObjectRef.req), "requirement")
            f.relate(p.conclusionDoc, "conclusion")
            f.set(inspection, "status", text: "conducted")
            f.set(inspection, "kind", text: p.kind.rawValue)
            f.set(inspection, "rating", text: p.rating)
        },
        .of(CongressAppraised.self, [.text("term") { $0.term }, .text("result") { $0.result.rawValue }]) { p, f in
            f.relate(.org(p.orgId), "subject")
            f.relate(.org(p.appraiser), "appraiser")
        },
        .of(CongressHeld.self, [
            .integer("congress_no") { $0.congressNo }, .text("term") { $0.term }, .date("next_due") { $0.nextDue },
            .text("elected_head") { $0.electedHead },
        ]) { p, f in
            f.relate(.org(p.orgId), "subject")
        },
        .of(LeadershipChanged.self, [
            .text("position") { $0.position }, .text("person_name") { $0.personName }, .text("change") { $0.change.rawValue },
        ]) { p, f in
            f.relate(.org(p.orgId), "subject")
            f.relate(p.basis, "basis")
        },
        .of(RecommendationFiled.self, [.text("channel") { $0.channel?.rawValue }]) { p, f in
            let rec = ObjectRef.rec(p.recId)
            f.relate(rec, "subject")
            f.relate(.org(p.fromOrg), "filer")
            f.relate(.org(p.toOrg), "addressee")
            f.relate(p.meetingId.map(ObjectRef.meeting), "meeting")
            f.set(rec, "status", text: "open")
            f.set(rec, "text", text: p.textVi)
            f.set(rec, "channel", text: p.channel?.rawValue)
        },
        .of(RecommendationForwarded.self) { p, f in
            f.relate(.rec(p.recId), "subject")
            f.relate(.org(p.by), "forwarder")
            f.relate(.org(p.toOrg), "addressee")
        },
        .of(RecommendationResolved.self, [.text("outcome") { $0.outcome.rawValue }]) { p, f in
            f.relate(.rec(p.recId), "subject")
            f.relate(.org(p.resolver), "resolver")
            f.relate(p.responseDoc, "response")
            f.set(.rec(p.recId), "status", text: p.outcome.rawValue)
        },
    ]

    /// The mappings by event type.
    public static let byType: [String: EventMapping] = Dictionary(uniqueKeysWithValues: events.map { ($0.type, $0) })

    /// The event types as the export declares them: every exported type of the catalogue, with
    /// the envelope's attributes and then its payload's.
    public static let eventTypes: [OCELType] = events.map { OCELType(name: $0.type, attributes: envelopeAttributes + $0.attributes) }

    /// The object types as the export declares them.
    public static let objectTypes: [OCELType] = ObjectType.allCases.map(\.ocelType)

    /// A document's relation to its issuer and the attributes its DocRef gives it.
    private static func document(_ ref: DocRef, _ doc: ObjectRef, _ f: inout EventFacts) {
        f.relate(.org(ref.issuerOrg), "issuer")
        f.link(doc, .org(ref.issuerOrg), "issued by")
        f.set(doc, "number", text: ref.number)
        f.set(doc, "title", text: ref.title)
        f.set(doc, "type_name", text: ref.typeName)
        f.set(doc, "issued_on", text: ref.issuedOn?.description)
    }

    /// An `organization.changed` value as text: a string as it is, a flag `true` or `false`,
    /// nothing for null (a parent removed).
    private static func changedValue(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// What a designation's scope covers: `all`, `duties` (a list of req_refs) or `territory`.
    private static func scopeKind(_ scope: SuccessorDesignated.Scope?) -> String? {
        switch scope {
        case .all?: "all"
        case .duties?: "duties"
        case .territory?: "territory"
        case nil: nil
        }
    }
}
