"""The compliance rules an inspector relies on, each on a small history made for it and judged
through the binary: jurisdiction, ended assignees, reorganisations, the due day, covering
reports, imprecise dates, late inspections, corrections in evidence, where parameters came
from, and an empty log. docs/compliance.md states each rule."""
import csv
import io
import json

import pytest

from test_check import build, check, instance, requirement, seq_of
from test_projections import line


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


NOW = {"AUDITLOG_NOW": "2027-12-31T00:00:00Z"}


def body(slug, name, kind, province, level="province", **extra):
    payload = {"org_id": slug, "name_vi": name, "kind": kind, "level": level, "province": province}
    payload.update(extra)
    return payload


def directive(doc_key, issuer, requirements, effective="2024-01-01", source_kind="directive"):
    return line("directive.issued", effective, {
        "doc": {"doc_key": doc_key, "number": None, "type_abbr": "CT", "type_name": "Chỉ thị", "issuer_org": issuer},
        "source_kind": source_kind, "effective_from": effective, "requirements": requirements})


def yearly_report(req_id, assignees, recipient, **extra):
    r = {"req_id": req_id, "text_vi": "Hằng năm báo cáo kết quả.", "template": "periodic_report", "assignees": assignees,
         "params": {"event_type": "report.submitted", "recipient": recipient, "schedule": "R/2020-01-01/P1Y", "grace": "P15D"},
         "param_source": {"schedule": "text", "grace": "operator_default"}}
    r.update(extra)
    return r


def report(report_id, reporter, recipient, occurred, key=None, start=None, end=None, **extra):
    payload = {"report_id": report_id, "reporter": reporter, "recipient": recipient}
    if key:
        payload["period"] = {"key": key, "start": start, "end": end}
    payload.update(extra)
    return line("report.submitted", occurred, payload)


# Two provinces, each with a board, a commission, two associations and an assignment each.
PROVINCES = [
    ("2024-01-02T01:00:00Z", [
        line("organization.registered", "2020-01-01", body("ht:btv", "Ban Thường vụ Tỉnh ủy Hà Tĩnh", "party_board", "ha-tinh")),
        line("organization.registered", "2020-01-01", body("ht:bdv", "Ban Dân vận Tỉnh ủy Hà Tĩnh", "party_commission", "ha-tinh")),
        line("organization.registered", "2020-01-01", body("ht:hoi-a", "Hội A Hà Tĩnh", "hqc", "ha-tinh")),
        line("organization.registered", "2020-01-01", body("ht:hoi-b", "Hội B Hà Tĩnh", "hqc", "ha-tinh")),
        line("organization.registered", "2020-01-01", body("ct:btv", "Ban Thường vụ Thành ủy Cần Thơ", "party_board", "can-tho")),
        line("organization.registered", "2020-01-01", body("ct:bdv", "Ban Dân vận Thành ủy Cần Thơ", "party_commission", "can-tho")),
        line("organization.registered", "2020-01-01", body("ct:hoi-a", "Hội A Cần Thơ", "hqc", "can-tho")),
        line("organization.registered", "2020-01-01", body("tw:ban", "Ban Dân vận Trung ương", "party_commission", "trung-uong",
                                                          level="central")),
    ]),
    ("2024-01-02T01:01:00Z", [
        line("document.registered", "2023-06-01", {"doc": {"doc_key": "ht-382", "number": "382-TB/TU", "type_name": "Thông báo",
                                                          "issuer_org": "ht:btv"}}),
        line("document.registered", "2023-06-01", {"doc": {"doc_key": "ct-752", "number": "752-CV/TU", "type_name": "Công văn",
                                                          "issuer_org": "ct:btv"}}),
        line("monitoring.assigned", "2023-06-01", {"assignment_id": "pc-ht-a", "monitor": "ht:bdv", "target": "ht:hoi-a",
                                                   "role": "theo_doi", "basis": "ht-382"}),
        line("monitoring.assigned", "2023-06-01", {"assignment_id": "pc-ht-b", "monitor": "ht:bdv", "target": "ht:hoi-b",
                                                   "role": "theo_doi", "basis": "ct-752"}),
        line("monitoring.assigned", "2023-06-01", {"assignment_id": "pc-ct-a", "monitor": "ct:bdv", "target": "ct:hoi-a",
                                                   "role": "theo_doi", "basis": "ct-752"}),
    ]),
]


