/// The events of `auditlog demo`: a small, generic oversight history (until the domain
/// catalogue and the seed documents replace it). Vietnamese text on purpose: some of it is
/// written decomposed (NFD), as some systems send it, and is stored in NFC.
enum DemoEvents {
    /// The clock the demo uses unless `AUDITLOG_NOW` is set, so its output is reproducible.
    static let now = "2026-01-15T03:00:00Z"

    /// First batch: registrations and an assignment.
    static let first = """
        {"event_id":"01900000-0000-7000-8000-000000000001","type":"organization.registered","occurred_at":"2023-03-01","actor":"so-noi-vu","subject":"org/hoi-nong-dan","payload":{"name":"Hội Nông dân tỉnh","kind":"socio_political"}}
        {"event_id":"01900000-0000-7000-8000-000000000002","type":"organization.registered","occurred_at":"2023-03-01","actor":"so-noi-vu","subject":"org/hoi-chu-thap-do","payload":{"name":"Hội Chữ thập đỏ tỉnh","kind":"mass_association"}}
        {"event_id":"01900000-0000-7000-8000-000000000003","type":"organization.registered","occurred_at":"2023-03-01","actor":"so-noi-vu","subject":"org/hoi-van-hoc-nghe-thuat","payload":{"name":"Hội Văn học Nghệ thuật tỉnh","kind":"mass_association"}}
        {"event_id":"01900000-0000-7000-8000-000000000004","type":"monitoring.assigned","occurred_at":"2023-08-22","actor":"tinh-uy","subject":"org/hoi-chu-thap-do","payload":{"monitor":"ban-dan-van","note":"Theo dõi hoạt động của Hội"}}

        """

    /// Second batch: reports and an inspection, one of them late.
    static let second = """
        {"event_id":"01900000-0000-7000-8000-000000000005","type":"report.submitted","occurred_at":"2024-12-20","actor":"hoi-chu-thap-do","subject":"org/hoi-chu-thap-do","payload":{"period":"2024","summary":"Báo cáo tình hình hoạt động năm 2024"}}
        {"event_id":"01900000-0000-7000-8000-000000000006","type":"report.submitted","occurred_at":"2025-01-10","actor":"hoi-nong-dan","subject":"org/hoi-nong-dan","payload":{"period":"2024","summary":"Báo cáo tổng kết năm 2024"}}
        {"event_id":"01900000-0000-7000-8000-000000000007","type":"inspection.conducted","occurred_at":"2025-06","actor":"ban-dan-van","subject":"org/hoi-van-hoc-nghe-thuat","payload":{"rating":"dat_yeu_cau","finding":"Đạt yêu cầu"}}
        {"event_id":"01900000-0000-7000-8000-000000000008","type":"membership.reported","occurred_at":"2025-06-30","actor":"hoi-nong-dan","subject":"org/hoi-nong-dan","payload":{"members":152340,"rate":"0.61"}}

        """

    /// Third batch: a retried line (a duplicate) and new events.
    static let third = """
        {"event_id":"01900000-0000-7000-8000-000000000008","type":"membership.reported","occurred_at":"2025-06-30","actor":"hoi-nong-dan","subject":"org/hoi-nong-dan","payload":{"members":152340,"rate":"0.61"}}
        {"event_id":"01900000-0000-7000-8000-000000000009","type":"recommendation.filed","occurred_at":"2025-09-15","actor":"hoi-chu-thap-do","subject":"org/hoi-chu-thap-do","payload":{"text":"Kiến nghị bổ sung kinh phí hoạt động"}}
        {"event_id":"01900000-0000-7000-8000-00000000000a","type":"organization.renamed","occurred_at":"2025-10-01","actor":"so-noi-vu","subject":"org/hoi-van-hoc-nghe-thuat","expected_version":2,"payload":{"name":"Liên hiệp các Hội Văn học Nghệ thuật tỉnh"}}

        """
}
