import AuditDomain
import Compliance
import EventLog
import Foundation
import LogFormat

/// The last section of `auditlog demo`: signed events and the key registry (docs/authorship.md)
/// on a second, small log, so the demo's main log stays the sample history. Seed bodies of the
/// sample history get author keys made in memory (never written), the Sở Nội vụ registers them
/// and puts `report.submitted` under an `enforce` rule, an association signs its yearly report
/// as `auditlog sign` does, and a report forged in its name is refused as `append` refuses it.
struct AuthorshipTour {
    /// The small log's path: beside the demo's log, `<demo log>-authorship.db` (its key beside it,
    /// as the demo's own).
    static func path(besideDemoLog path: String) -> String { path + "-authorship.db" }

    /// The small log's origin (another log than the demo's, so its checkpoints are its own).
    static let origin = "demo.auditlog.example/authorship"

    /// The bodies of the sample history the tour registers: the recipient (Ban Thường vụ) with
    /// its parent, the clerk's Sở Nội vụ with its parent, and three associations.
    static let bodies: Set<String> = ["ht:bch-tu", "ht:btv-tu", "ht:ubnd", "ht:so-noi-vu", "ht:hoi-nong-dan", "ht:hoi-lhpn", "ht:hoi-ccb"]

    /// The signers: the office of the association that reports, the office of another, and the
    /// Sở Nội vụ's clerk named by the rule.
    static let association = "ht:hoi-nong-dan/van-phong"
    static let otherAssociation = "ht:hoi-lhpn/van-phong"
    static let clerk = "ht:so-noi-vu/van-thu"

    /// The invented directive whose requirement counts only attested reports.
    static let docKey = "ht:btv-tu|09-CT/TU|2025"
    static let reqRef = docKey + "#R1"

    /// The clocks of the tour's appends (fixed, so it reads the same every time).
    static let setUpAt = "2026-01-05T02:00:00.000Z"
    static let reportedAt = "2026-01-12T02:00:00.000Z"
    static let paperReportAt = "2026-01-15T02:00:00.000Z"
    static let forgedAt = "2026-01-20T02:00:00.000Z"

    private let store: EventStore
    private let logKey: SignerKey
    private let out: StandardOutput

    /// Checks, before the demo builds anything, that the tour's log can be made beside
    /// `demoPath` (when `demoPath` exists, creating the demo's log refuses it first).
    static func checkFree(besideDemoLog demoPath: String) throws {
        guard !FileManager.default.fileExists(atPath: demoPath) else { return }
        let path = path(besideDemoLog: demoPath)
        for file in [path, EventStore.defaultKeyPath(forDatabase: path)] where FileManager.default.fileExists(atPath: file) {
            throw CommandError.usage("\(file) already exists (the demo's authorship log goes there); remove it or choose another --db")
        }
    }

    /// Builds the small log beside `demoPath` and prints the section to `out`; the compliance
    /// check is on `checkDate`. Returns the small log's path.
    static func run(besideDemoLog demoPath: String, checkDate: String, out: StandardOutput) throws -> String {
        let path = path(besideDemoLog: demoPath)
        let keyPath = EventStore.defaultKeyPath(forDatabase: path)
        guard let start = Instant(rfc3339: setUpAt), let date = CivilDate(checkDate) else {
            preconditionFailure("the authorship tour's clock or check date is malformed")
        }
        let store = try EventStore.create(
            path: path, origin: origin, timezone: SampleHistory.timezone, keyPath: keyPath, clock: .fixed(start))
        let logKey = try SignerKey.read(path: keyPath)
        try AuthorshipTour(store: store, logKey: logKey, out: out).tour(path: path, checkDate: date)
        return path
    }

