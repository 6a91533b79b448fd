import EventLog
import LogFormat

/// The append policy of an auditlog/v1 log: every line must be an event of the catalogue with a
/// valid payload (stored in canonical form), its subject is derived from the payload, and
/// everything it names must be known to the log or to an earlier line of the same input.
public struct DomainPolicy: StatefulEntryPolicy {
    /// Seconds east of UTC of the log's time zone: business dates of the projections.
    public let zoneOffsetSeconds: Int

    /// The policy for a log whose business dates are civil dates `zoneOffsetSeconds` east of UTC.
    public init(zoneOffsetSeconds: Int) {
        self.zoneOffsetSeconds = zoneOffsetSeconds
    }

    public func check(_ line: inout AppendLine, lineNumber: Int?) throws(LogFormatError) {
        let checked: EventCatalogue.Checked
        do throws(PayloadError) {
            checked = try EventCatalogue.read(type: line.type, payload: line.payload)
            try PayloadRules.check(checked.payload)
        } catch {
            throw .invalidInput(line: lineNumber, field: error.field, message: error.message)
        }
        line.payload = checked.canonical
        let derived = checked.payload.subject
        if line.subjectGiven, let given = line.subject, given != derived {
            throw .invalidInput(
                line: lineNumber, field: "subject",
                message: "\(echoed(given)) is not the subject of this \(line.type), which is \(echoed(derived)) (leave subject out to derive it)")
        }
        line.subject = derived
        line.policyContext = checked
    }

    public func admission(_ session: LogSession, logSize: Int64) throws -> any EntryAdmission {
        try DomainAdmission(session, logSize: logSize, zoneOffsetSeconds: zoneOffsetSeconds)
    }
}
