"""Known-answer tests of the reference evaluator tools/reference/check.py alone (no binary
needed): small histories written here as export lines, each with the verdicts that follow by
hand from docs/compliance.md (section numbers below), and the RFC 9162 roots of the log."""
import base64
import hashlib
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tools" / "reference" / "check.py"


def reference_modules(*names):
    """The reference evaluator's modules, imported without leaving its directory on sys.path or
    its plainly named modules in sys.modules (they would shadow others of the same name)."""
    before = set(sys.modules)
    sys.path.insert(0, str(REFERENCE.parent))
    try:
        return [importlib.import_module(name) for name in names]
    finally:
        sys.path.remove(str(REFERENCE.parent))
        for name in set(sys.modules) - before:
            del sys.modules[name]


[export] = reference_modules("export")

# ---------------------------------------------------------------- building an export


class History:
    """Export lines written by hand: seq, event_id and subject are filled in."""

    def __init__(self):
        self.lines = []

    def add(self, type_, occurred, recorded, payload, event_id=None):
        """Appends one entry; returns its seq."""
        seq = len(self.lines) + 1
        self.lines.append({
            "actor": "test", "event_id": event_id or f"00000000-0000-7000-8000-{seq:012d}", "meta": {},
            "occurred_at": occurred, "payload": payload, "recorded_at": recorded, "seq": seq,
            "subject": f"x/{seq}", "subject_version": 1, "type": type_, "v": 1})
        return seq

    def event_id(self, seq):
        """The event id of an entry."""
        return self.lines[seq - 1]["event_id"]

    def org(self, slug, kind="hqc", province="ha-tinh", on="2020-01-01", level="province", **extra):
        payload = {"org_id": slug, "name_vi": f"Tổ chức {slug}", "kind": kind, "level": level, "province": province}
        payload.update(extra)
        return self.add("organization.registered", on, "2020-01-02T00:00:00.000Z", payload)

    def directive(self, doc_key, effective, requirements, issuer="btv", recorded="2020-01-02T00:00:00.000Z",
                  source_kind="directive"):
        return self.add("directive.issued", effective, recorded, {
            "doc": {"doc_key": doc_key, "number": None, "type_name": "Chỉ thị", "issuer_org": issuer},
            "source_kind": source_kind, "effective_from": effective, "requirements": requirements})

    def report(self, rid, reporter, occurred, recorded, recipient="tt", period=None, **extra):
        payload = {"report_id": rid, "reporter": reporter, "recipient": recipient}
        if period:
            payload["period"] = {"key": period[0], "start": period[1], "end": period[2]}
        payload.update(extra)
        return self.add("report.submitted", occurred, recorded, payload)

    def write(self, path):
        text = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
                       for line in self.lines)
        path.write_text(text, encoding="utf-8")
        return path


def requirement(rid, template, params, **extra):
    r = {"req_id": rid, "text_vi": f"Yêu cầu {rid}", "template": template, "params": params, "param_source": "text"}
    r.update(extra)
    return r


def run(path, as_of, known_at=None, offset=None):
    """(exit code, report) of the reference on an export."""
    argv = [sys.executable, str(REFERENCE), str(path), "--as-of", as_of]
    if known_at:
        argv += ["--known-at", known_at]
    if offset:
        argv += ["--utc-offset", offset]
    proc = subprocess.run(argv, capture_output=True, timeout=60)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout else proc.stderr.decode())


def instances(report, req_ref):
    """{(assignee, key): instance} of one requirement."""
    [r] = [r for r in report["requirements"] if r["req_ref"] == req_ref]
    return {(i["assignee"], i["key"]): i for i in r["instances"]}


def verdict(report, req_ref):
    [r] = [r for r in report["requirements"] if r["req_ref"] == req_ref]
    return r["verdict"]


def base(h):
    """The organisations most histories use: a board, a recipient, three commissions."""
    h.org("btv", kind="party_committee")
    h.org("tt", kind="party_board")
    for slug in ("a", "b", "c"):
        h.org(slug, kind="party_commission")


def yearly(rid="Y", assignees=("a",), grace="P30D", **params):
    p = {"event_type": "report.submitted", "recipient": "tt", "schedule": "R/2021-01-01/P1Y", "grace": grace}
    p.update(params)
    return requirement(rid, "periodic_report", p, assignees={"ids": list(assignees)})


# ---------------------------------------------------------------- the log (§6.4 log.root)

