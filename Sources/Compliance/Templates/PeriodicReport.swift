import AuditDomain
import EventLog
import LogFormat

/// `periodic_report` (docs/compliance.md): for each assignee and each period of the schedule, a
/// report (or meeting) by the period's end plus grace.
enum PeriodicReport {
    struct Period {
        let key: String
        let start: CivilDate
        let end: CivilDate
        let due: CivilDate
    }

    /// The parameters of one part of the requirement (see ``ComplianceCheck/active``).
    struct Rule {
        let schedule: RepeatingInterval
        let grace: ISODuration?
        let eventType: String
        let firstFull: Bool
        let minCount: Int
        let recipient: String?
        let participants: [String]
        /// What the events are, for the reasons' words.
        let act: Reason.Act

        init?(_ r: ActiveRequirement) {
            let p = r.params
            guard let text = p["schedule"]?.stringValue, let schedule = RepeatingInterval(text) else { return nil }
            self.schedule = schedule
            grace = ISODuration(p["grace"]?.stringValue ?? "P15D")
            eventType = p["event_type"]?.stringValue ?? ReportSubmitted.type
            act = Reason.Act(eventType: eventType)
            firstFull = p["first_period"]?.stringValue == "first_full" || r.sinceAmendment
            minCount = max(1, Int(p["min_count"]?.integerValue ?? 1))
            recipient = p["recipient"]?.stringValue
            participants = p["participants"].map { v -> [String] in
                if case .array(let a) = v { return a.compactMap(\.stringValue) }
                return []
            } ?? []
        }
    }

    /// A report or meeting as this template reads it: who acted, to whom (none for a meeting),
    /// for which period, under which requirement, and who took part (a meeting's list of
    /// symbols; -1 for a report).
    struct Submission {
        let fact: Fact
        let actor: Symbol
        let recipient: Symbol
        let key: Symbol
        let reqRef: Symbol
        let participants: Int32

        /// `fact` taken apart, if it is a report or a meeting.
        init?(_ fact: Fact) {
            switch fact.body {
            case .report(let r):
                (actor, recipient, key, reqRef, participants) = (r.reporter, r.recipient, r.key, r.reqRef, -1)
            case .meeting(let m):
                (actor, recipient, key, reqRef, participants) = (m.convener, .none, m.key, m.reqRef, m.participants)
            default:
                return nil
            }
            self.fact = fact
        }
    }

    /// One period of one part.
    struct Slot {
        let period: Period
        let part: Int
    }

