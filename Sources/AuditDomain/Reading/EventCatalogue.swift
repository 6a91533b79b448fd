#if canImport(Glibc)
import Glibc
import LogFormat
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog

/// The v1 catalogue (Schemas/README.md): every event type and its payload.
public enum EventCatalogue {
    /// Every payload type, in the order of Schemas/README.md.
    public static let all: [any EventPayload.Type] = [
        DocumentRegistered.self, DirectiveIssued.self, RequirementAmended.self, RequirementLifted.self,
        DirectiveDisseminated.self, OrganizationRegistered.self, OrganizationRenamed.self, OrganizationChanged.self,
        OrganizationMerged.self, OrganizationSplit.self, OrganizationSuspended.self, OrganizationReinstated.self,
        OrganizationDissolved.self, SuccessorDesignated.self, MonitoringAssigned.self, MonitoringRevoked.self,
        TaskAssigned.self, TaskCompleted.self, TaskCancelled.self, ReportSubmitted.self, MembershipReported.self,
        MeetingHeld.self, InspectionPlanned.self, InspectionConducted.self, CongressAppraised.self, CongressHeld.self,
        LeadershipChanged.self, RecommendationFiled.self, RecommendationForwarded.self, RecommendationResolved.self,
        EventCorrected.self, EventRetracted.self, SignerRegistered.self, SignerRevoked.self, AuthorshipRuleSet.self,
    ]

    /// Type name → payload type.
    public static let kinds: [String: any EventPayload.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })

    /// Each type name's UTF-8 bytes and payload type, for ``kind(utf8:)``.
    private static let names: [(utf8: [UInt8], kind: any EventPayload.Type)] = all.map { (Array($0.type.utf8), $0) }

    /// The payload type whose name is the UTF-8 bytes `utf8`, or nil: a replay looks up one
    /// type per entry straight from its bytes, without making a `String` of it to hash.
    public static func kind(utf8: UnsafeRawBufferPointer) -> (any EventPayload.Type)? {
        guard let wanted = utf8.baseAddress else { return nil }
        for name in names where name.utf8.count == utf8.count {
            if name.utf8.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, wanted, utf8.count) == 0 } ?? false }) { return name.kind }
        }
        return nil
    }

    /// A payload read and checked: the typed value, the object to store (canonical), and what it
    /// names and declares.
    public struct Checked: Sendable {
        public let payload: any EventPayload
        public let canonical: [String: JSONValue]
        public let refs: References
    }

    /// The typed payload of an event the log already holds (checked when it was appended), or
    /// nil if `type` is not of the catalogue or the payload does not read: no references are
    /// collected and unknown members are not looked for (the replay's fast path).
    public static func decode(type: String, payload: [String: JSONValue]) -> (any EventPayload)? {
        guard let kind = kinds[type] else { return nil }
        var r = FieldReader(payload, path: "payload")
        r.trusted = true
        return try? kind.init(reading: &r)
    }

    /// The typed payload of an event the log already holds, read from its stored bytes (the
    /// payload object, braces included) as ``decode(type:payload:)`` reads a parsed one; nil
    /// also when the bytes do not read that way (the caller then parses them, and learns why).
    /// With `projectedOnly`, only the members its projection rule uses
    /// (``EventPayload/init(projecting:)``).
    public static func decode(
        type kind: any EventPayload.Type, stored bytes: UnsafeBufferPointer<UInt8>, projectedOnly: Bool = false
    ) -> (any EventPayload)? {
        ObjectMembers.read(bytes) { object in object.flatMap { decode(type: kind, members: $0, projectedOnly: projectedOnly) } }
    }

    /// ``decode(type:stored:projectedOnly:)`` of a payload already delimited.
    public static func decode(
        type kind: any EventPayload.Type, members: ObjectMembers, projectedOnly: Bool = false
    ) -> (any EventPayload)? {
        var r = FieldReader(stored: members, path: "payload")
        let payload = projectedOnly ? try? kind.init(projecting: &r) : try? kind.init(reading: &r)
        guard let payload, !r.damaged else { return nil }
        return payload
    }

    /// Reads the payload of an event of `type`; errors name the field from the input line.
    public static func read(type: String, payload: [String: JSONValue]) throws(PayloadError) -> Checked {
        guard let kind = kinds[type] else {
            throw PayloadError(field: "type", message: "\(echoed(type)) is not an event type of the catalogue (see Schemas/README.md)")
        }
        var r = FieldReader(payload, path: "payload")
        let p = try kind.init(reading: &r)
        try r.finish()
        var refs = r.refs
        p.references(&refs)
        return Checked(payload: p, canonical: r.members, refs: refs)
    }
}
