import AuditDomain
import Compliance
import Wording

/// How the parts of a check report read in the human formats, in one language: verdicts,
/// templates, where parameters came from, instance keys, reasons and findings.
struct CheckText {
    let words: HumanText

    /// A verdict's label (`Không đạt`).
    func verdict(_ v: Verdict) -> String { words.label(.verdict, v.rawValue) }

    /// A template's label (`Báo cáo định kỳ`).
    func template(_ code: String) -> String { words.label(.template, code) }

    /// The verdicts worst first, as the report lists them.
    static let worstFirst = Verdict.allCases.sorted(by: >)

    /// Where a requirement's parameters came from and whether its source is an official
    /// document: `Theo văn bản`, or per parameter (`thời gian cho phép chậm: Mặc định của người vận
    /// hành; lịch: Theo văn bản`), then a warning for a source that is not an official document.
    func provenance(_ r: ComplianceReport.RequirementResult) -> String {
        let params: String
        switch r.paramSource {
        case .all(let s): params = words.label(.paramSource, s.rawValue)
        case .perParameter(let m):
            params = m.sorted { $0.key < $1.key }.map { "\(words.label(.parameter, $0.key)): \(words.label(.paramSource, $0.value.rawValue))" }
                .joined(separator: "; ")
        }
        guard !r.officialSource else { return params }
        return params + words.pick(vi: "; KHÔNG PHẢI VĂN BẢN CHÍNH THỨC", en: "; NOT AN OFFICIAL SOURCE") + " (\(words.label(.sourceKind, r.sourceKind)))"
    }

    /// An instance's key with its periods and dates as people write them (`2024-H1` → `6 tháng
    /// đầu năm 2024`), its words labelled (`ht:kn-2021-01 giải quyết`) and its decimals in the
    /// language's mark (`>= 0.60` → `>= 0,60`).
    func key(_ key: String) -> String {
        key.split(separator: " ", omittingEmptySubsequences: false).map { token in
            let t = String(token)
            if Vocabulary.knows(.keyWord, t) { return words.label(.keyWord, t) }
            return t.contains(".") ? NumberText.decimal(t, words.language) : words.period(t)
        }.joined(separator: " ")
    }

    /// Why an instance has its verdict.
    func reason(_ i: ComplianceReport.Instance) -> String { i.reason.text(words.language) }

    /// A finding's detail.
    func detail(_ f: ComplianceReport.Finding) -> String { f.text(words.language) }

    /// A finding's kind (`Ghi nhận muộn`).
    func finding(_ kind: String) -> String { words.label(.dataQuality, kind) }

    /// A due date.
    func due(_ due: String) -> String { words.pick(vi: "hạn ", en: "due ") + words.date(due) }

    /// The summary of counts per verdict, worst first (`Không đạt 14, Chậm 6`).
    func summary(_ counts: [String: Int]) -> String {
        Self.worstFirst.compactMap { v in counts[v.rawValue].map { "\(verdict(v)) \(words.number($0))" } }.joined(separator: ", ")
    }
}
