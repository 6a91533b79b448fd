import AuditDomain
import Wording

/// A document as the line above its requirements names it.
enum DocumentText {
    /// Its key, number, type, issuer and the dates it is in force (`seed-004  (không số)  Thông
    /// báo kết luận  do ht:tt-tu ban hành, hiệu lực từ 26/07/2021`).
    static func heading(_ doc: DocumentRecord, _ w: HumanText) -> String {
        let number = doc.doc.number ?? w.pick(vi: "(không số)", en: "(no number)")
        let from = doc.effectiveFrom.map { w.pick(vi: ", hiệu lực từ ", en: ", effective ") + w.date($0) } ?? ""
        let until = doc.effectiveUntil.map { w.pick(vi: doc.effectiveFrom == nil ? ", hiệu lực đến " : " đến ", en: " until ") + w.date($0) } ?? ""
        let issuer = w.pick(vi: "do \(doc.doc.issuerOrg) ban hành", en: "issued by \(doc.doc.issuerOrg)")
        return "\(doc.docKey)  \(number)  \(doc.doc.typeName)  \(issuer)\(from)\(until)"
    }
}
