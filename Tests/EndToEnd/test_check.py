"""Compliance checks through the binary: worked scenarios of the oversight domain (S1, S2,
S3, S4, S6) with their expected verdicts asserted exactly, and the check command's formats."""
import json
import sqlite3

import pytest

from conftest import Auditlog
from test_projections import HQC, RETRACTED_MERGER, S2, line, org


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


HN = {"level": "province", "province": "ha-tinh"}


def build(log, rows, origin="ha-tinh.example/audit"):
    """Appends each (recorded_at, lines) row with the clock at recorded_at."""
    log.run("init", "--origin", origin, check=0, env={"AUDITLOG_NOW": rows[0][0]})
    for recorded, lines in rows:
        log.append_lines(lines, env={"AUDITLOG_NOW": recorded})
    return log


def check(log, *args, expect=None):
    proc = log.run("check", *args, "--format", "json", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"})
    report = json.loads(proc.stdout)
    assert proc.returncode == (1 if any(r["verdict"] in ("violated", "late") for r in report["requirements"]) else 0), proc.stderr
    return report


def requirement(report, ref):
    found = [r for r in report["requirements"] if r["req_ref"] == ref]
    assert len(found) == 1, [r["req_ref"] for r in report["requirements"]]
    return found[0]


def instance(report, ref, key):
    found = [i for i in requirement(report, ref)["instances"] if i["key"] == key]
    assert len(found) == 1, requirement(report, ref)["instances"]
    return found[0]


def seq_of(log, event_id):
    out = log.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()
    return next(json.loads(x)["seq"] for x in out if json.loads(x)["event_id"] == event_id)


# ---------------------------------------------------------------------------------------- S1
S1_REPORT = "0190f4c2-7b1e-7c3a-9d2e-0000000000e1"
S1 = [
    ("2026-03-01T01:00:00Z", [line("organization.registered", "2025-07-01", org("btv-tu", "Ban Thường vụ Tỉnh ủy", "party_board"))]),
    ("2026-03-01T01:01:00Z", [line("organization.registered", "2025-07-01", org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_commission"))]),
    ("2026-03-01T01:02:00Z", [line("organization.registered", "2025-07-01", org("du-mttq-tinh", "Đảng ủy Cơ quan UB MTTQ Việt Nam tỉnh", "party_committee"))]),
    ("2026-03-25T03:00:00Z", [line("directive.issued", "2026-03-20", {
        "doc": {"doc_key": "seed-001", "number": None, "type_abbr": "CT", "type_name": "Chỉ thị", "issuer_org": "btv-tu",
                "signing_mode": "TM", "signer": "Phó Bí thư Thường trực"},
        "source_kind": "directive",
        "requirements": [{"req_id": "R5", "text_vi": "Hằng năm báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện Chỉ thị.",
                          "template": "periodic_report", "assignees": {"ids": ["btgdv-tu"]}, "cooperating": {"ids": ["du-mttq-tinh"]},
                          "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2026-01-01/P1Y",
                                     "grace": "P15D", "first_period": "containing_effective_from"},
                          "param_source": {"schedule": "text", "grace": "operator_default"}}]})]),
    ("2027-02-03T02:00:00Z", [line("report.submitted", "2027-01-10", {
        "report_id": "rp-btgdv-2026", "reporter": "btgdv-tu", "recipient": "btv-tu", "req_ref": "seed-001#R5",
        "period": {"key": "2026", "start": "2026-01-01", "end": "2026-12-31"}}, event_id=S1_REPORT)]),
]


@pytest.fixture
def s1(log):
    return build(log, S1)


@pytest.mark.parametrize("name, t, k, verdict, late_recording", [
    ("S1a", "2026-12-31", "2026-12-31", "pending", False),
    ("S1b", "2027-01-20", "2027-01-20", "violated", False),
    ("S1c", "2027-01-20", "2027-02-10T00:00:00Z", "satisfied", True),
    ("S1d", "2027-02-10", "2027-02-10", "satisfied", True),
])
def test_s1_annual_report_recorded_late(s1, name, t, k, verdict, late_recording):
    report = check(s1, "--as-of", t, "--known-at", k)
    inst = instance(report, "seed-001#R5", "2026")
    assert (inst["assignee"], inst["due"], inst["verdict"]) == ("btgdv-tu", "2027-01-15", verdict), name
    findings = [f for f in report["findings"] if f["kind"] == "late_recording"]
    assert (findings == [{"kind": "late_recording", "req_ref": "seed-001#R5", "seq": seq_of(s1, S1_REPORT), "detail": "lag P24D"}]) \
        == late_recording, (name, findings)
    assert requirement(report, "seed-001#R5")["param_source"] == {"grace": "operator_default", "schedule": "text"}


def test_s1e_the_same_snapshot_is_reproducible_byte_for_byte(s1):
    args = ("check", "--as-of", "2027-01-20", "--known-at", "2027-01-20", "--format", "json")
    first = s1.run(*args).stdout
    s1.run("check", "--as-of", "2027-01-20", "--known-at", "2027-02-10T00:00:00Z")
    again = s1.run(*args).stdout
    assert first == again and b'"verdict":"violated"' in first


# ---------------------------------------------------------------------------------------- S2
@pytest.fixture
def s2(log):
    return build(log, S2)


@pytest.mark.parametrize("name, t, k, verdict, evidence", [
    ("S2a", "2021-12-31", "latest", "satisfied", False),
    ("S2b", "2022-12-31", "2025-12-31T17:00:00Z", "violated", True),
    ("S2c", "2025-12-31", "2025-12-31T17:00:00Z", "violated", True),
    ("S2d", "2022-12-31", "latest", "satisfied", False),
])
def test_s2_merger_suspension_lifting_and_retraction(s2, name, t, k, verdict, evidence):
    r = requirement(check(s2, "--as-of", t, "--known-at", k), "seed-004#R2.3")
    assert r["verdict"] == verdict, (name, r)
    # Only the 2022 merger is a finding: the 2019 one is before the window, the 2025 one after the lift.
    assert r["instances"][0]["evidence"] == ([seq_of(s2, RETRACTED_MERGER)] if evidence else []), name


# ---------------------------------------------------------------------------------------- S3
def s3_rows(policy="follow"):
    assign = lambda aid, monitor, target, on, rec, basis="382-TB/TU": (rec, [line("monitoring.assigned", on, {
        "assignment_id": aid, "monitor": monitor, "target": target, "role": "theo_doi", "basis": basis})])
    return [
        ("2021-12-05T01:00:00Z", [line("organization.registered", "2020-10-01", org(s, n, k)) for s, n, k in [
            ("btv-tu", "Ban Thường vụ Tỉnh ủy", "party_board"), ("bdv-tu", "Ban Dân vận Tỉnh ủy", "party_commission"),
            ("btg-tu", "Ban Tuyên giáo Tỉnh ủy", "party_commission")]]),
        ("2021-12-05T01:10:00Z", [line("organization.registered", "2000-01-01", org(s, n, flags={"giao_nhiem_vu": True})) for s, n in [
            ("hoi-chu-thap-do", "Hội Chữ thập đỏ tỉnh"), ("hoi-nha-bao", "Hội Nhà báo tỉnh"), ("hoi-khuyen-hoc", "Hội Khuyến học tỉnh")]]),
        ("2021-12-05T02:00:00Z", [line("directive.issued", "2021-12-03", {
            "doc": {"doc_key": "382-TB/TU", "number": "382-TB/TU", "type_name": "Thông báo", "issuer_org": "btv-tu"},
            "source_kind": "conclusion_notice",
            "requirements": [{"req_id": "Rcov", "text_vi": "Phân công cơ quan theo dõi các hội được giao nhiệm vụ.", "template": "coverage",
                              "params": {"universe": {"kind": "hqc", "flags": {"giao_nhiem_vu": True}, "province": "ha-tinh"},
                                         "relation": {"kind": "monitoring", "role": "theo_doi"}, "min": 1, "grace": "P30D",
                                         "require_active_holder": True},
                              "param_source": "text", "successor_policy": policy}]})]),
        assign("a1", "bdv-tu", "hoi-chu-thap-do", "2021-12-03", "2021-12-05T02:01:00Z"),
        assign("a2", "btg-tu", "hoi-nha-bao", "2021-12-03", "2021-12-05T02:02:00Z"),
        assign("a3", "bdv-tu", "hoi-khuyen-hoc", "2021-12-03", "2021-12-05T02:03:00Z"),
        ("2023-03-02T01:00:00Z", [line("organization.registered", "2023-03-01", org("hoi-cuu-cand", "Hội Cựu Công an nhân dân tỉnh",
                                                                                      flags={"giao_nhiem_vu": True}))]),
        assign("a4", "bdv-tu", "hoi-cuu-cand", "2023-06-15", "2023-06-16T01:00:00Z",
               basis={"doc_key": "HYP-TB/TU bổ sung", "type_name": "Thông báo", "issuer_org": "btv-tu"}),
        ("2025-03-02T01:00:00Z", [line("organization.registered", "2025-03-01", org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                                                                                      "party_commission"))]),
        ("2025-03-02T01:05:00Z", [line("organization.merged", "2025-03-01", {
            "sources": ["bdv-tu", "btg-tu"], "into": "btgdv-tu", "mode": "hop_nhat",
            "basis": {"doc_key": "HYP-QĐ thành lập Ban TG&DV", "type_name": "Quyết định", "issuer_org": "btv-tu"}})]),
    ]


@pytest.mark.parametrize("name, t, verdict, uncovered", [
    ("S3a", "2022-01-31", "satisfied", []),
    ("S3b", "2023-03-20", "satisfied", []),
    ("S3c", "2023-04-15", "violated", ["hoi-cuu-cand"]),
    ("S3d", "2023-07-01", "satisfied", []),
    ("S3e", "2025-06-30", "satisfied", []),
])
def test_s3_coverage_through_the_merger_of_commissions(log, name, t, verdict, uncovered):
    build(log, s3_rows())
    report = check(log, "--as-of", t)
    r = requirement(report, "382-TB/TU#Rcov")
    assert r["verdict"] == verdict, (name, r)
    assert [i["key"] for i in r["instances"] if i["verdict"] == "violated"] == uncovered
    if name == "S3c":
        assert "since 2023-03-01" in r["instances"][[i["key"] for i in r["instances"]].index("hoi-cuu-cand")]["reason"]
    if name == "S3e":
        assert not [f for f in report["findings"] if f["kind"] in ("orphaned", "holder_inactive")]
        assert all("btgdv-tu" not in i["reason"] or i["verdict"] == "satisfied" for i in r["instances"])


def test_s3f_without_successors_the_holders_are_inactive(log):
    build(log, s3_rows(policy="none"))
    report = check(log, "--as-of", "2025-06-30")
    assert requirement(report, "382-TB/TU#Rcov")["verdict"] == "violated"
    inactive = sorted(f["detail"].split(":")[0] for f in report["findings"] if f["kind"] == "holder_inactive")
    assert inactive == ["a1", "a2", "a3", "a4"]


# ---------------------------------------------------------------------------------------- S4
S4 = [
    ("2021-07-23T01:00:00Z", [line("organization.registered", "2021-01-01", org(s, n, k)) for s, n, k in [
        ("tt-tu", "Thường trực Tỉnh ủy", "party_board"), ("bcs-ubnd", "Ban cán sự đảng UBND tỉnh", "party_board"),
        ("ubnd", "UBND tỉnh", "government"), ("so-tai-chinh", "Sở Tài chính", "department"),
        ("hoi-nguoi-cao-tuoi", "Hội Người cao tuổi tỉnh", "hqc"), ("hoi-chu-thap-do", "Hội Chữ thập đỏ tỉnh", "hqc")]]),
    ("2021-07-23T02:00:00Z", [line("meeting.held", "2021-07-22", {
        "meeting_id": "m-2021-07", "convener": "tt-tu", "participants": ["hoi-nguoi-cao-tuoi", "hoi-chu-thap-do"], "kind": "giao_ban"})]),
    ("2021-07-23T02:10:00Z", [line("recommendation.filed", "2021-07-22", {
        "rec_id": "K1", "from_org": "hoi-nguoi-cao-tuoi", "to_org": "tt-tu", "text_vi": "Kiến nghị về kinh phí hoạt động.",
        "channel": "giao_ban", "meeting_id": "m-2021-07"})]),
    ("2021-07-23T02:11:00Z", [line("recommendation.filed", "2021-07-22", {
        "rec_id": "K2", "from_org": "hoi-chu-thap-do", "to_org": "tt-tu", "text_vi": "Kiến nghị về trụ sở làm việc.",
        "channel": "giao_ban", "meeting_id": "m-2021-07"})]),
    ("2021-08-02T03:00:00Z", [line("directive.issued", "2021-07-26", {
        "doc": {"doc_key": "seed-004", "number": None, "type_name": "Thông báo kết luận", "issuer_org": "tt-tu"},
        "source_kind": "conclusion_notice", "effective_from": "2021-07-26",
        "requirements": [{"req_id": "R3.4", "text_vi": "Ban cán sự đảng UBND tỉnh chỉ đạo giải quyết các kiến nghị và báo cáo.",
                          "template": "response_within",
                          "params": {"trigger": {"type": "recommendation.filed", "meeting_id": "m-2021-07"},
                                     "responsible": {"ids": ["bcs-ubnd"]}, "resolvers": {"ids": ["bcs-ubnd", "ubnd"]},
                                     "within": "P90D", "report_back": {"to": "tt-tu", "within": "P15D"}},
                          "param_source": {"trigger": "text", "responsible": "text", "within": "operator_default", "report_back": "text"}}]})]),
    ("2021-08-06T01:00:00Z", [line("recommendation.forwarded", "2021-08-05", {"rec_id": "K1", "by": "ubnd", "to_org": "so-tai-chinh"})]),
    ("2021-10-01T01:00:00Z", [line("recommendation.resolved", "2021-09-30", {"rec_id": "K1", "resolver": "so-tai-chinh", "outcome": "accepted"})]),
    ("2021-10-09T01:00:00Z", [line("report.submitted", "2021-10-08", {
        "report_id": "bc-k1", "reporter": "bcs-ubnd", "recipient": "tt-tu", "req_ref": "seed-004#R3.4", "about": ["K1"]})]),
    ("2022-01-11T01:00:00Z", [line("recommendation.resolved", "2022-01-10", {"rec_id": "K2", "resolver": "ubnd", "outcome": "explained"})]),
]


@pytest.mark.parametrize("name, t, verdict, instances", [
    ("S4a", "2021-09-01", "pending", {"K1 resolution": "pending", "K2 resolution": "pending"}),
    ("S4b", "2021-10-31", "violated", {"K1 resolution": "satisfied", "K1 report-back": "satisfied", "K2 resolution": "violated"}),
    ("S4c", "2022-01-31", "violated", {"K1 resolution": "satisfied", "K1 report-back": "satisfied", "K2 resolution": "late",
                                       "K2 report-back": "violated"}),
    ("S4d", "2021-07-25", "not_applicable", {}),
])
def test_s4_recommendations_resolved_and_reported_back(log, name, t, verdict, instances):
    build(log, S4)
    r = requirement(check(log, "--as-of", t), "seed-004#R3.4")
    assert r["verdict"] == verdict, (name, r)
    got = {i["key"]: i["verdict"] for i in r["instances"]}
    for key, v in instances.items():
        assert got.get(key) == v, (name, key, r["instances"])
    if name == "S4b":
        assert instance({"requirements": [r]}, "seed-004#R3.4", "K2 resolution")["due"] == "2021-10-24"
        assert instance({"requirements": [r]}, "seed-004#R3.4", "K1 report-back")["due"] == "2021-10-15"
    if name == "S4c":
        assert "78 days" in instance({"requirements": [r]}, "seed-004#R3.4", "K2 resolution")["reason"]


# ---------------------------------------------------------------------------------------- S6
S6 = [
    ("2026-03-01T01:00:00Z", [line("organization.registered", "2025-07-01", org(s, n, k)) for s, n, k in [
        ("btv-tu", "Ban Thường vụ Tỉnh ủy", "party_board"), ("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_commission"),
        ("mttq", "Ủy ban MTTQ Việt Nam tỉnh", "ctxh"), ("tinh-doan", "Tỉnh đoàn", "ctxh")]]),
    ("2026-03-25T03:00:00Z", [line("directive.issued", "2026-03-20", {
        "doc": {"doc_key": "seed-001", "number": None, "type_name": "Chỉ thị", "issuer_org": "btv-tu"}, "source_kind": "directive",
        "requirements": [{"req_id": "R1b", "text_vi": "Định kỳ 6 tháng làm việc với Ban Tuyên giáo và Dân vận, Mặt trận.",
                          "template": "periodic_report", "assignees": {"ids": ["btv-tu"]},
                          "params": {"event_type": "meeting.held", "participants": ["btgdv-tu", "mttq"], "schedule": "R/2026-01-01/P6M",
                                     "grace": "P30D"}, "param_source": {"schedule": "text", "grace": "operator_default"}}]})]),
    ("2026-07-11T01:00:00Z", [line("meeting.held", "2026-07-10", {
        "meeting_id": "lv-2026-h1", "convener": "btv-tu", "participants": ["btgdv-tu", "mttq", "tinh-doan"], "kind": "lam_viec_dinh_ky",
        "period": {"key": "2026-H1", "start": "2026-01-01", "end": "2026-06-30"}})]),
]


def test_s6_six_monthly_working_sessions(log):
    build(log, S6)
    assert instance(check(log, "--as-of", "2026-07-31"), "seed-001#R1b", "2026-H1")["verdict"] == "satisfied"
    h2 = instance(check(log, "--as-of", "2027-01-31"), "seed-001#R1b", "2026-H2")
    assert (h2["due"], h2["verdict"]) == ("2027-01-30", "violated")
    log.append_lines([line("meeting.held", "2027-02-05", {
        "meeting_id": "lv-2026-h2", "convener": "btv-tu", "participants": ["btgdv-tu", "mttq"], "kind": "lam_viec_dinh_ky",
        "period": {"key": "2026-H2", "start": "2026-07-01", "end": "2026-12-31"}})], env={"AUDITLOG_NOW": "2027-02-06T01:00:00Z"})
    assert instance(check(log, "--as-of", "2027-02-28"), "seed-001#R1b", "2026-H2")["verdict"] == "late"


def test_check_formats_filters_and_exit_codes(tmp_path):
    log = Auditlog(tmp_path)
    log.run("demo", "--db", log.db, db=False, check=0)
    env = {"AUDITLOG_NOW": "2026-07-01T00:00:00Z"}
    table = log.run("check", "--as-of", "2026-06-30", env=env)
    assert table.returncode == 1 and "KHÔNG ĐẠT" in table.stdout.decode() and "Tổng hợp:" in table.stdout.decode()
    table = log.run("check", "--as-of", "2026-06-30", "--lang", "en", env=env)
    assert table.returncode == 1 and b"VIOLATED" in table.stdout and b"summary:" in table.stdout
    md = log.run("check", "--as-of", "2026-06-30", "--format", "markdown", env=env).stdout.decode()
    assert md.startswith("# Báo cáo kiểm tra") and "| Yêu cầu |" in md and "root `" not in md and "gốc `" in md
    md = log.run("check", "--as-of", "2026-06-30", "--format", "markdown", "--lang", "en", env=env).stdout.decode()
    assert md.startswith("# Compliance report") and "| Requirement |" in md and "root `" in md
    only = json.loads(log.run("check", "--as-of", "2026-06-30", "--directive", "seed-004", "--verdict", "violated",
                              "--format", "json", env=env).stdout)
    assert only["requirements"] and all(r["req_ref"].startswith("seed-004#") and r["verdict"] == "violated" for r in only["requirements"])
    csv_lines = log.run("check", "--as-of", "2026-06-30", "--format", "csv", env=env).stdout.decode().splitlines()
    assert csv_lines[0].startswith("req_ref,template,requirement_verdict") and len(csv_lines) > 20
    early = log.run("check", "--as-of", "2010-01-01", "--format", "json", env=env)
    assert early.returncode == 0 and all(r["verdict"] == "not_applicable" for r in json.loads(early.stdout)["requirements"])


def test_streamed_formats_agree_and_the_json_spool_leaves_nothing(tmp_path):
    """check writes requirements as they are judged: ndjson and csv at once, json through a
    temporary file (its findings come first). Every format must say the same thing; the
    temporary file must not outlive the command, and without a usable TMPDIR the requirements
    are kept in memory instead: the same bytes."""
    log = Auditlog(tmp_path)
    log.run("demo", "--db", log.db, db=False, check=0)
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {"AUDITLOG_NOW": "2026-07-01T00:00:00Z", "TMPDIR": str(spool)}
    whole = log.run("check", "--as-of", "2026-06-30", "--format", "json", env=env)
    assert whole.returncode == 1, whole.stderr
    report = json.loads(whole.stdout)
    assert len(report["requirements"]) > 10 and report["findings"]
    assert list(spool.iterdir()) == []
    lines = log.run("check", "--as-of", "2026-06-30", "--format", "ndjson", env=env).stdout.decode().splitlines()
    assert [json.loads(x) for x in lines] == report["requirements"]
    rows = log.run("check", "--as-of", "2026-06-30", "--format", "csv", env=env).stdout.decode().splitlines()
    assert len(rows) == 1 + sum(len(r["instances"]) for r in report["requirements"])
    summary = {}
    for r in report["requirements"]:
        summary[r["verdict"]] = summary.get(r["verdict"], 0) + 1
    assert report["summary"] == summary
    # The same report, filtered: the summary counts what is shown.
    violated = json.loads(log.run("check", "--as-of", "2026-06-30", "--verdict", "violated", "--format", "json", env=env).stdout)
    assert violated["summary"] == {"violated": summary["violated"]} and violated["findings"] == report["findings"]
    nowhere = log.run("check", "--as-of", "2026-06-30", "--format", "json",
                      env={**env, "TMPDIR": str(tmp_path / "missing")})
    assert nowhere.returncode == 1 and nowhere.stdout == whole.stdout and nowhere.stderr == b""
    # Table and markdown go through one temporary file per verdict; kept in memory without one.
    verdicts = {r["req_ref"]: r["verdict"] for r in report["requirements"]}
    for fmt in ("table", "markdown"):
        spooled = log.run("check", "--as-of", "2026-06-30", "--format", fmt, "--lang", "en", env=env)
        kept = log.run("check", "--as-of", "2026-06-30", "--format", fmt, "--lang", "en", env={**env, "TMPDIR": str(tmp_path / "missing")})
        assert spooled.returncode == kept.returncode == 1 and spooled.stdout == kept.stdout and kept.stderr == b"", fmt
        assert list(spool.iterdir()) == []
        text = spooled.stdout.decode()
        # Violated requirements first, then late, …, each verdict's in log order.
        order = ["violated", "late", "indeterminate", "pending", "satisfied", "not_applicable"]
        if fmt == "table":
            # A requirement's first line: its verdict's English label in capitals, then its req_ref.
            firsts = [line.split("  ") for line in text.splitlines() if line == line.lstrip() and line.count("  ") >= 2]
            firsts = [(label, ref) for label, ref, *_ in firsts if ref in verdicts]
            assert all(label == verdicts[ref].replace("_", " ").upper() for label, ref in firsts), firsts
            shown = [verdicts[ref] for _, ref in firsts]
        else:
            shown = []
            for line in text.splitlines():
                req = line.split(" | ")[0][2:].replace("\\|", "|") if line.startswith("| ") else None
                if req in verdicts and (not shown or shown[-1][1] != req):
                    shown.append((verdicts[req], req))
            shown = [v for v, _ in shown]
            # Each verdict's section has its heading, with the number of its requirements, worst first.
            headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
            counts = {v: shown.count(v) for v in set(shown)}
            assert headings == ["Summary"] + [f"{v.replace('_', ' ').capitalize()} ({counts[v]})" for v in order if v in counts] \
                + ["Requirements (Vietnamese text)", "Data-quality findings"], headings
        assert shown == sorted(shown, key=order.index) and len(set(shown)) > 2, (fmt, shown)


def test_a_requirement_larger_than_the_output_buffers_is_written_whole_in_every_format(tmp_path):
    """One requirement of tens of thousands of instances (a daily duty of 20 associations over
    six years) is one piece of JSON over 1 MiB: standard output and the spool write such a piece
    straight out instead of through their buffers. Every format must still say the same thing,
    spooled or kept in memory."""
    log = Auditlog(tmp_path)
    hoi = [f"h{i:02d}" for i in range(20)]
    build(log, [
        ("2026-01-02T01:00:00Z", [line("organization.registered", "2019-01-01", org(s, s.upper(), k))
                                  for s, k in [("btv-tu", "party_board")] + [(h, "hqc") for h in hoi]]),
        ("2026-01-02T02:00:00Z", [directive("2020-01-01", [{
            "req_id": "Q", "text_vi": "Báo cáo hằng năm.", "template": "periodic_report", "assignees": {"ids": hoi[:1]},
            "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2020-01-01/P1Y"},
            "param_source": "text"}, {
            "req_id": "R", "text_vi": "Báo cáo hằng ngày.", "template": "periodic_report", "assignees": {"ids": hoi},
            "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2020-01-01/P1D", "grace": "P1D"},
            "param_source": "text"}])]),
        ("2026-01-02T03:00:00Z", [report(f"r-{i}", "2020-01-02", reporter=h) for i, h in enumerate(hoi[:5])]),
    ])
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {"AUDITLOG_NOW": "2026-07-01T00:00:00Z", "TMPDIR": str(spool)}
    missing = {**env, "TMPDIR": str(tmp_path / "missing")}
    run = lambda fmt, e=env: log.run("check", "--as-of", "2026-06-30", "--format", fmt, env=e)
    ndjson = run("ndjson")
    assert ndjson.returncode == 1, ndjson.stderr
    lines = ndjson.stdout.decode().splitlines()
    # A small requirement first, so each buffer holds something when the large piece comes.
    assert len(lines) == 2 and len(lines[0]) < 1 << 16 and len(lines[1].encode()) > 1 << 20, [len(x) for x in lines]
    requirements = [json.loads(x) for x in lines]
    assert [r["req_ref"] for r in requirements] == ["D#Q", "D#R"] and len(requirements[1]["instances"]) > 40_000
    whole = run("json")
    assert whole.returncode == 1 and json.loads(whole.stdout)["requirements"] == requirements
    assert run("json", missing).stdout == whole.stdout and list(spool.iterdir()) == []
    csv = run("csv").stdout.decode().splitlines()
    assert len(csv) == 1 + sum(len(r["instances"]) for r in requirements)
    for fmt in ("table", "markdown"):
        spooled, kept = run(fmt), run(fmt, missing)
        assert spooled.returncode == kept.returncode == 1 and spooled.stdout == kept.stdout, fmt
        assert len(spooled.stdout) > 1 << 20 and spooled.stdout.count(b"\n") > len(requirements[1]["instances"]), fmt