CT_LEAVES = [bytes.fromhex(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f")]
CT_ROOT_8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
CT_ROOT_3 = "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"


def test_merkle_root_matches_the_rfc_9162_vectors():
    assert export.merkle_root(CT_LEAVES) == base64.b64encode(bytes.fromhex(CT_ROOT_8)).decode()
    assert export.merkle_root(CT_LEAVES[:3]) == base64.b64encode(bytes.fromhex(CT_ROOT_3)).decode()
    assert export.merkle_root([]) == base64.b64encode(hashlib.sha256(b"").digest()).decode()


def test_the_report_names_the_size_and_root_of_the_lines_read(tmp_path):
    h = History()
    base(h)
    path = h.write(tmp_path / "x.ndjson")
    lines = path.read_bytes().split(b"\n")[:-1]
    code, report = run(path, "2026-06-30")
    assert code == 0
    assert report["log"] == {"size": 5, "root": export.merkle_root(lines)}
    assert report["requirements"] == [] and report["summary"] == {} and report["known_at"] == "latest"


def test_unreadable_input_exits_65_and_a_bad_argument_64_with_one_line(tmp_path):
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"seq": 1}\nnot json\n')
    code, message = run(bad, "2026-06-30")
    assert code == 65 and message.count("\n") == 1
    code, _ = run(tmp_path / "missing.ndjson", "2026-06-30")
    assert code == 65
    code, message = run(bad, "2026-02-30")                           # a bad argument is a usage error
    assert code == 64 and message.count("\n") == 1


def test_points_print_one_report_per_line_each_as_its_own_run_prints_it(tmp_path):
    path = worked_example_1(tmp_path)
    points = [("2021-06-30", "latest"), ("2023-06-30", "latest"), ("2023-06-30", "2023-01-01T00:00:00Z")]
    argv = [sys.executable, str(REFERENCE), str(path)] + [a for t, k in points for a in ("--point", f"{t},{k}")]
    proc = subprocess.run(argv, capture_output=True, timeout=60)
    lines = proc.stdout.decode().splitlines()
    singles = [run(path, t, None if k == "latest" else k) for t, k in points]
    assert [json.loads(line) for line in lines] == [report for _, report in singles]
    assert [verdict(json.loads(line), "D#Y") for line in lines] == ["not_applicable", "late", "violated"]
    assert proc.returncode == 1 and max(code for code, _ in singles) == 1    # late at one point: exit 1
    for bad in (["--point", "2023-06-30"], ["--point", "2023-06-30,latest", "--as-of", "2023-06-30"], [],
                ["--point", "2023-06-30,latest", "--point", "2023-06-30,"], ["--point", "2023-13-30,latest"]):
        proc = subprocess.run([sys.executable, str(REFERENCE), str(path)] + bad, capture_output=True, timeout=60)
        assert proc.returncode == 64 and proc.stderr.decode().count("\n") == 1 and not proc.stdout, bad
        assert "--point" in proc.stderr.decode(), bad                              # names the option


# ---------------------------------------------------------------- periodic reports (§5.1)


def worked_example_1(tmp_path):
    """The export of worked example 1: a yearly report to tt, on time for 2021 and late for 2022."""
    h = History()
    base(h)
    h.directive("D", "2021-07-26", [yearly()])
    h.report("r21", "a", "2022-01-14", "2022-01-15T00:00:00.000Z", period=("2021", "2021-01-01", "2021-12-31"))
    h.report("r22", "a", "2023-02-20", "2023-02-21T00:00:00.000Z", period=("2022", "2022-01-01", "2022-12-31"))
    return h.write(tmp_path / "x.ndjson")


def test_worked_example_1_yearly_reports_late_and_pending(tmp_path):
    code, report = run(worked_example_1(tmp_path), "2023-06-30")
    got = instances(report, "D#Y")
    assert got[("a", "2021")]["verdict"] == "satisfied" and got[("a", "2021")]["due"] == "2022-01-30"
    assert got[("a", "2022")]["verdict"] == "late" and got[("a", "2022")]["evidence"] == [8]
    assert got[("a", "2023")]["verdict"] == "pending" and got[("a", "2023")]["due"] == "2024-01-30"
    assert verdict(report, "D#Y") == "late" and code == 1


@pytest.mark.parametrize("as_of, wanted", [("2021-10-20", "pending"), ("2021-11-01", "indeterminate")])
def test_worked_example_2_a_month_date_straddling_the_due_day(tmp_path, as_of, wanted):
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly(schedule="R/2021-01-01/P3M", grace="P24D")])
    h.report("r", "a", "2021-10", "2021-11-01T00:00:00.000Z", period=("2021-Q3", "2021-07-01", "2021-09-30"))
    _, report = run(h.write(tmp_path / "x.ndjson"), as_of)
    assert instances(report, "D#Y")[("a", "2021-Q3")]["verdict"] == wanted   # due 2021-10-24


@pytest.mark.parametrize("known_at, wanted, lag", [("2022-02-01", "violated", None),
                                                    (None, "satisfied", "lag P46D")])
def test_worked_example_3_as_known_at(tmp_path, known_at, wanted, lag):
    h = History()
    base(h)
    h.directive("D", "2021-07-26", [yearly()])
    seq = h.report("r", "a", "2022-01-14", "2022-03-01T00:00:00.000Z")
    _, report = run(h.write(tmp_path / "x.ndjson"), "2022-02-15", known_at)
    got = instances(report, "D#Y")[("a", "2021")]
    assert got["verdict"] == wanted
    late = [f for f in report["findings"] if f["kind"] == "late_recording"]
    assert late == ([{"detail": lag, "kind": "late_recording", "req_ref": "D#Y", "seq": seq}] if lag else [])
    assert report["known_at"] == ("2022-02-01T16:59:59.999Z" if known_at else "latest")


