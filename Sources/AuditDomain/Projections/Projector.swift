import EventLog
import LogFormat

/// Applies events to projection records: the one implementation behind the projection tables
/// (inline in each append, or rebuilt) and behind every query at another (T, K) (a replay of
/// the effective view). Attributes keep the fact with the greatest ``Stamp``, so the state does
/// not depend on the order in which facts were recorded. Each payload type's rule is its
/// ``EventPayload/project(_:to:)``, all of them in this file, below.
public enum Projector {
    /// Applies `e` to the records in `store`. Events naming records the store does not hold (a
    /// retracted registration, a view that stops before the registration) change nothing there.
    public static func apply<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try e.payload.project(e, to: &store)
    }

    /// Changes the record of organisation `id` in `store` (nothing when it holds none) and
    /// marks it changed by `e`.
    fileprivate static func organization<S: RecordStore>(
        _ id: String, _ e: ProjectedEvent, _ store: inout S, _ change: (inout OrganizationRecord) -> Void
    ) throws {
        _ = try store.updateOrganization(id) { r in
            change(&r)
            r.lastSeq = e.seq
        }
    }

    fileprivate static func closeTask<S: RecordStore>(
        _ id: String, _ status: TaskRecord.Status, _ e: ProjectedEvent, _ store: inout S
    ) throws {
        guard var task = try store.task(id) else { return }
        task.close(status, at: e.dated)
        task.lastSeq = e.seq
        try store.put(task)
        guard var assignee = try store.organization(task.assignee) else { return }
        if task.status.value == .open { assignee.openTasks.insertSorted(id) } else { assignee.openTasks.removeAll { $0 == id } }
        assignee.lastSeq = e.seq
        try store.put(assignee)
    }

    fileprivate static func requirement<S: RecordStore>(
        _ ref: String, _ e: ProjectedEvent, _ store: inout S, _ change: (inout DocumentRecord.RequirementState) -> Void
    ) throws {
        guard var doc = try store.document(RequirementRef.docKey(of: ref)),
            let i = doc.requirements.firstIndex(where: { $0.requirement.reqId == RequirementRef.reqID(of: ref) })
        else { return }
        change(&doc.requirements[i])
        doc.lastSeq = e.seq
        try store.put(doc)
    }

    /// members / eligible with four decimal places, rounded half up ("0.5731"); nil for no eligible.
    static func rate(_ members: Int64, _ eligible: Int64) -> String? {
        guard eligible > 0, members >= 0 else { return nil }
        // members × 20,000 in 128 bits (members may be up to 2^53). A rate whose ×10⁴ quotient
        // does not fit Int64 (members over 4·10¹⁴ times eligible) means nothing: no rate.
        let product = members.multipliedFullWidth(by: 20_000)
        guard product.high < Int64(eligible >> 1) || (product.high == 0 && product.low < UInt64(Int64.max)) else { return nil }
        let (quotient, _) = eligible.dividingFullWidth(product)
        let scaled = (quotient + 1) / 2  // ×10⁴, rounded half up
        let whole = scaled / 10_000
        let fraction = String(scaled % 10_000)
        return "\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}

extension ProjectedEvent {
    /// The stamp the rules below give facts: ``stamp`` with the date at the precision the event
    /// recorded (`1991`, `2021-07`), so that what it set is shown at that precision.
    var dated: Stamp { Stamp(date: RecordedDate(firstDay: day, occurredAt: occurredAt), seq: seq) }
}

extension EventPayload {
    /// Meetings, planned inspections, appraisals and disseminations show in history only.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {}
}

extension Array where Element: Comparable {
    /// Inserts `value` keeping the array sorted and without repeats.
    mutating func insertSorted(_ value: Element) {
        let i = firstIndex { $0 >= value } ?? endIndex
        if i < endIndex, self[i] == value { return }
        insert(value, at: i)
    }
}

extension ReportSubmitted {
    /// The members the rule below reads (three in four events of a log are reports; their
    /// summaries and metrics are most of what a rebuild would otherwise decode for nothing).
    public init(projecting r: inout FieldReader) throws(PayloadError) {
        reportId = try r.checked("report_id", .id)
        reporter = try r.checked("reporter", .slug)
        recipient = try r.checked("recipient", .slug)
        period = try Period.read(&r, "period")
        about = try r.optionalStrings("about", .id)
    }

    /// A report becomes its reporter's last report, unless a later one (business date, then seq)
    /// is held; it does the tasks its `about` lists (``TaskDone``).
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        for id in TaskDone.taskIDs(doneBy: self) { try Projector.closeTask(id, .completed, e, &store) }
        try Projector.organization(reporter, e, &store) { r in
            let seen = OrganizationRecord.ReportSeen(
                reportId: reportId, recipient: recipient, periodKey: period?.key, on: e.day, seq: e.seq)
            if let held = r.lastReport, (seen.on, seen.seq) < (held.on, held.seq) { return }
            r.lastReport = seen
        }
    }
}

