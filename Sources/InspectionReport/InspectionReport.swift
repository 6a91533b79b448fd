import AuditDomain
import Compliance
import EventLog
import LogFormat
import Wording

/// An inspection report: the compliance check at (T, K) of a log, with what a reader needs to
/// act on it and to prove it: the log and checkpoint it rests on, a summary, the compliance
/// matrix, a timeline per organisation, each finding with its condition, criteria and evidence,
/// the data-quality findings apart, and an inclusion proof for every piece of evidence cited.
/// Written as one self-contained HTML file (``html()``); the same request on the same log gives
/// the same bytes.
public struct InspectionReport: Sendable {
    /// Whether the checkpoint's signature was checked against the key the reader trusts.
    public enum Signature: Sendable, Equatable {
        /// Verified with the trusted key of this name.
        case verified(keyName: String)
        /// Checked and refused, with why.
        case refused(String)
        /// No trusted key was given.
        case notChecked
    }

    /// What the report asks for that the log does not know at (T, K).
    public enum Unknown: Error, Sendable, Equatable, CustomStringConvertible {
        case organization(String)
        case directive(String)
        case province(String)

        public var description: String {
            switch self {
            case .organization(let slug): "no organisation \(slug) at the dates asked"
            case .directive(let key): "no directive \(key) at the dates asked"
            case .province(let slug): "no organisation of province \(slug) at the dates asked"
            }
        }
    }

    /// The checkpoint the report rests on: the signed tree head of the size the check read.
    public struct CheckpointState: Sendable {
        /// The tree size it signs.
        public var size: Int64
        /// Its root hash, in standard base64.
        public var root: String
        /// The signed note, byte for byte.
        public var note: String
        /// Whether its signature verified with the key the reader trusts.
        public var signature: Signature
        /// Whether the root the check computed from the log is the checkpoint's, and every proof
        /// in the report reaches it: false means the log's tree does not match what was signed.
        public var consistent: Bool
    }

    /// One non-satisfied instance written out in full.
    struct FindingItem: Sendable {
        var number: Int
        var requirement: Int
        var instance: ComplianceReport.Instance
    }

    /// What was asked.
    public let request: ReportRequest
    /// The log's origin line.
    public let origin: String
    /// The check, with the requirements selected (province filter applied), each with the
    /// instances of the page's organisations only (``requirementCounts`` counts them all).
    public let check: ComplianceReport
    /// Per requirement of `check`, its instances selected (of every page) by verdict.
    let requirementCounts: [ComplianceMatrix.Cell]
    /// The checkpoint the report rests on.
    public let checkpoint: CheckpointState
    let records: MemoryRecordStore
    let matrix: ComplianceMatrix
    /// The organisations (matrix rows) of the page shown, in order.
    let pageRows: [ComplianceMatrix.Row]
    let findings: [FindingItem]
    /// Non-satisfied instances of the page not written out (over the limit).
    let findingsLeftOut: Int
    let timelines: [ComplianceMatrix.Row]
    let events: [Int64: ComplianceExplanation.Event]
    let proofs: [Int64: InclusionReceipt]

    /// The page count of the organisations selected.
    public var pageCount: Int { max(1, (matrix.rows.count + ReportLimits.organizationsPerPage - 1) / ReportLimits.organizationsPerPage) }

