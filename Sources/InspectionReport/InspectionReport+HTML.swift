import AuditDomain
import Compliance
import LogFormat
import Wording

extension InspectionReport {
    /// The report as one self-contained HTML document: inline CSS and SVG, no script, nothing
    /// fetched.
    public func html() -> String {
        let words = ReportWords(language: request.language)
        return document(title: words.title) { h in
            cover(&h, words, title: words.title)
            summary(&h, words)
            matrixSection(&h, words)
            timelineSection(&h, words)
            findingSection(&h, words)
            dataQualitySection(&h, words)
            appendix(&h, words)
        }
    }

    /// An HTML document titled `title` whose body `body` writes.
    func document(title: String, _ body: (inout HTMLWriter) -> Void) -> String {
        let words = ReportWords(language: request.language)
        var h = HTMLWriter()
        h.raw("<!DOCTYPE html>\n")
        h.open("html", [("lang", request.language.rawValue)])
        h.newline()
        h.element("head") { h in
            h.raw("<meta charset=\"utf-8\">")
            h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            h.open("meta", [("name", "generator"), ("content", request.generator)])
            h.element("title", "\(title) — \(DateText.date(request.asOf.description, request.language))")
            h.element("style", [], { $0.raw(ReportStyle.sheet(pageLabel: words.page, running: cssString(origin))) })
        }
        h.newline()
        h.open("body")
        body(&h)
        h.close("body")
        h.close("html")
        h.newline()
        return h.text
    }

    // MARK: Header

    func cover(_ h: inout HTMLWriter, _ words: ReportWords, title: String, contents: [(String, String)]? = nil) {
        let lang = request.language
        h.element("header", [("id", "top")]) { h in
            h.element("p", words.kicker, [("class", "kicker")])
            h.element("h1", title)
            h.element("p", [("class", "dates")]) { h in
                h.element("strong", "\(words.asOf) \(DateText.date(request.asOf.description, lang))")
                h.write(" · \(words.knownAt): " + (request.knownAt.map { DateText.timestamp($0.description, lang) } ?? words.everythingRecorded))
            }
            h.element("table", [("class", "facts")]) { h in
                row(&h, words.log, origin, mono: true, id: "fact-origin")
                row(&h, words.size, NumberText.integer(check.log.size, lang), id: "fact-size")
                row(&h, words.root, check.log.root, mono: true, id: "fact-root")
                row(&h, words.checkpoint, "\(words.size.lowercased()) \(NumberText.integer(checkpoint.size, lang)), \(checkpoint.root)", mono: true, id: "fact-checkpoint")
                h.element("tr", [("id", "fact-signature")]) { h in
                    h.element("th", words.signature)
                    h.element("td") { h in
                        switch checkpoint.signature {
                        case .verified(let key):
                            h.element("span", "✓ \(words.signatureVerified)", [("class", "badge v-satisfied")])
                            h.write(" ")
                            h.element("code", key)
                        case .refused(let why):
                            h.element("span", "✗ \(words.signatureRefused)", [("class", "badge v-violated")])
                            h.write(" \(why)")
                        case .notChecked:
                            h.write(words.signatureNotChecked)
                        }
                        if !checkpoint.consistent {
                            h.raw("<br>")
                            h.element("span", "✗ \(words.rootMismatch)", [("class", "badge v-violated")])
                        }
                    }
                }
                row(&h, words.selection, scopeText(words))
                if pageCount > 1 { row(&h, words.page, words.pageOf(page, pageCount), id: "fact-page") }
                row(&h, words.made, "\(DateText.date(request.madeOn, lang)) \(words.by) \(request.generator)", id: "fact-made")
            }
            h.element("nav", [("class", "toc")]) { h in
                h.element("h2", words.contents)
                h.element("ol") { h in
                    for (id, title) in contents ?? [("summary", words.summary), ("matrix", words.matrix), ("timelines", words.timelines),
                                                    ("findings", words.findings), ("data-quality", words.dataQuality), ("appendix", words.appendix)]
                    {
                        h.element("li") { $0.element("a", title, [("href", "#" + id)]) }
                    }
                }
            }
            legend(&h, words)
        }
        h.newline()
    }

