/// The words for the log's codes (`chu_tich` → `Chủ tịch`, `kiem_tra` → `Kiểm tra`), in each
/// language: one table per kind of code, the only place the labels live (docs/report.md, "The
/// words"). A code the table does not know is shown as written, underscores as spaces.
public enum Vocabulary {
    /// The kinds of code that have labels.
    public enum Kind: String, Sendable, CaseIterable {
        case verdict, template, eventType, orgKind, orgLevel, orgStatus, taskStatus, monitoringRole, meetingKind
        case inspectionKind, findingSeverity, rating, position, sourceKind, paramSource, recommendationOutcome
        case recommendationChannel, mergeMode, splitMode, disseminationForm, appraisalResult, leadershipChange
        case retractionReason, dataQuality, requirementState, orgFlag
        /// A requirement's parameter (`grace`, `schedule`…), as its parameters' sources name it.
        case parameter
        /// A word in an obligation's key (`ht:kn-2021-01 resolution`, `congress 2021-2026`).
        case keyWord
    }

    /// The label of `code` of `kind` in `language`.
    public static func label(_ kind: Kind, _ code: String, _ language: Language) -> String {
        if let pair = table(kind)[code] { return language == .vi ? pair.vi : pair.en }
        return String(code.map { $0 == "_" ? " " : $0 })
    }

    /// Whether `code` of `kind` has a label.
    public static func knows(_ kind: Kind, _ code: String) -> Bool { table(kind)[code] != nil }

    /// Every code of `kind` with a label, sorted.
    public static func codes(_ kind: Kind) -> [String] { table(kind).keys.sorted() }

    private typealias Table = [String: (vi: String, en: String)]

    private static func table(_ kind: Kind) -> Table {
        switch kind {
        case .verdict: verdicts
        case .template: templates
        case .eventType: eventTypes
        case .orgKind: orgKinds
        case .orgLevel: ["central": ("Trung ương", "central"), "province": ("Tỉnh", "province"), "district": ("Huyện", "district"),
                         "commune": ("Xã", "commune"), "grassroots": ("Cơ sở", "grassroots")]
        case .orgStatus: ["active": ("Đang hoạt động", "active"), "suspended": ("Tạm đình chỉ", "suspended"),
                          "merged": ("Đã sáp nhập", "merged"), "dissolved": ("Đã giải thể", "dissolved"), "split": ("Đã chia, tách", "split")]
        case .taskStatus: ["open": ("Đang thực hiện", "open"), "completed": ("Đã hoàn thành", "completed"), "cancelled": ("Đã hủy", "cancelled")]
        case .monitoringRole: ["theo_doi": ("Theo dõi", "monitoring"), "tham_muu": ("Tham mưu", "advising"),
                               "quan_ly_nha_nuoc": ("Quản lý nhà nước", "state management"),
                               "can_bo_chuyen_trach": ("Cán bộ chuyên trách", "dedicated officer")]
        case .meetingKind: ["giao_ban": ("Giao ban", "briefing"), "lam_viec_dinh_ky": ("Làm việc định kỳ", "regular working session"),
                            "hoi_nghi": ("Hội nghị", "conference")]
        case .inspectionKind: ["kiem_tra": ("Kiểm tra", "inspection"), "giam_sat": ("Giám sát", "supervision"),
                               "thanh_tra": ("Thanh tra", "state inspection"), "lam_viec": ("Làm việc", "working visit")]
        case .findingSeverity: ["info": ("Ghi nhận", "note"), "minor": ("Hạn chế", "minor"), "major": ("Nghiêm trọng", "major")]
        case .rating: ["tot": ("Tốt", "good"), "kha": ("Khá", "fair"), "trung_binh": ("Trung bình", "average"), "yeu": ("Yếu", "weak")]
        case .position: positions
        case .sourceKind: ["directive": ("Chỉ thị", "directive"), "conclusion_notice": ("Thông báo kết luận", "conclusion notice"),
                           "official_letter": ("Công văn", "official letter"), "decision": ("Quyết định", "decision"),
                           "plan": ("Kế hoạch", "plan"), "program": ("Chương trình", "programme"), "news_report": ("Tin, bài báo chí", "news report")]
        case .paramSource: ["text": ("Theo văn bản", "the text"), "operator_default": ("Mặc định của người vận hành", "operator default"),
                            "interpretation": ("Diễn giải", "interpretation")]
        case .recommendationOutcome: ["accepted": ("Tiếp thu", "accepted"), "partially": ("Tiếp thu một phần", "partly accepted"),
                                      "rejected": ("Không tiếp thu", "rejected"), "explained": ("Giải trình", "explained")]
        case .recommendationChannel: ["giao_ban": ("Giao ban", "briefing"), "van_ban": ("Văn bản", "in writing"), "doi_thoai": ("Đối thoại", "dialogue")]
        case .mergeMode: ["sap_nhap": ("Sáp nhập", "absorbed"), "hop_nhat": ("Hợp nhất", "consolidated")]
        case .splitMode: ["chia": ("Chia", "divided"), "tach": ("Tách", "separated")]
        case .disseminationForm: ["hoc_tap": ("Học tập", "study"), "quan_triet": ("Quán triệt", "thorough briefing"), "trien_khai": ("Triển khai", "roll-out")]
        case .appraisalResult: ["approved": ("Thông qua", "approved"), "returned": ("Trả lại", "returned")]
        case .leadershipChange: ["appointed": ("Bổ nhiệm", "appointed"), "elected": ("Bầu", "elected"), "relieved": ("Thôi giữ chức", "relieved")]
        case .retractionReason: ["nhap_sai": ("Nhập sai", "entered wrongly"), "trung_lap": ("Trùng lặp", "duplicate"),
                                 "khong_co_can_cu": ("Không có căn cứ", "unfounded")]
        case .dataQuality: dataQuality
        case .requirementState: ["in force": ("Đang có hiệu lực", "in force"), "lifted": ("Đã bãi bỏ", "lifted"),
                                 "not yet effective": ("Chưa có hiệu lực", "not yet effective"), "ended": ("Hết hiệu lực", "ended")]
        case .orgFlag: ["dac_thu": ("Hội có tính chất đặc thù", "special-status association"),
                        "giao_nhiem_vu": ("Được Đảng, Nhà nước giao nhiệm vụ", "tasked by the Party and State")]
        case .parameter: parameters
        case .keyWord: ["resolution": ("giải quyết", "resolution"), "report-back": ("trả lời kết quả", "report back"),
                        "congress": ("đại hội", "congress")]
        }
    }