def test_worked_example_4_a_merger_passes_the_duty_and_a_dissolution_orphans_it(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", ("a", "c"), "P15D", schedule="R/2024-01-01/P3M")])
    h.add("organization.merged", "2025-03-01", "2025-03-02T00:00:00.000Z",
          {"sources": ["a"], "into": "b", "mode": "sap_nhap", "basis": "D"})
    b_report = h.report("b1", "b", "2025-04-08", "2025-04-09T00:00:00.000Z", period=("2025-Q1", "2025-01-01", "2025-03-31"))
    h.add("organization.dissolved", "2025-03-01", "2025-03-02T00:00:00.000Z", {"org_id": "c", "basis": "D"})
    h.report("c1", "c", "2025-01-10", "2025-01-11T00:00:00.000Z", period=("2024-Q4", "2024-10-01", "2024-12-31"))
    _, report = run(h.write(tmp_path / "x.ndjson"), "2025-06-30")
    got = instances(report, "D#Q")
    assert got[("a", "2024-Q4")]["verdict"] == "violated"          # due 2025-01-15, before the merger
    assert got[("a", "2025-Q1")]["evidence"] == [b_report]         # σ(a, 2025-04-08) = {b}
    assert got[("a", "2025-Q1")]["verdict"] == "satisfied"
    assert got[("c", "2024-Q4")]["verdict"] == "satisfied"         # c reported before it ended
    assert ("c", "2025-Q1") not in got and ("c", "2025-Q2") not in got   # §3.4 rule 3: no instance
    assert {"detail": "c has no successor since 2025-03-01", "kind": "orphaned", "req_ref": "D#Q"} in report["findings"]


def test_worked_example_5_catching_up_a_missed_quarter(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2026-01-01", [yearly("Q", schedule="R/2026-01-01/P3M", grace="P15D")])
    may = h.report("r1", "a", "2026-05-02", "2026-05-03T00:00:00.000Z")
    july = h.report("r2", "a", "2026-07-10", "2026-07-11T00:00:00.000Z")
    code, report = run(h.write(tmp_path / "x.ndjson"), "2026-08-01")
    got = instances(report, "D#Q")
    assert (got[("a", "2026-Q1")]["verdict"], got[("a", "2026-Q1")]["evidence"]) == ("late", [may])
    assert got[("a", "2026-Q1")]["reason"] == "done on 2026-05-02, 17 days after the due date 2026-04-15"
    assert (got[("a", "2026-Q2")]["verdict"], got[("a", "2026-Q2")]["evidence"]) == ("satisfied", [july])
    assert got[("a", "2026-Q3")]["verdict"] == "pending" and verdict(report, "D#Q") == "late" and code == 1


def test_worked_example_5_with_keys(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2026-01-01", [yearly("Q", schedule="R/2026-01-01/P3M", grace="P15D"),
                                    yearly("H", ("b",), schedule="R/2026-01-01/P3M", grace="P15D")])
    keyed = h.report("r1", "a", "2026-05-02", "2026-05-03T00:00:00.000Z", period=("2026-Q2", "2026-04-01", "2026-06-30"))
    july = h.report("r2", "a", "2026-07-10", "2026-07-11T00:00:00.000Z")
    half = h.report("r3", "b", "2026-07-05", "2026-07-06T00:00:00.000Z", period=("2026-H1", "2026-01-01", "2026-06-30"))
    _, report = run(h.write(tmp_path / "x.ndjson"), "2026-08-01")
    got = instances(report, "D#Q")
    assert (got[("a", "2026-Q2")]["verdict"], got[("a", "2026-Q2")]["evidence"]) == ("satisfied", [keyed])
    assert (got[("a", "2026-Q1")]["verdict"], got[("a", "2026-Q1")]["evidence"]) == ("late", [july])
    assert {"detail": "a report for 2026-Q2 dated 2026-05-02, before the period ended on 2026-06-30",
            "kind": "report_before_period_end", "req_ref": "D#Q", "seq": keyed} in report["findings"]
    got = instances(report, "D#H")
    assert (got[("b", "2026-Q1")]["verdict"], got[("b", "2026-Q2")]["verdict"]) == ("late", "satisfied")
    assert got[("b", "2026-Q1")]["evidence"] == got[("b", "2026-Q2")]["evidence"] == [half]


@pytest.mark.parametrize("as_of, wanted, reason", [
    ("2022-01-30", "pending", "due 2022-01-30"),
    ("2022-01-31", "violated", "nothing by 2022-01-30 (1 day overdue)"),
    ("2022-02-01", "violated", "nothing by 2022-01-30 (2 days overdue)")])
def test_the_due_day_is_inclusive(tmp_path, as_of, wanted, reason):                 # §2.4
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()])
    _, report = run(h.write(tmp_path / "x.ndjson"), as_of)
    got = instances(report, "D#Y")[("a", "2021")]
    assert (got["verdict"], got["reason"]) == (wanted, reason)


def test_an_unkeyed_late_report_makes_the_earliest_open_period_late(tmp_path):       # §5.1
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", schedule="R/2024-01-01/P3M", grace="P15D")])
    first = h.report("r1", "a", "2024-04-10", "2024-04-11T00:00:00.000Z")
    second = h.report("r2", "a", "2024-08-20", "2024-08-21T00:00:00.000Z")   # Q2 due 07-15, Q3 due 10-15
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-09-30")
    got = instances(report, "D#Q")
    assert got[("a", "2024-Q1")]["evidence"] == [first] and got[("a", "2024-Q1")]["verdict"] == "satisfied"
    assert got[("a", "2024-Q2")]["evidence"] == [second] and got[("a", "2024-Q2")]["verdict"] == "late"
    assert got[("a", "2024-Q3")]["verdict"] == "pending"


def test_an_unkeyed_report_after_the_next_due_day_skips_to_a_later_period(tmp_path):    # §5.1
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", schedule="R/2024-01-01/P3M", grace="P15D")])
    seq = h.report("r", "a", "2024-10-20", "2024-10-21T00:00:00.000Z")     # after Q2's next (Q3) due 10-15
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-10-31")
    got = instances(report, "D#Q")
    # Q1's next period (Q2) is due 07-15 and Q2's next (Q3) 10-15, both before 10-20; Q4's due is after.
    assert got[("a", "2024-Q3")]["evidence"] == [seq] and got[("a", "2024-Q3")]["verdict"] == "late"
    assert got[("a", "2024-Q1")]["verdict"] == "violated" and got[("a", "2024-Q2")]["verdict"] == "violated"
    assert got[("a", "2024-Q4")]["verdict"] == "pending"


def test_a_half_year_report_covers_both_quarters_from_their_start(tmp_path):        # §5.1
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", schedule="R/2024-01-01/P3M", grace="P15D")])
    seq = h.report("r", "a", "2024-07-05", "2024-07-06T00:00:00.000Z", period=("2024-H1", "2024-01-01", "2024-06-30"))
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-07-31")
    got = instances(report, "D#Q")
    assert got[("a", "2024-Q1")]["verdict"] == "late" and got[("a", "2024-Q1")]["evidence"] == [seq]
    assert got[("a", "2024-Q2")]["verdict"] == "satisfied" and got[("a", "2024-Q2")]["evidence"] == [seq]


