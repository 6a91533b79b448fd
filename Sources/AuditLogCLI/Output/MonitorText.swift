import AuditDomain
import Wording

/// Who monitors an organisation under an assignment, as the listings show it.
enum MonitorText {
    /// Who monitors under `m` at the date shown: the monitor itself while it exists; once it has
    /// ended, its successors with the monitor as provenance (`ban-dan-van (was btgdv-tu)`), or
    /// the monitor marked as having no successor. Without `words`, in the English of the CSV.
    static func holders(_ m: OrganizationRecord.Monitor, _ words: HumanText? = nil) -> String {
        let now = m.monitorNow ?? [m.monitor]
        if now == [m.monitor] { return m.monitor }
        guard let words else {
            if now.isEmpty { return "\(m.monitor) (ended, no successor)" }
            return "\(now.joined(separator: ", ")) (was \(m.monitor))"
        }
        if now.isEmpty { return words.pick(vi: "\(m.monitor) (đã kết thúc, không có tổ chức kế thừa)", en: "\(m.monitor) (ended, no successor)") }
        return "\(now.joined(separator: ", ")) " + words.pick(vi: "(trước là \(m.monitor))", en: "(was \(m.monitor))")
    }
}