def inspection_rule(req_id="R1", **params):
    p = {"inspector": "monitor_of_target", "targets": "all_monitored", "mode": "calendar", "schedule": "R/2024-01-01/P1Y",
         "grace": "P15D"}
    p.update(params)
    return {"req_id": req_id, "text_vi": "Kiểm tra hội được phân công theo dõi.", "template": "recurring_inspection",
            "params": p, "param_source": "interpretation"}


def pairs(report, ref):
    return sorted({(i["assignee"], i["key"].split(" ")[0]) for i in requirement(report, ref)["instances"]})


def test_monitoring_duties_stay_inside_the_directives_province(log):
    build(log, PROVINCES + [("2024-01-03T01:00:00Z", [
        directive("ht-ct1", "ht:btv", [inspection_rule("R1")]),
        directive("tw-ct1", "tw:ban", [inspection_rule("R1")]),
    ])])
    report = check(log, "--as-of", "2024-06-30")
    # Hà Tĩnh's directive judges Hà Tĩnh's assignments only, whatever document they rest on.
    assert pairs(report, "ht-ct1#R1") == [("ht:bdv", "ht:hoi-a"), ("ht:bdv", "ht:hoi-b")]
    # A central directive binds every province.
    assert pairs(report, "tw-ct1#R1") == [("ct:bdv", "ct:hoi-a"), ("ht:bdv", "ht:hoi-a"), ("ht:bdv", "ht:hoi-b")]


def test_assignment_basis_narrows_monitoring_duties_to_the_documents_it_names(log):
    build(log, PROVINCES + [("2024-01-03T01:00:00Z", [
        directive("ht-ct1", "ht:btv", [inspection_rule("R2", assignment_basis=["ht-382"])]),
    ])])
    assert pairs(check(log, "--as-of", "2024-06-30"), "ht-ct1#R2") == [("ht:bdv", "ht:hoi-a")]


def test_selectors_by_description_stay_inside_the_directives_province_unless_they_name_one(log):
    build(log, PROVINCES + [("2024-01-03T01:00:00Z", [
        directive("ht-ct2", "ht:btv", [yearly_report("R1", {"kind": "hqc"}, "ht:btv"),
                                       yearly_report("R2", {"kind": "hqc", "province": "can-tho"}, "ht:btv")]),
    ])])
    report = check(log, "--as-of", "2024-06-30")
    assert {i["assignee"] for i in requirement(report, "ht-ct2#R1")["instances"]} == {"ht:hoi-a", "ht:hoi-b"}
    assert {i["assignee"] for i in requirement(report, "ht-ct2#R2")["instances"]} == {"ct:hoi-a"}


ENDED = PROVINCES + [
    ("2024-01-03T01:00:00Z", [
        directive("ht-ct3", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-a"]}, "ht:btv"),
                                       yearly_report("R2", {"kind": "hqc"}, "ht:btv"),
                                       yearly_report("R3", {"ids": ["ht:hoi-a"]}, "ht:btv", successor_policy="none")],
                  effective="2022-01-01"),
    ]),
    ("2024-03-10T01:00:00Z", [
        report("rp-a-2022", "ht:hoi-a", "ht:btv", "2023-01-10", "2022", "2022-01-01", "2022-12-31"),
        line("organization.dissolved", "2024-03-01", {"org_id": "ht:hoi-a", "basis": "ht-382"}),
    ]),
]


@pytest.mark.parametrize("ref", ["ht-ct3#R1", "ht-ct3#R2", "ht-ct3#R3"])
def test_an_assignee_that_ended_with_no_successor_owes_nothing_after_its_end(log, ref):
    build(log, ENDED)
    report = check(log, "--as-of", "2026-06-30")
    mine = {i["key"]: i["verdict"] for i in requirement(report, ref)["instances"] if i["assignee"] == "ht:hoi-a"}
    # 2022 was done; 2023 fell due (2024-01-15) before the end: its breach stays. Nothing after.
    assert mine == {"2022": "satisfied", "2023": "violated"}
    orphaned = [f for f in report["findings"] if f["kind"] == "orphaned" and f["req_ref"] == ref]
    assert [f["detail"] for f in orphaned] == ["ht:hoi-a has no successor since 2024-03-01"]