    private func tour(path: String, checkDate: CivilDate) throws {
        let keys = [Self.association, Self.otherAssociation, Self.clerk].map { SignerKey.generate(name: $0) }
        let (hnd, lhpn, clerk) = (keys[0], keys[1], keys[2])
        out.line("\n== authorship: the seed bodies sign their reports (a second log: \(path))")

        let setUp = try append(Self.organisations() + [Self.directive()] + [
            Self.registered(hnd, org: "ht:hoi-nong-dan", role: "Văn phòng Hội"),
            Self.registered(lhpn, org: "ht:hoi-lhpn", role: "Văn phòng Hội"),
            Self.registered(clerk, org: "ht:so-noi-vu", role: "Văn thư"),
            Self.rule(),
        ], at: Self.setUpAt)
        out.line("  set up (\(setUp.appended) events): \(Self.bodies.count) bodies of the sample history; an invented directive of ht:btv-tu whose")
        out.line("  yearly reports count only when attested (\(Self.reqRef)); three author keys, made in")
        out.line("  memory and never written, registered by the Sở Nội vụ; the rule: report.submitted under enforce, clerk \(Self.clerk)")
        out.line("  signers (auditlog signers):")
        for key in try SignerRegistry.load(store, knownAt: nil).keys() {
            out.line("    \(pad(key.signer, 26)) for \(pad(key.orgId, 16)) \(pad(key.roleVi, 14)) registered seq \(key.registeredSeq)")
        }

        let report = Self.report(eventID: "019ba533-e400-7a00-8000-00000000a001", reportID: "ht:rp-hoi-nong-dan-2025",
                                 reporter: "ht:hoi-nong-dan", actor: "ht:hoi-nong-dan", summary: "Báo cáo kết quả hoạt động năm 2025.")
        let signed = try appended(try append(sign(report, with: hnd), at: Self.reportedAt))
        out.line("  ht:hoi-nong-dan's yearly report, signed by \(Self.association) (auditlog sign): \(signed)")
        let paper = Self.report(eventID: "019bb9cd-5400-7a00-8000-00000000a002", reportID: "ht:rp-hoi-ccb-2025",
                                reporter: "ht:hoi-ccb", actor: "clerk:ht:so-noi-vu", summary: "Báo cáo kết quả hoạt động năm 2025 (bản giấy).")
        let entered = try appended(try append(sign(paper, with: clerk), at: Self.paperReportAt))
        out.line("  ht:hoi-ccb's report on paper, entered and signed by the clerk \(Self.clerk): \(entered)")

        // A report in ht:hoi-nong-dan's name with other figures: signed with another body's
        // registered key, then not signed at all.
        let size = try store.size()
        let forged = Self.report(eventID: "019bd38d-2000-7a00-8000-00000000a003", reportID: "ht:rp-hoi-nong-dan-2025-b",
                                 reporter: "ht:hoi-nong-dan", actor: "ht:hoi-nong-dan",
                                 summary: "Báo cáo kết quả hoạt động năm 2025 (số liệu khác).")
        refused("forged: ht:hoi-nong-dan's report signed with \(Self.otherAssociation)'s key") {
            _ = try append(sign(forged, with: lhpn), at: Self.forgedAt)
        }
        refused("forged: the same report unsigned") {
            _ = try append([forged], at: Self.forgedAt)
        }
        if try store.size() != size { preconditionFailure("the authorship tour's forged report was appended") }

        out.line("  compliance on \(checkDate) (auditlog check --as-of \(checkDate)), attested evidence only:")
        for r in try ComplianceCheck.run(store, asOf: checkDate, knownAt: nil).requirements {
            out.line("    \(pad(r.verdict.rawValue, 14)) \(r.reqRef)")
            for i in r.instances {
                out.line("    \(pad("", 14)) \(pad(i.assignee, 16)) \(pad(i.key, 6)) \(pad(i.verdict.rawValue, 10))"
                    + " [seq \(i.evidenceText(separator: ", "))]")
            }
        }
        let verified = try AuthorshipCheck.verify(store, trustedKey: VerifierKey(store.meta.vkey), inspectorCheckpoints: [], pages: .unread)
        out.line(verified.ok
            ? "  verify: OK: \(verified.entries) entries, \(verified.checkpoints) checkpoints, "
                + "\(verified.authored.count) signed entries checked against the key registry"
            : "  verify: TAMPERING: \(verified.problem?.description ?? "")")
        out.line("  an operator who rewrites a signed entry and re-signs every checkpoint with the log's key is still caught:")
        out.line("  verify finds the author's signature no longer verifies over that entry (docs/authorship.md, \"In verify\")")
    }

    // MARK: - Appending and signing

    /// Appends `lines` (NDJSON, one event each) at `recordedAt`, through the log's catalogue.
    private func append(_ lines: [[UInt8]], at recordedAt: String) throws -> AppendSummary {
        guard let instant = Instant(rfc3339: recordedAt) else { preconditionFailure("\(recordedAt) is not an RFC 3339 instant") }
        let source = try InputSource.bytes(lines.flatMap { $0 + [0x0A] }, name: "authorship tour")
        defer { source.close() }
        return try store.append(source, key: logKey, policy: store.meta.entryPolicy, clock: .fixed(instant))
    }

    /// `line` signed with `key`, as `auditlog sign` signs it.
    private func sign(_ line: [UInt8], with key: SignerKey) throws -> [[UInt8]] {
        guard let policy = LogMeta.linePolicy(forCatalogue: LogMeta.domainCatalogue) else { preconditionFailure("no v1 line policy") }
        let source = try InputSource.bytes(line, name: "authorship tour")
        defer { source.close() }
        var lines: [[UInt8]] = []
        try LineSigner.sign(source, key: key, policy: policy) { lines.append($0) }
        return lines
    }

