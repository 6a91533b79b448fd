"""Compliance at the edges of amendments, lifts, successors and imprecise dates (each case
with its control where one is needed to show the rule), and the calendar arithmetic of
schedules and staleness windows against Python's own dates."""
import calendar
import copy
import datetime as dt

import pytest

from test_projections import line, org
from test_check import S1, S4, build, check, instance, periodic, report, requirement


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


BASIS = {"doc_key": "CV sửa", "type_name": "Công văn", "issuer_org": "btv-tu"}


def amend(on, patch, rec):
    return (rec, [line("requirement.amended", on, {"req_ref": "D#R", "params_patch": patch, "basis": BASIS})])


def lift(on, effective, rec, ref="D#R"):
    return (rec, [line("requirement.lifted", on, {"req_ref": ref, "effective_on": effective, "basis": BASIS})])


def with_req(rows, req):
    rows = copy.deepcopy(rows)
    rows[1][1][0]["payload"]["requirements"] = [req]
    return rows


def keys(rep, ref="D#R"):
    return [(i["key"], i["verdict"]) for i in requirement(rep, ref)["instances"]]


# An amendment dated on or before effective_from applies from the start: the first period stays.
def test_an_amendment_on_the_effective_date_keeps_the_first_period(log):
    rows = periodic()
    rows[1][1][0]["payload"]["effective_from"] = "2026-02-15"
    build(log, rows + [amend("2026-02-15", {"grace": "P20D"}, "2026-02-16T01:00:00Z")])
    got = keys(check(log, "--as-of", "2026-05-31"))
    print("with amendment:", got)
    assert [k for k, _ in got] == ["2026-Q1", "2026-Q2"], got


def test_control_without_amendment_first_period_is_there(log):
    rows = periodic()
    rows[1][1][0]["payload"]["effective_from"] = "2026-02-15"
    build(log, rows)
    got = keys(check(log, "--as-of", "2026-05-31"))
    print("without amendment:", got)
    assert [k for k, _ in got] == ["2026-Q1", "2026-Q2"], got


# One unkeyed report counts for one period, also when an amendment splits the requirement.
def test_an_unkeyed_report_counts_once_across_an_amendment(log):
    build(log, periodic(schedule="R/2026-01-01/P1Y") + [
        amend("2026-06-01", {"grace": "P20D"}, "2026-06-02T01:00:00Z"),
        ("2027-01-11T01:00:00Z", [report("r1", "2027-01-10")]),
    ])
    got = keys(check(log, "--as-of", "2028-02-15"))
    print("with amendment:", got)
    assert got[:2] == [("2026", "satisfied"), ("2027", "violated")], got


def test_control_unkeyed_report_once_without_amendment(log):
    build(log, periodic(schedule="R/2026-01-01/P1Y") + [("2027-01-11T01:00:00Z", [report("r1", "2027-01-10")])])
    got = keys(check(log, "--as-of", "2028-02-15"))
    print("without amendment:", got)
    assert got[:2] == [("2026", "satisfied"), ("2027", "violated")], got


# min_count: a straddling report and an on-time one make the period indeterminate, not late.
def test_min_count_with_a_straddling_then_an_on_time_report_is_indeterminate(log):
    rows = periodic(schedule="R/2026-01-01/P1Y")
    rows[1][1][0]["payload"]["requirements"][0]["params"]["min_count"] = 2
    build(log, rows + [("2027-02-01T01:00:00Z", [report("r1", "2027-01"), report("r2", "2027-01-10")])])
    inst = instance(check(log, "--as-of", "2027-02-15"), "D#R", "2026")
    print(inst)
    assert inst["verdict"] == "indeterminate", inst


def inspection_rows(params, extra_orgs=()):
    rows = periodic()
    rows[0][1].extend(line("organization.registered", "2025-01-01", org(s, s.upper(), "hqc")) for s in extra_orgs)
    return with_req(rows, {"req_id": "R", "text_vi": "Kiểm tra.", "template": "recurring_inspection",
                           "params": params, "param_source": "text"})


def inspected(iid, on, rec, target="a", inspector="btv-tu"):
    return (rec, [line("inspection.conducted", on, {"inspection_id": iid, "inspector": inspector, "target": target, "kind": "kiem_tra"})])


# Rolling inspection: an amendment neither restarts the max_gap clock nor duplicates the instance.
ROLLING = {"inspector": {"ids": ["btv-tu"]}, "targets": {"ids": ["a"]}, "mode": "rolling", "max_gap": "P1Y", "grace": "P0D"}