    /// Judges `store` as `request` asks and gathers the report's evidence and proofs; throws
    /// ``Unknown`` when the organisation, directive or province asked for is not in the log at
    /// (T, K), and the store's `EventLogError`.
    public static func build(_ store: any LogEngine, _ request: ReportRequest, progress: (Int64) -> Void = { _ in }) throws -> InspectionReport {
        let per = ReportLimits.organizationsPerPage
        var kept = PageInstances(capacity: min(max(1, request.page), Int.max / per) * per)
        var run: Judged? = try judge(store, request, keeping: &kept, progress: progress)
        guard var matrix = run?.builder.matrix() else { preconditionFailure("the check has run") }
        var (page, onPage) = Self.page(request.page, of: matrix)
        if kept.overflowed {
            // A later page of a large log: judged again, keeping only its organisations' instances
            // (the first run's records are let go first, so that the two never share memory). The
            // matrix is the last run's; should the log have grown in between and moved other
            // organisations onto the page, it is judged once more for them.
            var keptFor: Set<String> = []
            while keptFor != onPage {
                keptFor = onPage
                kept = PageInstances(keeping: onPage)
                run = nil
                run = try judge(store, request, keeping: &kept, progress: progress)
                guard let again = run?.builder.matrix() else { preconditionFailure("the check has run") }
                matrix = again
                (page, onPage) = Self.page(request.page, of: matrix)
            }
        }
        guard let judged = run else { preconditionFailure("the check has run") }
        var (check, records, requirements, counts) = (judged.check, judged.records, judged.requirements, judged.counts)
        let pageInstances = kept.instances(of: onPage, requirements: requirements.count)
        let pageRows = matrix.page(page, instances: pageInstances)
        for (ri, instances) in pageInstances.enumerated() { requirements[ri].instances = instances }
        check.requirements = requirements

        // Findings: the non-satisfied instances of the page's organisations, worst first, then in
        // the report's order.
        var candidates: [FindingItem] = []
        for (ri, r) in requirements.enumerated() {
            for i in r.instances where onPage.contains(i.assignee) && [.violated, .late, .indeterminate].contains(i.verdict) {
                candidates.append(FindingItem(number: 0, requirement: ri, instance: i))
            }
        }
        candidates = candidates.enumerated().sorted { a, b in
            a.element.instance.verdict != b.element.instance.verdict ? a.element.instance.verdict > b.element.instance.verdict : a.offset < b.offset
        }.map(\.element)
        let shown = Array(candidates.prefix(ReportLimits.findingsPerPage)).enumerated().map { n, f in
            FindingItem(number: n + 1, requirement: f.requirement, instance: f.instance)
        }

        // Timelines: the page's organisations most behind first.
        let timelines = Array(pageRows.sorted { ($1.behind, $0.order) < ($0.behind, $1.order) }.prefix(ReportLimits.timelinesPerPage))
            .sorted { $0.order < $1.order }
        var timelineSeqs = Set<Int64>()
        let drawn = Set(timelines.map(\.assignee))
        var byAssignee: [String: Set<Int64>] = [:]
        for r in requirements {
            for i in r.instances where drawn.contains(i.assignee) { byAssignee[i.assignee, default: []].formUnion(i.evidence) }
        }
        for row in timelines { timelineSeqs.formUnion((byAssignee[row.assignee] ?? []).sorted().suffix(ReportLimits.eventsPerTimeline)) }

        let size = check.log.size
        let cited = Set(shown.flatMap(\.instance.evidence))
        let events = try ComplianceExplanation.events(cited.union(timelineSeqs).sorted(), in: store, size: size, knownAt: request.knownAt)
        var byseq: [Int64: ComplianceExplanation.Event] = [:]
        for e in events { byseq[e.seq] = e }

        let (cpSize, note) = try store.checkpointNote(size: size)
        let signedRoot = Self.root(of: note)
        var proofs: [Int64: InclusionReceipt] = [:]
        // Each proof is checked against the signed root before it is printed: a tree cache that
        // no longer matches the entries shows here, not in the reader's own check.
        var consistent = !signedRoot.isEmpty && cpSize == size && Base64.encode(signedRoot) == check.log.root
        for seq in cited.sorted() where seq <= cpSize {
            let receipt = try store.inclusionReceipt(seq: seq, size: cpSize)
            if !MerkleProofs.verifyInclusion(index: receipt.index, size: cpSize, leaf: MerkleHash.leaf(receipt.entry), path: receipt.path,
                                             root: signedRoot) { consistent = false }
            proofs[seq] = receipt
        }
        let checkpoint = CheckpointState(size: cpSize, root: Base64.encode(signedRoot), note: note,
                                         signature: Self.signature(of: note, key: request.trustedKey), consistent: consistent)
        return InspectionReport(
            request: request, origin: store.meta.origin, check: check, requirementCounts: counts, checkpoint: checkpoint, records: records,
            matrix: matrix, pageRows: pageRows, findings: shown, findingsLeftOut: candidates.count - shown.count, timelines: timelines,
            events: byseq, proofs: proofs)
    }

