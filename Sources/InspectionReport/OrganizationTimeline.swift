import AuditDomain
import Compliance
import Wording

/// One organisation's history as the report sees it, drawn in SVG on a time axis: the
/// reports and meetings and the inspections its verdicts rest on, each deadline marked by its
/// verdict's symbol, and the changes of the organisation itself (merger, dissolution, split,
/// successors). Marks carry their date and label as a tooltip.
struct OrganizationTimeline {
    let report: InspectionReport
    let row: ComplianceMatrix.Row

    private struct Mark {
        var day: Int64
        var lane: Int
        var symbol: String
        var fill: String
        var label: String
    }

    private static let width = 700.0
    private static let left = 132.0
    private static let right = 12.0
    private static let laneHeight = 22.0
    private static let top = 20.0

    func svg() -> String {
        let lang = report.request.language
        var marks: [Mark] = []
        let ids = Set(row.assignee.split(separator: " ").map(String.init))
        for r in report.check.requirements {
            for i in r.instances where i.assignee == row.assignee {
                if let due = i.due, let d = Self.day(due) {
                    marks.append(Mark(day: d, lane: 2, symbol: ReportStyle.symbol(i.verdict), fill: ReportStyle.fill(i.verdict),
                                      label: "\(DateText.date(due, lang)) — \(Vocabulary.label(.verdict, i.verdict.rawValue, lang)) — \(InspectionReport.reqID(r.reqRef)) \(InspectionReport.keyText(i.key, lang))"))
                }
                for seq in i.evidence {
                    guard let e = report.events[seq], let d = Self.day(e.occurredAt) else { continue }
                    let lane = e.type.hasPrefix("inspection.") ? 1 : 0
                    marks.append(Mark(day: d, lane: lane, symbol: lane == 1 ? "◆" : "●", fill: lane == 1 ? "#0072B2" : "#333333",
                                      label: "\(DateText.occurred(e.occurredAt, lang)) — \(Vocabulary.label(.eventType, e.type, lang)) (\(seq))"))
                }
            }
        }
        for id in ids.sorted() {
            guard let o = report.records.organization(id) else { continue }
            if o.status.value != .active {
                marks.append(Mark(day: o.status.stamp.day.days, lane: 3, symbol: "▲", fill: "#000000",
                                  label: "\(DateText.date(o.status.stamp.day.description, lang)) — \(Vocabulary.label(.orgStatus, o.status.value.rawValue, lang))"
                                    + (o.successors.isEmpty ? "" : " → " + o.successors.map { report.records.organization($0)?.name.value ?? $0 }.joined(separator: ", "))))
            }
            if !o.predecessors.isEmpty {
                marks.append(Mark(day: o.registeredOn.days, lane: 3, symbol: "■", fill: "#555555",
                                  label: "\(DateText.date(o.registeredOn.description, lang)) — ← " + o.predecessors.map { report.records.organization($0)?.name.value ?? $0 }.joined(separator: ", ")))
            }
        }
        // Unique and in order, so the same report draws the same picture.
        var seen = Set<String>()
        marks = marks.sorted { ($0.day, $0.lane, $0.label) < ($1.day, $1.lane, $1.label) }.filter { seen.insert("\($0.day)|\($0.lane)|\($0.label)").inserted }
        let asOf = report.request.asOf.days
        let first = marks.map(\.day).min() ?? asOf
        let last = max(asOf, marks.map(\.day).max() ?? asOf)
        let startYear = CivilDate(days: first).components.year
        let endYear = CivilDate(days: last).components.year + 1
        let from = Double(Self.day("\(startYear)-01-01") ?? first)
        let to = Double(Self.day("\(endYear)-01-01") ?? last + 1)
        let plot = Self.width - Self.left - Self.right
        func x(_ day: Int64) -> Double { Self.left + plot * (Double(day) - from) / max(to - from, 1) }
        let lanes = [
            lang.pick(vi: "Báo cáo, họp", en: "Reports, meetings"), lang.pick(vi: "Kiểm tra, giám sát", en: "Inspections"),
            lang.pick(vi: "Hạn (kết quả)", en: "Deadlines (verdict)"), lang.pick(vi: "Tổ chức", en: "Organisation"),
        ]
        let height = Self.top + Self.laneHeight * Double(lanes.count) + 8
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" width=\"\(Int(Self.width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escaped(row.name))\">"
        // Year ticks along the top, labelled every year or every few when there are many.
        let years = endYear - startYear
        let step = years > 24 ? 5 : years > 12 ? 2 : 1
        for year in startYear...endYear {
            guard let d = Self.day("\(year)-01-01") else { continue }
            let px = SVGNumber.text(x(d))
            s += "<line x1=\"\(px)\" y1=\"\(Int(Self.top - 4))\" x2=\"\(px)\" y2=\"\(Int(height - 6))\" stroke=\"#ccc\" stroke-width=\"0.6\"/>"
            if (year - startYear) % step == 0, year < endYear {
                s += "<text x=\"\(SVGNumber.text(x(d) + 2))\" y=\"12\" font-size=\"9\" fill=\"#333\">\(year)</text>"
            }
        }
        for (n, name) in lanes.enumerated() {
            let y = Self.top + Self.laneHeight * Double(n) + Self.laneHeight / 2
            s += "<text x=\"0\" y=\"\(SVGNumber.text(y + 3))\" font-size=\"9.5\" fill=\"#111\">\(HTMLText.escaped(name))</text>"
            s += "<line x1=\"\(Int(Self.left))\" y1=\"\(SVGNumber.text(y))\" x2=\"\(Int(Self.width - Self.right))\" y2=\"\(SVGNumber.text(y))\" stroke=\"#999\" stroke-width=\"0.5\"/>"
        }
        let asOfX = SVGNumber.text(x(asOf))
        s += "<line x1=\"\(asOfX)\" y1=\"\(Int(Self.top - 4))\" x2=\"\(asOfX)\" y2=\"\(Int(height - 6))\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"3 2\"><title>\(HTMLText.escaped(DateText.date(report.request.asOf.description, lang)))</title></line>"
        for m in marks {
            let y = Self.top + Self.laneHeight * Double(m.lane) + Self.laneHeight / 2
            s += "<text x=\"\(SVGNumber.text(x(m.day)))\" y=\"\(SVGNumber.text(y + 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(m.fill)\" stroke=\"#000\" stroke-width=\"0.2\"><title>\(HTMLText.escaped(m.label))</title>\(HTMLText.escaped(m.symbol))</text>"
        }
        return s + "</svg>"
    }

    /// The day of a date of the log at any precision (`2024-03-15`, `2024-03`, `2024`, or a
    /// range `a/b`, of which the first), the first day of the month or year when less precise.
    static func day(_ text: String) -> Int64? {
        let head = text.split(separator: "/").first.map(String.init) ?? text
        let parts = head.prefix(10).split(separator: "-")
        guard let y = parts.first.flatMap({ Int($0) }), parts[0].count == 4 else { return nil }
        let m = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        let d = parts.count > 2 ? Int(parts[2].prefix(2)) ?? 1 : 1
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return CivilDate("\(y)-\(pad(m))-\(pad(d))")?.days
    }
}
