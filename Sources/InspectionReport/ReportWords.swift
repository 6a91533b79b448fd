import Compliance
import Wording

/// The report's own words (headings, field names, explanations) in one language; the labels of
/// the log's codes come from ``Vocabulary``.
struct ReportWords: Sendable {
    let language: Language

    private func w(_ vi: String, _ en: String) -> String { language.pick(vi: vi, en: en) }

    var title: String { w("Báo cáo kết quả kiểm tra việc thực hiện văn bản chỉ đạo", "Report on compliance with directives") }
    var dossierTitle: String { w("Hồ sơ tổ chức", "Organisation dossier") }
    var kicker: String { w("Nhật ký kiểm tra, giám sát có thể kiểm chứng", "Verifiable oversight log") }
    var asOf: String { w("Tính đến ngày", "As of") }
    var knownAt: String { w("Theo thông tin ghi nhận đến", "As known at") }
    var everythingRecorded: String { w("toàn bộ thông tin đã ghi nhận", "everything recorded") }
    var log: String { w("Nhật ký", "Log") }
    var size: String { w("Tổng số bản ghi", "Entries") }
    var root: String { w("Gốc cây Merkle", "Merkle root") }
    var checkpoint: String { w("Điểm chốt nhật ký (checkpoint)", "Checkpoint") }
    var signature: String { w("Chữ ký điểm chốt", "Checkpoint signature") }
    var rootMismatch: String {
        w("CÂY MERKLE CỦA NHẬT KÝ KHÔNG KHỚP VỚI ĐIỂM CHỐT ĐÃ KÝ: chạy `auditlog verify` trước khi dùng báo cáo này",
          "THE LOG'S MERKLE TREE DOES NOT MATCH THE SIGNED CHECKPOINT: run `auditlog verify` before using this report")
    }
    var leafIndex: String { w("chỉ số lá", "leaf index") }
    var selection: String { w("Phạm vi", "Scope") }
    var everything: String { w("Tất cả văn bản chỉ đạo và tổ chức", "Every directive and organisation") }
    var page: String { w("Trang", "Page") }
    var made: String { w("Lập ngày", "Made on") }
    var by: String { w("bằng phần mềm", "by") }
    var contents: String { w("Mục lục", "Contents") }
    var legend: String { w("Ký hiệu", "Legend") }
    var summary: String { w("Tổng hợp", "Summary") }
    var matrix: String { w("Ma trận tuân thủ", "Compliance matrix") }
    var timelines: String { w("Diễn biến theo tổ chức", "Timelines by organisation") }
    var findings: String { w("Các phát hiện", "Findings") }
    var dataQuality: String { w("Chất lượng dữ liệu", "Data quality") }
    var appendix: String { w("Phụ lục: chứng minh bằng chứng có trong nhật ký", "Appendix: proofs that the evidence is in the log") }
    var instancesByVerdict: String { w("Kết quả theo từng nghĩa vụ", "Obligations by verdict") }
    var requirementsByVerdict: String { w("Yêu cầu theo kết quả", "Requirements by verdict") }
    var requirementsBySeverity: String { w("Yêu cầu theo mức độ", "Requirements by severity") }
    var mostBehind: String { w("Các tổ chức chậm, không đạt nhiều nhất", "Organisations most behind") }
    var verdict: String { w("Kết quả", "Verdict") }
    var count: String { w("Số lượng", "Count") }
    var share: String { w("Tỷ lệ", "Share") }
    var requirement: String { w("Yêu cầu", "Requirement") }
    var template: String { w("Loại yêu cầu", "Template") }
    var organisation: String { w("Tổ chức", "Organisation") }
    var province: String { w("Tỉnh, thành phố", "Province") }
    var instances: String { w("Nghĩa vụ", "Obligations") }
    var condition: String { w("Thực trạng", "Condition") }
    var criteria: String { w("Tiêu chí", "Criteria") }
    var evidence: String { w("Bằng chứng", "Evidence") }
    var causeAndAction: String { w("Nguyên nhân, kiến nghị", "Cause and recommendation") }
    var toBeCompleted: String { w("Đoàn kiểm tra bổ sung.", "For the inspection team to complete.") }
    var period: String { w("Kỳ, đối tượng", "Period or subject") }
    var due: String { w("Hạn", "Due") }
    var source: String { w("Nguồn", "Source") }
    var clause: String { w("Điều, khoản", "Clause") }
    var parameters: String { w("Căn cứ tham số", "Parameters from") }
    var notOfficial: String { w("KHÔNG PHẢI VĂN BẢN CHÍNH THỨC", "NOT AN OFFICIAL DOCUMENT") }
    var seq: String { w("Bản ghi số", "Seq") }
    var eventID: String { w("Mã sự kiện", "Event id") }
    var eventType: String { w("Loại sự kiện", "Event type") }
    var occurred: String { w("Ngày diễn ra", "Occurred") }
    var recorded: String { w("Ngày ghi nhận", "Recorded") }
    var proof: String { w("Chứng minh", "Proof") }
    var attested: String { w("có chữ ký của tác giả", "signed by its author") }
    var correctedBy: String { w("được đính chính tại bản ghi số", "as corrected by seq") }
    var noEvidence: String { w("Nhật ký không có bản ghi nào đáp ứng yêu cầu này; chính sự vắng mặt đó là căn cứ.",
                               "The log holds no event that meets the requirement; that absence is the evidence.") }
    var kind: String { w("Loại", "Kind") }
    var detail: String { w("Chi tiết", "Detail") }
    var noFindings: String { w("Không có phát hiện nào ở trang này.", "No findings on this page.") }
    var noDataFindings: String { w("Không có phát hiện nào về chất lượng dữ liệu.", "No data-quality findings.") }
    var leafHash: String { w("Mã băm của bản ghi", "Leaf hash") }
    var auditPath: String { w("Đường kiểm chứng", "Audit path") }
    var general: String { w("Chung", "General") }
    var signatureNotChecked: String { w("chưa kiểm tra (không có khóa xác minh --vkey)", "not checked (no --vkey given)") }
    var signatureVerified: String { w("hợp lệ với khóa", "verified with the key") }
    var signatureRefused: String { w("KHÔNG HỢP LỆ", "DOES NOT VERIFY") }
    var noRequirements: String { w("Không có yêu cầu nào trong phạm vi đã chọn.", "No requirement in the scope selected.") }