extension MembershipReported {
    /// The members the rule below reads.
    public init(projecting r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        asOf = try r.date("as_of")
        members = try r.integer("members")
        eligible = try r.optionalInteger("eligible")
    }

    /// Membership figures replace those of an earlier date; the rate is derived here.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            if let held = r.membership, (asOf, e.seq) < (held.asOf, held.seq) { return }
            r.membership = .init(asOf: asOf, members: members, eligible: eligible,
                                 rate: eligible.flatMap { Projector.rate(members, $0) }, seq: e.seq)
        }
    }
}

extension InspectionConducted {
    /// An inspection becomes its target's last inspection, unless a later one is held.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(target, e, &store) { r in
            let seen = OrganizationRecord.InspectionSeen(
                inspectionId: inspectionId, inspector: inspector, kind: kind, on: endedOn ?? e.day, rating: rating, seq: e.seq)
            if let held = r.lastInspection, (seen.on, seen.seq) < (held.on, held.seq) { return }
            r.lastInspection = seen
        }
    }
}

extension RecommendationFiled {
    /// A recommendation gets its record and is open for the organisation that filed it.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try store.put(RecommendationRecord(
            recId: recId, fromOrg: fromOrg, toOrg: toOrg, textVi: textVi, channel: channel, meetingId: meetingId,
            filedOn: e.day, lastSeq: e.seq))
        try Projector.organization(fromOrg, e, &store) { $0.openRecommendations.insertSorted(recId) }
    }
}

extension RecommendationResolved {
    /// A resolution closes the recommendation (the latest resolution wins).
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        guard var rec = try store.recommendation(recId) else { return }
        if let held = rec.resolution, (e.day, e.seq) < (held.on, held.seq) { return }
        rec.resolution = .init(resolver: resolver, outcome: outcome, on: e.day, seq: e.seq)
        rec.lastSeq = e.seq
        try store.put(rec)
        try Projector.organization(rec.fromOrg, e, &store) { $0.openRecommendations.removeAll { $0 == recId } }
    }
}

extension OrganizationRegistered {
    /// A registration creates the organisation's record, every attribute stamped by this event.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        var r = OrganizationRecord(
            orgId: orgId, name: Stamped(nameVi, e.dated), nameHistory: [Stamped(nameVi, e.dated)], kind: Stamped(kind, e.dated),
            level: Stamped(level, e.dated), province: Stamped(province, e.dated),
            registered: RecordedDate(firstDay: e.day, occurredAt: e.occurredAt), status: Stamped(.active, e.dated), lastSeq: e.seq)
        if let v = flags?.dacThu { r.dacThu = Stamped(v, e.dated) }
        if let v = flags?.giaoNhiemVu { r.giaoNhiemVu = Stamped(v, e.dated) }
        if let parent { r.parent = Stamped(parent, e.dated) }
        try store.put(r)
    }
}

