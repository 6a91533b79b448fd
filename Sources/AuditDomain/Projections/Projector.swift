import EventLog

/// Applies events to projection records: the one implementation behind the projection tables
/// (inline in each append, or rebuilt) and behind every query at another (T, K) (a replay of
/// the effective view). Attributes keep the fact with the greatest ``Stamp``, so the state does
/// not depend on the order in which facts were recorded.
public enum Projector {
    /// Applies `e` to the records in `store`. Events naming records the store does not hold (a
    /// retracted registration, a view that stops before the registration) change nothing there.
    public static func apply<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws {
        let at = e.stamp
        func org(_ id: String, _ change: (inout OrganizationRecord) -> Void) throws {
            _ = try store.updateOrganization(id) { r in
                change(&r)
                r.lastSeq = e.seq
            }
        }
        switch e.payload {
        // The commonest events first: each case is a dynamic cast, tried in order.
        case let p as ReportSubmitted:
            try org(p.reporter) { r in
                let seen = OrganizationRecord.ReportSeen(reportId: p.reportId, recipient: p.recipient, periodKey: p.period?.key, on: e.day, seq: e.seq)
                if let held = r.lastReport, (seen.on, seen.seq) < (held.on, held.seq) { return }
                r.lastReport = seen
            }
        case let p as MembershipReported:
            try org(p.orgId) { r in
                if let held = r.membership, (p.asOf, e.seq) < (held.asOf, held.seq) { return }
                r.membership = .init(asOf: p.asOf, members: p.members, eligible: p.eligible,
                                     rate: p.eligible.flatMap { Self.rate(p.members, $0) }, seq: e.seq)
            }
        case let p as InspectionConducted:
            try org(p.target) { r in
                let seen = OrganizationRecord.InspectionSeen(
                    inspectionId: p.inspectionId, inspector: p.inspector, kind: p.kind, on: p.endedOn ?? e.day, rating: p.rating, seq: e.seq)
                if let held = r.lastInspection, (seen.on, seen.seq) < (held.on, held.seq) { return }
                r.lastInspection = seen
            }
        case let p as RecommendationFiled:
            try store.put(RecommendationRecord(
                recId: p.recId, fromOrg: p.fromOrg, toOrg: p.toOrg, textVi: p.textVi, channel: p.channel, meetingId: p.meetingId,
                filedOn: e.day, lastSeq: e.seq))
            try org(p.fromOrg) { $0.openRecommendations.insertSorted(p.recId) }
        case let p as RecommendationResolved:
            guard var rec = try store.recommendation(p.recId) else { return }
            if let held = rec.resolution, (e.day, e.seq) < (held.on, held.seq) { return }
            rec.resolution = .init(resolver: p.resolver, outcome: p.outcome, on: e.day, seq: e.seq)
            rec.lastSeq = e.seq
            try store.put(rec)
            try org(rec.fromOrg) { $0.openRecommendations.removeAll { $0 == p.recId } }
        case let p as OrganizationRegistered:
            var r = OrganizationRecord(
                orgId: p.orgId, name: Stamped(p.nameVi, at), nameHistory: [Stamped(p.nameVi, at)], kind: Stamped(p.kind, at),
                level: Stamped(p.level, at), province: Stamped(p.province, at), registeredOn: e.day, status: Stamped(.active, at), lastSeq: e.seq)
            if let v = p.flags?.dacThu { r.dacThu = Stamped(v, at) }
            if let v = p.flags?.giaoNhiemVu { r.giaoNhiemVu = Stamped(v, at) }
            if let parent = p.parent { r.parent = Stamped(parent, at) }
            try store.put(r)
        case let p as OrganizationRenamed:
            try org(p.orgId) { r in
                // Names by business date: the current one is the latest, the others are former
                // names, whatever order the renames were recorded in.
                r.nameHistory.append(Stamped(p.newNameVi, at))
                r.nameHistory.sort { $0.stamp < $1.stamp }
                r.name = r.nameHistory[r.nameHistory.count - 1]
                var former: [String] = []
                for n in r.nameHistory.dropLast() where n.value != r.name.value && !former.contains(n.value) { former.append(n.value) }
                r.formerNames = former
            }
        case let p as OrganizationChanged:
            try org(p.orgId) { r in
                let text = p.value.stringValue
                switch p.field {
                case .parent: r.parent.update(text, at: at)
                case .kind: if let k = text.flatMap(OrgKind.init(rawValue:)) { r.kind.update(k, at: at) }
                case .level: if let l = text.flatMap(OrgLevel.init(rawValue:)) { r.level.update(l, at: at) }
                case .province: if let text { r.province.update(text, at: at) }
                case .dacThu: if case .bool(let b) = p.value { r.dacThu.update(b, at: at) }
                case .giaoNhiemVu: if case .bool(let b) = p.value { r.giaoNhiemVu.update(b, at: at) }
                }
            }
        case let p as OrganizationMerged:
            for source in p.sources {
                try org(source) { r in
                    r.status.update(.merged, at: at)
                    r.successors.insertSorted(p.into)
                }
            }
            try org(p.into) { r in for s in p.sources { r.predecessors.insertSorted(s) } }
        case let p as OrganizationSplit:
            try org(p.source) { r in
                if p.mode == .chia { r.status.update(.split, at: at) }
                for o in p.into { r.successors.insertSorted(o) }
            }
            for o in p.into { try org(o) { $0.predecessors.insertSorted(p.source) } }
        case let p as OrganizationSuspended:
            try org(p.body.orgId) { $0.status.update(.suspended, at: at) }
        case let p as OrganizationReinstated:
            try org(p.body.orgId) { $0.status.update(.active, at: at) }
        case let p as OrganizationDissolved:
            try org(p.orgId) { r in
                r.status.update(.dissolved, at: at)
                if let s = p.successor { r.successors.insertSorted(s) }
            }
            if let s = p.successor { try org(s) { $0.predecessors.insertSorted(p.orgId) } }
        case let p as SuccessorDesignated:
            try org(p.predecessor) { $0.successors.insertSorted(p.successor) }
            try org(p.successor) { $0.predecessors.insertSorted(p.predecessor) }
        case let p as MonitoringAssigned:
            try store.put(AssignmentRecord(
                assignmentId: p.assignmentId, monitor: p.monitor, target: p.target, role: p.role, officerName: p.officerName,
                since: e.day, until: p.until, revokedOn: nil, lastSeq: e.seq))
            try org(p.target) { r in
                r.monitoring.removeAll { $0.assignmentId == p.assignmentId }
                r.monitoring.append(.init(assignmentId: p.assignmentId, monitor: p.monitor, role: p.role, since: e.day, until: p.until))
                r.monitoring.sort { ($0.since, $0.assignmentId) < ($1.since, $1.assignmentId) }
            }
        case let p as MonitoringRevoked:
            guard var a = try store.assignment(p.assignmentId) else { return }
            a.revokedOn = min(a.revokedOn ?? e.day, e.day)
            a.lastSeq = e.seq
            try store.put(a)
            try org(a.target) { $0.monitoring.removeAll { $0.assignmentId == p.assignmentId } }
        case let p as TaskAssigned:
            let due = p.dueOn ?? p.dueWithin.map { $0.added(to: e.day) }
            try store.put(TaskRecord(
                taskId: p.taskId, reqRef: p.reqRef, assignee: p.assignee, reportsTo: p.reportsTo, descriptionVi: p.descriptionVi,
                assignedOn: e.day, due: due, deliverable: p.deliverable, status: Stamped(.open, at), lastSeq: e.seq))
            try org(p.assignee) { $0.openTasks.insertSorted(p.taskId) }
        case let p as TaskCompleted:
            try closeTask(p.taskId, .completed, e, &store)
        case let p as TaskCancelled:
            try closeTask(p.taskId, .cancelled, e, &store)
        case let p as CongressHeld:
            try org(p.orgId) { r in
                r.congress.update(.init(term: p.term, congressNo: p.congressNo, heldOn: e.day, nextDue: p.nextDue ?? ISODuration("P5Y")?.added(to: e.day)), at: at)
            }
        case let p as LeadershipChanged:
            try org(p.orgId) { r in
                // Replayed in business order, so a relief recorded before the appointment it ends
                // still ends it; relieving someone who does not hold the post changes nothing.
                var facts = r.leadership[p.position] ?? []
                facts.append(.init(person: p.personName, change: p.change, stamp: at))
                facts.sort { $0.stamp < $1.stamp }
                r.leadership[p.position] = facts
                var held: Stamped<String?>?
                for f in facts {
                    switch f.change {
                    case .appointed, .elected: held = Stamped(f.person, f.stamp)
                    case .relieved: if held == nil || held?.value == f.person { held = Stamped(nil, f.stamp) }
                    }
                }
                r.leaders[p.position] = held
            }
        case let p as RecommendationForwarded:
            guard var rec = try store.recommendation(p.recId) else { return }
            rec.forwards.append(.init(by: p.by, to: p.toOrg, on: e.day))
            rec.lastSeq = e.seq
            try store.put(rec)
        case let p as DocumentRegistered:
            try store.put(DocumentRecord(
                docKey: p.doc.docKey, doc: p.doc, isDirective: false, cites: p.cites ?? [], registeredOn: e.day, seq: e.seq,
                lastSeq: e.seq))
        case let p as DirectiveIssued:
            try store.put(DocumentRecord(
                docKey: p.doc.docKey, doc: p.doc, isDirective: true, sourceKind: p.sourceKind,
                effectiveFrom: p.effectiveFrom ?? p.doc.issuedOn ?? e.day, effectiveUntil: p.effectiveUntil, cites: p.cites ?? [],
                requirements: p.requirements.map { .init(requirement: $0) }, registeredOn: e.day, seq: e.seq, lastSeq: e.seq))
        case let p as RequirementAmended:
            try requirement(p.reqRef, e, &store) { state in
                state.requirement.params = JSONMergePatch.apply(p.paramsPatch, to: state.requirement.params)
                state.amendedBy.append(e.seq)
            }
        case let p as RequirementLifted:
            try requirement(p.reqRef, e, &store) { state in
                if let held = state.liftedOn, held <= p.effectiveOn { return }
                state.liftedOn = p.effectiveOn
                state.liftedBy = e.seq
            }
        default:
            // Meetings, planned inspections, appraisals and disseminations show in history only.
            return
        }
    }

    private static func closeTask<S: RecordStore>(_ id: String, _ status: TaskRecord.Status, _ e: ProjectedEvent, _ store: inout S) throws {
        guard var task = try store.task(id) else { return }
        task.status.update(status, at: e.stamp)
        task.lastSeq = e.seq
        try store.put(task)
        guard var assignee = try store.organization(task.assignee) else { return }
        if task.status.value == .open { assignee.openTasks.insertSorted(id) } else { assignee.openTasks.removeAll { $0 == id } }
        assignee.lastSeq = e.seq
        try store.put(assignee)
    }

    private static func requirement<S: RecordStore>(
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

extension Array where Element: Comparable {
    /// Inserts `value` keeping the array sorted and without repeats.
    mutating func insertSorted(_ value: Element) {
        let i = firstIndex { $0 >= value } ?? endIndex
        if i < endIndex, self[i] == value { return }
        insert(value, at: i)
    }
}
