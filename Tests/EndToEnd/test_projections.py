"""Projections through the binary: the query commands, --as-of/--known-at, rebuild, and the
projection checks of worked scenario S2 (S2e)."""
import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import ROOT, Auditlog, query


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


V1 = "auditlog/v1"


def line(type_, occurred, payload, **extra):
    return dict({"type": type_, "occurred_at": occurred, "actor": "clerk:vp-tu", "payload": payload}, **extra)


def org(slug, name, kind="hqc", **extra):
    payload = {"org_id": slug, "name_vi": name, "kind": kind, "level": "province", "province": "ha-tinh"}
    payload.update(extra)
    return payload


HQC = {"dac_thu": True, "giao_nhiem_vu": True}
RETRACTED_MERGER = "0190f4c2-7b1e-7c3a-9d2e-00000000000b"

# Scenario S2 (a merger, a suspension window, a retracted merger): rows (recorded_at, lines appended at that instant).
S2 = [
    ("2021-08-01T01:00:00Z", [line("organization.registered", "2021-01-01", org("tt-tu", "Thường trực Tỉnh ủy Hà Tĩnh", "party_board")),
                              line("organization.registered", "2021-01-01", org("btv-tu", "Ban Thường vụ Tỉnh ủy Hà Tĩnh", "party_board")),
                              line("organization.registered", "2021-01-01", org("ubnd", "Ủy ban nhân dân tỉnh Hà Tĩnh", "government"))]),
    ("2021-08-01T01:01:00Z", [line("organization.registered", "2010-01-01", org(s, n, flags=HQC)) for s, n in [
        ("hoi-khuyen-hoc", "Hội Khuyến học tỉnh"), ("hoi-cuu-giao-chuc", "Hội Cựu giáo chức tỉnh"), ("hoi-nguoi-mu", "Hội Người mù tỉnh"),
        ("hoi-bao-tro-nkt-tmc", "Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh"), ("hoi-dong-y", "Hội Đông y tỉnh"),
        ("hoi-y-hoc", "Hội Y học tỉnh")]]),
    ("2021-08-01T02:00:00Z", [line("document.registered", "2018-07-20", {"doc": {
        "doc_key": "677-TB/TU", "number": "677-TB/TU", "type_name": "Thông báo kết luận", "issuer_org": "btv-tu"}})]),
    ("2021-08-01T02:10:00Z", [line("organization.merged", "2019-05-10", {
        "sources": ["hoi-cuu-giao-chuc"], "into": "hoi-khuyen-hoc", "mode": "sap_nhap", "basis": "677-TB/TU"})]),
    ("2021-08-02T03:00:00Z", [line("directive.issued", "2021-07-26", {
        "doc": {"doc_key": "seed-004", "number": None, "type_name": "Thông báo kết luận", "issuer_org": "tt-tu", "signing_mode": "TL"},
        "source_kind": "conclusion_notice", "effective_from": "2021-07-26",
        "requirements": [{"req_id": "R2.3", "text_vi": "Tạm dừng sáp nhập các hội có tính chất đặc thù.", "template": "prohibition_window",
                          "params": {"forbidden": "organization.merged", "scope": {"kind": "hqc", "flags": {"dac_thu": True}, "province": "ha-tinh"},
                                     "from": "2021-07-26", "until": None}, "param_source": "text"}]})]),
    ("2022-03-20T04:00:00Z", [line("organization.merged", "2022-03-15", {
        "sources": ["hoi-nguoi-mu"], "into": "hoi-bao-tro-nkt-tmc", "mode": "sap_nhap",
        "basis": {"doc_key": "HYP-12-QĐ/UBND", "number": "12/QĐ-UBND", "type_name": "Quyết định", "issuer_org": "ubnd"}},
        event_id=RETRACTED_MERGER)]),
    ("2025-07-20T01:00:00Z", [line("directive.issued", "2025-07-15", {
        "doc": {"doc_key": "HYP-01-TB/TU", "number": "01-TB/TU", "type_name": "Thông báo", "issuer_org": "btv-tu"},
        "source_kind": "conclusion_notice", "requirements": []})]),
    ("2025-07-20T01:05:00Z", [line("requirement.lifted", "2025-07-15", {"req_ref": "seed-004#R2.3", "effective_on": "2025-07-15",
                                                                       "basis": "HYP-01-TB/TU"})]),
    ("2025-09-05T01:00:00Z", [line("organization.merged", "2025-09-01", {
        "sources": ["hoi-dong-y"], "into": "hoi-y-hoc", "mode": "sap_nhap", "basis": "HYP-01-TB/TU"})]),
    ("2026-01-05T02:00:00Z", [line("event.retracted", "2026-01-05", {"target_event_id": RETRACTED_MERGER, "reason_vi": "nhap_sai"})]),
]


@pytest.fixture
def s2(log):
    log.run("init", "--origin", "ha-tinh.example/audit", check=0, env={"AUDITLOG_NOW": S2[0][0]})
    for recorded, lines in S2:
        log.append_lines(lines, env={"AUDITLOG_NOW": recorded})
    return log