def test_an_amendment_does_not_restart_a_rolling_clock(log):
    build(log, inspection_rows(ROLLING) + [
        inspected("i1", "2026-02-01", "2026-02-02T01:00:00Z"),
        amend("2026-12-01", {"kinds": ["kiem_tra", "giam_sat"]}, "2026-12-02T01:00:00Z"),
    ])
    r = requirement(check(log, "--as-of", "2027-06-30"), "D#R")
    print([(i["key"], i["due"], i["verdict"], i["reason"]) for i in r["instances"]], r["verdict"])
    assert r["verdict"] == "violated"


def test_control_rolling_without_amendment(log):
    build(log, inspection_rows(ROLLING) + [inspected("i1", "2026-02-01", "2026-02-02T01:00:00Z")])
    r = requirement(check(log, "--as-of", "2027-06-30"), "D#R")
    print([(i["key"], i["due"], i["verdict"], i["reason"]) for i in r["instances"]], r["verdict"])
    assert r["verdict"] == "violated"


# Calendar inspection with an amendment: one inspection counts once, a plan is reported once.
CAL = {"inspector": {"ids": ["btv-tu"]}, "targets": {"ids": ["a"]}, "schedule": "R/2026-01-01/P1Y", "grace": "P15D"}


def test_a_calendar_amendment_counts_an_inspection_and_a_plan_once(log):
    build(log, inspection_rows(CAL) + [
        ("2026-02-02T01:00:00Z", [line("inspection.planned", "2026-02-01", {
            "inspection_id": "p1", "inspector": "btv-tu", "target": "a", "planned_window": ["2026-03-01", "2026-03-31"]})]),
        amend("2026-06-01", {"grace": "P20D"}, "2026-06-02T01:00:00Z"),
        inspected("i1", "2027-01-10", "2027-01-11T01:00:00Z"),
    ])
    rep = check(log, "--as-of", "2028-02-15")
    plans = [f for f in rep["findings"] if f["kind"] == "plan_not_executed"]
    print(plans)
    print(keys(rep))
    assert len(plans) == 1 and keys(rep)[:2] == [("a 2026", "satisfied"), ("a 2027", "violated")]


# one_off_task lifted before it fell due: not owed.
def one_off(with_task):
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Xây dựng đề án.", "template": "one_off_task", "assignees": {"ids": ["a"]},
                                 "params": {"due_on": "2026-12-31"}, "param_source": "text"})
    if with_task:
        rows.append(("2026-03-02T01:00:00Z", [line("task.assigned", "2026-03-01", {
            "task_id": "t1", "req_ref": "D#R", "assignee": "a", "description_vi": "Đề án"})]))
    return rows + [lift("2026-06-01", "2026-06-01", "2026-06-02T01:00:00Z")]


def test_a_one_off_duty_lifted_before_due_without_a_task_is_not_applicable(log):
    build(log, one_off(False))
    r = requirement(check(log, "--as-of", "2027-01-31"), "D#R")
    print(r["verdict"], r["instances"])
    assert r["verdict"] == "not_applicable"


def test_a_one_off_task_lifted_before_due_is_not_applicable(log):
    build(log, one_off(True))
    r = requirement(check(log, "--as-of", "2027-01-31"), "D#R")
    print(r["verdict"], r["instances"])
    assert r["verdict"] == "not_applicable"


# response_within: recommendation filed before the lift, due after it: not owed.
def test_a_response_lifted_before_due_is_not_applicable(log):
    rows = [r for r in S4 if r[1][0]["type"] in ("organization.registered", "meeting.held", "recommendation.filed", "directive.issued")]
    rows.append(("2021-09-02T01:00:00Z", [line("requirement.lifted", "2021-09-01", {
        "req_ref": "seed-004#R3.4", "effective_on": "2021-09-01", "basis": {"doc_key": "X", "type_name": "Công văn", "issuer_org": "tt-tu"}})]))
    build(log, rows)
    r = requirement(check(log, "--as-of", "2022-01-31"), "seed-004#R3.4")
    print(r["verdict"], [(i["key"], i.get("due"), i["verdict"], i["reason"]) for i in r["instances"]])
    assert r["verdict"] == "not_applicable"


# coverage by dissemination: overdue before the lift stays violated after it.
def test_a_dissemination_violated_before_a_lift_stays_violated(log):
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Quán triệt.", "template": "coverage",
                                 "params": {"universe": {"ids": ["a"]}, "relation": {"kind": "dissemination", "doc_key": "D"}, "grace": "P30D"},
                                 "param_source": "text"})
    build(log, rows)
    before = requirement(check(log, "--as-of", "2026-05-31"), "D#R")
    log.append_lines([lift("2026-06-01", "2026-06-01", None)[1][0]], env={"AUDITLOG_NOW": "2026-06-02T01:00:00Z"})
    after = requirement(check(log, "--as-of", "2026-06-30"), "D#R")
    print(before["verdict"], before["instances"], "|", after["verdict"], after["instances"])
    assert (before["verdict"], after["verdict"]) == ("violated", "violated")