def test_a_reorganisation_keeps_the_breaches_that_happened_before_it(log):
    districts = [line("organization.registered", "2020-01-01", body(f"ht:huyen-{n}", f"Huyện ủy {n}", "party_committee", "ha-tinh",
                                                                   level="district")) for n in ("x", "y", "z")]
    rule = {"req_id": "R1", "text_vi": "Các huyện ủy quán triệt văn bản.", "template": "coverage",
            "params": {"universe": {"kind": "party_committee", "level": "district"},
                       "relation": {"kind": "dissemination", "doc_key": "ht-ct4"}, "grace": "P30D"},
            "param_source": "text"}
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", districts + [directive("ht-ct4", "ht:btv", [rule])]),
        ("2024-03-20T01:00:00Z", [line("directive.disseminated", "2024-03-15", {"org": "ht:huyen-x", "doc_key": "ht-ct4"}),
                                  line("directive.disseminated", "2024-01-20", {"org": "ht:huyen-z", "doc_key": "ht-ct4"})]),
        ("2025-07-02T01:00:00Z", [line("organization.dissolved", "2025-07-01", {"org_id": f"ht:huyen-{n}", "basis": "ht-382"})
                                  for n in ("x", "y", "z")]),
    ])
    report = check(log, "--as-of", "2025-12-31")
    verdicts = {i["assignee"]: i["verdict"] for i in requirement(report, "ht-ct4#R1")["instances"]}
    assert verdicts == {"ht:huyen-x": "late", "ht:huyen-y": "violated", "ht:huyen-z": "satisfied"}


def test_the_due_day_is_pending_and_the_day_after_is_one_day_overdue(log):
    build(log, PROVINCES + [("2024-01-03T01:00:00Z", [directive("ht-ct5", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-a"]},
                                                                                                       "ht:btv")])])])
    on_the_day = instance(check(log, "--as-of", "2025-01-15"), "ht-ct5#R1", "2024")
    assert on_the_day["verdict"] == "pending" and on_the_day["due"] == "2025-01-15"
    # The plain table of that morning exits 0 too.
    assert log.run("check", "--as-of", "2025-01-15", env=NOW).returncode == 0
    after = instance(check(log, "--as-of", "2025-01-16"), "ht-ct5#R1", "2024")
    assert after["verdict"] == "violated" and "(1 day overdue)" in after["reason"]
    assert "(2 days overdue)" in instance(check(log, "--as-of", "2025-01-17"), "ht-ct5#R1", "2024")["reason"]


def test_a_report_whose_period_covers_the_instances_period_counts_for_it(log):
    quarterly = yearly_report("R1", {"ids": ["ht:hoi-a"]}, "ht:btv")
    quarterly["params"]["schedule"] = "R/2026-01-01/P3M"
    build(log, PROVINCES + [
        ("2026-01-03T01:00:00Z", [directive("ht-ct6", "ht:btv", [quarterly], effective="2026-01-01")]),
        ("2026-04-05T01:00:00Z", [report("rp-q1", "ht:hoi-a", "ht:btv", "2026-04-05", "2026-Q1", "2026-01-01", "2026-03-31")]),
        ("2026-05-01T01:00:00Z", [line("requirement.amended", "2026-05-01", {
            "req_ref": "ht-ct6#R1", "params_patch": {"schedule": "R/2026-01-01/P6M"}, "basis": "ht-382"})]),
        ("2026-07-10T01:00:00Z", [report("rp-h1", "ht:hoi-a", "ht:btv", "2026-07-10", "2026-H1", "2026-01-01", "2026-06-30")]),
    ])
    judged = check(log, "--as-of", "2026-08-01")
    q2 = instance(judged, "ht-ct6#R1", "2026-Q2")
    assert q2["verdict"] == "satisfied", q2
    assert q2["evidence"] == [seq_of_report(log, "rp-h1")]
    assert instance(judged, "ht-ct6#R1", "2026-Q1")["verdict"] == "satisfied"


def seq_of_report(log, report_id):
    out = log.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()
    return next(json.loads(x)["seq"] for x in out if json.loads(x)["payload"].get("report_id") == report_id)


def merger_in_window(log, window_from):
    """A log whose directive forbids mergers of associations from `window_from`, and a merger of
    two of them dated only to July 2021; the prohibition's one instance at T 2024-06-30."""
    rule = {"req_id": "R1", "text_vi": "Không sáp nhập hội trong thời gian rà soát.", "template": "prohibition_window",
            "params": {"forbidden": "organization.merged", "scope": {"kind": "hqc"}, "from": window_from},
            "param_source": "text"}
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct7", "ht:btv", [rule], effective=window_from)]),
        ("2024-01-04T01:00:00Z", [line("organization.merged", "2021-07", {"sources": ["ht:hoi-b"], "into": "ht:hoi-a",
                                                                          "mode": "sap_nhap", "basis": "ht-382"})]),
    ])
    return requirement(check(log, "--as-of", "2024-06-30"), "ht-ct7#R1")["instances"][0]