    /// The instances of a requirement in `parts` (one part, or one per amendment by T, each
    /// with its own parameters). Reports are attributed across all parts at once, so an
    /// unkeyed report counts for one period only, whichever part it falls in.
    static func evaluate(_ parts: [ActiveRequirement], _ c: ComplianceContext, _ findings: inout FindingLog)
        -> [ComplianceReport.Instance]
    {
        let rules = parts.map(Rule.init)
        var slots: [Slot] = []
        for (i, r) in parts.enumerated() {
            guard let rule = rules[i] else { continue }
            for k in periods(rule.schedule, grace: rule.grace, from: r.from, until: r.until, asOf: c.asOf, firstFull: rule.firstFull) {
                slots.append(Slot(period: k, part: i))
            }
        }
        guard let first = parts.first, !slots.isEmpty else { return [] }
        let symbols = c.index.symbols
        let adhoc = symbols.symbol("adhoc")
        let assignees = c.members(of: first.requirement.assignees, parts[parts.count - 1])
        // The other calendar periods that could cover each slot (the year, half, quarter and
        // month holding its first day that end on or after it ends): the same for every assignee.
        let covers: [[String]] = slots.map { slot in
            let k = slot.period
            return Self.calendarKeys(holding: k.start).filter { key in
                key != k.key && (AuditDomain.Period.dates(ofKey: key).map { $0.end >= k.end } ?? false)
            }
        }
        // When a keyed report was sent before its period ended, by its key (parsed once per key).
        var periodEnds: [Symbol: CivilDate?] = [:]
        var out: [ComplianceReport.Instance] = []
        // At most one instance per assignee and slot: reserved at once, as doubling would
        // briefly need half as much again (seventy thousand instances at ten million events).
        out.reserveCapacity(assignees.count * slots.count)
        for assignee in assignees {
            // The events that count for this assignee under each part: keyed ones by (part, key);
            // unkeyed ones with the parts whose parameters they meet.
            var byPeriod: [Int: [String: [Fact]]] = [:]
            var unkeyed: [Int64: (fact: Fact, parts: Set<Int>)] = [:]
            let holders = c.possibleHolders(of: assignee).map(symbols.symbol)
            let assigneeSymbol = symbols.symbol(assignee)
            // σ of an organisation that never ended and passed nothing on is itself: asked once
            // here rather than for every report.
            let plainAssignee = c.successors.isPlain(assignee)
            for (i, r) in parts.enumerated() {
                guard let rule = rules[i] else { continue }
                let index = c.index.byActor(rule.eventType)
                let list = c.index.facts(of: rule.eventType)
                let plainRecipient = rule.recipient.map(c.successors.isPlain) ?? true
                let recipient = rule.recipient.map(symbols.symbol)
                let reqRef = symbols.symbol(r.reqRef)
                let places = holders.flatMap { index[$0] ?? [] }.sorted()
                for place in places {
                    guard let s = Submission(list[Int(place)]) else { continue }
                    let f = s.fact
                    guard s.reqRef == .none || s.reqRef == reqRef,
                        plainAssignee
                            ? s.actor == assigneeSymbol : c.holds(symbols[s.actor], dutyOf: assignee, on: f.first, duty: r.reqRef, follow: r.follow)
                    else { continue }
                    if let recipient, let name = rule.recipient, s.recipient != .none, s.recipient != recipient,
                        plainRecipient || !c.holds(symbols[s.recipient], dutyOf: name, on: f.first, duty: r.reqRef, follow: true)
                    { continue }
                    if !rule.participants.isEmpty,
                        !Self.allPresent(rule.participants, symbols.list(s.participants).map { symbols[$0] }, on: f.first, r, c)
                    { continue }
                    if s.key != .none, s.key != adhoc {
                        byPeriod[i, default: [:]][symbols[s.key], default: []].append(f)
                    } else {
                        unkeyed[f.seq, default: (f, [])].parts.insert(i)
                    }
                }
            }
            // A keyed event counts for its own period and for every period its key's dates cover
            // (a report for 2026-H1 covers 2026-Q1 and 2026-Q2): only the calendar periods that
            // hold the period's first day can, four keys to look up.
            func keyed(_ i: Int) -> [Fact] {
                let k = slots[i].period
                guard let byKey = byPeriod[slots[i].part] else { return [] }
                var found = byKey[k.key] ?? []
                for key in covers[i] { found += byKey[key] ?? [] }
                return found.filter { $0.first >= k.start }
            }
            var attributed = slots.indices.map(keyed)
            // An unkeyed event counts, in business-date order, for the earliest period not yet
            // met that had begun by its date, until the later of its own and the next period's due
            // date (a missed period can be caught up late until the next falls due; the last one
            // at any time).
            let order = slots.indices.sorted { (slots[$0].period.start, $0) < (slots[$1].period.start, $1) }
            for (f, allowed) in unkeyed.values.sorted(by: { ($0.fact.first, $0.fact.seq) < ($1.fact.first, $1.fact.seq) }) {
                for (n, i) in order.enumerated() {
                    let k = slots[i].period
                    guard allowed.contains(slots[i].part), let rule = rules[slots[i].part], f.first >= k.start,
                        attributed[i].count < rule.minCount
                    else { continue }
                    if n + 1 < order.count, f.first > max(k.due, slots[order[n + 1]].period.due) { continue }
                    attributed[i].append(f)
                    break
                }
            }
            let record = c.records.organization(assignee)
            // The day the assignee ended by T, if it did (most never do: asked once).
            let ended = c.endedBy(assignee)
            for (i, slot) in slots.enumerated() {
                guard let rule = rules[slot.part] else { continue }
                let k = slot.period
                let reqRef = parts[slot.part].reqRef
                // Not an instance before the organisation existed.
                if let registered = record?.registeredOn, k.end < registered { continue }
                let (verdict, evidence, reason) = judge(attributed[i], minCount: rule.minCount, due: k.due, asOf: c.asOf, act: rule.act, c)
                // An end with nobody to hold the duty ends only the instances due from then on.
                let done = !evidence.isEmpty && verdict != .pending && verdict != .violated
                guard c.owed(assignee, ended: ended, due: k.due, done: done, parts[slot.part]) else { continue }
                for f in evidence {
                    if let late = c.lateRecording(f, reqRef) { findings.append(late) }
                    guard case .report(let r) = f.body, r.key != .none else { continue }
                    let end: CivilDate?
                    if let known = periodEnds[r.key] {
                        end = known
                    } else {
                        end = symbols.string(r.key).flatMap { AuditDomain.Period.dates(ofKey: $0)?.end }
                        periodEnds[r.key] = end
                    }
                    if let end, f.last < end {
                        findings.append(.init(kind: "report_before_period_end", reqRef: reqRef, seq: f.seq,
                                              detail: .reportBeforePeriodEnd(key: symbols[r.key], dated: c.shown(f), periodEnd: end)))
                    }
                }
                out.append(.init(assignee: assignee, key: k.key, due: k.due.description, verdict: verdict, evidence: evidence.map(\.seq),
                                 reason: reason))
            }
        }
        return out
    }

