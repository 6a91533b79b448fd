import EventLog
import LogFormat

/// `organization.registered`: an organisation enters the register (đăng ký tổ chức).
public struct OrganizationRegistered: EventPayload, Hashable {
    public static let type = "organization.registered"
    public var orgId: String
    public var nameVi: String
    public var kind: OrgKind
    public var level: OrgLevel
    public var province: String
    public var parent: String?
    public var flags: OrgSelector.Flags?
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        nameVi = try r.text("name_vi")
        kind = try r.choice("kind")
        level = try r.choice("level")
        province = try r.checked("province", .province)
        parent = try r.optionalChecked("parent", .slug)
        if parent == orgId { throw r.error("parent", "is the organisation itself") }
        flags = try r.optionalObject("flags") { (f: inout FieldReader) throws(PayloadError) in
            OrgSelector.Flags(dacThu: try f.optionalBool("dac_thu"), giaoNhiemVu: try f.optionalBool("giao_nhiem_vu"))
        }
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.declare(.org, orgId, "payload.org_id")
        if let parent { refs.need(.org, parent, "payload.parent") }
        basis.references(&refs, at: "payload.basis")
    }
}

/// `organization.renamed`: a new name, the same slug (đổi tên).
public struct OrganizationRenamed: EventPayload, Hashable {
    public static let type = "organization.renamed"
    public var orgId: String
    public var newNameVi: String
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        newNameVi = try r.text("new_name_vi")
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `organization.changed`: one attribute changed (thay đổi thuộc tính).
public struct OrganizationChanged: EventPayload, Hashable {
    public static let type = "organization.changed"
    /// The attributes that can change.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case parent, kind, level, province, dacThu = "flags.dac_thu", giaoNhiemVu = "flags.giao_nhiem_vu"
    }
    public var orgId: String
    public var field: Field
    public var value: JSONValue
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        field = try r.choice("field")
        guard let v = r.raw("value") else { throw r.error("value", "required") }
        value = v
        let ok: Bool
        switch (field, v) {
        case (.parent, .null): ok = true
        case (.parent, .string(let s)): ok = ValueKind.slug.canonical(s) != nil
        case (.kind, .string(let s)): ok = OrgKind(rawValue: s) != nil
        case (.level, .string(let s)): ok = OrgLevel(rawValue: s) != nil
        case (.province, .string(let s)): ok = ValueKind.province.canonical(s) != nil
        case (.dacThu, .bool), (.giaoNhiemVu, .bool): ok = true
        default: ok = false
        }
        guard ok else { throw r.error("value", "is not a valid \(field.rawValue)") }
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        if field == .parent, case .string(let s) = value { refs.need(.org, s, "payload.value") }
        basis.references(&refs, at: "payload.basis")
    }
}

/// `organization.merged`: the sources end and their duties pass to `into` (sáp nhập / hợp nhất).
public struct OrganizationMerged: EventPayload, Hashable {
    public static let type = "organization.merged"
    /// Which duties pass to `into`.
    public enum Transfer: Sendable, Hashable, Codable {
        case all, none, only([String])

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = s == "none" ? .none : .all } else { self = .only(try c.decode([String].self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .all: try c.encode("all")
            case .none: try c.encode("none")
            case .only(let refs): try c.encode(refs)
            }
        }
    }
    public var sources: [String]
    public var into: String
    public var mode: MergeMode
    public var basis: DocCite
    public var obligationTransfer: Transfer?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        sources = try r.strings("sources", .slug, minimum: 1)
        into = try r.checked("into", .slug)
        if sources.contains(into) { throw r.error("into", "\(echoed(into)) is also a source: an organisation cannot merge into itself") }
        mode = try r.choice("mode")
        basis = try DocCite.required(&r, "basis")
        switch r.peek("obligation_transfer") {
        case nil: obligationTransfer = nil
        case .string(let s)?:
            _ = r.raw("obligation_transfer")
            guard s == "all" || s == "none" else { throw r.error("obligation_transfer", "must be all, none or a list of req_refs") }
            obligationTransfer = s == "all" ? .all : Transfer.none
        default: obligationTransfer = .only(try r.strings("obligation_transfer", .reqRef))
        }
    }

    public var subject: String { "org/\(into)" }

    public func references(_ refs: inout References) {
        for (i, s) in sources.enumerated() {
            refs.need(.org, s, "payload.sources[\(i)]")
            refs.link(s, into, "payload.into")
        }
        refs.need(.org, into, "payload.into")
        basis.references(&refs, at: "payload.basis")
        if case .only(let list) = obligationTransfer {
            for (i, ref) in list.enumerated() { refs.need(.req, ref, "payload.obligation_transfer[\(i)]") }
        }
    }
}

/// `organization.split`: the source divides (chia: it ends; tách: it continues).
public struct OrganizationSplit: EventPayload, Hashable {
    public static let type = "organization.split"
    /// One duty (or `*`, all) and the organisation it passes to.
    public struct Mapping: Sendable, Hashable, Codable {
        public var reqRef: String
        public var to: String
    }
    public var source: String
    public var into: [String]
    public var mode: SplitMode
    public var obligationMap: [Mapping]
    public var basis: DocCite