    var identity: String { w("Thông tin tổ chức", "The organisation") }
    var history: String { w("Quá trình hoạt động", "History") }
    var formerNames: String { w("Tên gọi trước đây", "Former names") }
    var level: String { w("Cấp", "Level") }
    var parent: String { w("Cơ quan cấp trên", "Parent body") }
    var registered: String { w("Thành lập", "Registered") }
    var status: String { w("Tình trạng", "Status") }
    var since: String { w("từ", "since") }
    var successors: String { w("Đơn vị kế thừa", "Successors") }
    var predecessors: String { w("Đơn vị tiền thân", "Predecessors") }
    var monitors: String { w("Cơ quan theo dõi", "Monitored by") }
    var leaders: String { w("Lãnh đạo", "Leaders") }
    var membership: String { w("Hội viên", "Members") }
    var retractedBy: String { w("bị hủy bỏ tại bản ghi số", "retracted by seq") }

    func historyLeftOut(_ n: Int) -> String {
        w("Chỉ trình bày các sự kiện gần nhất; \(NumberText.integer(n, language)) sự kiện trước đó xem bằng `auditlog history`.",
          "Only the latest events are shown; see the \(NumberText.integer(n, language)) before them with `auditlog history`.")
    }

    func pageOf(_ page: Int, _ count: Int) -> String { w("Trang \(page)/\(count)", "Page \(page) of \(count)") }

