import Foundation
import LogFormat
import Testing

@testable import AuditDomain
@testable import EventLog

/// The precheck `verify` runs on its reading threads against the authorship replay it stands in
/// for (docs/authorship.md, "In verify"): it may find a signature counts only where the replay,
/// with the registry as it stood before the entry, would.
@Suite struct SignaturePrecheckTests {
    static let hnd = SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 5, count: 32))
    static let khac = SignerKey(name: "ht:khac/vp", seed: Array(repeating: 6, count: 32))
    static let second = SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 7, count: 32))
    static let stranger = SignerKey(name: "ht:la/vp", seed: Array(repeating: 8, count: 32))

    static func registered(_ key: SignerKey, org: String, validFrom: String) -> String {
        Line.make("signer.registered", "2026-01-01",
                  #"{"signer":"\#(key.name)","org_id":"\#(org)","role_vi":"Văn phòng","vkey":"\#(key.verifierKey)","valid_from":"\#(validFrom)"}"#)
    }

    static func revoked(_ key: SignerKey) -> String {
        Line.make("signer.revoked", "2026-01-01",
                  #"{"signer":"\#(key.name)","key_id":"\#(key.verifierKey.keyIDText)","reason_vi":"Mất","effective_from":"2026-01-10"}"#)
    }

    /// `line` (with an event id) signed with `key`, as the log would take it.
    static func signed(_ line: String, _ key: SignerKey, policy: any EntryPolicy) throws -> String {
        let value = try JSONParser.parse(Array(line.utf8), normalize: true)
        return String(decoding: try LineSigner.signed(value, lineNumber: 1, key: key, policy: policy), as: UTF8.self)
    }

    /// A log whose registry changes along the way: `hnd`'s first key registered (valid from
    /// 2026-01-01) and later revoked, `khac`'s key valid only from 2026-03-01, `hnd`'s second key
    /// registered late, and a `warn` rule for reports; signed organisations in between.
    static func history() throws -> DomainLog {
        let log = try DomainLog()
        let policy = log.store.meta.entryPolicy
        func org(_ n: Int) -> String { Line.make("organization.registered", "2021-01-01",
            #"{"org_id":"o\#(n)","name_vi":"Tổ chức \#(n)","kind":"hqc","level":"province","province":"ha-tinh"}"#,
            eventID: "00000000-0000-4000-8000-\(String(format: "%012d", n))") }
        try log.append([Line.org("hnd"), Line.org("khac"), registered(hnd, org: "hnd", validFrom: "2026-01-01"),
                        registered(khac, org: "khac", validFrom: "2026-03-01")])
        try log.append((1...6).map { try! signed(org($0), hnd, policy: policy) })
        try log.append([Line.make("authorship.rule_set", "2026-01-01", #"{"event_type":"report.submitted","mode":"warn"}"#)])
        try log.append((7...9).map { try! signed(org($0), hnd, policy: policy) })
        try log.append([revoked(hnd), registered(second, org: "hnd", validFrom: "2026-01-01")])
        try log.append((10...14).map { try! signed(org($0), second, policy: policy) })
        return log
    }

    @Test("verify gives the same report with the precheck as the replay alone, and the precheck vouches for the plain signed entries")
    func sameReport() throws {
        let log = try Self.history()
        let with = try AuthorshipCheck.verify(log.store, trustedKey: nil, inspectorCheckpoints: [], pages: .unread, prechecked: true)
        let without = try AuthorshipCheck.verify(log.store, trustedKey: nil, inspectorCheckpoints: [], pages: .unread, prechecked: false)
        #expect(with.ok && without.ok)
        #expect(with.problem == without.problem && with.notes == without.notes && with.authored == without.authored)
        #expect(with.authored.count == 14)
        #expect(with.counted == with.authored && without.counted.isEmpty)
    }

    @Test("the precheck finds a signature counts exactly when the registry as it stood before the entry says so")
    func agreesWithTheRegistryBefore() throws {
        let log = try Self.history()
        let precheck = try #require(try SignaturePrecheck.load(log.store))
        let events = try log.events()
        let policy = log.store.meta.entryPolicy
        var generator = SystemRandomNumberGenerator()
        let keys = [Self.hnd, Self.khac, Self.second, Self.stranger]
        var agreed = 0, counted = 0
        for n in 0..<400 {
            let seq = Int64.random(in: 1...(Int64(events.count) + 3), using: &generator)
            let key = keys.randomElement(using: &generator)!
            let id = "00000000-0000-4000-9000-\(String(format: "%012d", n))"
            let report = Bool.random(using: &generator)
            let line = report
                ? Line.make("report.submitted", "2026-01-05", #"{"report_id":"r\#(n)","reporter":"hnd","recipient":"khac","period":{"key":"2025","start":"2025-01-01","end":"2025-12-31"}}"#, eventID: id)
                : Line.make("organization.registered", "2021-01-01", #"{"org_id":"x\#(n)","name_vi":"Tổ chức","kind":"hqc","level":"province","province":"ha-tinh"}"#, eventID: id)
            guard case .object(var fields) = try JSONParser.parse(Array(try Self.signed(line, key, policy: policy).utf8), normalize: false) else {
                Issue.record("a signed line is an object")
                return
            }
            let recordedAt = ["2026-01-15T03:00:00.000Z", "2026-03-02T03:00:00.000Z"].randomElement(using: &generator)!
            fields["seq"] = .integer(seq)
            fields["subject_version"] = .integer(1)
            fields["recorded_at"] = .string(recordedAt)
            fields["v"] = .integer(1)
            fields["expected_version"] = nil
            if Int.random(in: 0..<8, using: &generator) == 0, case .object(var payload)? = fields["payload"] {
                payload["name_vi"] = .string("Đã sửa")  // bytes other than those signed
                fields["payload"] = .object(payload)
            }
            let bytes = CanonicalEncoder.encode(.object(fields))
            // What the replay decides: the registry made of the events before the entry.
            var before = SignerRegistry()
            for e in events where e.seq < seq {
                if let checked = try? EventCatalogue.read(type: e.type, payload: e.payload) { before.apply(checked.payload, seq: e.seq) }
            }
            let entry = try Entry(seq: seq, bytes: bytes)
            let day = CivilDate(of: Instant(rfc3339: recordedAt)!, zoneOffsetSeconds: log.store.zoneOffsetSeconds)
            let replayCounts = (try? EventCatalogue.read(type: entry.type, payload: LoggedEvent(entry).payload)) != nil
                && before.problem(entry.author!, bytes: AuthorSignature.signedBytes(of: entry.value), recordedDay: day) == nil
            let precheckCounts = bytes.withUnsafeBytes { precheck.counts(seq: seq, entry: $0) }
            // A report's type is under a rule: the replay judges it whatever its signature.
            #expect(precheckCounts == (replayCounts && !report), "seq \(seq), key \(key.verifierKey.keyIDText), \(recordedAt)")
            if precheckCounts == (replayCounts && !report) { agreed += 1 }
            if precheckCounts { counted += 1 }
        }
        #expect(agreed == 400)
        // Both answers occur among the draws.
        #expect(counted > 20 && counted < 380)
    }

    @Test("a log without the catalogue has no precheck")
    func genericLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("precheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log.db").path
        let store = try EventStore.create(path: path, origin: "test.example/log", catalogue: "none", keyPath: path + ".key", clock: .system)
        #expect(try SignaturePrecheck.load(store) == nil)
    }
}