def test_a_check_that_fails_before_judging_writes_nothing(tmp_path):
    """A log whose entry cannot be read stops check with exit 74 and no output in any format
    (not even the CSV header)."""
    log = Auditlog(tmp_path)
    log.run("demo", "--db", log.db, db=False, check=0)
    with sqlite3.connect(log.db) as db:
        db.execute("DROP TRIGGER IF EXISTS events_no_update")
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("UPDATE events SET entry = CAST('{\"broken' AS BLOB) WHERE seq = 30")
    for fmt in ["json", "ndjson", "csv", "table", "markdown"]:
        proc = log.run("check", "--as-of", "2026-06-30", "--format", fmt, env={"AUDITLOG_NOW": "2026-07-01T00:00:00Z"})
        assert proc.returncode == 74 and proc.stdout == b"", (fmt, proc.returncode, proc.stdout[:200], proc.stderr)


# ------------------------------------------------------------------- template edge cases (T1)
def periodic(schedule="R/2026-01-01/P3M", grace="P15D"):
    """btv-tu, a, b; directive D with one periodic report duty of `a` to btv-tu."""
    return [
        ("2026-01-02T01:00:00Z", [line("organization.registered", "2025-01-01", org(s, s.upper(), k)) for s, k in [
            ("btv-tu", "party_board"), ("a", "hqc"), ("b", "hqc")]]),
        ("2026-01-02T02:00:00Z", [line("directive.issued", "2026-01-01", {
            "doc": {"doc_key": "D", "number": None, "type_name": "Chỉ thị", "issuer_org": "btv-tu"}, "source_kind": "directive",
            "requirements": [{"req_id": "R", "text_vi": "Báo cáo định kỳ.", "template": "periodic_report", "assignees": {"ids": ["a"]},
                              "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": schedule, "grace": grace},
                              "param_source": "text"}]})]),
    ]


