import EventLog
import LogFormat

/// `document.registered`: a document we only cite (đăng ký văn bản).
public struct DocumentRegistered: EventPayload, Hashable {
    public static let type = "document.registered"
    public var doc: DocRef
    public var summaryVi: String?
    public var cites: [String]?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        doc = try r.object("doc") { (n: inout FieldReader) throws(PayloadError) in try DocRef.read(&n) }
        summaryVi = try r.optionalText("summary_vi")
        cites = try r.optionalStrings("cites", .docKey)
    }

    public var subject: String { "doc/\(doc.docKey)" }

    public func references(_ refs: inout References) {
        refs.declare(.doc, doc.docKey, "payload.doc.doc_key")
        doc.references(&refs, at: "payload.doc")
        for (i, c) in (cites ?? []).enumerated() { refs.need(.doc, c, "payload.cites[\(i)]") }
    }
}

/// `directive.issued`: a directive and its machine-checkable requirements (ban hành văn bản chỉ đạo).
public struct DirectiveIssued: EventPayload, Hashable {
    public static let type = "directive.issued"
    public var doc: DocRef
    public var sourceKind: SourceKind
    public var effectiveFrom: CivilDate?
    public var effectiveUntil: CivilDate?
    public var cites: [String]?
    public var supersedes: [String]?
    public var requirements: [Requirement]

    public init(reading r: inout FieldReader) throws(PayloadError) {
        doc = try r.object("doc") { (n: inout FieldReader) throws(PayloadError) in try DocRef.read(&n) }
        sourceKind = try r.choice("source_kind")
        effectiveFrom = try r.optionalDate("effective_from")
        effectiveUntil = try r.optionalDate("effective_until")
        if let from = effectiveFrom, let until = effectiveUntil, until < from {
            throw r.error("effective_until", "is before effective_from \(from)")
        }
        cites = try r.optionalStrings("cites", .docKey)
        supersedes = try r.optionalArray("supersedes") { (item, path, _) throws(PayloadError) -> (String, JSONValue) in
            guard case .string(let s) = item, ValueKind.docKey.canonical(s) != nil || ValueKind.reqRef.canonical(s) != nil else {
                throw PayloadError(field: path, message: "must be a doc_key or a req_ref")
            }
            return (s, item)
        }
        if let list = supersedes, let repeated = list.indices.first(where: { list[..<$0].contains(list[$0]) }) {
            throw PayloadError(field: "payload.supersedes[\(repeated)]", message: "\(echoed(list[repeated])) is named twice")
        }
        let ownKey = doc.docKey
        if let own = supersedes?.firstIndex(where: { $0 == ownKey || RequirementRef.docKey(of: $0) == ownKey && $0.contains("#") }) {
            throw PayloadError(field: "payload.supersedes[\(own)]", message: "names this directive itself")
        }
        var ids: Set<String> = []
        requirements = try r.array("requirements") { (item, path, refs) throws(PayloadError) -> (Requirement, JSONValue) in
            let (req, canonical) = try FieldReader.element(item, path, &refs) { (n: inout FieldReader) throws(PayloadError) in
                try Requirement.read(&n)
            }
            guard ids.insert(req.reqId).inserted else {
                throw PayloadError(field: "\(path).req_id", message: "\(echoed(req.reqId)) is used twice in this directive")
            }
            return (req, canonical)
        }
    }

    public var subject: String { "doc/\(doc.docKey)" }

    public func references(_ refs: inout References) {
        refs.declare(.doc, doc.docKey, "payload.doc.doc_key")
        doc.references(&refs, at: "payload.doc")
        for (i, c) in (cites ?? []).enumerated() { refs.need(.doc, c, "payload.cites[\(i)]") }
        for (i, s) in (supersedes ?? []).enumerated() {
            if ValueKind.reqRef.canonical(s) != nil, s.contains("#") { refs.need(.req, s, "payload.supersedes[\(i)]") } else { refs.need(.doc, s, "payload.supersedes[\(i)]") }
        }
        for (i, req) in requirements.enumerated() {
            req.references(&refs, at: "payload.requirements[\(i)]", docKey: doc.docKey)
        }
    }
}

/// `requirement.amended`: a requirement's parameters changed by a JSON Merge Patch (sửa đổi yêu cầu).
public struct RequirementAmended: EventPayload, Hashable {
    public static let type = "requirement.amended"
    public var reqRef: String
    public var paramsPatch: [String: JSONValue]
    public var basis: DocCite

    public init(reading r: inout FieldReader) throws(PayloadError) {
        reqRef = try r.checked("req_ref", .reqRef)
        guard let patch = try r.optionalFreeObject("params_patch") else { throw r.error("params_patch", "required") }
        paramsPatch = patch
        basis = try DocCite.required(&r, "basis")
    }

    public var subject: String { "doc/\(RequirementRef.docKey(of: reqRef))" }

    public func references(_ refs: inout References) {
        refs.need(.req, reqRef, "payload.req_ref")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `requirement.lifted`: a requirement ends on a date (bãi bỏ yêu cầu).
public struct RequirementLifted: EventPayload, Hashable {
    public static let type = "requirement.lifted"
    public var reqRef: String
    public var effectiveOn: CivilDate
    public var basis: DocCite
    public var reasonVi: String?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        reqRef = try r.checked("req_ref", .reqRef)
        effectiveOn = try r.date("effective_on")
        basis = try DocCite.required(&r, "basis")
        reasonVi = try r.optionalText("reason_vi")
    }

    public var subject: String { "doc/\(RequirementRef.docKey(of: reqRef))" }

    public func references(_ refs: inout References) {
        refs.need(.req, reqRef, "payload.req_ref")
        basis.references(&refs, at: "payload.basis")
    }
}

/// `directive.disseminated`: an organisation studied or passed on a document (quán triệt, triển khai).
public struct DirectiveDisseminated: EventPayload, Hashable {
    public static let type = "directive.disseminated"
    public var org: String
    public var docKey: String
    public var form: DisseminationForm?
    public var participants: Int64?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        org = try r.checked("org", .slug)
        docKey = try r.checked("doc_key", .docKey)
        form = try r.optionalChoice("form")
        participants = try r.optionalInteger("participants")
    }

    public var subject: String { "org/\(org)" }

    public func references(_ refs: inout References) {
        refs.need(.org, org, "payload.org")
        refs.need(.doc, docKey, "payload.doc_key")
    }
}

/// Splits a `req_ref` (`<doc_key>#<req_id>`).
public enum RequirementRef {
    /// The document key part.
    public static func docKey(of ref: String) -> String {
        guard let hash = ref.lastIndex(of: "#") else { return ref }
        return String(ref[..<hash])
    }

    /// The requirement id part.
    public static func reqID(of ref: String) -> String {
        guard let hash = ref.lastIndex(of: "#") else { return "" }
        return String(ref[ref.index(after: hash)...])
    }
}
