import AuditDomain
import EventLog

/// T1 `periodic_report` (research §7.2): for each assignee and each period of the schedule, a
/// report (or meeting) by the period's end plus grace.
enum PeriodicReport {
    struct Period {
        let key: String
        let start: CivilDate
        let end: CivilDate
        let due: CivilDate
    }

    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext, _ findings: inout [ComplianceReport.Finding])
        -> [ComplianceReport.Instance]
    {
        let p = r.params
        guard let text = p["schedule"]?.stringValue, let schedule = RepeatingInterval(text) else { return [] }
        let grace = ISODuration(p["grace"]?.stringValue ?? "P15D")
        let eventType = p["event_type"]?.stringValue ?? ReportSubmitted.type
        let firstFull = p["first_period"]?.stringValue == "first_full" || r.sinceAmendment
        let minCount = max(1, Int(p["min_count"]?.integerValue ?? 1))
        let recipient = p["recipient"]?.stringValue
        let participants = p["participants"].map { v -> [String] in
            if case .array(let a) = v { return a.compactMap(\.stringValue) }
            return []
        } ?? []
        let periods = Self.periods(schedule, grace: grace, from: r.from, until: r.until, asOf: c.asOf, firstFull: firstFull)
        var out: [ComplianceReport.Instance] = []
        // The events of the type by who made them (reporter or convener), once per requirement.
        var byActor: [String: [Fact]] = [:]
        for f in c.facts(of: eventType) { if let actor = Self.parts(f.event.payload)?.0 { byActor[actor, default: []].append(f) } }
        for assignee in c.members(of: r.requirement.assignees) {
            // The events that count for this assignee, each attributed to one period.
            var byPeriod: [String: [Fact]] = [:]
            var unkeyed: [Fact] = []
            let candidates = c.possibleHolders(of: assignee).flatMap { byActor[$0] ?? [] }.sorted { $0.seq < $1.seq }
            for f in candidates {
                guard let (actor, to, keyed, reqRef, present) = Self.parts(f.event.payload), reqRef == nil || reqRef == r.reqRef,
                    c.holds(actor, dutyOf: assignee, on: f.first, duty: r.reqRef, follow: r.follow)
                else { continue }
                if let recipient, let to, !c.holds(to, dutyOf: recipient, on: f.first, duty: r.reqRef, follow: true), to != recipient { continue }
                if !Self.allPresent(participants, present, on: f.first, r, c) { continue }
                if let keyed, keyed != "adhoc" { byPeriod[keyed, default: []].append(f) } else { unkeyed.append(f) }
            }
            // An unkeyed event counts for the earliest unsatisfied period whose window holds it.
            for f in unkeyed.sorted(by: { ($0.first, $0.seq) < ($1.first, $1.seq) }) {
                if let period = periods.first(where: { k in
                    f.first >= k.start && f.first <= k.due
                        && (byPeriod[k.key] ?? []).filter({ $0.timeliness(due: k.due) == .satisfied }).count < minCount
                }) {
                    byPeriod[period.key, default: []].append(f)
                }
            }
            let record = c.records.organization(assignee)
            let ended = r.follow ? nil : c.successors.endDate(of: assignee)
            for k in periods {
                // Not an instance before the organisation existed; with successor_policy none,
                // not one after it ended (research §6.4: not_applicable).
                if let registered = record?.registeredOn, k.end < registered { continue }
                if let ended, k.start >= ended {
                    out.append(.init(assignee: assignee, key: k.key, due: k.due.description, verdict: .notApplicable, evidence: [],
                                     reason: "\(assignee) ended on \(ended) and the duty does not pass to successors"))
                    continue
                }
                // τ(e) ≥ s_k, keyed or not (research §7.2 T1).
                let matches = (byPeriod[k.key] ?? []).filter { $0.first >= k.start }.sorted { ($0.first, $0.seq) < ($1.first, $1.seq) }
                let onTime = matches.filter { $0.timeliness(due: k.due) == .satisfied }
                let verdict: Verdict
                let evidence: [Fact]
                let reason: String
                if onTime.count >= minCount {
                    verdict = .satisfied
                    evidence = Array(onTime.prefix(minCount))
                    reason = "done on \(evidence.last?.first.description ?? ""), due \(k.due)"
                } else if matches.count >= minCount {
                    // Enough events, but the last one needed came after the deadline or straddles it.
                    evidence = Array(matches.prefix(minCount))
                    let decisive = evidence[evidence.count - 1]
                    verdict = decisive.timeliness(due: k.due) == .satisfied ? .late : decisive.timeliness(due: k.due)
                    reason = verdict == .late
                        ? "done on \(decisive.first), \(decisive.first.days - k.due.days) days after the due date \(k.due)"
                        : "dated \(decisive.event.occurredAt), which straddles the due date \(k.due)"
                } else if c.asOf < k.due {
                    verdict = .pending
                    evidence = matches
                    reason = minCount > 1 ? "\(matches.count) of \(minCount) so far; due \(k.due)" : "due \(k.due)"
                } else {
                    verdict = .violated
                    evidence = matches
                    reason = minCount > 1
                        ? "\(matches.count) of \(minCount) by \(k.due)"
                        : "nothing by \(k.due) (\(c.asOf.days - k.due.days) days overdue)"
                }
                for f in evidence { if let late = c.lateRecording(f, r.reqRef) { findings.append(late) } }
                out.append(.init(assignee: assignee, key: k.key, due: k.due.description, verdict: verdict, evidence: evidence.map(\.seq),
                                 reason: reason))
            }
        }
        return out
    }

    /// Whether every required participant (or its successor) took part.
    static func allPresent(_ required: [String], _ present: [String], on day: CivilDate, _ r: ActiveRequirement, _ c: ComplianceContext) -> Bool {
        for p in required {
            var found = false
            for who in present where who == p || c.holds(who, dutyOf: p, on: day, duty: r.reqRef, follow: true) {
                found = true
                break
            }
            if !found { return false }
        }
        return true
    }

    /// The periods of `schedule` that overlap the active window and have begun by T.
    static func periods(_ s: RepeatingInterval, grace: ISODuration?, from: CivilDate, until: CivilDate?, asOf: CivilDate, firstFull: Bool)
        -> [Period]
    {
        var out: [Period] = []
        var k = 0
        // Bounded by T (periods that have begun) and by the repetitions the schedule allows.
        while s.count.map({ k < $0 }) ?? true {
            let start = s.period.added(to: s.anchor, times: k)
            let end = CivilDate(days: s.period.added(to: s.anchor, times: k + 1).days - 1)
            k += 1
            if start > asOf { break }
            if let until, start >= until { break }
            if end < from || (firstFull && start < from) { continue }
            out.append(Period(key: key(start, s.period), start: start, end: end, due: grace?.added(to: end) ?? end))
        }
        return out
    }

    /// The period key: 2026, 2026-H1, 2026-Q3, 2026-03 for calendar periods, else the start date.
    static func key(_ start: CivilDate, _ p: ISODuration) -> String {
        let (y, m, d) = start.components
        let year = String(y)
        guard d == 1, p.days == 0 else { return start.description }
        switch (p.years, p.months) {
        case (1, 0) where m == 1: return year
        case (0, 6) where m == 1 || m == 7: return "\(year)-H\(m == 1 ? 1 : 2)"
        case (0, 3) where (m - 1) % 3 == 0: return "\(year)-Q\((m - 1) / 3 + 1)"
        case (0, 1): return "\(year)-\(m < 10 ? "0" : "")\(m)"
        default: return start.description
        }
    }

    /// Who acted, to whom, the period key, the req_ref, and who took part (meetings).
    static func parts(_ payload: any EventPayload) -> (String, String?, String?, String?, [String])? {
        switch payload {
        case let r as ReportSubmitted: return (r.reporter, r.recipient, r.period?.key, r.reqRef, [])
        case let m as MeetingHeld: return (m.convener, nil, m.period?.key, m.reqRef, m.participants)
        default: return nil
        }
    }
}

extension ProjectedEvent {
    /// The period key a report or meeting names, if any.
    var payloadKey: String? { PeriodicReport.parts(payload)?.2 }
}