def report(rid, occurred, key=None, reporter="a", **extra):
    payload = {"report_id": rid, "reporter": reporter, "recipient": "btv-tu"}
    if key:
        start, end = {"2026-Q1": ("2026-01-01", "2026-03-31"), "2026-Q2": ("2026-04-01", "2026-06-30"),
                      "2025-Q4": ("2025-10-01", "2025-12-31")}[key]
        payload["period"] = {"key": key, "start": start, "end": end}
    return line("report.submitted", occurred, payload, **extra)


@pytest.mark.parametrize("occurred, verdict", [("2026-04-15", "satisfied"), ("2026-04-16", "late"), ("2026-04", "indeterminate")])
def test_grace_boundary_is_inclusive_and_a_month_date_straddling_it_is_indeterminate(log, occurred, verdict):
    build(log, periodic() + [("2026-05-01T01:00:00Z", [report("r1", occurred, "2026-Q1")])])
    inst = instance(check(log, "--as-of", "2026-05-31"), "D#R", "2026-Q1")
    assert (inst["due"], inst["verdict"]) == ("2026-04-15", verdict)


def test_month_end_anchor_clamps_without_drift(log):
    build(log, periodic(schedule="R/2026-01-31/P1M", grace="P0D"))
    r = requirement(check(log, "--as-of", "2026-04-30"), "D#R")
    assert [(i["key"], i["due"]) for i in r["instances"]] == [
        ("2026-01-31", "2026-02-27"), ("2026-02-28", "2026-03-30"), ("2026-03-31", "2026-04-29"), ("2026-04-30", "2026-05-30")]