    public init(reading r: inout FieldReader) throws(PayloadError) {
        source = try r.checked("source", .slug)
        let into = try r.strings("into", .slug, minimum: 1)
        if into.contains(source) { throw r.error("into", "\(echoed(source)) is the source itself") }
        self.into = into
        mode = try r.choice("mode")
        obligationMap = try r.array("obligation_map") { (item, path, refs) throws(PayloadError) -> (Mapping, JSONValue) in
            try FieldReader.element(item, path, &refs) { (m: inout FieldReader) throws(PayloadError) in
                let ref = try m.text("req_ref")
                if ref != "*", ValueKind.reqRef.canonical(ref) == nil { throw m.error("req_ref", "must be a req_ref or *") }
                let to = try m.checked("to", .slug)
                guard into.contains(to) else { throw m.error("to", "\(echoed(to)) is not one of into") }
                return Mapping(reqRef: ref, to: to)
            }
        }
        basis = try DocCite.required(&r, "basis")
    }

    public var subject: String { "org/\(source)" }

    public func references(_ refs: inout References) {
        refs.need(.org, source, "payload.source")
        for (i, o) in into.enumerated() {
            refs.need(.org, o, "payload.into[\(i)]")
            refs.link(source, o, "payload.into[\(i)]")
        }
        for (i, m) in obligationMap.enumerated() where m.reqRef != "*" {
            refs.need(.req, m.reqRef, "payload.obligation_map[\(i)].req_ref")
        }
        basis.references(&refs, at: "payload.basis")
    }
}

/// `organization.suspended` (đình chỉ) and `organization.reinstated` (cho hoạt động trở lại).
public struct OrganizationSuspension: Sendable, Hashable, Codable {
    public var orgId: String
    public var until: CivilDate?
    public var basis: DocCite

    init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        until = try r.optionalDate("until")
        basis = try DocCite.required(&r, "basis")
    }

    func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        basis.references(&refs, at: "payload.basis")
    }
}

/// The two payloads that share the suspension body: Codable as the body itself.
public protocol SuspensionEvent: EventPayload {
    /// The payload.
    var body: OrganizationSuspension { get }
    /// An event with `body`.
    init(body: OrganizationSuspension)
}

extension SuspensionEvent {
    public init(reading r: inout FieldReader) throws(PayloadError) { self.init(body: try OrganizationSuspension(reading: &r)) }
    public init(from decoder: any Decoder) throws { self.init(body: try OrganizationSuspension(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try body.encode(to: encoder) }
    public var subject: String { "org/\(body.orgId)" }
    public func references(_ refs: inout References) { body.references(&refs) }
}

/// `organization.suspended`: activity suspended (đình chỉ hoạt động).
public struct OrganizationSuspended: SuspensionEvent, Hashable {
    public static let type = "organization.suspended"
    public let body: OrganizationSuspension
    public init(body: OrganizationSuspension) { self.body = body }
}

/// `organization.reinstated`: the suspension ends (cho hoạt động trở lại).
public struct OrganizationReinstated: SuspensionEvent, Hashable {
    public static let type = "organization.reinstated"
    public let body: OrganizationSuspension
    public init(body: OrganizationSuspension) { self.body = body }
}

/// `organization.dissolved`: the organisation ends (giải thể).
public struct OrganizationDissolved: EventPayload, Hashable {
    public static let type = "organization.dissolved"
    public var orgId: String
    public var successor: String?
    public var basis: DocCite

    public init(reading r: inout FieldReader) throws(PayloadError) {
        orgId = try r.checked("org_id", .slug)
        successor = try r.optionalChecked("successor", .slug)
        if successor == orgId { throw r.error("successor", "is the dissolved organisation itself") }
        basis = try DocCite.required(&r, "basis")
    }

    public var subject: String { "org/\(orgId)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
        if let successor {
            refs.need(.org, successor, "payload.successor")
            refs.link(orgId, successor, "payload.successor")
        }
        basis.references(&refs, at: "payload.basis")
    }
}

/// `successor.designated`: who takes over an ended organisation's duties (chỉ định tổ chức kế thừa).
public struct SuccessorDesignated: EventPayload, Hashable {
    public static let type = "successor.designated"
    /// Which duties pass.
    public enum Scope: Sendable, Hashable, Codable {
        case all, duties([String]), territory([String])

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if (try? c.decode(String.self)) != nil {
                self = .all
            } else if let list = try? c.decode([String].self) {
                self = .duties(list)
            } else {
                self = .territory(try c.decode([String: [String]].self)["territory"] ?? [])
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .all: try c.encode("all")
            case .duties(let d): try c.encode(d)
            case .territory(let t): try c.encode(["territory": t])
            }
        }
    }
    public var predecessor: String
    public var successor: String
    public var scope: Scope?
    public var basis: DocCite?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        predecessor = try r.checked("predecessor", .slug)
        successor = try r.checked("successor", .slug)
        if successor == predecessor { throw r.error("successor", "is the predecessor itself") }
        switch r.peek("scope") {
        case nil: scope = nil
        case .string(let s)?:
            _ = r.raw("scope")
            guard s == "all" else { throw r.error("scope", "must be all, a list of req_refs or {territory: [...]}") }
            scope = .all
        case .array?: scope = .duties(try r.strings("scope", .reqRef, minimum: 1))
        default:
            scope = .territory(try r.object("scope") { (t: inout FieldReader) throws(PayloadError) in
                try t.strings("territory", .text, minimum: 1)
            })
        }
        basis = try DocCite.read(&r, "basis")
    }

    public var subject: String { "org/\(predecessor)" }

    public func references(_ refs: inout References) {
        refs.need(.org, predecessor, "payload.predecessor")
        refs.need(.org, successor, "payload.successor")
        refs.link(predecessor, successor, "payload.successor")
        if case .duties(let list) = scope {
            for (i, ref) in list.enumerated() { refs.need(.req, ref, "payload.scope[\(i)]") }
        }
        basis.references(&refs, at: "payload.basis")
    }
}