def test_an_event_dated_to_a_month_across_a_windows_edge_is_indeterminate_and_shown_as_recorded(log):
    inst = merger_in_window(log, "2021-07-26")
    assert inst["verdict"] == "indeterminate", inst
    assert "2021-07" in inst["reason"] and "2021-07-01" not in inst["reason"]


def test_an_event_dated_to_a_month_inside_the_window_is_a_violation(log):
    assert merger_in_window(log, "2021-07-01")["verdict"] == "violated"


def test_a_calendar_inspection_after_its_due_date_is_late_with_the_inspection_as_evidence(log):
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct9", "ht:btv", [inspection_rule("R1", targets={"ids": ["ht:hoi-a"]},
                                                                                   inspector={"ids": ["ht:bdv"]})])]),
        ("2025-02-02T01:00:00Z", [line("inspection.conducted", "2025-02-01", {"inspection_id": "kt-1", "inspector": "ht:bdv",
                                                                              "target": "ht:hoi-a", "kind": "kiem_tra"})]),
    ])
    report = check(log, "--as-of", "2025-06-30")
    late = instance(report, "ht-ct9#R1", "ht:hoi-a 2024")
    assert late["verdict"] == "late" and late["evidence"] == [seq_of_inspection(log, "kt-1")]
    assert "17 days after the due date 2025-01-15" in late["reason"]
    assert instance(report, "ht-ct9#R1", "ht:hoi-a 2025")["verdict"] == "pending"


def seq_of_inspection(log, inspection_id):
    out = log.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()
    return next(json.loads(x)["seq"] for x in out if json.loads(x)["payload"].get("inspection_id") == inspection_id)


CORRECTED_REPORT = "0190f4c2-7b1e-7c3a-9d2e-0000000000c1"


def corrected(log):
    return build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct10", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-a"]}, "ht:btv")])]),
        ("2025-01-20T01:00:00Z", [dict(report("rp-2024", "ht:hoi-a", "ht:btv", "2025-01-20", "2024", "2024-01-01", "2024-12-31"),
                                       event_id=CORRECTED_REPORT)]),
        ("2025-01-21T01:00:00Z", [line("event.corrected", "2025-01-21", {"target_event_id": CORRECTED_REPORT,
                                                                         "patch": {"occurred_at": "2025-01-10"},
                                                                         "reason_vi": "Sai ngày gửi."})]),
    ])


def test_evidence_cites_the_corrections_a_verdict_rests_on(log):
    corrected(log)
    report_seq = seq_of(log, CORRECTED_REPORT)
    inst = instance(check(log, "--as-of", "2025-06-30"), "ht-ct10#R1", "2024")
    assert inst["verdict"] == "satisfied"
    assert inst["evidence"] == [report_seq, report_seq + 1]
    # As known before the correction, the report was late and nothing corrects it yet.
    before = instance(check(log, "--as-of", "2025-06-30", "--known-at", "2025-01-20T12:00:00Z"), "ht-ct10#R1", "2024")
    assert before["verdict"] == "late" and before["evidence"] == [report_seq]


def test_explain_shows_the_corrected_date_only(log):
    corrected(log)
    text = log.run("check", "--as-of", "2025-06-30", "--explain", "ht-ct10#R1", env=NOW).stdout.decode()
    assert "xảy ra 10/01/2025 (theo đính chính seq" in text
    assert "20/01/2025," not in text.split("seq", 1)[1].split(" ghi ")[0]
    text = log.run("check", "--as-of", "2025-06-30", "--explain", "ht-ct10#R1", "--lang", "en", env=NOW).stdout.decode()
    assert "occurred 2025-01-10 (as corrected by seq" in text
    assert "2025-01-20," not in text.split("seq", 1)[1].split("recorded")[0]
    explained = json.loads(log.run("check", "--as-of", "2025-06-30", "--explain", "ht-ct10#R1", "--format", "json", env=NOW).stdout)
    report_event = next(e for e in explained["events"] if e["event_id"] == CORRECTED_REPORT)
    assert report_event["occurred_at"] == "2025-01-10" and report_event["corrected_by"] == [report_event["seq"] + 1]