def test_min_count_needs_that_many_and_a_straddling_one_is_indeterminate(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly(min_count=2, grace="P10D")])
    one = h.report("r1", "a", "2021-05-01", "2021-05-02T00:00:00.000Z")
    two = h.report("r2", "a", "2022-01", "2022-02-01T00:00:00.000Z")       # straddles 2022-01-10
    _, report = run(h.write(tmp_path / "x.ndjson"), "2022-03-01")
    got = instances(report, "D#Y")[("a", "2021")]
    assert got["verdict"] == "indeterminate" and got["evidence"] == [one, two]


def test_a_keyed_report_of_another_requirement_or_recipient_does_not_count(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()])
    h.report("r1", "a", "2022-01-05", "2022-01-06T00:00:00.000Z", recipient="btv")
    h.report("r2", "a", "2022-01-06", "2022-01-07T00:00:00.000Z", req_ref="D#Other")
    _, report = run(h.write(tmp_path / "x.ndjson"), "2022-03-01")
    assert instances(report, "D#Y")[("a", "2021")]["verdict"] == "violated"


def test_an_amendment_cuts_a_second_part_with_full_periods(tmp_path):               # §4.2
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", schedule="R/2024-01-01/P3M", grace="P15D")])
    h.add("requirement.amended", "2024-04-10", "2024-04-11T00:00:00.000Z",
          {"req_ref": "D#Q", "params_patch": {"schedule": "R/2024-01-01/P1M", "grace": "P5D"}, "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-06-10")
    keys = [k for _, k in instances(report, "D#Q")]
    assert keys == ["2024-Q1", "2024-Q2", "2024-05", "2024-06"]   # April began before the cut
    assert instances(report, "D#Q")[("a", "2024-05")]["due"] == "2024-06-05"


def test_a_lift_stops_later_periods_only(tmp_path):                                 # §4.3
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("Q", schedule="R/2024-01-01/P3M", grace="P15D")])
    h.add("requirement.lifted", "2024-05-01", "2024-05-02T00:00:00.000Z",
          {"req_ref": "D#Q", "effective_on": "2024-05-01", "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-12-31")
    assert sorted(k for _, k in instances(report, "D#Q")) == ["2024-Q1", "2024-Q2"]


def test_before_its_effective_date_a_requirement_is_not_applicable(tmp_path):       # §4.1
    h = History()
    base(h)
    h.directive("D", "2021-07-26", [yearly(), requirement("T", "one_off_task", {"due_within": "P30D"},
                                                          assignees={"ids": ["a"]})])
    code, report = run(h.write(tmp_path / "x.ndjson"), "2021-07-01")
    assert verdict(report, "D#Y") == "not_applicable" and verdict(report, "D#T") == "not_applicable"
    assert instances(report, "D#T")[("*", "*")]["reason"] == "not in force before 2021-07-26"
    assert code == 0


# ---------------------------------------------------------------- corrections (§2.1, §6.3)


def test_a_correction_moves_a_report_and_joins_the_evidence(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()])
    seq = h.report("r", "a", "2022-02-20", "2022-02-21T00:00:00.000Z")
    fix = h.add("event.corrected", "2022-03-01", "2022-03-01T00:00:00.000Z",
                {"target_event_id": h.event_id(seq), "patch": {"occurred_at": "2022-01-20"}, "reason_vi": "Sửa"})
    path = h.write(tmp_path / "x.ndjson")
    _, before = run(path, "2022-06-30", "2022-02-25")
    _, after = run(path, "2022-06-30")
    assert instances(before, "D#Y")[("a", "2021")]["verdict"] == "late"
    got = instances(after, "D#Y")[("a", "2021")]
    assert got["verdict"] == "satisfied" and got["evidence"] == [seq, fix]


def test_retracting_the_correction_restores_the_report_and_retracting_the_report_removes_it(tmp_path):
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()])
    seq = h.report("r", "a", "2022-01-20", "2022-01-21T00:00:00.000Z")
    fix = h.add("event.corrected", "2022-03-01", "2022-03-01T00:00:00.000Z",
                {"target_event_id": h.event_id(seq), "patch": {"payload": {"recipient": "btv"}}, "reason_vi": "Sửa"})
    h.add("event.retracted", "2022-03-02", "2022-03-02T00:00:00.000Z",
          {"target_event_id": h.event_id(fix), "reason_vi": "nhap_sai"})
    h.add("event.retracted", "2022-03-03", "2022-03-03T00:00:00.000Z",
          {"target_event_id": h.event_id(seq), "reason_vi": "trung_lap"})
    path = h.write(tmp_path / "x.ndjson")
    states = [instances(run(path, "2022-06-30", k)[1], "D#Y")[("a", "2021")]["verdict"]
              for k in ("2022-02-01", "2022-03-01", "2022-03-02", "2022-03-03")]
    assert states == ["satisfied", "violated", "satisfied", "violated"]


def test_an_instant_is_a_local_day_at_the_offset(tmp_path):                           # §2.2
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()])
    h.report("r", "a", "2022-01-30T18:30:00Z", "2022-02-01T00:00:00.000Z")   # 01:30 on 01-31 at +07:00
    path = h.write(tmp_path / "x.ndjson")
    assert instances(run(path, "2022-03-01")[1], "D#Y")[("a", "2021")]["verdict"] == "late"
    assert instances(run(path, "2022-03-01", offset="+00:00")[1], "D#Y")[("a", "2021")]["verdict"] == "satisfied"