# sum_ratio beyond 64 bits (1025 organisations with figures of 2^53-1): indeterminate, no crash.
def test_sum_ratio_beyond_64_bits_is_indeterminate_not_a_crash(log):
    n = 1025
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Tỷ lệ.", "template": "threshold_target", "param_source": "text",
                                 "params": {"metric": "membership_rate", "op": ">=", "value": "0.5", "aggregation": "sum_ratio",
                                            "scope": {"kind": "hqc", "province": "ha-tinh"}, "deadline": "2026-12-31"}})
    rows[0][1][:] = [x for x in rows[0][1] if x["payload"]["kind"] != "hqc"]
    rows[0][1].extend(line("organization.registered", "2025-01-01", org(f"h{i}", f"H{i}", "hqc")) for i in range(n))
    big = 2**53 - 1
    build(log, rows + [("2026-12-31T01:00:00Z", [
        line("membership.reported", "2026-12-31", {"org_id": f"h{i}", "as_of": "2026-12-31", "members": big, "eligible": big}) for i in range(n)])])
    proc = log.run("check", "--as-of", "2027-01-31", "--format", "json", env={"AUDITLOG_NOW": "2027-12-31T00:00:00Z"})
    print(proc.returncode, [l for l in proc.stderr.decode(errors="replace").splitlines() if "Fatal" in l or "ThresholdTarget" in l][:4])
    assert proc.returncode in (0, 1)
    assert "beyond" in proc.stdout.decode() or "exceed" in proc.stdout.decode()


# recurring_inspection and successors: an inspection naming either side of a merger counts.
MERGE = ("2026-02-16T01:00:00Z", [line("organization.merged", "2026-02-15", {"sources": ["a"], "into": "b", "mode": "sap_nhap",
                                                                            "basis": {"doc_key": "QĐ", "type_name": "Quyết định", "issuer_org": "btv-tu"}})])
QCAL = {"inspector": {"ids": ["btv-tu"]}, "targets": {"ids": ["a"]}, "schedule": "R/2026-01-01/P3M", "grace": "P15D"}


def test_inspection_of_successor_counts_for_merged_target(log):
    build(log, inspection_rows(QCAL) + [MERGE, inspected("i1", "2026-03-01", "2026-03-02T01:00:00Z", target="b")])
    print(keys(check(log, "--as-of", "2026-04-30")))
    assert keys(check(log, "--as-of", "2026-04-30"))[0] == ("a 2026-Q1", "satisfied")


def test_inspection_naming_predecessor_after_merger_counts_for_successor_target(log):
    params = dict(QCAL, targets={"ids": ["b"]})
    build(log, inspection_rows(params) + [MERGE, inspected("i1", "2026-03-01", "2026-03-02T01:00:00Z", target="a")])
    print(keys(check(log, "--as-of", "2026-04-30")))
    assert keys(check(log, "--as-of", "2026-04-30"))[0] == ("b 2026-Q1", "satisfied")


# A surely-on-time resolution decides over a month-precision one that straddles the due date.
def test_a_surely_on_time_resolution_beats_a_straddling_one(log):
    rows = [r for r in S4 if not r[1][0]["type"].startswith("recommendation.resolved")]
    rows.append(("2021-10-21T01:00:00Z", [line("recommendation.resolved", "2021-10-20", {"rec_id": "K2", "resolver": "ubnd", "outcome": "accepted"})]))
    rows.append(("2021-11-02T01:00:00Z", [line("recommendation.resolved", "2021-10", {"rec_id": "K2", "resolver": "ubnd", "outcome": "explained"})]))
    build(log, rows)
    inst = instance(check(log, "--as-of", "2021-11-30"), "seed-004#R3.4", "K2 resolution")
    print(inst)
    assert inst["verdict"] == "satisfied"


# An amendment dated by month counts only once its month has ended (E(T, K) needs τ⁺ ≤ T).
def test_a_month_precision_amendment_counts_only_once_its_month_ended(log):
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Đề án.", "template": "one_off_task", "assignees": {"ids": ["a"]},
                                 "params": {"due_on": "2026-06-10"}, "param_source": "text"})
    build(log, rows + [amend("2026-06", {"due_on": "2026-12-31"}, "2026-06-02T01:00:00Z")])
    inst = requirement(check(log, "--as-of", "2026-06-20"), "D#R")["instances"][0]
    print(inst)
    assert (inst["due"], inst["verdict"]) == ("2026-06-10", "violated")


# ISODuration.added(times:) through schedules: month-end anchors, leap years, long spans.


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))



