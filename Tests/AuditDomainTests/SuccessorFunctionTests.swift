import Testing

@testable import AuditDomain
@testable import EventLog

/// σ(org, date) on the 2025 restructuring and its edge cases.
@Suite struct SuccessorFunctionTests {
    static let zone = 7 * 3600

    private func sigma(_ lines: [String]) throws -> SuccessorFunction {
        let log = try DomainLog()
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1")] + lines)
        return SuccessorFunction(events: EffectiveView.events(try log.events(), knownAt: nil), zoneOffsetSeconds: Self.zone)
    }

    private func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("Ban Dân vận and Ban Tuyên giáo merge (hợp nhất) into Ban Tuyên giáo và Dân vận: the predecessor holds before, the new body after")
    func commissionsMerge() throws {
        let s = try sigma([
            Line.org("bdv-tu", "Ban Dân vận Tỉnh ủy", kind: "party_commission"),
            Line.org("btg-tu", "Ban Tuyên giáo Tỉnh ủy", kind: "party_commission"),
            Line.org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", kind: "party_commission", on: "2025-03-01"),
            Line.merge(["bdv-tu", "btg-tu"], into: "btgdv-tu", on: "2025-03-01", mode: "hop_nhat"),
        ])
        #expect(s.holders(of: "bdv-tu", on: day("2025-02-28")) == ["bdv-tu"])
        #expect(s.holders(of: "bdv-tu", on: day("2025-03-01")) == ["btgdv-tu"])
        #expect(s.holders(of: "btg-tu", on: day("2025-06-30"), duty: "382-TB/TU#Rcov") == ["btgdv-tu"])
        #expect(s.holders(of: "btgdv-tu", on: day("2025-06-30")) == ["btgdv-tu"])
        #expect(!s.isActive("bdv-tu", on: day("2025-03-01")) && s.isActive("bdv-tu", on: day("2025-02-28")))
        // successor_policy none: the duty ends with the organisation.
        #expect(s.holders(of: "bdv-tu", on: day("2025-06-30"), follow: false).isEmpty)
    }

    @Test("a dissolved district committee: with a designated successor the duty passes, without one it is orphaned")
    func dissolvedDistrict() throws {
        let s = try sigma([
            Line.org("hu-cam-xuyen", "Huyện ủy Cẩm Xuyên", kind: "party_committee"),
            Line.org("hu-ky-anh", "Huyện ủy Kỳ Anh", kind: "party_committee"),
            Line.org("du-xa-cam-xuyen", "Đảng ủy xã Cẩm Xuyên", kind: "party_committee", on: "2025-07-01"),
            Line.dissolve("hu-cam-xuyen", on: "2025-07-01"),
            Line.designate("hu-cam-xuyen", "du-xa-cam-xuyen", on: "2025-07-01"),
            Line.dissolve("hu-ky-anh", on: "2025-07-01"),
        ])
        #expect(s.holders(of: "hu-cam-xuyen", on: day("2025-06-30")) == ["hu-cam-xuyen"])
        #expect(s.holders(of: "hu-cam-xuyen", on: day("2025-07-01")) == ["du-xa-cam-xuyen"])
        #expect(s.holders(of: "hu-ky-anh", on: day("2025-07-01")).isEmpty)
        #expect(s.endDate(of: "hu-ky-anh") == day("2025-07-01"))
    }

    @Test("a designation made later counts from its own date; a scoped one only for its duties")
    func laterAndScoped() throws {
        let s = try sigma([
            Line.org("bcs-ubnd", "Ban cán sự đảng UBND tỉnh", kind: "party_board"),
            Line.org("du-ubnd", "Đảng ủy UBND tỉnh", kind: "party_committee", on: "2025-02-01"),
            Line.org("so-noi-vu", "Sở Nội vụ", kind: "department"),
            Line.directive(),
            Line.dissolve("bcs-ubnd", on: "2025-02-01"),
            Line.designate("bcs-ubnd", "du-ubnd", on: "2025-03-15", scope: #"["seed-004#R3.4"]"#),
            Line.designate("bcs-ubnd", "so-noi-vu", on: "2025-04-01"),
        ])
        #expect(s.holders(of: "bcs-ubnd", on: day("2025-03-01"), duty: "seed-004#R3.4").isEmpty)
        #expect(s.holders(of: "bcs-ubnd", on: day("2025-03-15"), duty: "seed-004#R3.4") == ["du-ubnd"])
        #expect(s.holders(of: "bcs-ubnd", on: day("2025-03-15"), duty: "seed-004#R1").isEmpty)
        #expect(s.holders(of: "bcs-ubnd", on: day("2025-04-01"), duty: "seed-004#R3.4") == ["du-ubnd", "so-noi-vu"])
    }

    @Test("chains resolve through several steps; a tách split moves only the duties its map names")
    func chainsAndSplits() throws {
        let s = try sigma([
            Line.org("a"), Line.org("b"), Line.org("c"), Line.org("d"), Line.org("e"),
            Line.directive(),
            Line.merge(["a"], into: "b", on: "2022-01-01"),
            Line.merge(["b"], into: "c", on: "2023-01-01"),
            Line.make("organization.split", "2024-01-01",
                      #"{"source":"c","into":["d","e"],"mode":"tach","obligation_map":[{"req_ref":"seed-004#R1","to":"d"},{"req_ref":"*","to":"e"}],"basis":"d1"}"#),
        ])
        #expect(s.holders(of: "a", on: day("2022-06-01")) == ["b"])
        #expect(s.holders(of: "a", on: day("2023-06-01")) == ["c"])
        #expect(s.holders(of: "a", on: day("2024-06-01"), duty: "seed-004#R1") == ["d"])
        #expect(s.holders(of: "a", on: day("2024-06-01"), duty: "seed-004#R3.4") == ["c"])
        #expect(s.isActive("c", on: day("2024-06-01")))
    }

    @Test("a retracted merger does not move duties (the effective view drops it)")
    func retractedMerger() throws {
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000aa"
        let log = try DomainLog()
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1"), Line.org("a"), Line.org("b")])
        let merge = Line.make("organization.merged", "2022-03-15", #"{"sources":["a"],"into":"b","mode":"sap_nhap","basis":"d1"}"#, eventID: id)
        try log.append([merge])
        try log.append([Line.make("event.retracted", "2026-01-05", #"{"target_event_id":"\#(id)","reason_vi":"nhap_sai"}"#)])
        let all = try log.events()
        let now = SuccessorFunction(events: EffectiveView.events(all, knownAt: nil), zoneOffsetSeconds: Self.zone)
        #expect(now.holders(of: "a", on: day("2023-01-01")) == ["a"])
    }
}

extension Line {
    /// A directive `seed-004` with requirements R1 and R3.4.
    static func directive() -> String {
        make("directive.issued", "2021-07-26", #"""
            {"doc":{"doc_key":"seed-004","number":null,"type_name":"Thông báo kết luận","issuer_org":"btv-tu"},
            "source_kind":"conclusion_notice","requirements":[
            {"req_id":"R1","text_vi":"Báo cáo hằng năm","template":"periodic_report","assignees":{"ids":["btv-tu"]},
            "params":{"event_type":"report.submitted","recipient":"btv-tu","schedule":"R/2021-01-01/P1Y"},"param_source":"text"},
            {"req_id":"R3.4","text_vi":"Giải quyết kiến nghị","template":"response_within",
            "params":{"trigger":{"type":"recommendation.filed"},"responsible":{"ids":["btv-tu"]},"within":"P90D"},
            "param_source":{"within":"operator_default"}}]}
            """#.replacingNewlines)
    }
}