# ---------------------------------------------------------------- organisations (§3)


def test_a_description_is_bounded_by_the_issuers_province_and_ids_are_not(tmp_path):   # §3.3
    h = History()
    base(h)
    h.org("ct:x", kind="party_commission", province="can-tho")
    h.directive("D", "2021-01-01", [yearly("P", ()), yearly("I", ("ct:x",))])
    h.lines[-1]["payload"]["requirements"][0]["assignees"] = {"kind": "party_commission"}
    _, report = run(h.write(tmp_path / "x.ndjson"), "2021-06-30")
    assert sorted({a for a, _ in instances(report, "D#P")}) == ["a", "b", "c"]
    assert sorted({a for a, _ in instances(report, "D#I")}) == ["ct:x"]


def test_a_tach_split_moves_only_the_named_duty(tmp_path):                          # §3.2
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("S", schedule="R/2024-01-01/P6M", grace="P15D"),
                                    yearly("K", schedule="R/2024-01-01/P6M", grace="P15D")])
    h.add("organization.split", "2024-07-01", "2024-07-02T00:00:00.000Z",
          {"source": "a", "into": ["b"], "mode": "tach", "basis": "D",
           "obligation_map": [{"req_ref": "D#S", "to": "b"}, {"req_ref": "*", "to": "b"}]})
    h.report("by-a", "a", "2024-07-05", "2024-07-06T00:00:00.000Z")
    by_b = h.report("by-b", "b", "2024-07-06", "2024-07-07T00:00:00.000Z")
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-07-31")
    assert instances(report, "D#S")[("a", "2024-H1")]["evidence"] == [by_b]       # moved to b
    assert instances(report, "D#K")[("a", "2024-H1")]["evidence"] == [by_b - 1]   # a keeps K


def test_successor_policy_none_ends_the_duty_with_the_organisation(tmp_path):         # §3.4
    h = History()
    base(h)
    h.directive("D", "2024-01-01", [yearly("N", schedule="R/2024-01-01/P6M", grace="P15D", ),
                                    yearly("F", schedule="R/2024-01-01/P6M", grace="P15D")])
    h.lines[-1]["payload"]["requirements"][0]["successor_policy"] = "none"
    h.add("organization.merged", "2024-10-01", "2024-10-02T00:00:00.000Z",
          {"sources": ["a"], "into": "b", "mode": "sap_nhap", "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2025-02-01")
    assert sorted(k for _, k in instances(report, "D#N")) == ["2024-H1"]
    assert sorted(k for _, k in instances(report, "D#F")) == ["2024-H1", "2024-H2", "2025-H1"]
    assert {"detail": "a has no successor since 2024-10-01", "kind": "orphaned", "req_ref": "D#N"} in report["findings"]


# ---------------------------------------------------------------- the other templates (§5.2-§5.8)


def test_tasks_done_by_a_report_about_them_cancelled_and_open(tmp_path):             # §5.2
    h = History()
    base(h)
    h.directive("D", "2024-03-01", [requirement("T", "one_off_task", {"due_within": "P30D"}, assignees={"ids": ["a"]})])
    for tid in ("t1", "t2", "t3"):
        h.add("task.assigned", "2024-03-15", "2024-03-16T00:00:00.000Z",
              {"task_id": tid, "req_ref": "D#T", "assignee": "a", "description_vi": "Việc"})
    done = h.report("r", "a", "2024-04-10", "2024-04-11T00:00:00.000Z", about=["t1"])
    cancel = h.add("task.cancelled", "2024-04-01", "2024-04-02T00:00:00.000Z", {"task_id": "t2", "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-05-01")
    got = instances(report, "D#T")
    assert got[("a", "t1")]["verdict"] == "satisfied" and got[("a", "t1")]["evidence"] == [done]
    assert got[("a", "t2")]["verdict"] == "not_applicable" and got[("a", "t2")]["evidence"] == [cancel]
    assert got[("a", "t3")]["verdict"] == "violated" and got[("a", "t3")]["due"] == "2024-04-14"


def test_a_recommendation_resolved_late_and_its_report_back(tmp_path):                # §5.7
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2024-01-01", [requirement("R", "response_within", {
        "trigger": {"type": "recommendation.filed"}, "responsible": {"ids": ["a"]}, "within": "P30D",
        "report_back": {"to": "btv", "within": "P10D"}})])
    h.add("recommendation.filed", "2024-02-01", "2024-02-02T00:00:00.000Z",
          {"rec_id": "k1", "from_org": "h1", "to_org": "a", "text_vi": "Kiến nghị"})
    h.add("recommendation.filed", "2024-02-05", "2024-02-06T00:00:00.000Z",
          {"rec_id": "k2", "from_org": "h1", "to_org": "a", "text_vi": "Kiến nghị"})
    h.add("recommendation.forwarded", "2024-02-10", "2024-02-11T00:00:00.000Z", {"rec_id": "k1", "by": "a", "to_org": "b"})
    fixed = h.add("recommendation.resolved", "2024-03-05", "2024-03-06T00:00:00.000Z",
                  {"rec_id": "k1", "resolver": "b", "outcome": "accepted"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-03-20")
    got = instances(report, "D#R")
    assert got[("a", "k1 resolution")]["verdict"] == "late" and got[("a", "k1 resolution")]["evidence"] == [fixed]
    assert got[("a", "k1 report-back")]["verdict"] == "violated" and got[("a", "k1 report-back")]["due"] == "2024-03-15"
    assert got[("a", "k2 resolution")]["verdict"] == "violated" and got[("a", "k2 resolution")]["due"] == "2024-03-06"
    assert got[("a", "k2 report-back")]["verdict"] == "pending" and "due" not in got[("a", "k2 report-back")]


@pytest.mark.parametrize("members, on_the_day, after", [(60, "satisfied", "satisfied"), (59, "pending", "violated")])
def test_a_threshold_is_compared_exactly_from_the_deadline(tmp_path, members, on_the_day, after):   # §5.4
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2024-01-01", [requirement("M", "threshold_target", {
        "metric": "membership_rate", "op": ">=", "value": "0.60", "scope": {"ids": ["h1"]}, "deadline": "2025-06-30"})])
    h.add("membership.reported", "2025-06-30", "2025-07-01T00:00:00.000Z",
          {"org_id": "h1", "as_of": "2025-06-30", "members": members, "eligible": 100})
    path = h.write(tmp_path / "x.ndjson")
    key = ("h1", "membership_rate >= 0.60")
    assert instances(run(path, "2025-06-29")[1], "D#M")[key]["verdict"] == "pending"
    assert instances(run(path, "2025-06-30")[1], "D#M")[key]["verdict"] == on_the_day
    assert instances(run(path, "2025-07-01")[1], "D#M")[key]["verdict"] == after