@pytest.mark.parametrize("anchor, months", [("2026-01-31", 1), ("2026-08-31", 6), ("2026-02-28", 12), ("2026-03-31", 3), ("2026-05-30", 1)])
def test_schedule_periods_match_calendar_arithmetic(log, anchor, months):
    period = f"P{months}M" if months != 12 else "P1Y"
    rows = periodic(schedule=f"R/{anchor}/{period}", grace="P0D")
    build(log, rows)
    insts = requirement(check(log, "--as-of", "2032-12-31"), "D#R")["instances"]
    a = dt.date.fromisoformat(anchor)
    want = []
    k = 0
    while add_months(a, months * k) <= dt.date(2032, 12, 31):
        s = add_months(a, months * k)
        e = add_months(a, months * (k + 1)) - dt.timedelta(days=1)
        want.append(e.isoformat())
        k += 1
    got = [i["due"] for i in insts]
    assert got == want, (got[:8], want[:8])


@pytest.mark.parametrize("deadline, staleness, as_of, ok", [
    ("2028-02-29", "P1Y", "2027-02-28", True), ("2028-02-29", "P1Y", "2027-02-27", False),
    ("2027-03-31", "P1M", "2027-02-28", True), ("2027-03-31", "P1M", "2027-02-27", False),
    ("2026-12-31", "P1Y", "2025-12-31", True), ("2026-12-31", "P1Y", "2025-12-30", False),
    ("2027-03-31", "P1M2D", "2027-02-26", True), ("2027-03-31", "P1M2D", "2027-02-25", False),
])
def test_staleness_window(log, deadline, staleness, as_of, ok):
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Chỉ tiêu.", "template": "threshold_target", "param_source": "text",
                                 "params": {"metric": "members", "op": ">=", "value": "1", "scope": {"ids": ["a"]}, "deadline": deadline,
                                            "staleness": staleness}})
    build(log, rows + [("2026-01-03T01:00:00Z", [line("membership.reported", "2026-01-02", {"org_id": "a", "as_of": as_of, "members": 5})])])
    inst = requirement(check(log, "--as-of", "2029-01-31"), "D#R")["instances"][0]
    assert (inst["verdict"] == "satisfied") == ok, inst




def test_s1_amended_on_its_issue_date_keeps_the_2026_period(log):
    rows = S1[:-1] + [("2026-03-25T03:05:00Z", [line("requirement.amended", "2026-03-20", {
        "req_ref": "seed-001#R5", "params_patch": {"grace": "P20D"}, "basis": {"doc_key": "CV", "type_name": "Công văn", "issuer_org": "btv-tu"}})])]
    build(log, rows)
    r = requirement(check(log, "--as-of", "2027-02-28"), "seed-001#R5")
    print(r["verdict"], [(i["key"], i["due"], i["verdict"]) for i in r["instances"]])
    assert [(i["key"], i["due"]) for i in r["instances"]][:1] == [("2026", "2027-01-20")]


def test_control_calendar_without_amendment(log):
    build(log, inspection_rows(CAL) + [
        ("2026-02-02T01:00:00Z", [line("inspection.planned", "2026-02-01", {
            "inspection_id": "p1", "inspector": "btv-tu", "target": "a", "planned_window": ["2026-03-01", "2026-03-31"]})]),
        inspected("i1", "2027-01-10", "2027-01-11T01:00:00Z"),
    ])
    rep = check(log, "--as-of", "2028-02-15")
    plans = [f for f in rep["findings"] if f["kind"] == "plan_not_executed"]
    print(len(plans), keys(rep))
    assert len(plans) == 1 and keys(rep)[:2] == [("a 2026", "satisfied"), ("a 2027", "violated")]


# coverage over_interval: a past gap longer than the grace is a violation though covered at T.
@pytest.mark.parametrize("over_interval, verdict", [(True, "violated"), (False, "satisfied")])
def test_coverage_over_interval_sees_a_past_gap(log, over_interval, verdict):
    params = {"universe": {"ids": ["a"]}, "relation": {"kind": "monitoring", "role": "theo_doi"}, "grace": "P30D"}
    if over_interval:
        params["over_interval"] = True
    rows = with_req(periodic(), {"req_id": "R", "text_vi": "Phân công theo dõi.", "template": "coverage", "params": params,
                                 "param_source": "text"})

    def assigned(aid, on):
        return (on + "T01:00:00Z", [line("monitoring.assigned", on, {"assignment_id": aid, "monitor": "btv-tu", "target": "a",
                                                                   "role": "theo_doi", "basis": BASIS})])
    build(log, rows + [assigned("m1", "2026-01-02"),
                       ("2026-03-01T01:00:00Z", [line("monitoring.revoked", "2026-03-01", {"assignment_id": "m1"})]),
                       assigned("m2", "2026-06-01")])
    inst = instance(check(log, "--as-of", "2026-07-31"), "D#R", "a")
    assert inst["verdict"] == verdict, inst
    if over_interval:
        assert "uncovered from 2026-03-01 to 2026-05-31" in inst["reason"], inst