def test_a_report_keyed_for_another_period_does_not_count(log):
    build(log, periodic() + [("2026-04-02T01:00:00Z", [report("r1", "2026-04-01", "2025-Q4")])])
    assert instance(check(log, "--as-of", "2026-04-30"), "D#R", "2026-Q1")["verdict"] == "violated"


def test_an_unkeyed_report_counts_for_the_earliest_open_period(log):
    build(log, periodic() + [("2026-04-11T01:00:00Z", [report("r1", "2026-04-10")])])
    report_ = check(log, "--as-of", "2026-04-30")
    assert instance(report_, "D#R", "2026-Q1")["verdict"] == "satisfied"
    assert instance(report_, "D#R", "2026-Q2")["verdict"] == "pending"


def test_a_merger_straddling_a_period_passes_the_duty_to_the_successor(log):
    build(log, periodic() + [
        ("2026-02-16T01:00:00Z", [line("organization.merged", "2026-02-15", {"sources": ["a"], "into": "b", "mode": "sap_nhap",
                                                                            "basis": {"doc_key": "QĐ", "type_name": "Quyết định", "issuer_org": "btv-tu"}})]),
        ("2026-04-02T01:00:00Z", [report("r1", "2026-04-01", "2026-Q1", reporter="b")]),
    ])
    inst = instance(check(log, "--as-of", "2026-04-30"), "D#R", "2026-Q1")
    assert inst["verdict"] == "satisfied" and inst["assignee"] == "a"


