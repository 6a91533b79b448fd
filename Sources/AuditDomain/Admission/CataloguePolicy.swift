import EventLog
import LogFormat

extension LogMeta {
    /// The append policy of this log's catalogue: the domain's for `auditlog/v1`, the generic
    /// one for `none`.
    public var entryPolicy: any EntryPolicy {
        catalogue == LogMeta.noCatalogue ? GenericEntryPolicy() : DomainPolicy(zoneOffsetSeconds: zoneOffsetSeconds)
    }
}