    private static let verdicts: Table = [
        "satisfied": ("Đạt", "Satisfied"), "late": ("Chậm", "Late"), "violated": ("Không đạt", "Violated"),
        "pending": ("Chưa đến hạn", "Pending"), "indeterminate": ("Chưa đủ căn cứ", "Indeterminate"),
        "not_applicable": ("Không áp dụng", "Not applicable"),
    ]

    private static let templates: Table = [
        "periodic_report": ("Báo cáo định kỳ", "periodic report"), "one_off_task": ("Nhiệm vụ cụ thể", "one-off task"),
        "recurring_inspection": ("Kiểm tra, giám sát định kỳ", "recurring inspection"), "threshold_target": ("Chỉ tiêu", "target"),
        "prohibition_window": ("Việc bị cấm trong thời hạn", "prohibition window"), "coverage": ("Phân công theo dõi", "monitoring coverage"),
        "response_within": ("Trả lời trong thời hạn", "response within"), "precedence": ("Trình tự thực hiện", "precedence"),
    ]

    private static let eventTypes: Table = [
        "organization.registered": ("Thành lập, đăng ký tổ chức", "organisation registered"),
        "organization.renamed": ("Đổi tên", "renamed"), "organization.changed": ("Thay đổi thông tin", "details changed"),
        "organization.merged": ("Sáp nhập, hợp nhất", "merged"), "organization.split": ("Chia, tách", "split"),
        "organization.dissolved": ("Giải thể", "dissolved"), "organization.suspended": ("Tạm đình chỉ", "suspended"),
        "organization.reinstated": ("Hoạt động trở lại", "reinstated"), "successor.designated": ("Chỉ định đơn vị kế thừa", "successor designated"),
        "document.registered": ("Đăng ký văn bản", "document registered"), "directive.issued": ("Ban hành văn bản chỉ đạo", "directive issued"),
        "directive.disseminated": ("Quán triệt, triển khai", "directive disseminated"), "requirement.amended": ("Sửa đổi yêu cầu", "requirement amended"),
        "requirement.lifted": ("Bãi bỏ yêu cầu", "requirement lifted"), "task.assigned": ("Giao nhiệm vụ", "task assigned"),
        "task.completed": ("Hoàn thành nhiệm vụ", "task completed"), "task.cancelled": ("Hủy nhiệm vụ", "task cancelled"),
        "report.submitted": ("Gửi báo cáo", "report"), "meeting.held": ("Họp, làm việc", "meeting"),
        "inspection.planned": ("Kế hoạch kiểm tra, giám sát", "inspection planned"), "inspection.conducted": ("Kiểm tra, giám sát", "inspection"),
        "monitoring.assigned": ("Phân công theo dõi", "monitoring assigned"), "monitoring.revoked": ("Thôi phân công theo dõi", "monitoring revoked"),
        "leadership.changed": ("Thay đổi lãnh đạo", "leadership change"), "membership.reported": ("Báo cáo số lượng hội viên", "membership reported"),
        "congress.appraised": ("Thẩm định nội dung đại hội", "congress appraised"), "congress.held": ("Đại hội", "congress held"),
        "recommendation.filed": ("Tiếp nhận kiến nghị", "recommendation filed"), "recommendation.forwarded": ("Chuyển kiến nghị", "recommendation forwarded"),
        "recommendation.resolved": ("Giải quyết kiến nghị", "recommendation resolved"), "event.corrected": ("Đính chính", "correction"),
        "event.retracted": ("Hủy bỏ bản ghi", "retraction"), "signer.registered": ("Đăng ký người ký", "signer registered"),
        "signer.revoked": ("Thu hồi khóa người ký", "signer revoked"), "authorship.rule_set": ("Quy định về chữ ký", "authorship rule set"),
    ]