def test_a_correction_recorded_after_k_does_not_change_the_verdict_at_k(log):
    rid = "0190f4c2-7b1e-7c3a-9d2e-0000000000f1"
    build(log, periodic() + [
        ("2026-04-21T01:00:00Z", [report("r1", "2026-04-20", "2026-Q1", event_id=rid)]),
        ("2026-05-10T01:00:00Z", [line("event.corrected", "2026-05-10", {"target_event_id": rid, "patch": {"occurred_at": "2026-04-10"},
                                                                         "reason_vi": "Nhập sai ngày"})]),
    ])
    before = instance(check(log, "--as-of", "2026-04-30", "--known-at", "2026-05-01"), "D#R", "2026-Q1")
    after = instance(check(log, "--as-of", "2026-04-30"), "D#R", "2026-Q1")
    assert (before["verdict"], after["verdict"]) == ("late", "satisfied")


def test_a_directive_recorded_late_is_not_applicable_before_k_knows_it(log):
    build(log, periodic())
    r = check(log, "--as-of", "2026-06-30", "--known-at", "2026-01-01")
    assert r["requirements"] == [] and r["summary"] == {}


# ------------------------------------------------------------- found in review, kept as tests
def test_min_count_needs_that_many_reports(log):
    rows = periodic()
    rows[1][1][0]["payload"]["requirements"][0]["params"]["min_count"] = 2
    build(log, rows + [("2026-04-02T01:00:00Z", [report("r1", "2026-04-01", "2026-Q1")])])
    inst = instance(check(log, "--as-of", "2026-04-30"), "D#R", "2026-Q1")
    assert inst["verdict"] == "violated" and "1 of 2" in inst["reason"]