    /// What one run of the check gives the report.
    private struct Judged {
        var check: ComplianceReport
        var records: MemoryRecordStore
        /// Every requirement, its instances left out (`kept` has those the page needs).
        var requirements: [ComplianceReport.RequirementResult]
        var counts: [ComplianceMatrix.Cell]
        var builder: ComplianceMatrix.Builder
    }

    /// Runs the check as `request` asks, counting every requirement into the matrix and keeping
    /// in `kept` the instances it takes.
    private static func judge(_ store: any LogEngine, _ request: ReportRequest, keeping kept: inout PageInstances,
                              progress: (Int64) -> Void) throws -> Judged {
        var records = MemoryRecordStore()
        // Each requirement as the check hands it over: counted into the matrix and the severity
        // table, its instances kept only while their organisation may be on the page (a large log
        // has millions of instances; the page shows a hundred organisations').
        var requirements: [ComplianceReport.RequirementResult] = []
        var counts: [ComplianceMatrix.Cell] = []
        var summary: [String: Int] = [:]
        var builder = ComplianceMatrix.Builder(language: request.language)
        var check = try ComplianceCheck.run(store, asOf: request.asOf, knownAt: request.knownAt, directive: request.directive,
                                            org: request.org, records: { records = $0 }, progress: progress) { result in
            var r = result
            if let province = request.province {
                // A duty shared by several organisations is in the province when one of them is.
                r.instances = r.instances.filter { i in
                    i.assignee.split(separator: " ").contains { records.organization(String($0))?.province.value == province }
                }
                guard !r.instances.isEmpty else { return }
                if r.verdict != .notApplicable { r.verdict = Verdict.worst(r.instances.map(\.verdict)) }
                summary[r.verdict.rawValue, default: 0] += 1
            }
            let ri = requirements.count
            for row in builder.add(r, at: ri, records: records) { kept.admit(row) }
            kept.add(r.instances, requirement: ri)
            var c = ComplianceMatrix.Cell()
            for i in r.instances { c.add(i.verdict) }
            counts.append(c)
            r.instances = []
            requirements.append(r)
        }
        if let org = request.org, records.organization(org) == nil { throw Unknown.organization(org) }
        if let key = request.directive, records.document(key) == nil { throw Unknown.directive(key) }
        if let province = request.province {
            guard records.organizations.values.contains(where: { $0.province.value == province }) else { throw Unknown.province(province) }
            check.summary = summary
        }
        return Judged(check: check, records: records, requirements: requirements, counts: counts, builder: builder)
    }

    /// The page shown of the one asked for (from 1; past the last, the last), and its organisations.
    private static func page(_ asked: Int, of matrix: ComplianceMatrix) -> (Int, Set<String>) {
        let per = ReportLimits.organizationsPerPage
        let page = min(max(1, asked), max(1, (matrix.rows.count + per - 1) / per))
        return (page, Set(matrix.rows.dropFirst((page - 1) * per).prefix(per).map(\.assignee)))
    }

    /// The page shown, from 1.
    var page: Int { Self.page(request.page, of: matrix).0 }

    private static func root(of note: String) -> TreeHash {
        guard case .success(let signed) = SignedNote.parse(note), case .success(let cp) = Checkpoint.parse(text: signed.text) else { return [] }
        return cp.root
    }

    private static func signature(of note: String, key: VerifierKey?) -> Signature {
        guard let key else { return .notChecked }
        switch Checkpoint.parseSigned(note, key: key) {
        case .success: return .verified(keyName: key.description)
        case .failure(let e): return .refused(e.message)
        }
    }
}
