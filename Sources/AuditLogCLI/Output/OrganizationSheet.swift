import AuditDomain
import Wording

/// One organisation in full as `org` prints it: one `key  value` line per fact it has. In a
/// language for the table, each value wrapped to the terminal's width under itself; in the
/// English keys and codes of the first release for CSV.
enum OrganizationSheet {
    /// The lines of `r`, its keys padded to one column (as wide for every organisation), and its
    /// values wrapped to fit `width` cells (nil: each on one line).
    static func lines(_ r: OrganizationRecord, _ words: HumanText?, width: Int? = nil) -> [String] {
        guard let words else { return codeRows(r).filter { !$0.1.isEmpty }.map { pad($0.0, 21) + $0.1 } }
        let rows = self.rows(r, words)
        let keys = (rows.map { TerminalCells.width($0.0) }.max() ?? 0) + 2
        let facts = rows.filter { !$0.1.isEmpty }
        guard let width else { return facts.map { pad($0.0, keys) + $0.1 } }
        let margin = String(repeating: " ", count: keys)
        return facts.flatMap { key, value in
            TableLayout.wrap(value, width: max(width - keys, TableLayout.narrowestWrap)).enumerated().map { i, piece in
                TableLayout.trimmed((i == 0 ? pad(key, keys) : margin) + piece)
            }
        }
    }

    /// The facts of `r` in `w`'s language: labels for codes, dates and numbers as people write them.
    static func rows(_ r: OrganizationRecord, _ w: HumanText) -> [(String, String)] {
        let flags = [r.dacThu?.value == true ? "dac_thu" : nil, r.giaoNhiemVu?.value == true ? "giao_nhiem_vu" : nil].compactMap { $0 }
        return [
            (w.pick(vi: "Tổ chức", en: "Org"), r.orgId),
            (w.pick(vi: "Tên", en: "Name"), r.name.value),
            (w.pick(vi: "Tên cũ", en: "Former names"), r.formerNames.joined(separator: "; ")),
            (w.pick(vi: "Loại", en: "Kind"), w.label(.orgKind, r.kind.value.rawValue)),
            (w.pick(vi: "Cấp", en: "Level"), w.label(.orgLevel, r.level.value.rawValue)),
            (w.pick(vi: "Tỉnh", en: "Province"), r.province.value),
            (w.pick(vi: "Đặc điểm", en: "Flags"), flags.map { w.label(.orgFlag, $0) }.joined(separator: "; ")),
            (w.pick(vi: "Trực thuộc", en: "Parent"), r.parent?.value ?? ""),
            (w.pick(vi: "Thành lập", en: "Registered"), w.date(r.registered)),
            (w.pick(vi: "Trạng thái", en: "Status"),
             w.label(.orgStatus, r.status.value.rawValue) + w.pick(vi: " từ ", en: " since ") + w.date(r.status.stamp.date) + " (seq \(r.status.stamp.seq))"),
            (w.pick(vi: "Tổ chức kế thừa", en: "Successors"), r.successors.joined(separator: ", ")),
            (w.pick(vi: "Tổ chức tiền thân", en: "Predecessors"), r.predecessors.joined(separator: ", ")),
            (w.pick(vi: "Theo dõi", en: "Monitors"), r.monitoring.map {
                "\(MonitorText.holders($0, w)) (\(w.label(.monitoringRole, $0.role.rawValue)), \(w.pick(vi: "từ", en: "since")) \(w.date($0.since)), \($0.assignmentId))"
            }.joined(separator: "; ")),
            (w.pick(vi: "Báo cáo gần nhất", en: "Last report"), r.lastReport.map { p in
                w.pick(vi: "\(p.reportId) gửi \(p.recipient) ngày \(w.date(p.on))", en: "\(p.reportId) to \(p.recipient) on \(w.date(p.on))")
                    + (p.periodKey.map { w.pick(vi: ", kỳ ", en: " for ") + w.period($0) } ?? "") + " (seq \(p.seq))"
            } ?? ""),
            (w.pick(vi: "Kiểm tra gần nhất", en: "Last inspection"), r.lastInspection.map { i in
                w.pick(vi: "\(i.inspectionId) do \(i.inspector) thực hiện", en: "\(i.inspectionId) by \(i.inspector)")
                    + ", \(w.label(.inspectionKind, i.kind.rawValue)), \(w.date(i.on))"
                    + (i.rating.map { w.pick(vi: ", xếp loại ", en: ", rated ") + w.label(.rating, $0) } ?? "") + " (seq \(i.seq))"
            } ?? ""),
            (w.pick(vi: "Hội viên", en: "Membership"), r.membership.map { m in
                w.number(m.members) + (m.eligible.map { w.pick(vi: " / ", en: " of ") + w.number($0) } ?? "")
                    + (m.eligible.flatMap { w.percent(m.members, of: $0) }.map { " (\($0))" } ?? "")
                    + w.pick(vi: " tính đến ", en: " as of ") + w.date(m.asOf)
            } ?? ""),
            (w.pick(vi: "Đại hội", en: "Congress"), r.congress.map { c in
                w.pick(vi: "nhiệm kỳ \(c.value.term), họp ngày \(w.date(c.value.heldOn))", en: "term \(c.value.term), held \(w.date(c.value.heldOn))")
                    + (c.value.nextDue.map { w.pick(vi: ", hạn đại hội tiếp theo ", en: ", next due ") + w.date($0) } ?? "")
            } ?? ""),
            (w.pick(vi: "Lãnh đạo", en: "Leaders"), r.leaders.sorted { $0.key < $1.key }.compactMap { k, v in
                v.value.map { "\(w.label(.position, k)): \($0)" }
            }.joined(separator: "; ")),
            (w.pick(vi: "Nhiệm vụ đang thực hiện", en: "Open tasks"), r.openTasks.joined(separator: ", ")),
            (w.pick(vi: "Kiến nghị chưa giải quyết", en: "Open recommendations"), r.openRecommendations.joined(separator: ", ")),
            (w.pick(vi: "Thay đổi gần nhất", en: "Last changed"), "seq \(r.lastSeq)"),
        ]
    }