def test_a_keyed_report_dated_before_its_period_does_not_count(log):
    build(log, periodic() + [("2026-03-02T01:00:00Z", [report("r1", "2026-03-01", "2026-Q2")])])
    assert instance(check(log, "--as-of", "2026-07-31"), "D#R", "2026-Q2")["verdict"] == "violated"


def test_an_amendment_applies_from_its_date_not_to_earlier_periods(log):
    build(log, periodic() + [("2026-04-02T01:00:00Z", [line("requirement.amended", "2026-04-01", {
        "req_ref": "D#R", "params_patch": {"schedule": "R/2026-01-01/P1M"},
        "basis": {"doc_key": "CV sửa", "type_name": "Công văn", "issuer_org": "btv-tu"}})])])
    keys = [i["key"] for i in requirement(check(log, "--as-of", "2026-05-31"), "D#R")["instances"]]
    assert keys == ["2026-Q1", "2026-04", "2026-05"]


def test_a_target_with_many_digits_is_indeterminate_not_a_crash(log):
    rows = periodic()
    rows[1][1][0]["payload"]["requirements"].append({
        "req_id": "T", "text_vi": "Chỉ tiêu.", "template": "threshold_target", "param_source": "text",
        "params": {"metric": "members", "op": ">=", "value": "10000000.000000000000000", "scope": {"ids": ["a"]}, "deadline": "2026-12-31"}})
    build(log, rows)
    assert requirement(check(log, "--as-of", "2027-01-31"), "D#T")["verdict"] == "indeterminate"


