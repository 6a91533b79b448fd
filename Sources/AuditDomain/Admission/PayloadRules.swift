/// Rules about a payload's own fields that an append checks after reading it: a period's key
/// must agree with its dates, membership figures cannot count more members than eligible
/// people. They are kept out of the payload readers so that events a log already holds (appended
/// before a rule existed) still read, replay and can be corrected; each new event, and each
/// correction's patched payload, must pass them.
enum PayloadRules {
    /// Checks `payload`; errors name fields under `path` (`payload`, or
    /// `payload.patch.payload` for a correction).
    static func check(_ payload: any EventPayload, path: String = "payload") throws(PayloadError) {
        switch payload {
        case let r as ReportSubmitted: try check(r.period, path: "\(path).period")
        case let m as MeetingHeld: try check(m.period, path: "\(path).period")
        case let m as MembershipReported:
            if let eligible = m.eligible, m.members > eligible {
                throw PayloadError(field: "\(path).members", message: "is \(m.members), more than eligible (\(eligible))")
            }
        default: break
        }
    }

    /// A period's dates must be the ones its key stands for (any dates for `adhoc`).
    private static func check(_ period: Period?, path: String) throws(PayloadError) {
        guard let period, let (start, end) = Period.dates(ofKey: period.key) else { return }
        let stated = "\(period.key) is \(start) to \(end) (a period of other dates takes the key adhoc)"
        if period.start != start {
            throw PayloadError(field: "\(path).start", message: "is \(period.start) but \(stated)")
        }
        if period.end != end {
            throw PayloadError(field: "\(path).end", message: "is \(period.end) but \(stated)")
        }
    }
}