def test_a_prohibition_hit_inside_straddling_and_after_the_lift(tmp_path):           # §5.5
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2024-01-01", [requirement("X", "prohibition_window", {
        "forbidden": "report.submitted", "scope": {"ids": ["h1"]}, "from": "2024-03-01"})])
    h.report("early", "h1", "2024-02", "2024-03-05T00:00:00.000Z")        # straddles nothing: before from
    straddle = h.report("s", "h1", "2024", "2024-03-05T00:00:00.000Z")     # the year straddles from
    path = h.write(tmp_path / "x.ndjson")
    got = instances(run(path, "2024-12-31")[1], "D#X")[("*", "2024-03-01–open")]
    assert got["verdict"] == "indeterminate" and got["evidence"] == [straddle]
    h.add("requirement.lifted", "2025-02-01", "2025-02-02T00:00:00.000Z",
          {"req_ref": "D#X", "effective_on": "2025-02-01", "basis": "D"})
    inside = h.report("in", "h1", "2025-01-15", "2025-01-16T00:00:00.000Z")
    h.report("after", "h1", "2025-02-15", "2025-02-16T00:00:00.000Z")
    got = instances(run(h.write(path), "2025-03-01")[1], "D#X")[("*", "2024-03-01–2025-02-01")]
    assert got["verdict"] == "violated" and got["evidence"] == [inside]


def test_coverage_by_monitoring_within_and_after_the_grace(tmp_path):                 # §5.6
    h = History()
    base(h)
    h.org("h1")
    h.org("h2")
    h.directive("D", "2024-01-01", [requirement("C", "coverage", {
        "universe": {"kind": "hqc"}, "relation": {"kind": "monitoring"}, "grace": "P30D"})])
    cover = h.add("monitoring.assigned", "2023-06-01", "2023-06-02T00:00:00.000Z",
                  {"assignment_id": "m1", "monitor": "b", "target": "h1", "role": "theo_doi", "basis": "D"})
    path = h.write(tmp_path / "x.ndjson")
    got = instances(run(path, "2024-01-31")[1], "D#C")
    assert got[("h1", "h1")]["verdict"] == "satisfied" and got[("h1", "h1")]["evidence"] == [cover]
    assert got[("h2", "h2")]["verdict"] == "satisfied" and got[("h2", "h2")]["due"] == "2024-01-31"
    got = instances(run(path, "2024-02-01")[1], "D#C")
    assert got[("h2", "h2")]["verdict"] == "violated"


def test_a_congress_needs_an_approved_appraisal_within_the_lead(tmp_path):            # §5.8
    h = History()
    base(h)
    h.org("h1")
    h.org("h2")
    h.directive("D", "2024-01-01", [requirement("P", "precedence", {
        "antecedent": "congress.appraised", "consequent": "congress.held", "max_lead": "P6M"}, scope={"kind": "hqc"})])
    ok = h.add("congress.appraised", "2024-02-01", "2024-02-02T00:00:00.000Z",
               {"org_id": "h1", "term": "2024-2029", "appraiser": "btv", "result": "approved"})
    held = h.add("congress.held", "2024-06-01", "2024-06-02T00:00:00.000Z", {"org_id": "h1", "term": "2024–2029"})
    h.add("congress.appraised", "2023-06-01", "2024-02-02T00:00:00.000Z",
          {"org_id": "h2", "term": "2024-2029", "appraiser": "btv", "result": "approved"})
    late = h.add("congress.held", "2024-06-02", "2024-06-03T00:00:00.000Z", {"org_id": "h2", "term": "2024-2029"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-06-30")
    got = instances(report, "D#P")
    assert got[("h1", "congress 2024–2029")]["verdict"] == "satisfied"
    assert got[("h1", "congress 2024–2029")]["evidence"] == [ok, held]
    assert got[("h2", "congress 2024-2029")]["verdict"] == "violated"
    assert got[("h2", "congress 2024-2029")]["evidence"] == [late]


def test_rolling_and_calendar_inspections(tmp_path):                                  # §5.3
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2024-01-01", [
        requirement("IR", "recurring_inspection", {"inspector": "monitor_of_target", "targets": "all_monitored",
                                                   "mode": "rolling", "max_gap": "P6M", "grace": "P10D"}),
        requirement("IC", "recurring_inspection", {"inspector": {"ids": ["c"]}, "targets": {"ids": ["h1"]},
                                                   "schedule": "R/2024-01-01/P6M", "grace": "P10D"})])
    h.add("monitoring.assigned", "2023-06-01", "2023-06-02T00:00:00.000Z",
          {"assignment_id": "m1", "monitor": "b", "target": "h1", "role": "theo_doi", "basis": "D"})
    seen = h.add("inspection.conducted", "2024-03-01", "2024-03-02T00:00:00.000Z",
                 {"inspection_id": "i1", "inspector": "b", "target": "h1", "kind": "kiem_tra"})
    late = h.add("inspection.conducted", "2024-08-01", "2024-08-02T00:00:00.000Z",
                 {"inspection_id": "i2", "inspector": "c", "target": "h1", "kind": "kiem_tra"})
    plan = h.add("inspection.planned", "2024-02-01", "2024-02-02T00:00:00.000Z",
                 {"inspection_id": "i9", "inspector": "c", "target": "h1", "planned_window": ["2024-04-01", "2024-04-30"]})
    path = h.write(tmp_path / "x.ndjson")
    _, report = run(path, "2024-09-10")
    rolling = instances(report, "D#IR")[("b", "h1")]
    assert (rolling["verdict"], rolling["due"], rolling["evidence"]) == ("satisfied", "2024-09-11", [seen])
    calendar = instances(report, "D#IC")
    assert calendar[("c", "h1 2024-H1")]["verdict"] == "late" and calendar[("c", "h1 2024-H1")]["evidence"] == [late]
    assert calendar[("c", "h1 2024-H2")]["verdict"] == "pending"
    assert {"detail": "i9: c → h1, planned by 2024-04-30", "kind": "plan_not_executed", "req_ref": "D#IC",
            "seq": plan} in report["findings"]
    assert instances(run(path, "2024-09-12")[1], "D#IR")[("b", "h1")]["verdict"] == "violated"


