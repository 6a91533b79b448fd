import EventLog
import LogFormat

/// One machine-checkable requirement of a directive (embedded in `directive.issued`; Schemas/README.md).
public struct Requirement: Sendable, Hashable, Codable {
    /// Where the parameters came from: one source for all, or one per parameter.
    public enum ParamSource: Sendable, Hashable, Codable {
        case all(Source)
        case perParameter([String: Source])

        /// Read from the document's text, set by the operator, or an interpretation of vague text.
        public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
            case text, operatorDefault = "operator_default", interpretation
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(Source.self) { self = .all(s) } else { self = .perParameter(try c.decode([String: Source].self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .all(let s): try c.encode(s)
            case .perParameter(let m): try c.encode(m)
            }
        }
    }

    /// What evidence counts: any event (the default), or only attested ones (signed by a signer
    /// who may record them; docs/authorship.md, "Attested evidence").
    public enum EvidencePolicy: String, Sendable, Hashable, Codable, CaseIterable {
        case any, attested
    }

    /// Whether duties pass to successors (`follow`, the default) or end with the organisation.
    public enum SuccessorPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        case follow, none
    }

    public var reqId: String
    public var clauseRef: String?
    public var textVi: String
    public var template: Template
    public var assignees: OrgSelector?
    public var cooperating: OrgSelector?
    public var reportsTo: String?
    public var scope: OrgSelector?
    public var params: [String: JSONValue]
    public var paramSource: ParamSource
    public var successorPolicy: SuccessorPolicy?
    public var evidence: EvidencePolicy?

    /// Reads one requirement object (its params checked against its template).
    static func read(_ r: inout FieldReader) throws(PayloadError) -> Requirement {
        let reqID = try r.checked("req_id", .reqID)
        let clause = try r.optionalText("clause_ref")
        let text = try r.text("text_vi")
        let template: Template = try r.choice("template")
        let assignees = try OrgSelector.read(&r, "assignees")
        if assignees == nil, template.needsAssignees { throw r.error("assignees", "required for template \(template.rawValue)") }
        let cooperating = try OrgSelector.read(&r, "cooperating")
        let reportsTo = try r.optionalChecked("reports_to", .slug)
        if let reportsTo { r.refs.need(.org, reportsTo, r.field("reports_to")) }
        let scope = try OrgSelector.read(&r, "scope")
        for (key, sel) in [("assignees", assignees), ("cooperating", cooperating), ("scope", scope)] {
            sel?.references(&r.refs, at: r.field(key))
        }
        try r.object("params") { (p: inout FieldReader) throws(PayloadError) in try template.readParams(&p) }
        guard case .object(let params) = r.peek("params") ?? .null else { throw r.error("params", "required") }
        let source = try readParamSource(&r, params: params)
        let policy: SuccessorPolicy? = try r.optionalChoice("successor_policy")
        let evidence: EvidencePolicy? = try r.optionalChoice("evidence")
        return Requirement(
            reqId: reqID, clauseRef: clause, textVi: text, template: template, assignees: assignees, cooperating: cooperating,
            reportsTo: reportsTo, scope: scope, params: params, paramSource: source, successorPolicy: policy, evidence: evidence)
    }

    private static func readParamSource(_ r: inout FieldReader, params: [String: JSONValue]) throws(PayloadError) -> ParamSource {
        guard let v = r.raw("param_source") else { throw r.error("param_source", "required") }
        let choices = ParamSource.Source.allCases.map(\.rawValue).joined(separator: ", ")
        switch v {
        case .string(let s):
            guard let source = ParamSource.Source(rawValue: s) else { throw r.error("param_source", "\(echoed(s)) is not one of \(choices)") }
            return .all(source)
        case .object(let m):
            guard !m.isEmpty else { throw r.error("param_source", "names no parameter; give one source for all, or name each") }
            var out: [String: ParamSource.Source] = [:]
            for (key, value) in m.sorted(by: { $0.key < $1.key }) {
                guard params[key] != nil else { throw r.error("param_source.\(key)", "names no parameter of params") }
                guard case .string(let s) = value, let source = ParamSource.Source(rawValue: s) else {
                    throw r.error("param_source.\(key)", "must be one of \(choices)")
                }
                out[key] = source
            }
            return .perParameter(out)
        default:
            throw r.error("param_source", "must be one of \(choices), or an object naming the source of each parameter")
        }
    }

    /// `template` and `params` as stored beside the requirement's key (for amendments).
    var storedData: String {
        String(decoding: CanonicalEncoder.encode(.object(["template": .string(template.rawValue), "params": .object(params)])), as: UTF8.self)
    }

    func references(_ refs: inout References, at path: String, docKey: String) {
        refs.declare(.req, "\(docKey)#\(reqId)", "\(path).req_id", data: storedData)
    }
}
