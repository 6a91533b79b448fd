import EventLog
import Foundation

extension LogMeta {
    /// The append policy of this log's catalogue: the domain's for `auditlog/v1`, the generic
    /// one for `none`.
    public var entryPolicy: any EntryPolicy {
        catalogue == LogMeta.noCatalogue ? GenericEntryPolicy() : DomainPolicy(zoneOffsetSeconds: zoneOffsetSeconds)
    }

    /// Seconds east of UTC of the log's time zone now (business dates are civil dates there).
    public var zoneOffsetSeconds: Int {
        TimeZone(identifier: timezone)?.secondsFromGMT(for: Date()) ?? 0
    }
}
