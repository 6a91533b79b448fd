/// How much of a large log one page of a report shows: every limit of the report in one
/// place. The summary always covers everything selected; the matrix, the findings, the
/// timelines and the proofs cover the organisations of one page (`report --page N`).
public enum ReportLimits {
    /// Organisations (matrix rows) per page.
    public static let organizationsPerPage = 100
    /// Findings written out in full (condition, criteria, evidence) per page; the rest are
    /// counted, with the filters that show them.
    public static let findingsPerPage = 300
    /// Organisations with a timeline per page (those most behind first).
    public static let timelinesPerPage = 40
    /// Events drawn on one timeline (the latest, when an organisation has more).
    public static let eventsPerTimeline = 200
    /// Requirements in the summary's list by severity.
    public static let requirementsInSummary = 60
    /// Organisations in the summary's list of those most behind.
    public static let organizationsMostBehind = 10
    /// Data-quality findings listed per page; the rest are counted by kind.
    public static let dataFindingsPerPage = 200
    /// Events of an organisation's history in its dossier (the latest).
    public static let historyItems = 500
    /// Requirements (columns) in one matrix table; a directive with more is split.
    public static let matrixColumns = 7
    /// Instances a report keeps while the check runs, for the organisations that may be on its
    /// page (about 240 bytes each: 12 MB, on top of the check's own memory). A later page of a
    /// large log would keep more: it is then judged twice, the second time keeping only the
    /// instances of the page's organisations.
    public static let instancesKeptWhileJudging = 50_000
}
