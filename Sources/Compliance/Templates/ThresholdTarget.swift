import AuditDomain
import EventLog
import LogFormat

/// T4 `threshold_target`: by the deadline, each organisation in scope (or the scope as a whole,
/// `sum_ratio`) must report figures meeting the target, from a report no older than `staleness`.
enum ThresholdTarget {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext) -> [ComplianceReport.Instance] {
        let p = r.params
        guard let metric = p["metric"]?.stringValue, let op = p["op"]?.stringValue, let value = p["value"]?.stringValue,
            let deadline = p["deadline"]?.stringValue.flatMap({ CivilDate($0) })
        else { return [] }
        guard let target = Fraction(decimal: value) else {
            return [.init(assignee: "*", key: "\(metric) \(op) \(value)", due: deadline.description, verdict: .indeterminate, evidence: [],
                          reason: .targetTooPrecise(value: value))]
        }
        if let until = r.until, until <= deadline {
            return [.init(assignee: "*", key: "\(metric) \(op) \(value)", due: deadline.description, verdict: .notApplicable, evidence: [],
                          reason: .liftedBeforeDeadline(on: until))]
        }
        let staleness = ISODuration(p["staleness"]?.stringValue ?? "P1Y")
        let scope = c.members(of: ProhibitionWindow.selector(p["scope"]), r)
        guard c.asOf >= r.from else {
            return [.init(assignee: "*", key: "*", due: deadline.description, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        // The latest figures per organisation, by as_of then seq, among those by `latest`.
        func figures(_ org: String, from earliest: CivilDate?, to latest: CivilDate) -> (Fact, MembershipReported)? {
            var best: (Fact, MembershipReported)?
            for (f, m) in c.possibleHolders(of: org).flatMap({ c.index.membership(of: $0) }) {
                guard m.orgId == org || c.holds(m.orgId, dutyOf: org, on: f.first, duty: r.reqRef, follow: true),
                    m.asOf <= latest, earliest.map({ m.asOf >= $0 }) ?? true
                else { continue }
                if let (bf, bm) = best, (m.asOf, f.seq) < (bm.asOf, bf.seq) { continue }
                best = (f, m)
            }
            return best
        }
        func meets(_ members: Int64, _ eligible: Int64?) -> Bool? {
            let measured: Fraction
            if metric == "members" {
                measured = Fraction(members, 1)
            } else {
                guard let eligible, eligible > 0 else { return nil }
                measured = Fraction(members, eligible)
            }
            let order = measured.compare(target)
            switch op {
            case ">=": return order >= 0
            case ">": return order > 0
            case "<=": return order <= 0
            default: return order < 0
            }
        }
        let before = c.asOf < deadline
        let window = staleness.map { $0.subtracted(from: deadline) }
        if p["aggregation"]?.stringValue == "sum_ratio" {
            var members: Int64 = 0, eligible: Int64 = 0
            var evidence: [Int64] = []
            var missing: [String] = []
            for org in scope {
                guard let (f, m) = figures(org, from: before ? nil : window, to: before ? c.asOf : deadline), let e = m.eligible else {
                    missing.append(org)
                    continue
                }
                let (m2, o1) = members.addingReportingOverflow(m.members)
                let (e2, o2) = eligible.addingReportingOverflow(e)
                guard !o1, !o2 else {
                    return [.init(assignee: scope.joined(separator: " "), key: "\(metric) \(op) \(value)", due: deadline.description,
                                  verdict: .indeterminate, evidence: [], reason: .sumsTooLarge)]
                }
                members = m2
                eligible = e2
                evidence.append(f.seq)
            }
            let ok = meets(members, eligible) ?? false
            // An organisation without figures makes the ratio of sums unknown, not better.
            let verdict: Verdict = before ? .pending : !missing.isEmpty ? .indeterminate : ok ? .satisfied
                : c.asOf <= deadline ? .pending : .violated
            return [.init(assignee: scope.joined(separator: " "), key: "\(metric) \(op) \(value)", due: deadline.description, verdict: verdict,
                          evidence: evidence,
                          reason: .sumRatio(members: members, eligible: eligible, onTrack: before ? ok : nil, missing: missing))]
        }
        return scope.map { org in
            let found = figures(org, from: before ? nil : window, to: before ? c.asOf : deadline)
            let ok = found.flatMap { meets($0.1.members, $0.1.eligible) }
            // A deadline runs to the end of its local day: unmet on the day itself is pending.
            let verdict: Verdict = before ? .pending : ok == true ? .satisfied : c.asOf <= deadline ? .pending : .violated
            let reason: Reason
            if let (_, m) = found {
                let figures = Reason.Figures(members: m.members, eligible: m.eligible, asOf: m.asOf)
                reason = ok == true ? (before ? .onTrack(figures) : .met(figures)) : before ? .offTrack(figures) : .belowTarget(figures)
            } else {
                reason = before ? .noData : .noCurrentData(by: deadline)
            }
            return .init(assignee: org, key: "\(metric) \(op) \(value)", due: deadline.description, verdict: verdict,
                         evidence: found.map { [$0.0.seq] } ?? [], reason: reason)
        }
    }
}

/// A rational number with a positive denominator, compared exactly (rates and decimal targets
/// such as "0.60").
struct Fraction {
    let numerator: Int64
    let denominator: Int64

    init(_ numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A decimal string ("0.60", "60"), or nil when it does not fit 64-bit integers exactly.
    init?(decimal text: String) {
        // [-]digits[.digits], nothing else ("1.-5" and "+1" are not decimals).
        let negative = text.hasPrefix("-")
        let parts = text.dropFirst(negative ? 1 : 0).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let whole = Int64(parts[0]), parts.count == 1 || parts[1].count <= 18,
            let fraction = parts.count == 2 ? Int64(parts[1]) : 0
        else { return nil }
        var scale: Int64 = 1
        for _ in 0..<(parts.count == 2 ? parts[1].count : 0) { scale *= 10 }
        let (shifted, overflow) = whole.multipliedReportingOverflow(by: scale)
        let (sum, overflow2) = shifted.addingReportingOverflow(fraction)
        guard !overflow, !overflow2 else { return nil }
        numerator = negative ? -sum : sum
        denominator = scale
    }

    /// -1, 0 or 1 as self is less than, equal to or greater than `other` (cross-multiplied in
    /// 128 bits, so no overflow).
    func compare(_ other: Fraction) -> Int {
        let a = numerator.multipliedFullWidth(by: other.denominator)
        let b = other.numerator.multipliedFullWidth(by: denominator)
        return (a.high, a.low) < (b.high, b.low) ? -1 : (a.high, a.low) == (b.high, b.low) ? 0 : 1
    }
}