extension OrganizationRenamed {
    /// A rename adds to the name history; the name is the latest by business date.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            // Names by business date: the current one is the latest, the others are former
            // names, whatever order the renames were recorded in.
            r.nameHistory.append(Stamped(newNameVi, e.dated))
            r.nameHistory.sort { $0.stamp < $1.stamp }
            r.name = r.nameHistory[r.nameHistory.count - 1]
            var former: [String] = []
            for n in r.nameHistory.dropLast() where n.value != r.name.value && !former.contains(n.value) { former.append(n.value) }
            r.formerNames = former
        }
    }
}

extension OrganizationChanged {
    /// A change updates one attribute, if it is newer than the value held.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            let text = value.stringValue
            switch field {
            case .parent: r.parent.update(text, at: e.dated)
            case .kind: if let k = text.flatMap(OrgKind.init(rawValue:)) { r.kind.update(k, at: e.dated) }
            case .level: if let l = text.flatMap(OrgLevel.init(rawValue:)) { r.level.update(l, at: e.dated) }
            case .province: if let text { r.province.update(text, at: e.dated) }
            case .dacThu: if case .bool(let b) = value { r.dacThu.update(b, at: e.dated) }
            case .giaoNhiemVu: if case .bool(let b) = value { r.giaoNhiemVu.update(b, at: e.dated) }
            }
        }
    }
}

extension OrganizationMerged {
    /// A merger ends the sources and links them with the organisation they merge into.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        for source in sources {
            try Projector.organization(source, e, &store) { r in
                r.status.update(.merged, at: e.dated)
                r.successors.insertSorted(into)
            }
        }
        try Projector.organization(into, e, &store) { r in for s in sources { r.predecessors.insertSorted(s) } }
    }
}

extension OrganizationSplit {
    /// A split (chia) ends the source; a separation (tách) keeps it. Both link it with the new organisations.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(source, e, &store) { r in
            if mode == .chia { r.status.update(.split, at: e.dated) }
            for o in into { r.successors.insertSorted(o) }
        }
        for o in into { try Projector.organization(o, e, &store) { $0.predecessors.insertSorted(source) } }
    }
}

extension OrganizationSuspended {
    /// A suspension sets the status.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(body.orgId, e, &store) { $0.status.update(.suspended, at: e.dated) }
    }
}

extension OrganizationReinstated {
    /// A reinstatement makes the organisation active again.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(body.orgId, e, &store) { $0.status.update(.active, at: e.dated) }
    }
}

extension OrganizationDissolved {
    /// A dissolution ends the organisation, linked to its successor if one is named.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            r.status.update(.dissolved, at: e.dated)
            if let s = successor { r.successors.insertSorted(s) }
        }
        if let s = successor { try Projector.organization(s, e, &store) { $0.predecessors.insertSorted(orgId) } }
    }
}

extension SuccessorDesignated {
    /// A designated successor links the two organisations.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(predecessor, e, &store) { $0.successors.insertSorted(successor) }
        try Projector.organization(successor, e, &store) { $0.predecessors.insertSorted(predecessor) }
    }
}

extension MonitoringAssigned {
    /// An assignment gets its record and appears among the target's monitors.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try store.put(AssignmentRecord(
            assignmentId: assignmentId, monitor: monitor, target: target, role: role, officerName: officerName,
            since: e.day, until: until, revokedOn: nil, lastSeq: e.seq))
        try Projector.organization(target, e, &store) { r in
            r.monitoring.removeAll { $0.assignmentId == assignmentId }
            r.monitoring.append(.init(assignmentId: assignmentId, monitor: monitor, role: role, since: e.day, until: until))
            r.monitoring.sort { ($0.since, $0.assignmentId) < ($1.since, $1.assignmentId) }
        }
    }
}