def run_json(log, *args, now="2026-06-30T03:00:00Z"):
    out = log.run(*args, "--format", "json", check=0, env={"AUDITLOG_NOW": now}).stdout
    return json.loads(out)


def test_s2e_the_merged_association_depends_on_what_was_known(s2):
    """S2e: hoi-nguoi-mu at T = 2023-01-01 with K = 2025-12-31T17:00Z is merged into
    hoi-bao-tro-nkt-tmc (the fact stands although it broke the suspension); with K = latest the
    merger is retracted and the association is active."""
    then = run_json(s2, "org", "hoi-nguoi-mu", "--as-of", "2023-01-01", "--known-at", "2025-12-31T17:00:00Z")
    assert then["status"]["value"] == "merged" and then["successors"] == ["hoi-bao-tro-nkt-tmc"]
    now = run_json(s2, "org", "hoi-nguoi-mu", "--as-of", "2023-01-01")
    assert now["status"]["value"] == "active" and now["successors"] == []
    # A date as --known-at means the end of that local day: 2025-12-31 (Hà Nội) ends 16:59:59.999Z,
    # after which nothing of S2 was recorded until the retraction.
    assert run_json(s2, "org", "hoi-nguoi-mu", "--as-of", "2023-01-01", "--known-at", "2025-12-31")["status"]["value"] == "merged"
    before = run_json(s2, "org", "hoi-nguoi-mu", "--as-of", "2022-03-14", "--known-at", "2025-12-31")
    assert before["status"]["value"] == "active"


def test_orgs_filters_and_formats_agree(s2):
    merged = run_json(s2, "orgs", "--status", "merged")
    assert [o["org_id"] for o in merged] == ["hoi-cuu-giao-chuc", "hoi-dong-y"]
    assert run_json(s2, "orgs", "--search", "HOI NGUOI MU")[0]["name"]["value"] == "Hội Người mù tỉnh"
    csv_out = s2.run("orgs", "--kind", "hqc", "--format", "csv", check=0).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert [r["org"] for r in rows] == sorted(r["org"] for r in rows) and len(rows) == 6
    nd = [json.loads(x) for x in s2.run("orgs", "--kind", "hqc", "--format", "ndjson", check=0).stdout.decode().splitlines()]
    assert [o["org_id"] for o in nd] == [r["org"] for r in rows]
    table = s2.run("orgs", check=0).stdout.decode()
    assert table.splitlines()[0].split("  ")[:2] == ["Tổ chức", ""] and "Hội Bảo trợ người khuyết tật" in table
    table = s2.run("orgs", "--lang", "en", check=0).stdout.decode()
    assert table.splitlines()[0].split()[:3] == ["Org", "Name", "Kind"] and "Hội Bảo trợ người khuyết tật" in table


def test_directive_shows_lifted_state_and_history_notes_the_retraction(s2):
    rows = run_json(s2, "directive", "seed-004")
    assert rows[0]["req_ref"] == "seed-004#R2.3" and rows[0]["state"] == "lifted" and rows[0]["lifted_on"] == "2025-07-15"
    assert run_json(s2, "directive", "seed-004", "--as-of", "2024-01-01")[0]["state"] == "in force"
    history = run_json(s2, "history", "hoi-bao-tro-nkt-tmc")
    merger = [h for h in history if h["event_id"] == RETRACTED_MERGER]
    assert merger and merger[0]["retracted_by"] == history[-1]["seq"] and history[-1]["type"] == "event.retracted"
    assert {h["type"] for h in history} >= {"organization.registered", "organization.merged"}
    # history follows predecessors: hoi-nguoi-mu's own registration is in hoi-bao-tro-nkt-tmc's timeline at K
    then = run_json(s2, "history", "hoi-bao-tro-nkt-tmc", "--known-at", "2025-12-31", "--from", "2010-01-01", "--to", "2010-12-31")
    assert {h["payload"]["org_id"] for h in then} == {"hoi-bao-tro-nkt-tmc", "hoi-nguoi-mu"}


def test_unknown_org_and_bad_dates_are_clear_errors(s2):
    proc = s2.run("org", "hoi-khong-co")
    assert proc.returncode == 66 and proc.stderr.decode().count("\n") == 1
    proc = s2.run("orgs", "--as-of", "2023-13-01")
    assert proc.returncode == 64 and "--as-of" in proc.stderr.decode()
    proc = s2.run("orgs", "--known-at", "yesterday")
    assert proc.returncode == 64 and "--known-at" in proc.stderr.decode()


