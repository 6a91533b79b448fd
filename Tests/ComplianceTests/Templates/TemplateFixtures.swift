import AuditDomain
import EventLog
import Foundation
import LogFormat
import Testing

@testable import Compliance

/// A small log held in memory for the template tests: events added one by one (each payload
/// read by the catalogue as append reads it), then judged at T the way `check` judges a log
/// (docs/compliance.md, Parts 2–5), through the same gathering of facts, the same context and
/// the same template entry points, without SQLite.
struct TemplateLog {
    /// The log's UTC offset: Asia/Ho_Chi_Minh, +07:00 (docs/compliance.md §2.2).
    static let zone = 7 * 3600

    private(set) var events: [LoggedEvent] = []

    /// Appends an event and returns its seq. `recordedAt` defaults to 10:00 local on the last
    /// day of `occurredAt` (recorded the day it happened: no late recording).
    @discardableResult
    mutating func add(_ type: String, _ occurredAt: String, _ payload: String, recordedAt: String? = nil, eventID: String? = nil) throws -> Int64 {
        let seq = Int64(events.count + 1)
        guard case .object(let object) = try JSONParser.parse(Array(payload.utf8), normalize: true) else {
            throw FixtureError("payload of \(type) is not an object")
        }
        // Read as append reads it: a payload the catalogue refuses would test nothing.
        _ = try EventCatalogue.read(type: type, payload: object)
        let recorded = try recordedAt ?? {
            guard let last = Fact.lastDay(of: occurredAt, zone: Self.zone) else { throw FixtureError("occurred_at \(occurredAt)") }
            return "\(last)T03:00:00.000Z"
        }()
        events.append(LoggedEvent(
            seq: seq, eventID: eventID ?? Self.eventID(seq), type: type, subject: "", occurredAt: occurredAt, recordedAt: recorded,
            actor: "clerk:test", payload: object))
        return seq
    }

