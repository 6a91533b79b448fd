import EventLog
import LogFormat

/// `event.corrected`: a JSON Merge Patch over an earlier event's payload and occurred_at (đính chính).
public struct EventCorrected: EventPayload, Hashable {
    public static let type = "event.corrected"
    public var targetEventId: String
    public var patch: [String: JSONValue]
    public var reasonVi: String
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        targetEventId = try r.checked("target_event_id", .eventID)
        r.replace("target_event_id", with: .string(targetEventId))
        patch = try r.object("patch") { (p: inout FieldReader) throws(PayloadError) in
            var out: [String: JSONValue] = [:]
            if let payload = try p.optionalFreeObject("payload") { out["payload"] = .object(payload) }
            if let occurred = try p.optionalText("occurred_at") {
                if case .failure(let e) = OccurredAt.parse(occurred) { throw p.error("occurred_at", e.message) }
                out["occurred_at"] = .string(occurred)
            }
            guard !out.isEmpty else { throw PayloadError(field: p.path, message: "must change payload or occurred_at") }
            return out
        }
        reasonVi = try r.text("reason_vi")
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "event/\(targetEventId)" }

    public func references(_ refs: inout References) {
        refs.needEvent(targetEventId, "payload.target_event_id")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `event.retracted`: an earlier event is withdrawn (hủy bỏ bản ghi).
public struct EventRetracted: EventPayload, Hashable {
    public static let type = "event.retracted"
    public var targetEventId: String
    public var reasonVi: RetractionReason
    public var noteVi: String?
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        targetEventId = try r.checked("target_event_id", .eventID)
        r.replace("target_event_id", with: .string(targetEventId))
        reasonVi = try r.choice("reason_vi")
        noteVi = try r.optionalText("note_vi")
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "event/\(targetEventId)" }

    public func references(_ refs: inout References) {
        refs.needEvent(targetEventId, "payload.target_event_id")
        basis.references(&refs, at: "payload.basis")
    }
}