def provenance_log(log):
    return build(log, PROVINCES + [("2024-01-03T01:00:00Z", [
        directive("ht-ct11", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-a"]}, "ht:btv")]),
        directive("news-1", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-b"]}, "ht:btv", param_source="interpretation")],
                  source_kind="news_report"),
    ])])


def test_every_format_says_where_parameters_came_from_and_marks_unofficial_sources(log):
    provenance_log(log)
    report = check(log, "--as-of", "2025-06-30")
    official, news = requirement(report, "ht-ct11#R1"), requirement(report, "news-1#R1")
    assert (official["official_source"], official["source_kind"]) == (True, "directive")
    assert (news["official_source"], news["source_kind"], news["param_source"]) == (False, "news_report", "interpretation")
    ndjson = [json.loads(x) for x in log.run("check", "--as-of", "2025-06-30", "--format", "ndjson", env=NOW).stdout.splitlines()]
    assert {r["req_ref"]: r["official_source"] for r in ndjson} == {"ht-ct11#R1": True, "news-1#R1": False}
    rows = list(csv.DictReader(io.StringIO(log.run("check", "--as-of", "2025-06-30", "--format", "csv", env=NOW).stdout.decode())))
    assert {(r["req_ref"], r["param_source"], r["official_source"]) for r in rows} == {
        ("ht-ct11#R1", "grace: operator default; schedule: text", "true"), ("news-1#R1", "interpretation", "false")}
    for fmt in ("table", "markdown"):
        text = log.run("check", "--as-of", "2025-06-30", "--format", fmt, env=NOW).stdout.decode()
        assert "thời gian cho phép chậm: Mặc định của người vận hành; lịch: Theo văn bản" in text
        assert "Diễn giải; KHÔNG PHẢI VĂN BẢN CHÍNH THỨC (Tin, bài báo chí)" in text
        text = log.run("check", "--as-of", "2025-06-30", "--format", fmt, "--lang", "en", env=NOW).stdout.decode()
        assert "grace: operator default; schedule: the text" in text
        assert "interpretation; NOT AN OFFICIAL SOURCE (news report)" in text


def test_a_log_without_directives_says_there_are_no_requirements(log):
    build(log, PROVINCES)
    proc = log.run("check", "--as-of", "2025-06-30", env=NOW)
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "Không có yêu cầu nào" in text and "Tổng hợp:" not in text
    text = log.run("check", "--as-of", "2025-06-30", "--lang", "en", env=NOW).stdout.decode()
    assert "no requirements" in text and "summary: \n" not in text and not text.rstrip().endswith("summary:")
    markdown = log.run("check", "--as-of", "2025-06-30", "--format", "markdown", env=NOW).stdout.decode()
    assert "## Tổng hợp\n\nKhông có yêu cầu nào" in markdown and "| Kết quả |" not in markdown


def test_odd_but_possible_data_is_accepted_and_reported_as_findings(log):
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct12", "ht:btv", [yearly_report("R1", {"ids": ["ht:hoi-a"]}, "ht:btv")])]),
        ("2024-12-01T01:00:00Z", [report("rp-early", "ht:hoi-a", "ht:btv", "2024-11-30", "2024", "2024-01-01", "2024-12-31"),
                                  line("membership.reported", "2024-06-30", {"org_id": "ht:hoi-b", "as_of": "2024-06-30", "members": 3000}),
                                  line("membership.reported", "2024-11-30", {"org_id": "ht:hoi-b", "as_of": "2024-11-30", "members": 1400})]),
    ])
    judged = check(log, "--as-of", "2025-06-30")
    assert instance(judged, "ht-ct12#R1", "2024")["verdict"] == "satisfied"
    kinds = {(f["kind"], f.get("req_ref")): f["detail"] for f in judged["findings"]}
    assert kinds[("report_before_period_end", "ht-ct12#R1")] == "a report for 2024 dated 2024-11-30, before the period ended on 2024-12-31"
    assert kinds[("membership_drop", None)] == "ht:hoi-b: 1400 members on 2024-11-30 after 3000 on 2024-06-30"