def test_tables_equal_a_rebuild_and_a_replay_on_the_seed_history(tmp_path):
    log = Auditlog(tmp_path)
    log.run("demo", "--db", log.db, db=False, check=0)
    dump = "SELECT 'o', data FROM proj_organizations UNION ALL SELECT 'd', data FROM proj_documents UNION ALL " \
           "SELECT 't', data FROM proj_tasks UNION ALL SELECT 'a', data FROM proj_assignments UNION ALL " \
           "SELECT 'r', data FROM proj_recommendations ORDER BY 1, 2"
    inline = query(log.db, dump)
    assert len(inline) > 150
    log.run("rebuild", check=0)
    assert query(log.db, dump) == inline
    # A --known-at replays the log instead of reading the tables: the same records.
    from_tables = run_json(log, "orgs", "--as-of", "2099-12-31")
    replayed = run_json(log, "orgs", "--as-of", "2099-12-31", "--known-at", "2099-01-01T00:00:00Z")
    assert replayed == from_tables


def test_an_append_with_corrections_rebuilds_the_tables_as_a_rebuild_does(tmp_path):
    """An append whose input corrects or retracts rebuilds the tables in its transaction: the
    events committed before it on worker threads (several chunks here), its own on the writer's
    connection. The tables must equal a `rebuild` afterwards, whichever side the targets are on."""
    gen = ROOT / "tools" / "bench" / "gen_domain.py"
    history = subprocess.run([sys.executable, str(gen), "--events", "14000", "--seed", "3", "--orgs", "30"],
                             capture_output=True, check=True).stdout
    log = Auditlog(tmp_path)
    log.run("init", "--origin", "example.org/test-log", check=0)
    log.run("append", input=history, check=0)
    reports = query(log.db, "SELECT event_id, json_extract(entry, '$.payload.org_id') FROM events "
                            "WHERE type = 'membership.reported' ORDER BY seq")
    early, late = reports[5], reports[-5]
    new_id = "0190f4c2-7b1e-7c3a-9d2e-0000000000f1"
    lines = [
        line("event.corrected", "2025-06-30", {"target_event_id": early[0], "patch": {"payload": {"members": 1}}, "reason_vi": "Sửa."}),
        line("event.retracted", "2025-06-30", {"target_event_id": late[0], "reason_vi": "nhap_sai"}),
        line("membership.reported", "2025-06-30", {"org_id": late[1], "as_of": "2025-06-30", "members": 77}, event_id=new_id),
        line("event.corrected", "2025-06-30", {"target_event_id": new_id, "patch": {"payload": {"members": 78}}, "reason_vi": "Sửa."}),
    ]
    log.run("append", input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), check=0)
    dump = "SELECT 'o', data FROM proj_organizations UNION ALL SELECT 'd', data FROM proj_documents UNION ALL " \
           "SELECT 't', data FROM proj_tasks UNION ALL SELECT 'a', data FROM proj_assignments UNION ALL " \
           "SELECT 'r', data FROM proj_recommendations UNION ALL SELECT 's', seq FROM proj_state ORDER BY 1, 2"
    inline = query(log.db, dump)
    assert query(log.db, "SELECT max(seq) FROM events")[0][0] > 3 * 4096 and len(inline) > 30
    figures = {json.loads(d)["org_id"]: json.loads(d).get("membership") for k, d in inline if k == "o"}
    assert figures[late[1]]["members"] == 78
    log.run("rebuild", check=0)
    assert query(log.db, dump) == inline


def test_tasks_overdue_and_open(tmp_path):
    log = Auditlog(tmp_path)
    log.run("demo", "--db", log.db, db=False, check=0)
    every = run_json(log, "tasks")
    open_ = run_json(log, "tasks", "--open")
    overdue = run_json(log, "tasks", "--overdue", "--as-of", "2026-06-30")
    assert set(t["task_id"] for t in overdue) <= set(t["task_id"] for t in open_) <= set(t["task_id"] for t in every)
    assert all(t["due"] < "2026-06-30" and t["status"]["value"] == "open" for t in overdue)
    assert overdue, "the seed history leaves some task overdue"


def test_a_side_table_dropped_by_hand_is_made_again_and_refilled(engine_log):
    log = engine_log
    manifest = json.loads((ROOT / "tools" / "samples" / "manifest.json").read_text(encoding="utf-8"))
    log.init(manifest["origin"], "--timezone", manifest["timezone"], catalogue="auditlog/v1")
    batches = manifest["batches"]
    for batch in batches[:-1]:
        log.run("append", "--quiet", ROOT / "tools" / "samples" / batch["file"], env={"AUDITLOG_NOW": batch["recorded_at"]}, check=0)
    now = {"AUDITLOG_NOW": batches[-1]["recorded_at"]}
    # The tables are derived and "safe to drop": one dropped alone must not leave the next
    # append working from an empty table whose state row still says it is current.
    query(log.db, "DROP TABLE proj_tasks")
    query(log.db, "DROP TABLE domain_links")
    log.run("append", "--quiet", ROOT / "tools" / "samples" / batches[-1]["file"], env=now, check=0)
    after = log.run("tasks", "--format", "json", env=now, check=0).stdout
    links = query(log.db, "SELECT count(*) FROM domain_links")[0][0]
    log.run("rebuild", "--index", env=now, check=0)
    assert log.run("tasks", "--format", "json", env=now, check=0).stdout == after
    assert json.loads(after) != []
    assert links == query(log.db, "SELECT count(*) FROM domain_links")[0][0] > 0
