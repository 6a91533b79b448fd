/// `recommendation.filed`: a recommendation was raised (kiến nghị).
public struct RecommendationFiled: EventPayload, Hashable {
    public static let type = "recommendation.filed"
    public var recId: String
    public var fromOrg: String
    public var toOrg: String
    public var textVi: String
    public var channel: RecommendationChannel?
    public var meetingId: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        recId = try r.checked("rec_id", .id)
        fromOrg = try r.checked("from_org", .slug)
        toOrg = try r.checked("to_org", .slug)
        textVi = try r.text("text_vi")
        channel = try r.optionalChoice("channel")
        meetingId = try r.optionalChecked("meeting_id", .id)
    }

    public var subject: String { "rec/\(recId)" }

    public func references(_ refs: inout References) {
        refs.declare(.rec, recId, "payload.rec_id")
        refs.need(.org, fromOrg, "payload.from_org")
        refs.need(.org, toOrg, "payload.to_org")
        if let meetingId { refs.need(.meeting, meetingId, "payload.meeting_id") }
    }
}

/// `recommendation.forwarded`: passed on to another body (chuyển kiến nghị).
public struct RecommendationForwarded: EventPayload, Hashable {
    public static let type = "recommendation.forwarded"
    public var recId: String
    public var by: String
    public var toOrg: String

    public init(reading r: inout FieldReader) throws(PayloadError) {
        recId = try r.checked("rec_id", .id)
        by = try r.checked("by", .slug)
        toOrg = try r.checked("to_org", .slug)
    }

    public var subject: String { "rec/\(recId)" }

    public func references(_ refs: inout References) {
        refs.need(.rec, recId, "payload.rec_id")
        refs.need(.org, by, "payload.by")
        refs.need(.org, toOrg, "payload.to_org")
    }
}

/// `recommendation.resolved`: answered (giải quyết kiến nghị).
public struct RecommendationResolved: EventPayload, Hashable {
    public static let type = "recommendation.resolved"
    public var recId: String
    public var resolver: String
    public var outcome: RecommendationOutcome
    public var responseDoc: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        recId = try r.checked("rec_id", .id)
        resolver = try r.checked("resolver", .slug)
        outcome = try r.choice("outcome")
        responseDoc = try DocCite.read(&r, "response_doc")
    }

    public var subject: String { "rec/\(recId)" }

    public func references(_ refs: inout References) {
        refs.need(.rec, recId, "payload.rec_id")
        refs.need(.org, resolver, "payload.resolver")
        responseDoc.references(&refs, at: "payload.response_doc")
    }
}