    private static let orgKinds: Table = [
        "party_committee": ("Cấp ủy", "party committee"), "party_board": ("Ban đảng", "party board"),
        "party_commission": ("Ban cán sự, đảng đoàn", "party commission"), "party_office": ("Văn phòng cấp ủy", "party office"),
        "party_cell": ("Chi bộ", "party cell"), "government": ("Chính quyền", "government"), "department": ("Sở, ngành", "department"),
        "ctxh": ("Tổ chức chính trị - xã hội", "socio-political organisation"), "hqc": ("Hội quần chúng", "mass association"),
        "other": ("Khác", "other"),
    ]

    private static let positions: Table = [
        "chu_tich": ("Chủ tịch", "chair"), "pho_chu_tich": ("Phó Chủ tịch", "vice-chair"), "bi_thu": ("Bí thư", "secretary"),
        "pho_bi_thu": ("Phó Bí thư", "deputy secretary"), "truong_ban": ("Trưởng ban", "head"), "pho_truong_ban": ("Phó Trưởng ban", "deputy head"),
        "giam_doc": ("Giám đốc", "director"), "pho_giam_doc": ("Phó Giám đốc", "deputy director"), "tong_thu_ky": ("Tổng Thư ký", "secretary-general"),
        "chanh_van_phong": ("Chánh Văn phòng", "chief of office"), "uy_vien": ("Ủy viên", "member"),
    ]

    private static let parameters: Table = [
        "aggregation": ("cách tổng hợp", "aggregation"), "antecedent": ("việc trước", "antecedent"),
        "antecedent_result": ("kết quả việc trước", "antecedent result"), "checkpoints": ("các mốc", "checkpoints"),
        "completion": ("cách ghi nhận hoàn thành", "completion"), "consequent": ("việc sau", "consequent"),
        "correlation": ("cách đối chiếu", "correlation"), "deadline": ("hạn", "deadline"),
        "deliverable_types": ("loại sản phẩm", "deliverable types"), "due_on": ("ngày đến hạn", "due on"),
        "due_within": ("thời hạn", "due within"), "event_type": ("loại sự kiện", "event type"), "exceptions": ("ngoại lệ", "exceptions"),
        "first_period": ("kỳ đầu tiên", "first period"), "forbidden": ("việc bị cấm", "forbidden"), "from": ("từ", "from"),
        "grace": ("thời gian cho phép chậm", "grace"), "kinds": ("hình thức", "kinds"), "max_gap": ("khoảng trống tối đa", "max gap"),
        "max_lead": ("thời gian trước tối đa", "max lead"), "metric": ("chỉ số", "metric"), "min": ("tối thiểu", "min"),
        "min_count": ("số lần tối thiểu", "min count"), "mode": ("cách tính", "mode"), "op": ("phép so sánh", "comparison"),
        "over_interval": ("trong khoảng", "over interval"), "participants": ("thành phần", "participants"),
        "recipient": ("nơi nhận", "recipient"), "relation": ("quan hệ", "relation"), "report_back": ("trả lời kết quả", "report back"),
        "require_active_holder": ("yêu cầu đơn vị còn hoạt động", "require active holder"), "schedule": ("lịch", "schedule"),
        "staleness": ("độ cũ tối đa", "staleness"), "trigger": ("sự kiện khởi đầu", "trigger"), "until": ("đến", "until"),
        "value": ("mức", "value"), "within": ("trong vòng", "within"), "inspector": ("cơ quan kiểm tra", "inspector"),
        "targets": ("đối tượng", "targets"), "responsible": ("đơn vị chịu trách nhiệm", "responsible"),
        "universe": ("phạm vi", "universe"),
    ]

    private static let dataQuality: Table = [
        "late_recording": ("Ghi nhận muộn", "late recording"), "orphaned": ("Không có đơn vị kế thừa", "orphaned"),
        "holder_inactive": ("Đơn vị được giao không còn hoạt động", "holder inactive"),
        "plan_not_executed": ("Kế hoạch chưa thực hiện", "plan not executed"),
        "report_before_period_end": ("Báo cáo trước khi hết kỳ", "report before the period ended"),
        "membership_drop": ("Số hội viên giảm mạnh", "membership drop"),
    ]
}