def test_the_earliest_resolution_by_business_date_counts_though_recorded_later(log):
    rows = [r for r in S4 if not r[1][0]["type"].startswith("recommendation.resolved")]
    rows.append(("2022-01-11T01:00:00Z", [line("recommendation.resolved", "2022-01-10", {"rec_id": "K2", "resolver": "ubnd", "outcome": "explained"})]))
    rows.append(("2022-01-12T01:00:00Z", [line("recommendation.resolved", "2021-10-01", {"rec_id": "K2", "resolver": "ubnd", "outcome": "accepted"})]))
    build(log, rows)
    assert instance(check(log, "--as-of", "2022-01-31"), "seed-004#R3.4", "K2 resolution")["verdict"] == "satisfied"


# ------------------------------------------------ found in the second review, kept as tests
BASIS = {"doc_key": "CV sửa", "type_name": "Công văn", "issuer_org": "btv-tu"}


def amend(occurred, patch, ref="D#R"):
    return line("requirement.amended", occurred, {"req_ref": ref, "params_patch": patch, "basis": BASIS})


def directive(issued, requirements, **extra):
    payload = {"doc": {"doc_key": "D", "number": None, "type_name": "Chỉ thị", "issuer_org": "btv-tu"}, "source_kind": "directive",
               "requirements": requirements}
    payload.update(extra)
    return line("directive.issued", issued, payload)


def orgs(*pairs):
    return ("2025-01-02T01:00:00Z", [line("organization.registered", "2024-01-01", org(s, s.upper(), k)) for s, k in pairs])


def inspection(iid, occurred, target="a"):
    return line("inspection.conducted", occurred, {"inspection_id": iid, "inspector": "btv-tu", "target": target, "kind": "giam_sat"})


def inspection_duty(**params):
    return {"req_id": "I", "text_vi": "Giám sát.", "template": "recurring_inspection", "assignees": {"ids": ["btv-tu"]},
            "params": dict({"inspector": {"ids": ["btv-tu"]}, "targets": {"ids": ["a"]}, "grace": "P15D"}, **params), "param_source": "text"}


def test_an_unkeyed_report_counts_for_one_period_across_an_amendment(log):
    build(log, periodic() + [("2026-04-02T01:00:00Z", [amend("2026-04-01", {"grace": "P20D"})]),
                             ("2026-04-11T01:00:00Z", [report("r1", "2026-04-10")])])
    r = requirement(check(log, "--as-of", "2026-07-31"), "D#R")
    assert [(i["key"], i["verdict"]) for i in r["instances"]] == [("2026-Q1", "satisfied"), ("2026-Q2", "violated"), ("2026-Q3", "pending")]


def test_an_amendment_on_the_effective_date_keeps_the_first_period(log):
    rows = periodic()
    rows[1] = ("2026-02-16T02:00:00Z", [directive("2026-02-15", rows[1][1][0]["payload"]["requirements"])])
    build(log, rows + [("2026-02-16T03:00:00Z", [amend("2026-02-15", {"grace": "P20D"})])])
    r = requirement(check(log, "--as-of", "2026-05-31"), "D#R")
    assert [(i["key"], i["verdict"], i["due"]) for i in r["instances"]] == [("2026-Q1", "violated", "2026-04-20"), ("2026-Q2", "pending", "2026-07-20")]


def test_a_rolling_inspection_is_not_split_by_an_amendment(log):
    build(log, [orgs(("btv-tu", "party_board"), ("a", "hqc")),
                ("2025-01-02T02:00:00Z", [directive("2025-01-01", [inspection_duty(mode="rolling", max_gap="P1Y", grace="P30D")])]),
                ("2025-02-02T01:00:00Z", [inspection("i1", "2025-02-01")]),
                ("2026-02-02T01:00:00Z", [amend("2026-02-01", {"grace": "P60D"}, ref="D#I")])])
    r = requirement(check(log, "--as-of", "2026-06-30"), "D#I")
    assert [(i["key"], i["verdict"], i["due"]) for i in r["instances"]] == [("a", "violated", "2026-04-02")]


def test_a_calendar_inspection_counts_once_and_plans_are_reported_once_across_an_amendment(log):
    build(log, [orgs(("btv-tu", "party_board"), ("a", "hqc")),
                ("2026-01-02T02:00:00Z", [directive("2026-01-01", [inspection_duty(mode="calendar", schedule="R/2026-01-01/P3M")])]),
                ("2026-01-03T02:00:00Z", [line("inspection.planned", "2026-01-03", {
                    "inspection_id": "i9", "inspector": "btv-tu", "target": "a", "planned_window": ["2026-02-01", "2026-02-28"]})]),
                ("2026-04-02T01:00:00Z", [amend("2026-04-01", {"grace": "P20D"}, ref="D#I")]),
                ("2026-04-11T01:00:00Z", [inspection("i1", "2026-04-10")])])
    report_ = check(log, "--as-of", "2026-07-31")
    r = requirement(report_, "D#I")
    assert [(i["key"], i["verdict"]) for i in r["instances"]] == [("a 2026-Q1", "satisfied"), ("a 2026-Q2", "violated"), ("a 2026-Q3", "pending")]
    assert [f["kind"] for f in report_["findings"] if f["req_ref"] == "D#I"] == ["plan_not_executed"]