def test_provenance_and_an_unofficial_source(tmp_path):                               # §6.1
    h = History()
    base(h)
    h.directive("D", "2021-01-01", [yearly()], source_kind="news_report")
    _, report = run(h.write(tmp_path / "x.ndjson"), "2021-06-30")
    [r] = report["requirements"]
    assert (r["param_source"], r["source_kind"], r["official_source"]) == ("text", "news_report", False)


def test_coverage_over_interval_finds_a_past_gap_longer_than_the_grace(tmp_path):       # §5.6 (4)
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2024-01-01", [requirement("C", "coverage", {
        "universe": {"ids": ["h1"]}, "relation": {"kind": "monitoring"}, "grace": "P20D", "over_interval": True})])
    h.add("monitoring.assigned", "2023-01-01", "2023-01-02T00:00:00.000Z",
          {"assignment_id": "m1", "monitor": "b", "target": "h1", "role": "theo_doi", "basis": "D", "until": "2024-02-29"})
    h.add("monitoring.assigned", "2024-04-10", "2024-04-11T00:00:00.000Z",
          {"assignment_id": "m2", "monitor": "c", "target": "h1", "role": "theo_doi", "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-06-30")
    got = instances(report, "D#C")[("h1", "h1")]
    assert (got["verdict"], got["due"], got["evidence"]) == ("violated", "2024-03-21", [])   # uncovered 03-01..04-09


def test_dissemination_by_an_ended_member_before_and_after_its_end(tmp_path):          # §5.6, §3.4
    h = History()
    base(h)
    for cell in ("x1", "x2", "x3"):
        h.org(cell, kind="party_cell")
    h.add("document.registered", "2023-01-01", "2023-01-02T00:00:00.000Z",
          {"doc": {"doc_key": "D0", "type_name": "Thông báo", "issuer_org": "btv", "number": None}})
    h.directive("D", "2024-01-01", [requirement("S", "coverage", {
        "universe": {"kind": "party_cell"}, "relation": {"kind": "dissemination", "doc_key": "D0"}, "grace": "P60D"})])
    done = h.add("directive.disseminated", "2024-02-01", "2024-02-02T00:00:00.000Z", {"org": "x1", "doc_key": "D0"})
    for cell in ("x1", "x2"):
        h.add("organization.dissolved", "2024-02-15", "2024-02-16T00:00:00.000Z", {"org_id": cell, "basis": "D"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-06-30")
    got = instances(report, "D#S")
    assert got[("x1", "x1")]["verdict"] == "satisfied" and got[("x1", "x1")]["evidence"] == [done]
    assert ("x2", "x2") not in got                                  # due 03-01 after its end, not done
    assert got[("x3", "x3")]["verdict"] == "violated"


def test_sum_ratio_is_indeterminate_while_a_member_has_no_figure(tmp_path):            # §5.4
    h = History()
    base(h)
    h.org("h1")
    h.org("h2")
    h.directive("D", "2024-01-01", [requirement("S", "threshold_target", {
        "metric": "membership_rate", "op": ">=", "value": "0.5", "scope": {"ids": ["h1", "h2"]},
        "deadline": "2024-12-31", "aggregation": "sum_ratio"})])
    one = h.add("membership.reported", "2024-12-31", "2025-01-02T00:00:00.000Z",
                {"org_id": "h1", "as_of": "2024-12-31", "members": 30, "eligible": 100})
    path = h.write(tmp_path / "x.ndjson")
    got = instances(run(path, "2025-01-05")[1], "D#S")[("h1 h2", "membership_rate >= 0.5")]
    assert (got["verdict"], got["evidence"]) == ("indeterminate", [one])
    two = h.add("membership.reported", "2024-12-31", "2025-01-03T00:00:00.000Z",
                {"org_id": "h2", "as_of": "2024-06-30", "members": 80, "eligible": 100})
    got = instances(run(h.write(path), "2025-01-05")[1], "D#S")[("h1 h2", "membership_rate >= 0.5")]
    assert (got["verdict"], got["evidence"]) == ("satisfied", [one, two])    # 110 / 200


def test_sum_ratio_of_members_compares_the_sum(tmp_path):                              # §5.4
    h = History()
    base(h)
    h.org("h1")
    h.org("h2")
    h.directive("D", "2024-01-01", [requirement("S", "threshold_target", {
        "metric": "members", "op": ">=", "value": "100", "scope": {"ids": ["h1", "h2"]},
        "deadline": "2024-12-31", "aggregation": "sum_ratio"})])
    for org, members in (("h1", 60), ("h2", 40)):
        h.add("membership.reported", "2024-12-31", "2025-01-02T00:00:00.000Z",
              {"org_id": org, "as_of": "2024-12-31", "members": members, "eligible": 1000})
    got = instances(run(h.write(tmp_path / "x.ndjson"), "2025-01-05")[1], "D#S")[("h1 h2", "members >= 100")]
    assert got["verdict"] == "satisfied"                             # 60 + 40 >= 100, not 100 / 2000


def test_triggers_by_addressee_and_filing_window_and_an_allowed_resolver(tmp_path):   # §5.7
    h = History()
    base(h)
    h.org("h1")
    h.org("c1", kind="party_committee", level="commune")
    h.directive("D", "2024-01-01", [requirement("R", "response_within", {
        "trigger": {"type": "recommendation.filed", "addressee": {"kind": "party_committee", "level": "commune"},
                    "filed_from": "2024-02-01"},
        "responsible": {"ids": ["c1"]}, "resolvers": {"ids": ["b"]}, "within": "P1M"})])
    for rec, to, on in (("early", "c1", "2024-01-20"), ("other", "a", "2024-02-10"), ("k", "c1", "2024-02-10")):
        h.add("recommendation.filed", on, "2024-02-11T00:00:00.000Z",
              {"rec_id": rec, "from_org": "h1", "to_org": to, "text_vi": "KN"})
    h.add("recommendation.resolved", "2024-03-01", "2024-03-02T00:00:00.000Z", {"rec_id": "k", "resolver": "a", "outcome": "accepted"})
    ok = h.add("recommendation.resolved", "2024-03-05", "2024-03-06T00:00:00.000Z",
               {"rec_id": "k", "resolver": "b", "outcome": "accepted"})
    _, report = run(h.write(tmp_path / "x.ndjson"), "2024-04-01")
    assert list(instances(report, "D#R")) == [("c1", "k resolution")]
    got = instances(report, "D#R")[("c1", "k resolution")]
    assert (got["verdict"], got["due"], got["evidence"]) == ("satisfied", "2024-03-10", [ok])


def test_data_quality_findings_and_their_order(tmp_path):                              # §6.2
    h = History()
    base(h)
    h.org("h1")
    h.directive("D", "2021-01-01", [yearly()])
    early = h.report("r", "a", "2021-12-20", "2021-12-21T00:00:00.000Z", period=("2021", "2021-01-01", "2021-12-31"),
                     req_ref="D#Y")
    h.report("other", "b", "2021-12-20", "2021-12-21T00:00:00.000Z", period=("2021", "2021-01-01", "2021-12-31"))

    def figure(as_of, members):
        return h.add("membership.reported", "2022-01-01", "2022-01-02T00:00:00.000Z",
                     {"org_id": "h1", "as_of": as_of, "members": members})

    figure("2021-06-30", 100)
    figure("2021-12-31", 50)                                        # exactly half: not a drop
    drop = figure("2022-01-01", 24)
    figure("2022-01-01", 10)                                        # same as_of: not compared
    figure("2021-03-31", 300)                                       # backfilled: not compared, not the latest
    later = figure("2022-06-30", 11)                                # against 2022-01-01's 24, not the backfill
    _, report = run(h.write(tmp_path / "x.ndjson"), "2022-07-01")
    assert report["findings"] == [
        {"detail": "a report for 2021 dated 2021-12-20, before the period ended on 2021-12-31",
         "kind": "report_before_period_end", "req_ref": "D#Y", "seq": early},      # b's report counts for no duty
        {"detail": "h1: 24 members on 2022-01-01 after 50 on 2021-12-31", "kind": "membership_drop", "seq": drop},
        {"detail": "h1: 11 members on 2022-06-30 after 24 on 2022-01-01", "kind": "membership_drop", "seq": later}]


def test_sigma_follows_transfers_designations_and_splits():                          # §3.2
    successors, view, d = reference_modules("successors", "view", "dates")

    def link(type_, on, **payload):
        return view.Event(0, "", type_, "", on, d.business_date(on, d.parse_offset("+07:00")), None, payload)

    sigma = successors.Successors([
        link("organization.merged", "2024-03-01", sources=["a"], into="b", obligation_transfer=["D#A"]),
        link("successor.designated", "2024-04-01", predecessor="a", successor="c", scope=["D#B"]),
        link("organization.split", "2024-05", source="e", mode="chia",
             obligation_map=[{"req_ref": "D#A", "to": "f"}, {"req_ref": "*", "to": "g"}]),
        link("organization.dissolved", "2024-06-01", org_id="g", successor="h"),
    ])
    day = d.parse_day
    assert sigma.sigma("a", day("2024-02-29"), "D#B") == ["a"]
    assert sigma.sigma("a", day("2024-03-01"), "D#A") == ["b"]
    assert sigma.sigma("a", day("2024-03-15"), "D#B") == []          # not transferred, not yet designated
    assert sigma.sigma("a", day("2024-04-01"), "D#B") == ["c"]
    assert sigma.sigma("e", day("2024-05-01"), "D#A") == ["f", "g"]   # the named entry and "*"
    assert sigma.sigma("e", day("2024-06-01"), "D#X") == ["h"]
    assert sigma.sigma("a", day("2024-04-01"), "D#B", "none") == []
    assert sigma.sigma("a", day("2024-04-01")) == ["b", "c"]          # without a duty: non-empty lists admit
