import AuditDomain
import Compliance
import EventLog
import LogFormat
import Wording

/// One organisation's dossier (hồ sơ) at (T, K): who it is (names, kind, province, status,
/// leaders, who monitors it, predecessors and successors), every event of its history, and its
/// duties judged as in the inspection report (summary, matrix, timeline, findings with their
/// evidence and proofs). One self-contained HTML file, like the report.
public struct OrganizationDossier: Sendable {
    /// The report of the organisation's duties.
    public let report: InspectionReport
    /// The organisation as it stood at (T, K).
    public let record: OrganizationRecord
    let history: [OrganizationHistory.Item]
    /// History items left out (over ``ReportLimits/historyItems``).
    let historyLeftOut: Int

    /// The dossier of `slug` in `store` as `request` asks (its `org` is set to `slug`), or nil
    /// when no such organisation is known at (T, K).
    public static func build(_ store: any LogEngine, slug: String, _ request: ReportRequest) throws -> OrganizationDossier? {
        var request = request
        request.org = slug
        request.page = 1
        let report = try InspectionReport.build(store, request)
        guard let record = report.records.organization(slug) else { return nil }
        let related = OrganizationHistory.relatedOrganizations(of: slug, in: report.records)
        let all = try OrganizationHistory.items(store, slug: slug, related: related, knownAt: request.knownAt, from: nil, to: request.asOf)
        let shown = Array(all.suffix(ReportLimits.historyItems))
        return OrganizationDossier(report: report, record: record, history: shown, historyLeftOut: all.count - shown.count)
    }

    /// The dossier as one self-contained HTML document.
    public func html() -> String {
        let words = ReportWords(language: report.request.language)
        let title = "\(words.dossierTitle): \(record.name.value)"
        let contents = [("identity", words.identity), ("history", words.history), ("summary", words.summary), ("matrix", words.matrix),
                        ("timelines", words.timelines), ("findings", words.findings), ("appendix", words.appendix)]
        return report.document(title: title) { h in
            report.cover(&h, words, title: title, contents: contents)
            identity(&h, words)
            historySection(&h, words)
            report.summary(&h, words)
            report.matrixSection(&h, words)
            report.timelineSection(&h, words)
            report.findingSection(&h, words)
            report.appendix(&h, words)
        }
    }

    private func name(_ id: String) -> String { report.records.organization(id)?.name.value ?? id }

    private func identity(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = report.request.language
        let r = record
        let stamp = { (s: Stamp) in DateText.date(s.date.description, lang) }
        var rows: [(String, String)] = [
            (words.organisation, "\(r.name.value) (\(r.orgId))"),
            (words.formerNames, r.formerNames.joined(separator: "; ")),
            (words.kind, Vocabulary.label(.orgKind, r.kind.value.rawValue, lang)),
            (words.level, Vocabulary.label(.orgLevel, r.level.value.rawValue, lang)),
            (words.province, ProvinceNames.name(r.province.value, lang)),
            (words.parent, r.parent?.value.map(name) ?? ""),
            (words.registered, DateText.date(r.registered.description, lang)),
            (words.status, "\(Vocabulary.label(.orgStatus, r.status.value.rawValue, lang)) (\(words.since) \(stamp(r.status.stamp)))"),
            (words.successors, r.successors.map(name).joined(separator: "; ")),
            (words.predecessors, r.predecessors.map(name).joined(separator: "; ")),
        ]
        rows.append((words.monitors, r.monitoring.map { m in
            "\(name(m.monitor)) (\(Vocabulary.label(.monitoringRole, m.role.rawValue, lang)), \(words.since) \(DateText.date(m.since.description, lang)))"
        }.joined(separator: "; ")))
        rows.append((words.leaders, r.leaders.sorted { $0.key < $1.key }.compactMap { position, held in
            held.value.map { "\(Vocabulary.label(.position, position, lang)): \($0)" }
        }.joined(separator: "; ")))
        if let m = r.membership {
            var text = NumberText.integer(m.members, lang)
            if let eligible = m.eligible {
                text += " / \(NumberText.integer(eligible, lang))"
                if let p = NumberText.percent(m.members, of: eligible, lang) { text += " = \(p)" }
            }
            rows.append((words.membership, text + " (\(DateText.date(m.asOf.description, lang)))"))
        }
        h.open("section", [("id", "identity"), ("class", "part")])
        h.element("h2", words.identity, [("class", "numbered")])
        h.element("table", [("class", "facts")]) { h in
            for (k, v) in rows where !v.isEmpty {
                h.element("tr") { h in
                    h.element("th", k)
                    h.element("td", v)
                }
            }
        }
        h.close("section")
        h.newline()
    }

    private func historySection(_ h: inout HTMLWriter, _ words: ReportWords) {
        let lang = report.request.language
        h.open("section", [("id", "history"), ("class", "part")])
        h.element("h2", words.history, [("class", "numbered")])
        if historyLeftOut > 0 { h.element("p", words.historyLeftOut(historyLeftOut), [("class", "note")]) }
        h.element("table") { h in
            h.element("thead") { h in
                h.element("tr") { h in
                    for t in [words.occurred, words.eventType, words.organisation, words.recorded, words.seq] { h.element("th", t) }
                }
            }
            h.element("tbody") { h in
                for i in history {
                    h.element("tr", [("data-seq", String(i.seq))]) { h in
                        h.element("td", DateText.occurred(i.occurredAt, lang))
                        h.element("td") { h in
                            h.write(Vocabulary.label(.eventType, i.type, lang))
                            if let r = i.retractedBy { h.write(" (\(words.retractedBy) \(r))") }
                            if !i.correctedBy.isEmpty {
                                h.write(" (\(words.correctedBy) \(i.correctedBy.map(String.init).joined(separator: ", ")))")
                            }
                        }
                        h.element("td", i.orgs.map(name).joined(separator: "; "))
                        h.element("td", DateText.timestamp(i.recordedAt, lang))
                        h.element("td", String(i.seq), [("class", "num")])
                    }
                }
            }
        }
        h.close("section")
        h.newline()
    }
}