    /// The verdict of one period from the events attributed to it: satisfied when `minCount` of
    /// them surely happened by `due`; indeterminate when enough may have (some straddle it);
    /// late when enough happened, but the last one needed surely after it; else pending before
    /// the due date and violated from then on. `act` is what the events are (a report, a meeting).
    static func judge(_ matches: [Fact], minCount: Int, due: CivilDate, asOf: CivilDate, act: Reason.Act, _ c: ComplianceContext)
        -> (Verdict, [Fact], Reason)
    {
        let byFirst = matches.sorted { ($0.first, $0.seq) < ($1.first, $1.seq) }
        let onTime = byFirst.filter { $0.last <= due }
        // minCount ≥ 1: the evidence below is never empty.
        if onTime.count >= minCount {
            let evidence = Array(onTime.prefix(minCount))
            return (.satisfied, evidence, .done(act, on: c.shown(evidence[evidence.count - 1]), due: due))
        }
        let possible = byFirst.filter { $0.first <= due }
        if possible.count >= minCount {
            // Enough events may have been on time, but one of them straddles the deadline (the
            // on-time ones are among the possible ones, so at least one that straddles is taken).
            let evidence = onTime + possible.filter { $0.last > due }.prefix(minCount - onTime.count)
            let straddling = evidence.first { $0.last > due } ?? evidence[evidence.count - 1]
            return (.indeterminate, evidence, .straddles(act, dated: c.shown(straddling), due: due))
        }
        if byFirst.count >= minCount {
            // Enough events, but the last one needed came after the deadline.
            let evidence = Array(byFirst.prefix(minCount))
            let decisive = evidence[evidence.count - 1]
            return (.late, evidence, .doneLate(act, on: c.shown(decisive), daysLate: decisive.first.days - due.days, due: due))
        }
        // A deadline runs to the end of its local day.
        if asOf <= due {
            return (.pending, byFirst, minCount > 1 ? .countSoFar(act, count: byFirst.count, required: minCount, due: due) : .due(due))
        }
        return (.violated, byFirst, minCount > 1
            ? .countBy(act, count: byFirst.count, required: minCount, due: due) : .nothingBy(act, due: due, daysOverdue: asOf.days - due.days))
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

    /// The keys of the calendar periods (year, half, quarter, month) that hold `day`.
    static func calendarKeys(holding day: CivilDate) -> [String] {
        let (y, m, _) = day.components
        return ["\(y)", "\(y)-H\(m <= 6 ? 1 : 2)", "\(y)-Q\((m - 1) / 3 + 1)", "\(y)-\(m < 10 ? "0" : "")\(m)"]
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
}