    /// The event id the log gives event `seq` when none is given.
    static func eventID(_ seq: Int64) -> String {
        let digits = String(seq)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// Registers an organisation of Hà Tĩnh (unless `province` says otherwise).
    @discardableResult
    mutating func org(_ id: String, kind: String = "hqc", province: String = "ha-tinh", level: String = "province", on date: String = "2020-01-01")
        throws -> Int64
    {
        try add("organization.registered", date,
                #"{"org_id":"\#(id)","name_vi":"Tổ chức \#(id)","kind":"\#(kind)","level":"\#(level)","province":"\#(province)"}"#)
    }

    /// The issuer every directive of these tests has by default, a provincial board of Hà Tĩnh
    /// (so descriptions are bounded to Hà Tĩnh, §3.3), and a recipient.
    mutating func board() throws {
        try org("ht:btv", kind: "party_board")
        try org("ht:bdv", kind: "party_commission")
    }

    /// Issues directive `docKey` (dated and in force from `effectiveFrom`) with `requirements`
    /// (JSON objects, see ``requirement(_:_:assignees:scope:policy:params:)``).
    @discardableResult
    mutating func directive(
        _ docKey: String, issuer: String = "ht:btv", effectiveFrom: String, effectiveUntil: String? = nil, _ requirements: [String]
    ) throws -> Int64 {
        let until = effectiveUntil.map { #","effective_until":"\#($0)""# } ?? ""
        return try add("directive.issued", effectiveFrom, #"""
            {"doc":{"doc_key":"\#(docKey)","number":null,"type_name":"Chỉ thị","issuer_org":"\#(issuer)"},"source_kind":"directive",\#
            "effective_from":"\#(effectiveFrom)"\#(until),"requirements":[\#(requirements.joined(separator: ","))]}
            """#)
    }

    /// One requirement object of a directive.
    static func requirement(
        _ id: String, _ template: String, assignees: String? = nil, scope: String? = nil, policy: String? = nil, params: String
    ) -> String {
        let a = assignees.map { #","assignees":\#($0)"# } ?? ""
        let s = scope.map { #","scope":\#($0)"# } ?? ""
        let p = policy.map { #","successor_policy":"\#($0)""# } ?? ""
        return #"{"req_id":"\#(id)","text_vi":"Yêu cầu \#(id).","template":"\#(template)"\#(a)\#(s)\#(p),"#
            + #""params":\#(params),"param_source":"text"}"#
    }

    /// Judges every requirement at business date `asOf` with everything recorded (K = latest):
    /// the effective view (§2.1), the facts that happened by T (§2.3), the organisations' state
    /// and σ, then each requirement in force (§4) through its template (Part 5), evidence with
    /// corrections (§6.3) and the requirement's verdict (§6.1), as ``ComplianceCheck`` does.
    func check(asOf text: String) throws -> TemplateCheck {
        guard let asOf = CivilDate(text) else { throw FixtureError("as_of \(text)") }
        var corrections = Corrections()
        for e in events { corrections.add(e) }
        let view = events.compactMap { e -> ProjectedEvent? in
            guard e.target == nil, let effective = corrections.apply(to: e) else { return nil }
            return ProjectedEvent(effective, zoneOffsetSeconds: Self.zone)
        }
        var g = FactGathering(asOf: asOf, zone: Self.zone, corrections: corrections)
        let planTypes = Set(FactGathering.planTypes)
        for e in view where planTypes.contains(e.type) { g.plan(e) }
        g.decideInterest()
        for e in view { try g.take(e) }
        g.finish()
        let context = ComplianceContext(asOf: asOf, index: FactIndex(g), records: g.records, successors: g.successors,
                                        corrections: g.correctedBy, assignmentBasis: g.assignmentBasis)
        var findings = FindingLog()
        var results: [String: TemplateCheck.Result] = [:]
        for f in g.directives {
            guard let d = f.payload as? DirectiveIssued else { continue }
            let jurisdiction = ComplianceCheck.jurisdiction(of: d.doc.issuerOrg, context.records)
            for r in d.requirements {
                let ref = "\(d.doc.docKey)#\(r.reqId)"
                let parts = ComplianceCheck.active(r, of: d, issued: f, amendments: g.amendments[ref] ?? [], lifts: g.lifts[ref] ?? [], asOf: asOf,
                                                   jurisdiction: jurisdiction)
                var instances = ComplianceCheck.evaluate(parts, context, &findings)
                for i in instances.indices { instances[i].evidence = context.withCorrections(instances[i].evidence) }
                let verdict = asOf < parts[0].from ? Verdict.notApplicable : Verdict.worst(instances.map(\.verdict))
                results[ref] = .init(verdict: verdict, instances: instances)
            }
        }
        return TemplateCheck(results: results, findings: Array(findings.unique()))
    }
}

/// What ``TemplateLog/check(asOf:)`` found: each requirement's verdict and instances, and the
/// findings the templates made.
struct TemplateCheck {
    struct Result {
        let verdict: Verdict
        let instances: [ComplianceReport.Instance]
    }

    let results: [String: Result]
    let findings: [ComplianceReport.Finding]

    /// The result of requirement `ref`.
    func requirement(_ ref: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        try #require(results[ref], "no requirement \(ref)", sourceLocation: sourceLocation)
    }

    /// The instances of `ref` as (assignee, key) → verdict.
    func verdicts(_ ref: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [InstanceKey: Verdict] {
        var out: [InstanceKey: Verdict] = [:]
        for i in try requirement(ref, sourceLocation: sourceLocation).instances { out[InstanceKey(i.assignee, i.key)] = i.verdict }
        return out
    }

    /// The one instance of `ref` with `key` (and `assignee`, when given).
    func instance(_ ref: String, key: String, assignee: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ComplianceReport.Instance
    {
        let found = try requirement(ref, sourceLocation: sourceLocation).instances.filter { i in
            i.key == key && (assignee.map { i.assignee == $0 } ?? true)
        }
        try #require(found.count == 1, "\(found.count) instances of \(ref) keyed \(key)", sourceLocation: sourceLocation)
        return found[0]
    }

    /// The findings of `kind`.
    func findings(_ kind: String) -> [ComplianceReport.Finding] { findings.filter { $0.kind == kind } }
}

/// An instance's assignee and key.
struct InstanceKey: Hashable, CustomStringConvertible {
    let assignee: String
    let key: String

    init(_ assignee: String, _ key: String) {
        self.assignee = assignee
        self.key = key
    }

    var description: String { "\(assignee) \(key)" }
}

/// A fixture that could not be built.
struct FixtureError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
