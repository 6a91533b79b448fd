import Foundation
import LogFormat
import Testing

@testable import AuditDomain
@testable import EventLog

/// A fresh auditlog/v1 log (domain catalogue) in its own temporary directory, for tests that
/// append through the real store and SQLite.
final class DomainLog {
    let dir: URL
    let store: EventStore
    let key: SignerKey
    let clock = Clock.fixed(Instant(rfc3339: "2026-01-15T03:00:00Z")!)

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditdomain-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("log.db").path
        store = try EventStore.create(path: path, origin: "test.example/log", keyPath: path + ".key", clock: clock)
        key = try SignerKey.read(path: path + ".key")
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Appends `lines` (JSON objects as text) in one input.
    @discardableResult
    func append(_ lines: [String]) throws -> AppendSummary {
        let url = dir.appendingPathComponent("input-\(UUID().uuidString).ndjson")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        let source = try InputSource.file(url.path)
        defer { source.close() }
        return try store.append(source, key: key, policy: store.meta.entryPolicy, clock: clock)
    }

    /// The error appending `lines` gives, or nil if it was appended.
    func refusal(_ lines: [String]) -> EventLogError? {
        do {
            try append(lines)
            return nil
        } catch let error as EventLogError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Every event in the log.
    func events() throws -> [LoggedEvent] {
        var all: [LoggedEvent] = []
        try store.forEachEntry(matching: LogFilter()) { all.append(LoggedEvent($0)) }
        return all
    }

    func count() throws -> Int64 { try store.size() }
}

/// Input lines of the catalogue, as text.
enum Line {
    static func make(_ type: String, _ occurred: String, _ payload: String, eventID: String? = nil) -> String {
        let id = eventID.map { #","event_id":"\#($0)""# } ?? ""
        return #"{"type":"\#(type)","occurred_at":"\#(occurred)","actor":"clerk:test","payload":\#(payload)\#(id)}"#
    }

    static func org(_ slug: String, _ name: String = "Tổ chức", kind: String = "hqc", on date: String = "2020-01-01") -> String {
        make("organization.registered", date,
             #"{"org_id":"\#(slug)","name_vi":"\#(name)","kind":"\#(kind)","level":"province","province":"ha-tinh"}"#)
    }

    static func doc(_ key: String, number: String = "677-TB/TU", issuer: String = "btv-tu") -> String {
        make("document.registered", "2021-01-01",
             #"{"doc":{"doc_key":"\#(key)","number":"\#(number)","type_name":"Thông báo kết luận","issuer_org":"\#(issuer)"}}"#)
    }

    static func merge(_ sources: [String], into: String, on date: String, mode: String = "sap_nhap", basis: String = "d1") -> String {
        let list = sources.map { "\"\($0)\"" }.joined(separator: ",")
        return make("organization.merged", date, #"{"sources":[\#(list)],"into":"\#(into)","mode":"\#(mode)","basis":"\#(basis)"}"#)
    }

    static func dissolve(_ org: String, successor: String? = nil, on date: String, basis: String = "d1") -> String {
        let s = successor.map { #","successor":"\#($0)""# } ?? ""
        return make("organization.dissolved", date, #"{"org_id":"\#(org)"\#(s),"basis":"\#(basis)"}"#)
    }

    static func designate(_ from: String, _ to: String, on date: String, scope: String? = nil) -> String {
        let s = scope.map { #","scope":\#($0)"# } ?? ""
        return make("successor.designated", date, #"{"predecessor":"\#(from)","successor":"\#(to)"\#(s)}"#)
    }
}