    /// Runs `attempt`, which must be refused, and prints what `append` would print: the exit code
    /// and the one-line message.
    private func refused(_ what: String, _ attempt: () throws -> Void) {
        do {
            try attempt()
            preconditionFailure("the authorship tour's \(what) was not refused")
        } catch {
            let report = ExitStatus.classify(error)
            out.line("  \(what): refused, exit \(report.code)")
            out.line("    auditlog: \(report.message)")
        }
    }

    /// Where the one event of `summary` went, and whether it is attested.
    private func appended(_ summary: AppendSummary) throws -> String {
        let attested = try isAttested(summary.firstSeq)
        return "appended at seq \(summary.firstSeq), " + (attested ? "attested ✓" : "NOT attested")
    }

    /// Whether the append recorded event `seq` as attested (the domain index `check` reads).
    private func isAttested(_ seq: Int64) throws -> Bool {
        try store.withReadTransaction { session in try AttestedEvents.seqs(session, size: seq).contains(seq) }
    }

    // MARK: - The tour's lines

    /// The `organization.registered` lines of ``bodies`` in the sample history's first batch, as they are there.
    static func organisations() -> [[UInt8]] {
        guard let first = SampleHistory.batches.first else { preconditionFailure("the embedded sample history is empty") }
        let lines = first.text.split(separator: "\n").filter { line in
            guard let value = try? JSONParser.parse(Array(line.utf8), normalize: false),
                value["type"]?.stringValue == "organization.registered",
                let org = value["payload"]?["org_id"]?.stringValue
            else { return false }
            return bodies.contains(org)
        }
        guard lines.count == bodies.count else {
            preconditionFailure("the sample history's first batch lacks a body of the authorship tour")
        }
        return lines.map { Array($0.utf8) }
    }

    /// The invented directive of the Ban Thường vụ: a yearly report from two associations,
    /// counted only when attested.
    static func directive() -> [UInt8] {
        Array(#"""
            {"event_id":"019b7c01-0400-7a00-8000-00000000a000","type":"directive.issued","occurred_at":"2025-01-02","actor":"clerk:ht:vp-tu",\#
            "payload":{"doc":{"doc_key":"\#(docKey)","number":"09-CT/TU","type_name":"Chỉ thị","issuer_org":"ht:btv-tu",\#
            "issued_on":"2025-01-02","title":"[GIẢ ĐỊNH] Về báo cáo hằng năm có chữ ký số của các hội"},"source_kind":"directive",\#
            "requirements":[{"req_id":"R1","text_vi":"Các hội gửi báo cáo kết quả hoạt động hằng năm về Ban Thường vụ Tỉnh ủy, có chữ ký số của hội.",\#
            "template":"periodic_report","assignees":{"ids":["ht:hoi-nong-dan","ht:hoi-ccb"]},"reports_to":"ht:btv-tu","evidence":"attested",\#
            "params":{"event_type":"report.submitted","recipient":"ht:btv-tu","schedule":"R1/2025-01-01/P1Y","grace":"P15D"},"param_source":"text"}]}}
            """#.utf8)
    }

    /// `signer.registered` of `key`'s verifier key, acting for `org` (names, slugs and keys need no escaping).
    static func registered(_ key: SignerKey, org: String, role: String) -> [UInt8] {
        let verifier = key.verifierKey
        return Array(#"""
            {"type":"signer.registered","occurred_at":"2026-01-02","actor":"clerk:ht:so-noi-vu","payload":{"signer":"\#(verifier.name)",\#
            "org_id":"\#(org)","role_vi":"\#(role)","vkey":"\#(verifier.description)","valid_from":"2026-01-01"}}
            """#.utf8)
    }

    /// The rule: `report.submitted` only signed, by the reporter's signers or the clerk.
    static func rule() -> [UInt8] {
        Array(#"""
            {"type":"authorship.rule_set","occurred_at":"2026-01-02","actor":"clerk:ht:so-noi-vu",\#
            "payload":{"event_type":"report.submitted","mode":"enforce","clerks":["\#(clerk)"]}}
            """#.utf8)
    }

    /// A yearly report for 2025 under ``reqRef``, to the Ban Thường vụ.
    static func report(eventID: String, reportID: String, reporter: String, actor: String, summary: String) -> [UInt8] {
        Array(#"""
            {"event_id":"\#(eventID)","type":"report.submitted","occurred_at":"2026-01-10","actor":"\#(actor)",\#
            "payload":{"report_id":"\#(reportID)","reporter":"\#(reporter)","recipient":"ht:btv-tu","req_ref":"\#(reqRef)",\#
            "period":{"key":"2025","start":"2025-01-01","end":"2025-12-31"},"summary_vi":"\#(summary)"}}
            """#.utf8)
    }
}
