/// `congress.appraised`: congress documents appraised before the congress (thẩm định nội dung đại hội).
public struct CongressAppraised: EventPayload, Hashable {
    public static let type = "congress.appraised"
    public var orgId: String
    public var term: String
    public var appraiser: String
    public var result: AppraisalResult

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        term = try r.checked("term", .term)
        appraiser = try r.checked("appraiser", .slug)
        result = try r.choice("result")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        refs.need(.org, appraiser, "payload.appraiser")
    }
}

/// `congress.held`: a congress took place (tổ chức đại hội).
public struct CongressHeld: EventPayload, Hashable {
    public static let type = "congress.held"
    public var orgId: String
    public var congressNo: Int64?
    public var term: String
    public var nextDue: CivilDate?
    public var electedHead: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        congressNo = try r.optionalInteger("congress_no", minimum: 1)
        term = try r.checked("term", .term)
        nextDue = try r.optionalDate("next_due")
        electedHead = try r.optionalText("elected_head")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) { refs.need(.org, orgId, "payload.org_id") }
}

/// `leadership.changed`: a leader appointed, elected or relieved (thay đổi nhân sự lãnh đạo).
public struct LeadershipChanged: EventPayload, Hashable {
    public static let type = "leadership.changed"
    public var orgId: String
    public var position: String
    public var personName: String
    public var change: LeadershipChange
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        position = try r.checked("position", .code)
        personName = try r.text("person_name")
        change = try r.choice("change")
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        basis.references(&refs, at: "payload.basis")
    }
}
