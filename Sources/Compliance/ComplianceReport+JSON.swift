import EventLog
import LogFormat

/// The JSON of a report's requirements and findings written directly, byte for byte as the
/// generic encoder (`SnakeCaseJSONEncoder`: keys sorted, nil members left out) writes them: a
/// report at a million events holds some 200,000 instances and 76,000 findings, and the
/// generic encoder's cost per object was a fifth of `check`'s time. A test holds the two equal.
extension ComplianceReport.RequirementResult {
    /// This requirement with its instances, as one JSON object.
    public func json() throws(SnakeCaseJSONError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + instances.count * 160)
        out.append(contentsOf: #"{"instances":["#.utf8)
        for (i, instance) in instances.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            instance.writeJSON(into: &out)
        }
        out.append(contentsOf: #"],"official_source":"#.utf8)
        out.append(contentsOf: (officialSource ? "true" : "false").utf8)
        out.append(contentsOf: #","param_source":"#.utf8)
        out.append(contentsOf: try SnakeCaseJSONEncoder().encode(paramSource))
        Self.member("req_ref", reqRef, &out)
        Self.member("source_kind", sourceKind, &out)
        Self.member("template", template, &out)
        Self.member("text_vi", textVi, &out)
        Self.member("verdict", verdict.rawValue, &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `,"key":"value"`.
    static func member(_ key: StaticString, _ value: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        out.append(contentsOf: #"":"#.utf8)
        CanonicalEncoder.writeString(value, into: &out)
    }
}

extension ComplianceReport.Instance {
    /// Appends this instance as one JSON object.
    func writeJSON(into out: inout [UInt8]) {
        out.append(contentsOf: #"{"assignee":"#.utf8)
        CanonicalEncoder.writeString(assignee, into: &out)
        if let attested, !attested.isEmpty {
            out.append(contentsOf: #","attested":["#.utf8)
            for (i, seq) in attested.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CanonicalEncoder.writeInteger(seq, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let due { ComplianceReport.RequirementResult.member("due", due, &out) }
        out.append(contentsOf: #","evidence":["#.utf8)
        for (i, seq) in evidence.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalEncoder.writeInteger(seq, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        ComplianceReport.RequirementResult.member("key", key, &out)
        ComplianceReport.RequirementResult.member("reason", reason.description, &out)
        ComplianceReport.RequirementResult.member("verdict", verdict.rawValue, &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension ComplianceReport.Finding {
    /// This finding as one JSON object.
    public func json() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(contentsOf: #"{"detail":"#.utf8)
        CanonicalEncoder.writeString(detail, into: &out)
        ComplianceReport.RequirementResult.member("kind", kind, &out)
        if let reqRef { ComplianceReport.RequirementResult.member("req_ref", reqRef, &out) }
        if let seq {
            out.append(contentsOf: #","seq":"#.utf8)
            CanonicalEncoder.writeInteger(seq, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