extension MonitoringRevoked {
    /// A revocation ends the assignment and removes it from the target's monitors.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        guard var a = try store.assignment(assignmentId) else { return }
        a.revokedOn = min(a.revokedOn ?? e.day, e.day)
        a.lastSeq = e.seq
        try store.put(a)
        try Projector.organization(a.target, e, &store) { $0.monitoring.removeAll { $0.assignmentId == assignmentId } }
    }
}

extension TaskAssigned {
    /// A task gets its record and is open for its assignee.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        let due = dueOn ?? dueWithin.map { $0.added(to: e.day) }
        try store.put(TaskRecord(
            taskId: taskId, reqRef: reqRef, assignee: assignee, reportsTo: reportsTo, descriptionVi: descriptionVi,
            assignedOn: e.day, due: due, deliverable: deliverable, status: Stamped(.open, e.dated), lastSeq: e.seq))
        try Projector.organization(assignee, e, &store) { $0.openTasks.insertSorted(taskId) }
    }
}

extension TaskCompleted {
    /// A completion does the task (``TaskDone``).
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        for id in TaskDone.taskIDs(doneBy: self) { try Projector.closeTask(id, .completed, e, &store) }
    }
}

extension TaskCancelled {
    /// A cancellation closes the task.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.closeTask(taskId, .cancelled, e, &store)
    }
}

extension CongressHeld {
    /// A congress (đại hội) becomes the organisation's latest, with the next one due.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            let due = nextDue ?? ISODuration("P5Y")?.added(to: e.day)
            r.congress.update(.init(term: term, congressNo: congressNo, heldOn: e.day, nextDue: due), at: e.dated)
        }
    }
}

extension LeadershipChanged {
    /// A change of leadership updates who holds the position.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.organization(orgId, e, &store) { r in
            // Replayed in business order, so a relief recorded before the appointment it ends
            // still ends it; relieving someone who does not hold the post changes nothing.
            var facts = r.leadership[position] ?? []
            facts.append(.init(person: personName, change: change, stamp: e.dated))
            facts.sort { $0.stamp < $1.stamp }
            r.leadership[position] = facts
            var held: Stamped<String?>?
            for f in facts {
                switch f.change {
                case .appointed, .elected: held = Stamped(f.person, f.stamp)
                case .relieved: if held == nil || held?.value == f.person { held = Stamped(nil, f.stamp) }
                }
            }
            r.leaders[position] = held
        }
    }
}

extension RecommendationForwarded {
    /// A forward is added to the recommendation's route.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        guard var rec = try store.recommendation(recId) else { return }
        rec.forwards.append(.init(by: by, to: toOrg, on: e.day))
        rec.lastSeq = e.seq
        try store.put(rec)
    }
}

extension DocumentRegistered {
    /// A document gets its record.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try store.put(DocumentRecord(
            docKey: doc.docKey, doc: doc, isDirective: false, cites: cites ?? [], registeredOn: e.day, seq: e.seq,
            lastSeq: e.seq))
    }
}

extension DirectiveIssued {
    /// A directive gets its record, with its requirements.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try store.put(DocumentRecord(
            docKey: doc.docKey, doc: doc, isDirective: true, sourceKind: sourceKind,
            effectiveFrom: effectiveFrom ?? doc.issuedOn ?? e.day, effectiveUntil: effectiveUntil, cites: cites ?? [],
            requirements: requirements.map { .init(requirement: $0) }, registeredOn: e.day, seq: e.seq, lastSeq: e.seq))
    }
}

extension RequirementAmended {
    /// An amendment merges into the requirement's parameters.
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.requirement(reqRef, e, &store) { state in
            state.requirement.params = JSONMergePatch.apply(paramsPatch, to: state.requirement.params)
            state.amendedBy.append(e.seq)
        }
    }
}

extension RequirementLifted {
    /// A lift ends the requirement from its effective date (the earliest lift wins).
    public func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        try Projector.requirement(reqRef, e, &store) { state in
            if let held = state.liftedOn, held <= effectiveOn { return }
            state.liftedOn = effectiveOn
            state.liftedBy = e.seq
        }
    }
}