    /// The facts of `r` as CSV has printed them since the first release: English keys, codes,
    /// ISO dates.
    static func codeRows(_ r: OrganizationRecord) -> [(String, String)] {
        [
            ("org", r.orgId), ("name", r.name.value), ("former names", r.formerNames.joined(separator: "; ")),
            ("kind", r.kind.value.rawValue), ("level", r.level.value.rawValue), ("province", r.province.value),
            ("flags", [r.dacThu?.value == true ? "dac_thu" : nil, r.giaoNhiemVu?.value == true ? "giao_nhiem_vu" : nil]
                .compactMap { $0 }.joined(separator: " ")),
            ("parent", r.parent?.value ?? ""), ("registered", r.registered.description),
            ("status", "\(r.status.value.rawValue) since \(r.status.stamp.date) (seq \(r.status.stamp.seq))"),
            ("successors", r.successors.joined(separator: ", ")), ("predecessors", r.predecessors.joined(separator: ", ")),
            ("monitors", r.monitoring.map { "\(MonitorText.holders($0)) (\($0.role.rawValue), since \($0.since), \($0.assignmentId))" }
                .joined(separator: "; ")),
            ("last report", r.lastReport.map { "\($0.reportId) to \($0.recipient) on \($0.on)\($0.periodKey.map { " for \($0)" } ?? "") (seq \($0.seq))" } ?? ""),
            ("last inspection", r.lastInspection.map { "\($0.inspectionId) by \($0.inspector), \($0.kind.rawValue), \($0.on)\($0.rating.map { ", rated \($0)" } ?? "") (seq \($0.seq))" } ?? ""),
            ("membership", r.membership.map { "\($0.members)\($0.eligible.map { " of \($0)" } ?? "")\($0.rate.map { " = \($0)" } ?? "") as of \($0.asOf)" } ?? ""),
            ("congress", r.congress.map { "term \($0.value.term), held \($0.value.heldOn)\($0.value.nextDue.map { ", next due \($0)" } ?? "")" } ?? ""),
            ("leaders", r.leaders.sorted { $0.key < $1.key }.compactMap { k, v in v.value.map { "\(k): \($0)" } }.joined(separator: "; ")),
            ("open tasks", r.openTasks.joined(separator: ", ")), ("open recommendations", r.openRecommendations.joined(separator: ", ")),
            ("last changed", "seq \(r.lastSeq)"),
        ]
    }
}