def test_tasks_and_check_agree_on_a_task_done_by_a_report_about_it(log):
    rule = {"req_id": "R1", "text_vi": "Rà soát và báo cáo.", "template": "one_off_task",
            "params": {"completion": "task.completed", "due_within": "P60D"}, "assignees": {"ids": ["ht:hoi-a"]},
            "param_source": "text"}
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct13", "ht:btv", [rule]),
                                  line("task.assigned", "2024-01-03", {"task_id": "t-1", "req_ref": "ht-ct13#R1", "assignee": "ht:hoi-a",
                                                                       "description_vi": "Rà soát hội viên.", "due_on": "2024-03-01"}),
                                  line("task.assigned", "2024-01-03", {"task_id": "t-2", "req_ref": "ht-ct13#R1", "assignee": "ht:hoi-a",
                                                                       "description_vi": "Báo cáo tổ chức.", "due_on": "2024-03-01"})]),
        ("2024-02-21T01:00:00Z", [report("rp-t1", "ht:hoi-a", "ht:btv", "2024-02-20", about=["t-1"])]),
    ])
    judged = check(log, "--as-of", "2024-06-30")
    by_task = {i["key"]: i["verdict"] for i in requirement(judged, "ht-ct13#R1")["instances"]}
    assert by_task == {"t-1": "satisfied", "t-2": "violated"}
    overdue = log.run("tasks", "--overdue", "--as-of", "2024-06-30", "--format", "json", env=NOW)
    listed = {t["task_id"] for t in json.loads(overdue.stdout)}
    # What check counts as done, tasks does not list as overdue, and the other way round.
    assert listed == {t for t, v in by_task.items() if v == "violated"}


def test_an_organisation_gone_before_the_directive_never_owed_it(log):
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [line("organization.dissolved", "2021-05-01", {"org_id": "ht:hoi-b", "basis": "ht-382"}),
                                  directive("ht-ct14", "ht:btv", [yearly_report("R1", {"kind": "hqc"}, "ht:btv")])]),
    ])
    judged = check(log, "--as-of", "2025-06-30")
    assert {i["assignee"] for i in requirement(judged, "ht-ct14#R1")["instances"]} == {"ht:hoi-a"}
    assert not [f for f in judged["findings"] if f["kind"] == "orphaned"]


def test_a_task_cancelled_and_then_done_is_done_for_tasks_and_check(log):
    rule = {"req_id": "R1", "text_vi": "Rà soát.", "template": "one_off_task", "params": {"due_within": "P60D"},
            "assignees": {"ids": ["ht:hoi-a"]}, "param_source": "text"}
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct15", "ht:btv", [rule]),
                                  line("task.assigned", "2024-01-03", {"task_id": "t-1", "req_ref": "ht-ct15#R1", "assignee": "ht:hoi-a",
                                                                       "description_vi": "Rà soát hội viên.", "due_on": "2024-03-01"})]),
        ("2024-01-21T01:00:00Z", [line("task.cancelled", "2024-01-20", {"task_id": "t-1", "basis": "ht-382"})]),
        ("2024-01-26T01:00:00Z", [report("rp-t1", "ht:hoi-a", "ht:btv", "2024-01-25", about=["t-1"])]),
    ])
    assert instance(check(log, "--as-of", "2024-06-30"), "ht-ct15#R1", "t-1")["verdict"] == "satisfied"
    listed = json.loads(log.run("tasks", "--as-of", "2024-06-30", "--format", "json", env=NOW).stdout)
    assert [t["status"]["value"] if isinstance(t["status"], dict) else t["status"] for t in listed] == ["completed"]


def test_a_task_of_an_assignee_that_ended_before_its_due_day_is_not_owed(log):
    rule = {"req_id": "R1", "text_vi": "Rà soát.", "template": "one_off_task", "params": {"due_within": "P60D"},
            "assignees": {"ids": ["ht:hoi-a", "ht:hoi-b"]}, "param_source": "text"}
    assign = [line("task.assigned", "2024-01-03", {"task_id": f"t-{s}", "req_ref": "ht-ct16#R1", "assignee": f"ht:hoi-{s}",
                                                   "description_vi": "Rà soát hội viên.", "due_on": "2024-03-01"}) for s in "ab"]
    build(log, PROVINCES + [
        ("2024-01-03T01:00:00Z", [directive("ht-ct16", "ht:btv", [rule])] + assign),
        ("2024-02-02T01:00:00Z", [line("organization.dissolved", "2024-02-01", {"org_id": "ht:hoi-a", "basis": "ht-382"})]),
    ])
    by_task = {i["key"]: i["verdict"] for i in requirement(check(log, "--as-of", "2024-06-30"), "ht-ct16#R1")["instances"]}
    assert by_task == {"t-b": "violated"}
