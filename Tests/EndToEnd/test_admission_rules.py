"""The append's rules about what a payload says, and what the commands show of tasks, monitors
and registration dates, through the binary:

- a period whose key contradicts its dates, members above eligible, a merger dated before its
  organisations were registered, a DocRef style its number contradicts, a report or conducted
  inspection id already recorded with other content: exit 65, one line `line N: field: what is
  wrong`, nothing written; an exact retry is a duplicate;
- a task a report is about is done: `tasks --overdue` no longer lists it;
- `org`/`orgs` show a merged monitor's successor with the monitor as provenance (`monitor_now`);
- a year-only or month-only registration is shown as recorded in `org`, `orgs` and `history`.

Every test runs on both engines: an SQLite file and a PostgreSQL database."""
import csv
import io
import json
import re

import pytest

CATALOGUE = "auditlog/v1"


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine."""
    return engine_log


def line(type_, occurred, payload, **extra):
    return dict({"type": type_, "occurred_at": occurred, "actor": "clerk:btgdv-tu", "payload": payload}, **extra)


def org(slug, name, on="2020-01-01", kind="hqc"):
    return line("organization.registered", on,
                {"org_id": slug, "name_vi": name, "kind": kind, "level": "province", "province": "ha-tinh"})


BASE = [
    org("btv-tu", "Ban Thường vụ Tỉnh ủy", on="1991", kind="party_board"),
    org("bdv-tu", "Ban Dân vận Tỉnh ủy", kind="party_commission"),
    org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", on="2021-07", kind="party_commission"),
    org("hoi-a", "Hội A", on="1991"),
    org("hoi-b", "Hội B", on="2021-07-15"),
    line("document.registered", "2021-12-03", {"doc": {"doc_key": "d1", "number": "382-TB/TU", "type_name": "Thông báo",
                                                      "issuer_org": "btv-tu"}}),
]


def report(rid, key, start, end, on="2025-07-05", **extra):
    return line("report.submitted", on, dict({"report_id": rid, "reporter": "hoi-a", "recipient": "btv-tu",
                                               "period": {"key": key, "start": start, "end": end}}, **extra))


def domain_log(log, extra=()):
    log.init(catalogue=CATALOGUE)
    log.append_lines(BASE + list(extra))
    return log


def refused(log, lines):
    """The one stderr line of a refused append (exit 65), after checking nothing was written."""
    before = log.count()
    proc = log.append_lines(lines, check=65)
    err = proc.stderr.decode().splitlines()
    assert len(err) == 1, err
    assert log.count() == before
    return err[0]


def test_a_period_whose_key_contradicts_its_dates_is_refused(log):
    domain_log(log)
    assert refused(log, [report("r1", "2025-Q2", "2025-01-01", "2025-06-30")]) == \
        "auditlog: line 1: payload.period.start: is 2025-01-01 but 2025-Q2 is 2025-04-01 to 2025-06-30 (a period of other dates takes the key adhoc)"
    meeting = line("meeting.held", "2025-04-02", {"meeting_id": "m1", "convener": "btv-tu", "participants": ["hoi-a"],
                                                  "kind": "giao_ban", "period": {"key": "2025-03", "start": "2025-03-01",
                                                                                 "end": "2025-03-28"}})
    assert refused(log, [report("r0", "adhoc", "2025-02-03", "2025-02-09"), meeting]).startswith(
        "auditlog: line 2: payload.period.end: is 2025-03-28 but 2025-03 is 2025-03-01 to 2025-03-31 (a period of other dates takes the key adhoc)")


def test_members_above_eligible_are_refused(log):
    domain_log(log)
    figures = line("membership.reported", "2025-12-31", {"org_id": "hoi-a", "as_of": "2025-12-31", "members": 5001,
                                                         "eligible": 5000})
    assert refused(log, [figures]) == "auditlog: line 1: payload.members: is 5001, more than eligible (5000)"


def test_a_merger_before_a_registration_is_refused(log):
    domain_log(log)
    merger = line("organization.merged", "2021-06", {"sources": ["hoi-b"], "into": "hoi-a", "mode": "sap_nhap", "basis": "d1"})
    assert refused(log, [merger]) == \
        "auditlog: line 1: occurred_at: 2021-06 is before hoi-b (payload.sources[0]) was registered (2021-07-15)"
    log.append_lines([dict(merger, occurred_at="2021-07")])  # July 2021 may be on or after the 15th


def test_a_docref_style_its_number_contradicts_is_refused(log):
    domain_log(log)
    doc = line("document.registered", "2021-01-01", {"doc": {"doc_key": "k1", "number": "382-TB/TU", "style": "state",
                                                            "type_name": "Thông báo", "issuer_org": "btv-tu"}})
    assert refused(log, [doc]).startswith("auditlog: line 1: payload.doc.style: is state but the number 382-TB/TU is party")


def test_a_report_or_inspection_id_recorded_again_with_other_content_is_refused(log):
    eid = "0190f4c2-7b1e-7c3a-9d2e-0000000000e1"
    first = dict(report("r1", "2025-Q2", "2025-04-01", "2025-06-30"), event_id=eid)
    inspection = line("inspection.conducted", "2025-05-10", {"inspection_id": "kt-1", "inspector": "btv-tu", "target": "hoi-a",
                                                            "kind": "kiem_tra", "rating": "tốt"})
    domain_log(log, [first, inspection])
    seq = log.count() - 1
    assert refused(log, [report("r1", "2025-Q3", "2025-07-01", "2025-09-30", on="2025-10-05")]) == \
        f"auditlog: line 1: payload.report_id: r1 is already recorded at seq {seq} (recorded once: an import run again needs the same event_id on each line)"
    assert refused(log, [report("r2", "2025-Q2", "2025-04-01", "2025-06-30"),
                         report("r2", "2025-Q2", "2025-04-01", "2025-06-30", on="2025-07-06")]) == \
        "auditlog: line 2: payload.report_id: r2 is already recorded at seq " + str(log.count() + 1) + " (recorded once: an import run again needs the same event_id on each line)"
    assert refused(log, [dict(inspection, payload=dict(inspection["payload"], rating="khá"))]) == \
        f"auditlog: line 1: payload.inspection_id: kt-1 is already recorded at seq {seq + 1} (recorded once: an import run again needs the same event_id on each line)"
    # An exact retry (same event_id) is a duplicate, not a conflict.
    assert "duplicate" in log.append_lines([first]).stdout.decode()


def tasks(log, *args):
    return log.run("tasks", "--as-of", "2025-06-30", *args, check=0).stdout.decode()


def test_tasks_overdue_no_longer_lists_a_task_a_report_completed(log):
    def task(tid):
        return line("task.assigned", "2025-01-10", {"task_id": tid, "assignee": "hoi-a", "description_vi": "Việc", "due_on": "2025-02-01"})
    domain_log(log, [task("t1"), task("t2"), dict(report("r1", "adhoc", "2025-01-01", "2025-01-15", on="2025-01-20"), payload={
        "report_id": "r1", "reporter": "hoi-a", "recipient": "btv-tu", "about": ["t1"]})])
    rows = list(csv.DictReader(io.StringIO(tasks(log, "--overdue", "--format", "csv"))))
    assert [r["task"] for r in rows] == ["t2"]
    listed = {t["task_id"]: t for t in json.loads(tasks(log, "--format", "json"))}
    assert listed["t1"]["status"] == {"stamp": {"day": "2025-01-20", "seq": 9}, "value": "completed"}
    assert listed["t1"]["done_at"] == {"day": "2025-01-20", "seq": 9} and listed["t2"]["status"]["value"] == "open"
    assert "Đã hoàn thành 20/01/2025" in tasks(log) and "completed 2025-01-20" in tasks(log, "--lang", "en")
    # Before the report's date both were open; just after the due date only t2 is overdue.
    def listed_at(as_of, flag):
        out = log.run("tasks", flag, "--as-of", as_of, "--format", "csv", check=0).stdout.decode()
        return [r["task"] for r in csv.DictReader(io.StringIO(out))]
    assert listed_at("2025-01-19", "--open") == ["t1", "t2"]
    assert listed_at("2025-02-02", "--overdue") == ["t2"]


MERGED_MONITOR = [
    line("monitoring.assigned", "2021-12-03", {"assignment_id": "a1", "monitor": "bdv-tu", "target": "hoi-a",
                                               "role": "theo_doi", "basis": "d1"}),
    line("organization.merged", "2025-03-01", {"sources": ["bdv-tu"], "into": "btgdv-tu", "mode": "hop_nhat", "basis": "d1"}),
]


def test_org_and_orgs_show_a_merged_monitors_successor_with_the_monitor_as_provenance(log):
    domain_log(log, MERGED_MONITOR)
    table = log.run("org", "hoi-a", check=0).stdout.decode()
    assert re.search(r"^Theo dõi +btgdv-tu \(trước là bdv-tu\) \(Theo dõi, từ 03/12/2021, a1\)$", table, re.M), table
    table = log.run("org", "hoi-a", "--lang", "en", check=0).stdout.decode()
    assert re.search(r"^Monitors +btgdv-tu \(was bdv-tu\) \(monitoring, since 2021-12-03, a1\)$", table, re.M), table
    shown = json.loads(log.run("org", "hoi-a", "--format", "json", check=0).stdout)
    assert shown["monitoring"] == [{"assignment_id": "a1", "monitor": "bdv-tu", "monitor_now": ["btgdv-tu"],
                                    "role": "theo_doi", "since": "2021-12-03"}]
    rows = {r["org"]: r for r in csv.DictReader(io.StringIO(log.run("orgs", "--format", "csv", check=0).stdout.decode()))}
    assert rows["hoi-a"]["monitors"] == "btgdv-tu (was bdv-tu)"
    assert "btgdv-tu (trước là bdv-tu)" in log.run("orgs", check=0).stdout.decode()
    assert "btgdv-tu (was bdv-tu)" in log.run("orgs", "--lang", "en", check=0).stdout.decode()
    for out in (log.run("orgs", "--format", "json", check=0).stdout, log.run("orgs", "--format", "ndjson", check=0).stdout):
        text = out.decode()
        listed = json.loads(text) if text.startswith("[") else [json.loads(x) for x in text.splitlines()]
        assert {o["org_id"]: o["monitoring"] for o in listed}["hoi-a"][0]["monitor_now"] == ["btgdv-tu"]
    # Before the merger the monitor holds its own duties.
    before = json.loads(log.run("org", "hoi-a", "--as-of", "2024-12-31", "--format", "json", check=0).stdout)
    assert before["monitoring"][0]["monitor_now"] == ["bdv-tu"]
    assert re.search(r"^Theo dõi +bdv-tu \(Theo dõi, ", log.run("org", "hoi-a", "--as-of", "2024-12-31", check=0).stdout.decode(), re.M)


def test_a_year_or_month_registration_is_shown_as_recorded_in_every_format(log):
    domain_log(log)
    table = log.run("org", "btv-tu", check=0).stdout.decode()
    assert re.search(r"^Thành lập +năm 1991$", table, re.M) and "Đang hoạt động từ năm 1991 (seq 1)" in table
    assert re.search(r"^Thành lập +tháng 07/2021$", log.run("org", "btgdv-tu", check=0).stdout.decode(), re.M)
    table = log.run("org", "btv-tu", "--lang", "en", check=0).stdout.decode()
    assert re.search(r"^Registered +1991$", table, re.M) and "active since 1991 (seq 1)" in table
    assert re.search(r"^Registered +2021-07$", log.run("org", "btgdv-tu", "--lang", "en", check=0).stdout.decode(), re.M)
    for args in (("org", "btv-tu", "--format", "json"), ("orgs", "--format", "json"), ("orgs", "--format", "ndjson"),
                 ("history", "btv-tu", "--format", "json"), ("history", "btv-tu", "--format", "ndjson"),
                 ("history", "btv-tu", "--format", "csv"), ("history", "btv-tu")):
        out = log.run(*args, check=0).stdout.decode()
        assert "1991-01-01" not in out and "2021-07-01" not in out, args
        assert "1991" in out, args
    listed = {o["org_id"]: o for o in json.loads(log.run("orgs", "--format", "json", check=0).stdout)}
    assert (listed["btv-tu"]["registered_on"], listed["btgdv-tu"]["registered_on"], listed["hoi-b"]["registered_on"]) == \
        ("1991", "2021-07", "2021-07-15")
    history = list(csv.DictReader(io.StringIO(log.run("history", "btv-tu", "--format", "csv", check=0).stdout.decode())))
    assert history[0]["occurred_at"] == "1991"