    /// What the report says when a page shows only part of the organisations.
    func pageNote(page: Int, count: Int, rows: Int, total: Int) -> String {
        w("Trang này trình bày \(NumberText.integer(rows, language)) trong \(NumberText.integer(total, language)) tổ chức (trang \(page)/\(count)); "
            + "xem các trang khác bằng --page, hoặc thu hẹp bằng --directive, --org, --province. Phần tổng hợp tính cho toàn bộ phạm vi.",
          "This page shows \(NumberText.integer(rows, language)) of \(NumberText.integer(total, language)) organisations (page \(page) of \(count)); "
            + "see the others with --page, or narrow with --directive, --org, --province. The summary covers the whole scope.")
    }

    func leftOut(_ n: Int) -> String {
        w("Còn \(NumberText.integer(n, language)) phát hiện khác của trang này không trình bày chi tiết; thu hẹp phạm vi để xem.",
          "\(NumberText.integer(n, language)) more findings of this page are not written out; narrow the scope to see them.")
    }

    func dataLeftOut(_ n: Int) -> String {
        w("Còn \(NumberText.integer(n, language)) phát hiện khác (xem bảng theo loại ở trên; `check --format json` liệt kê đủ).",
          "\(NumberText.integer(n, language)) more (counted by kind above; `check --format json` lists them all).")
    }

    var proofsIntro: String {
        w("Mỗi bằng chứng được trích dẫn là một bản ghi của nhật ký. Chứng minh bao hàm theo RFC 9162 dưới đây nối băm của bản ghi "
            + "(SHA-256 của 0x00 ‖ nội dung bản ghi) với gốc của điểm kiểm tra đã ký ở đầu báo cáo; bất kỳ ai có khóa xác minh "
            + "đều kiểm tra lại được bằng `auditlog prove SEQ --size N` và `auditlog verify-proof`, hoặc bằng một chương trình độc lập.",
          "Each piece of evidence cited is an entry of the log. The RFC 9162 inclusion proofs below link the entry's hash "
            + "(SHA-256 of 0x00 ‖ the entry) to the root of the signed checkpoint in the report's header; anyone with the verifier "
            + "key can check them again with `auditlog prove SEQ --size N` and `auditlog verify-proof`, or with a program of their own.")
    }

    var matrixIntro: String {
        w("Mỗi ô là kết quả kém nhất của các nghĩa vụ của tổ chức theo yêu cầu đó; số nhỏ là số nghĩa vụ có kết quả ấy trên tổng số.",
          "Each cell is the worst verdict of the organisation's obligations under the requirement; the small figure is how many have that verdict, of all.")
    }

    var findingsIntro: String {
        w("Mỗi phát hiện gồm thực trạng (điều đã xảy ra), tiêu chí (yêu cầu, văn bản và căn cứ tham số) và bằng chứng (bản ghi của nhật ký, có chứng minh ở phụ lục).",
          "Each finding gives the condition (what happened), the criteria (the requirement, its document and where its parameters came from) and the evidence (entries of the log, proved in the appendix).")
    }

    var dataQualityIntro: String {
        w("Đây không phải là kết quả đánh giá mà là những điểm bất thường của dữ liệu cần xem lại.",
          "These are not verdicts but oddities in the data worth a second look.")
    }

    /// What each verdict means, for the legend.
    func meaning(_ v: Verdict) -> String {
        switch v {
        case .satisfied: w("Đã thực hiện đúng yêu cầu, đúng hạn.", "Done as required, on time.")
        case .late: w("Đã thực hiện nhưng sau thời hạn.", "Done, but after the deadline.")
        case .violated: w("Quá hạn mà chưa thực hiện, hoặc đã làm điều bị cấm.", "Not done by the deadline, or something forbidden was done.")
        case .pending: w("Chưa đến hạn.", "Not yet due.")
        case .indeterminate: w("Dữ liệu chưa đủ để kết luận.", "The data cannot settle it.")
        case .notApplicable: w("Yêu cầu chưa có hiệu lực hoặc đã hết hiệu lực.", "The requirement is not in force.")
        }
    }
}