@pytest.mark.parametrize("ended", ["lifted", "effective_until"])
def test_a_dissemination_already_due_stays_violated_after_a_lift(log, ended):
    duty = {"req_id": "V", "text_vi": "Quán triệt.", "template": "coverage", "assignees": {"ids": ["btv-tu"]},
            "params": {"universe": {"ids": ["c"]}, "relation": {"kind": "dissemination", "doc_key": "D"}, "grace": "P30D"}, "param_source": "text"}
    rows = [orgs(("btv-tu", "party_board"), ("c", "party_cell"))]
    if ended == "lifted":
        rows += [("2026-01-02T02:00:00Z", [directive("2026-01-01", [duty])]),
                 ("2026-06-02T01:00:00Z", [line("requirement.lifted", "2026-06-01", {"req_ref": "D#V", "effective_on": "2026-06-01", "basis": BASIS})])]
    else:
        rows += [("2026-01-02T02:00:00Z", [directive("2026-01-01", [duty], effective_until="2026-06-01")])]
    build(log, rows)
    assert instance(check(log, "--as-of", "2026-07-31"), "D#V", "c")["verdict"] == "violated"
    # Lifted before it fell due: not owed.
    assert requirement(check(log, "--as-of", "2026-01-20"), "D#V")["verdict"] == "pending"


def test_an_inspection_of_a_predecessor_after_the_merger_counts_for_its_successor(log):
    build(log, [orgs(("btv-tu", "party_board"), ("old", "hqc"), ("new", "hqc")),
                ("2026-01-02T02:00:00Z", [directive("2026-01-01", [inspection_duty(mode="calendar", schedule="R/2026-01-01/P6M",
                                                                                   targets={"ids": ["new"]})])]),
                ("2026-03-02T01:00:00Z", [line("organization.merged", "2026-03-01", {"sources": ["old"], "into": "new", "mode": "sap_nhap", "basis": BASIS})]),
                ("2026-05-11T01:00:00Z", [inspection("i1", "2026-05-10", target="old")])])
    assert instance(check(log, "--as-of", "2026-07-31"), "D#I", "new 2026-H1")["verdict"] == "satisfied"


def test_min_count_with_a_report_straddling_the_deadline_is_indeterminate_not_late(log):
    rows = periodic()
    rows[1][1][0]["payload"]["requirements"][0]["params"]["min_count"] = 2
    build(log, rows + [("2026-07-11T01:00:00Z", [report("r2", "2026-07-10", "2026-Q2")]),
                       ("2026-08-01T01:00:00Z", [report("r1", "2026-07", "2026-Q2")])])
    assert instance(check(log, "--as-of", "2026-08-31"), "D#R", "2026-Q2")["verdict"] == "indeterminate"


# ------------------------------------------------------------------------------ --explain
def test_explain_walks_one_requirement_to_its_events(log):
    # Recorded more than a week late: the explanation carries the late_recording finding too.
    build(log, periodic() + [("2026-05-20T01:00:00Z", [report("r1", "2026-04-10", "2026-Q1")])])
    seq = int(log.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()[-1].split('"seq":')[1].split(",")[0])
    proc = log.run("check", "--as-of", "2026-07-31", "--explain", "D#R", "--format", "json", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"})
    assert proc.returncode == 1, proc.stderr  # Q2 is violated
    e = json.loads(proc.stdout)
    assert e["requirement"]["req_ref"] == "D#R" and e["as_of"] == "2026-07-31" and e["log"]["size"] == seq
    assert [(i["key"], i["verdict"]) for i in e["requirement"]["instances"]][:2] == [("2026-Q1", "satisfied"), ("2026-Q2", "violated")]
    assert [(v["seq"], v["type"], v["occurred_at"]) for v in e["events"]] == [(seq, "report.submitted", "2026-04-10")]
    assert [(f["kind"], f["seq"]) for f in e["findings"]] == [("late_recording", seq)]
    text = log.run("check", "--as-of", "2026-07-31", "--explain", "D#R", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"}).stdout.decode()
    assert f"seq {seq}: Gửi báo cáo, xảy ra 10/04/2026" in text and "Ghi nhận muộn" in text
    text = log.run("check", "--as-of", "2026-07-31", "--explain", "D#R", "--lang", "en", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"}).stdout.decode()
    assert f"seq {seq}: report, occurred 2026-04-10" in text and "late recording" in text
    missing = log.run("check", "--explain", "D#R9", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"})
    assert missing.returncode != 0 and b"no requirement" in missing.stderr


# ------------------------------------------------ which reports a check keeps (compact facts)
def test_a_report_dated_before_the_directive_counts_for_the_period_it_falls_in(log):
    # In force from 2026-02-15: the first quarter began before it, and a report of 5 January
    # counts for it. The check drops plain reports only from before the earliest such period.
    rows = periodic()
    rows[1] = (rows[1][0].replace("01-02", "02-16"), [directive("2026-02-15", rows[1][1][0]["payload"]["requirements"])])
    build(log, [rows[0], ("2026-01-06T01:00:00Z", [report("r0", "2025-06-01"), report("r1", "2026-01-05", "2026-Q1")]), rows[1]])
    inst = instance(check(log, "--as-of", "2026-04-30"), "D#R", "2026-Q1")
    assert (inst["verdict"], inst["reason"]) == ("satisfied", "done on 2026-01-05, due 2026-04-15")


def test_a_prohibition_of_reports_sees_reports_to_any_recipient(log):
    # No reporting duty names b: the reports to it used to be dropped before the prohibition saw them.
    build(log, [orgs(("btv-tu", "party_board"), ("a", "hqc"), ("b", "hqc")),
                ("2026-01-02T02:00:00Z", [directive("2026-01-01", [{
                    "req_id": "P", "text_vi": "Không báo cáo.", "template": "prohibition_window", "param_source": "text",
                    "params": {"forbidden": "report.submitted", "scope": {"ids": ["a"]}, "from": "2026-01-01", "until": None}}])]),
                ("2026-03-02T01:00:00Z", [line("report.submitted", "2026-03-01", {"report_id": "x", "reporter": "a", "recipient": "b"})])])
    r = requirement(check(log, "--as-of", "2026-04-30"), "D#P")
    assert r["verdict"] == "violated" and "1 report.submitted in the window" in r["instances"][0]["reason"]
