import EventLog
import LogFormat

extension LogMeta {
    /// The append policy of this log's catalogue: the domain's for `auditlog/v1`, the generic
    /// one for `none`.
    public var entryPolicy: any EntryPolicy {
        catalogue == LogMeta.noCatalogue ? GenericEntryPolicy() : DomainPolicy(zoneOffsetSeconds: zoneOffsetSeconds)
    }

    /// The per-line policy of catalogue `name` (one of ``LogMeta/catalogues``), for checking lines
    /// without a log (`auditlog sign`); nil for another name. Only the per-line checks: what a
    /// line names is checked against a log when it is appended.
    public static func linePolicy(forCatalogue name: String) -> (any EntryPolicy)? {
        switch name {
        case noCatalogue: GenericEntryPolicy()
        case domainCatalogue: DomainPolicy(zoneOffsetSeconds: 0)
        default: nil
        }
    }
}