    func legend(_ h: inout HTMLWriter, _ words: ReportWords) {
        h.element("h2", words.legend)
        h.element("table", [("class", "legend")]) { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    h.element("th", words.verdict)
                    h.element("th", words.detail)
                }
            }
            h.element("tbody") { h in
                for v in Self.verdictOrder {
                    h.element("tr") { h in
                        h.element("td", [("class", ReportStyle.css(v))]) { mark(&$0, v) }
                        h.element("td", words.meaning(v))
                    }
                }
            }
        }
    }

    /// Violated first: the order verdicts are listed in.
    static let verdictOrder: [Verdict] = [.violated, .late, .indeterminate, .pending, .satisfied, .notApplicable]

    private func scopeText(_ words: ReportWords) -> String {
        var parts: [String] = []
        if let d = request.directive { parts.append(directiveTitle(d)) }
        if let o = request.org { parts.append("\(ComplianceMatrix.name(of: o, records, request.language)) (\(o))") }
        if let p = request.province { parts.append("\(words.province): \(ProvinceNames.name(p, request.language))") }
        return parts.isEmpty ? words.everything : parts.joined(separator: "; ")
    }

    // MARK: Summary

    func summary(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.open("section", [("id", "summary"), ("class", "part")])
        h.element("h2", words.summary, [("class", "numbered")])
        guard !check.requirements.isEmpty else {
            h.element("p", words.noRequirements)
            h.close("section")
            return
        }
        var totals = ComplianceMatrix.Cell()
        for row in matrix.rows { for v in Verdict.allCases { for _ in 0..<row.all.count(v) { totals.add(v) } } }
        let total = totals.total
        h.element("h3", words.instancesByVerdict)
        h.raw(VerdictBar.svg(totals, words: words))
        h.element("table", [("id", "summary-instances")]) { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    h.element("th", words.verdict)
                    h.element("th", words.count, [("class", "num")])
                    h.element("th", words.share, [("class", "num")])
                }
            }
            h.element("tbody") { h in
                for v in Self.verdictOrder where totals.count(v) > 0 {
                    h.element("tr", [("data-verdict", v.rawValue)]) { h in
                        h.element("td", [("class", ReportStyle.css(v))]) { mark(&$0, v) }
                        h.element("td", NumberText.integer(totals.count(v), lang), [("class", "num")])
                        h.element("td", NumberText.percent(Int64(totals.count(v)), of: Int64(total), places: 1, lang) ?? "", [("class", "num")])
                    }
                }
                h.element("tr") { h in
                    h.element("th", words.instances)
                    h.element("th", NumberText.integer(total, lang), [("class", "num")])
                    h.element("th", "", [("class", "num")])
                }
            }
        }
        h.element("h3", words.requirementsByVerdict)
        h.element("p") { h in
            for (n, v) in Self.verdictOrder.filter({ (check.summary[$0.rawValue] ?? 0) > 0 }).enumerated() {
                if n > 0 { h.write(" · ") }
                h.element("span", [("class", "badge " + ReportStyle.css(v))]) { mark(&$0, v) }
                h.write(" \(NumberText.integer(check.summary[v.rawValue] ?? 0, lang))")
            }
        }
        severityTable(&h, words)
        mostBehind(&h, words)
        h.close("section")
        h.newline()
    }

    private func severityTable(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.element("h3", words.requirementsBySeverity)
        let ranked = check.requirements.indices.map { i in (i, requirementCounts[i]) }.sorted { a, b in
            let (ra, rb) = (check.requirements[a.0].verdict, check.requirements[b.0].verdict)
            if ra != rb { return ra > rb }
            if a.1.count(.violated) != b.1.count(.violated) { return a.1.count(.violated) > b.1.count(.violated) }
            if a.1.count(.late) != b.1.count(.late) { return a.1.count(.late) > b.1.count(.late) }
            return a.0 < b.0
        }
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    h.element("th", words.requirement)
                    h.element("th", words.template)
                    h.element("th", words.verdict)
                    for v in [Verdict.violated, .late, .satisfied] {
                        h.element("th", [("class", "num")]) { mark(&$0, v) }
                    }
                    h.element("th", words.instances, [("class", "num")])
                }
            }
            h.element("tbody") { h in
                for (i, c) in ranked.prefix(ReportLimits.requirementsInSummary) {
                    let r = check.requirements[i]
                    h.element("tr") { h in
                        h.element("td") { $0.element("code", r.reqRef) }
                        h.element("td", Vocabulary.label(.template, r.template, lang))
                        h.element("td", [("class", ReportStyle.css(r.verdict))]) { mark(&$0, r.verdict) }
                        for v in [Verdict.violated, .late, .satisfied] { h.element("td", NumberText.integer(c.count(v), lang), [("class", "num")]) }
                        h.element("td", NumberText.integer(c.total, lang), [("class", "num")])
                    }
                }
            }
        }
        if ranked.count > ReportLimits.requirementsInSummary {
            h.element("p", "… \(NumberText.integer(ranked.count - ReportLimits.requirementsInSummary, lang))", [("class", "note")])
        }
    }

    private func mostBehind(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        let behind = matrix.rows.filter { $0.behind > 0 }.sorted { ($1.behind, $0.order) < ($0.behind, $1.order) }
            .prefix(ReportLimits.organizationsMostBehind)
        guard !behind.isEmpty else { return }
        h.element("h3", words.mostBehind)
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    h.element("th", words.organisation)
                    h.element("th", words.province)
                    for v in [Verdict.violated, .late] { h.element("th", [("class", "num")]) { mark(&$0, v) } }
                    h.element("th", words.instances, [("class", "num")])
                }
            }
            h.element("tbody") { h in
                for row in behind {
                    h.element("tr") { h in
                        h.element("td", row.name)
                        h.element("td", ProvinceNames.name(row.province, lang))
                        for v in [Verdict.violated, .late] { h.element("td", NumberText.integer(row.all.count(v), lang), [("class", "num")]) }
                        h.element("td", NumberText.integer(row.all.total, lang), [("class", "num")])
                    }
                }
            }
        }
    }

    // MARK: Matrix

    func matrixSection(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.open("section", [("id", "matrix"), ("class", "part")])
        h.element("h2", words.matrix, [("class", "numbered")])
        if pageCount > 1 { h.element("p", words.pageNote(page: page, count: pageCount, rows: pageRows.count, total: matrix.rows.count), [("class", "note")]) }
        h.element("p", words.matrixIntro, [("class", "note")])
        for d in matrix.directives {
            let rows = pageRows.filter { row in d.requirements.contains { row.cells[$0] != nil } }
            guard !rows.isEmpty else { continue }
            h.element("h3", directiveTitle(d.docKey))
            var start = 0
            while start < d.requirements.count {
                let columns = Array(d.requirements[start..<min(start + ReportLimits.matrixColumns, d.requirements.count)])
                start += ReportLimits.matrixColumns
                let chunkRows = rows.filter { row in columns.contains { row.cells[$0] != nil } }
                guard !chunkRows.isEmpty else { continue }
                h.element("table", [("class", "matrix")]) { h in
                    h.element("thead") { h in
                        h.element("tr") { h in
                            h.element("th", words.organisation, [("class", "org")])
                            for c in columns {
                                let r = check.requirements[c]
                                h.element("th", [("title", r.textVi), ("data-req", r.reqRef)]) { h in
                                    h.element("code", Self.reqID(r.reqRef))
                                    h.raw("<br>")
                                    h.element("span", Vocabulary.label(.template, r.template, lang), [("class", "n")])
                                }
                            }
                        }
                    }
                    h.element("tbody") { h in
                        var province: String?
                        for row in chunkRows {
                            if row.province != province {
                                province = row.province
                                h.element("tr", [("class", "group")]) { h in
                                    h.element("th", row.assignee == "*" ? words.general : ProvinceNames.name(row.province, lang),
                                              [("colspan", String(columns.count + 1))])
                                }
                            }
                            h.element("tr") { h in
                                h.element("th", row.name, [("class", "org"), ("data-org", row.assignee)])
                                for c in columns {
                                    guard let cell = row.cells[c] else {
                                        h.element("td", "")
                                        continue
                                    }
                                    let v = cell.worst
                                    h.element("td", [("class", ReportStyle.css(v))]) { h in
                                        h.element("span", [("class", "cell")]) { mark(&$0, v) }
                                        if cell.total > 1 {
                                            h.element("span", "\(NumberText.integer(cell.count(v), lang))/\(NumberText.integer(cell.total, lang))", [("class", "n")])
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h.element("ul", [("class", "note")]) { h in
                for c in d.requirements {
                    let r = check.requirements[c]
                    h.element("li") { h in
                        h.element("code", Self.reqID(r.reqRef))
                        h.write(": \(r.textVi)")
                    }
                }
            }
        }
        h.close("section")
        h.newline()
    }

    /// `R3.4` of `seed-004#R3.4`.
    static func reqID(_ reqRef: String) -> String {
        reqRef.firstIndex(of: "#").map { String(reqRef[reqRef.index(after: $0)...]) } ?? reqRef
    }

    // MARK: Timelines

    func timelineSection(_ h: inout HTMLWriter, _ words: ReportWords) {
        h.open("section", [("id", "timelines"), ("class", "part")])
        h.element("h2", words.timelines, [("class", "numbered")])
        for row in timelines where row.assignee != "*" {
            h.element("div", [("class", "timeline")]) { h in
                h.element("h4", "\(row.name) — \(ProvinceNames.name(row.province, request.language))")
                h.raw(OrganizationTimeline(report: self, row: row).svg())
            }
        }
        h.close("section")
        h.newline()
    }

    // MARK: Findings

    func findingSection(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.open("section", [("id", "findings"), ("class", "part")])
        h.element("h2", words.findings, [("class", "numbered")])
        h.element("p", words.findingsIntro, [("class", "note")])
        if findings.isEmpty { h.element("p", words.noFindings) }
        for f in findings {
            let r = check.requirements[f.requirement]
            let i = f.instance
            h.element("article", [("class", "finding " + ReportStyle.css(i.verdict)), ("id", "finding-\(f.number)"), ("data-req", r.reqRef),
                                  ("data-org", i.assignee), ("data-key", i.key)]) { h in
                h.element("h4") { h in
                    h.write("\(f.number). ")
                    h.element("span", [("class", "badge " + ReportStyle.css(i.verdict))]) { mark(&$0, i.verdict) }
                    h.write(" \(ComplianceMatrix.name(of: i.assignee, records, lang)) — ")
                    h.element("code", r.reqRef)
                }
                h.element("dl") { h in
                    h.element("dt", words.condition)
                    h.element("dd") { h in
                        h.write(Self.reasonText(i, lang))
                        h.raw("<br>")
                        h.element("span", "\(words.period): \(Self.keyText(i.key, lang))" + (i.due.map { "; \(words.due.lowercased()): \(DateText.date($0, lang))" } ?? ""), [("class", "note")])
                    }
                    h.element("dt", words.criteria)
                    h.element("dd") { h in criteria(&h, r, words) }
                    h.element("dt", words.evidence)
                    h.element("dd") { h in evidence(&h, i, words) }
                    h.element("dt", words.causeAndAction)
                    h.element("dd", words.toBeCompleted, [("class", "note")])
                }
            }
        }
        if findingsLeftOut > 0 { h.element("p", words.leftOut(findingsLeftOut), [("class", "note")]) }
        h.close("section")
        h.newline()
    }

    /// An obligation's key in words: its period (`quý I/2024`), or its subject with each code
    /// word labelled (`ht:kn-2021-01 giải quyết`).
    static func keyText(_ key: String, _ language: Language) -> String {
        let words = key.split(separator: " ", omittingEmptySubsequences: false).map { w in
            Vocabulary.knows(.keyWord, String(w)) ? Vocabulary.label(.keyWord, String(w), language) : DateText.period(String(w), language)
        }
        return words.joined(separator: " ")
    }

    /// The reason for an instance's verdict in `language`.
    static func reasonText(_ i: ComplianceReport.Instance, _ language: Language) -> String {
        i.reason.text(language)
    }

    private func criteria(_ h: inout HTMLWriter, _ r: ComplianceReport.RequirementResult, _ words: ReportWords) {
        let lang = request.language
        let doc = records.document(ComplianceMatrix.docKey(r.reqRef))
        let requirement = doc?.requirements.first { $0.requirement.reqId == Self.reqID(r.reqRef) }?.requirement
        h.element("q", r.textVi)
        h.raw("<br>")
        h.element("span", [("class", "note")]) { h in
            h.write("\(words.source): \(directiveTitle(ComplianceMatrix.docKey(r.reqRef)))")
            if let clause = requirement?.clauseRef { h.write("; \(words.clause.lowercased()): \(clause)") }
            h.write("; \(words.template.lowercased()): \(Vocabulary.label(.template, r.template, lang))")
            h.write("; \(words.parameters.lowercased()): \(parameterSources(r))")
        }
        if !r.officialSource {
            h.raw("<br>")
            h.element("span", "\(words.notOfficial) (\(Vocabulary.label(.sourceKind, r.sourceKind, lang)))", [("class", "warn")])
        }
    }

    private func parameterSources(_ r: ComplianceReport.RequirementResult) -> String {
        switch r.paramSource {
        case .all(let s): return Vocabulary.label(.paramSource, s.rawValue, request.language)
        case .perParameter(let m):
            return m.sorted { $0.key < $1.key }.map {
                "\(Vocabulary.label(.parameter, $0.key, request.language)): \(Vocabulary.label(.paramSource, $0.value.rawValue, request.language))"
            }
                .joined(separator: "; ")
        }
    }

    private func evidence(_ h: inout HTMLWriter, _ i: ComplianceReport.Instance, _ words: ReportWords) {
        let lang = request.language
        guard !i.evidence.isEmpty else {
            h.write(words.noEvidence)
            return
        }
        let attested = Set(i.attested ?? [])
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    for t in [words.seq, words.eventType, words.occurred, words.recorded, words.eventID] { h.element("th", t) }
                }
            }
            h.element("tbody") { h in
                for seq in i.evidence {
                    let e = events[seq]
                    h.element("tr", [("data-seq", String(seq))]) { h in
                        h.element("td", [("class", "num")]) { h in
                            if proofs[seq] != nil { h.element("a", String(seq), [("href", "#proof-\(seq)")]) } else { h.write(String(seq)) }
                        }
                        h.element("td") { h in
                            h.write(e.map { Vocabulary.label(.eventType, $0.type, lang) } ?? "")
                            if attested.contains(seq) { h.write(" (\(words.attested))") }
                            if let e, !e.correctedBy.isEmpty {
                                h.write(" (\(words.correctedBy) \(e.correctedBy.map(String.init).joined(separator: ", ")))")
                            }
                        }
                        h.element("td", e.map { DateText.occurred($0.occurredAt, lang) } ?? "")
                        h.element("td", e.map { DateText.timestamp($0.recordedAt, lang) } ?? "")
                        h.element("td") { $0.element("code", e?.eventId ?? "") }
                    }
                }
            }
        }
    }

    // MARK: Data quality

    func dataQualitySection(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.open("section", [("id", "data-quality"), ("class", "part")])
        h.element("h2", words.dataQuality, [("class", "numbered")])
        h.element("p", words.dataQualityIntro, [("class", "note")])
        // The findings of the requirements selected (a finding of no requirement only when nothing
        // narrows the report).
        let selected = Set(check.requirements.map(\.reqRef))
        let narrowed = request.directive != nil || request.org != nil || request.province != nil
        // Counted as they are read, the first few kept: a large log has hundreds of thousands,
        // held compact in the check.
        var byKind: [String: Int] = [:]
        var listed: [ComplianceReport.Finding] = []
        var count = 0
        for f in check.findings where f.reqRef.map(selected.contains) ?? !narrowed {
            byKind[f.kind, default: 0] += 1
            if listed.count < ReportLimits.dataFindingsPerPage { listed.append(f) }
            count += 1
        }
        guard count > 0 else {
            h.element("p", words.noDataFindings)
            h.close("section")
            return
        }
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    h.element("th", words.kind)
                    h.element("th", words.count, [("class", "num")])
                }
            }
            h.element("tbody") { h in
                for (kind, n) in byKind.sorted(by: { $0.key < $1.key }) {
                    h.element("tr") { h in
                        h.element("td", Vocabulary.label(.dataQuality, kind, lang))
                        h.element("td", NumberText.integer(n, lang), [("class", "num")])
                    }
                }
            }
        }
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    for t in [words.kind, words.requirement, words.seq, words.detail] { h.element("th", t) }
                }
            }
            h.element("tbody") { h in
                for f in listed {
                    h.element("tr") { h in
                        h.element("td", Vocabulary.label(.dataQuality, f.kind, lang))
                        h.element("td") { $0.element("code", f.reqRef ?? "") }
                        h.element("td", f.seq.map(String.init) ?? "", [("class", "num")])
                        h.element("td", Self.detailText(f, lang))
                    }
                }
            }
        }
        if count > listed.count { h.element("p", words.dataLeftOut(count - listed.count), [("class", "note")]) }
        h.close("section")
        h.newline()
    }

    /// A data-quality finding's detail in `language`.
    static func detailText(_ f: ComplianceReport.Finding, _ language: Language) -> String {
        f.text(language)
    }

    // MARK: Appendix

    func appendix(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = request.language
        h.open("section", [("id", "appendix"), ("class", "part")])
        h.element("h2", words.appendix, [("class", "numbered")])
        h.element("p", words.proofsIntro, [("class", "note")])
        h.element("h3", "\(words.checkpoint): \(words.size.lowercased()) \(NumberText.integer(checkpoint.size, lang))")
        h.element("pre", [("class", "mono")]) { $0.write(checkpoint.note) }
        for seq in proofs.keys.sorted() {
            guard let p = proofs[seq] else { continue }
            h.element("div", [("class", "proof"), ("id", "proof-\(seq)"), ("data-seq", String(seq))]) { h in
                h.element("h4", "\(words.seq) \(String(seq))" + (events[seq].map { " — \(Vocabulary.label(.eventType, $0.type, lang))" } ?? ""))
                h.element("p") { h in
                    h.write("\(words.leafHash): ")
                    h.element("code", Base64.encode(MerkleHash.leaf(p.entry)))
                    h.write(" · \(words.leafIndex) \(p.index) · \(words.size.lowercased()) \(checkpoint.size)")
                }
                h.element("p", "\(words.auditPath):")
                h.element("ol", [("class", "mono")]) { h in
                    for node in p.path { h.element("li", Base64.encode(node)) }
                }
            }
        }
        h.close("section")
        h.newline()
    }

    // MARK: Pieces

    /// A directive's heading: its kind, number as written, date and issuer, then its title.
    func directiveTitle(_ docKey: String) -> String {
        let lang = request.language
        guard let d = records.document(docKey)?.doc else { return docKey }
        var parts: [String] = [d.typeName]
        if let number = d.number { parts.append(lang.pick(vi: "Số \(number)", en: "No. \(number)")) }
        if let on = d.issuedOn { parts.append(lang.pick(vi: "ngày \(DateText.date(on.description, lang))", en: "of \(on.description)")) }
        let issuer = d.issuerAsCited ?? records.organization(d.issuerOrg)?.name.value ?? d.issuerOrg
        var text = parts.joined(separator: " ") + " — " + issuer
        if let title = d.title { text += ": " + title }
        return text
    }

    private func row(_ h: inout HTMLWriter, _ name: String, _ value: String, mono: Bool = false, id: String? = nil) {
        h.element("tr", id.map { [("id", $0)] } ?? []) { h in
            h.element("th", name)
            if mono { h.element("td") { $0.element("code", value) } } else { h.element("td", value) }
        }
    }

    /// A verdict's symbol and (when `word`) its label.
    func mark(_ h: inout HTMLWriter, _ v: Verdict, word: Bool = true) {
        h.element("span", ReportStyle.symbol(v), [("class", "sym"), ("aria-hidden", "true")])
        // A no-break space: the symbol never ends a line apart from its word.
        if word { h.write("\u{00A0}" + Vocabulary.label(.verdict, v.rawValue, request.language)) }
    }

    private func cssString(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && $0 != "<" && $0.value >= 0x20 }.map(Character.init))
    }
}
