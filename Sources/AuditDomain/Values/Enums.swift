/// Kind of organisation.
public enum OrgKind: String, Sendable, Hashable, Codable, CaseIterable {
    case partyCommittee = "party_committee", partyBoard = "party_board", partyCommission = "party_commission"
    case partyOffice = "party_office", partyCell = "party_cell", government, department, ctxh, hqc, other
}

/// Administrative level of an organisation.
public enum OrgLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case central, province, district, commune, grassroots
}

/// How a document was signed (thay mặt, thừa lệnh, ký thay, thừa ủy quyền).
public enum SigningMode: String, Sendable, Hashable, Codable, CaseIterable {
    case tm = "TM", tl = "TL", kt = "KT", tuq = "TUQ"
}

/// What kind of instrument a directive is.
public enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case directive, conclusionNotice = "conclusion_notice", officialLetter = "official_letter", decision, plan, program
    case newsReport = "news_report"
}

/// How a document was passed on (học tập, quán triệt, triển khai).
public enum DisseminationForm: String, Sendable, Hashable, Codable, CaseIterable {
    case hocTap = "hoc_tap", quanTriet = "quan_triet", trienKhai = "trien_khai"
}

/// Sáp nhập (absorbed into an existing body) or hợp nhất (consolidated into a new one).
public enum MergeMode: String, Sendable, Hashable, Codable, CaseIterable {
    case sapNhap = "sap_nhap", hopNhat = "hop_nhat"
}

/// Chia (the source ends) or tách (the source continues).
public enum SplitMode: String, Sendable, Hashable, Codable, CaseIterable {
    case chia, tach
}

/// Role of a monitoring assignment.
public enum MonitoringRole: String, Sendable, Hashable, Codable, CaseIterable {
    case theoDoi = "theo_doi", thamMuu = "tham_muu", quanLyNhaNuoc = "quan_ly_nha_nuoc", canBoChuyenTrach = "can_bo_chuyen_trach"
}

/// Kind of meeting.
public enum MeetingKind: String, Sendable, Hashable, Codable, CaseIterable {
    case giaoBan = "giao_ban", lamViecDinhKy = "lam_viec_dinh_ky", hoiNghi = "hoi_nghi"
}

/// Kind of inspection.
public enum InspectionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case kiemTra = "kiem_tra", giamSat = "giam_sat", thanhTra = "thanh_tra", lamViec = "lam_viec"
}

/// Severity of an inspection finding.
public enum FindingSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, minor, major
}

/// Result of a congress appraisal.
public enum AppraisalResult: String, Sendable, Hashable, Codable, CaseIterable {
    case approved, returned
}

/// A change of leadership.
public enum LeadershipChange: String, Sendable, Hashable, Codable, CaseIterable {
    case appointed, elected, relieved
}

/// Channel through which a recommendation came.
public enum RecommendationChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case giaoBan = "giao_ban", vanBan = "van_ban", doiThoai = "doi_thoai"
}

/// How a recommendation was answered.
public enum RecommendationOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case accepted, partially, rejected, explained
}

/// Why an event was retracted (nhập sai, trùng lặp, không có căn cứ).
public enum RetractionReason: String, Sendable, Hashable, Codable, CaseIterable {
    case nhapSai = "nhap_sai", trungLap = "trung_lap", khongCoCanCu = "khong_co_can_cu"
}
