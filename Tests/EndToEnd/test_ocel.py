"""`export --format ocel2-json|ocel2-sqlite` (docs/ocel.md): the effective view at (T, K) as an
OCEL 2.0 object-centric event log, read back by pm4py 2.7.23 (AGPL, a test tool only: it runs in
its own virtual environment .venv-pm4py, which `tools/setup --tests` makes, in a subprocess).

What pm4py reads is compared with what this test derives by itself from the log: the entries of
`auditlog export` (NDJSON), their effective view at K by the reference evaluator's
tools/reference/view.py, the events of it occurring by T, and the mapping of docs/ocel.md
written out again below (EXPECTED_RELATIONS) — never from the exporter's own output."""
import datetime as dt
import importlib
import json
import shutil
import sqlite3
import subprocess
import sys
import uuid

import pytest

from conftest import FIXED_NOW, ROOT, Auditlog, pgserver

VENV_PYTHON = ROOT / ".venv-pm4py" / "bin" / "python"
REFERENCE = ROOT / "tools" / "reference"
#: The demo log's zone (Asia/Ho_Chi_Minh, the default of `init`).
OFFSET = dt.timedelta(hours=7)
#: T by default: today at the tests' clock ($AUDITLOG_NOW) in the log's zone.
TODAY = (dt.datetime.fromisoformat(FIXED_NOW.replace("Z", "+00:00")) + OFFSET).date()
#: A T after every event of the sample history.
LAST_DAY = dt.date(2027, 12, 31)
LEFT_OUT = {"event.corrected", "event.retracted", "signer.registered", "signer.revoked", "authorship.rule_set"}


def reference_modules(*names):
    """The reference evaluator's modules, imported without leaving its directory on sys.path or
    its plainly named modules in sys.modules (they would shadow others of the same name)."""
    before = set(sys.modules)
    sys.path.insert(0, str(REFERENCE))
    try:
        return [importlib.import_module(name) for name in names]
    finally:
        sys.path.remove(str(REFERENCE))
        for name in set(sys.modules) - before:
            del sys.modules[name]


view, dates, export = reference_modules("view", "dates", "export")

# ---------------------------------------------------------------- the mapping, from docs/ocel.md


def doc_key(cite):
    """The doc_key a DocCite names: a key, or a document described inline."""
    if cite is None:
        return None
    return cite["doc_key"] if isinstance(cite, dict) else cite


def expected_relations(e, index):
    """The (object id, qualifier) pairs event `e` relates to and the (source, target, qualifier)
    O2O relationships it makes, as docs/ocel.md's table says."""
    p, t = e.payload, e.type
    rel, links = set(), set()

    def r(kind, key, qualifier):
        if key is not None:
            rel.add((f"{kind}/{key}", qualifier))

    def link(kind, key, kind2, key2, qualifier):
        if key is not None and key2 is not None:
            links.add((f"{kind}/{key}", f"{kind2}/{key2}", qualifier))

    def basis(name="basis", member="basis"):
        r("doc", doc_key(p.get(member)), name)

    if t in ("document.registered", "directive.issued"):
        key = p["doc"]["doc_key"]
        r("doc", key, "subject")
        r("org", p["doc"]["issuer_org"], "issuer")
        link("doc", key, "org", p["doc"]["issuer_org"], "issued by")
        for c in p.get("cites", []):
            r("doc", c, "cites")
        for req in p.get("requirements", []):
            r("req", f"{key}#{req['req_id']}", "requirement")
            link("req", f"{key}#{req['req_id']}", "doc", key, "part of")
        for s in p.get("supersedes", []):
            r("req" if "#" in s else "doc", s, "supersedes")
    elif t in ("requirement.amended", "requirement.lifted"):
        r("req", p["req_ref"], "subject")
        basis()
    elif t == "directive.disseminated":
        r("org", p["org"], "subject")
        r("doc", p["doc_key"], "document")
    elif t == "organization.registered":
        r("org", p["org_id"], "subject")
        r("org", p.get("parent"), "parent")
        link("org", p["org_id"], "org", p.get("parent"), "part of")
        basis()
    elif t == "organization.changed":
        r("org", p["org_id"], "subject")
        if p["field"] == "parent":
            r("org", p["value"], "parent")
            link("org", p["org_id"], "org", p["value"], "part of")
        basis()
    elif t in ("organization.renamed", "organization.suspended", "organization.reinstated", "leadership.changed",
               "membership.reported", "congress.held"):
        r("org", p["org_id"], "subject")
        basis()
    elif t == "organization.merged":
        r("org", p["into"], "merged into")
        for s in p["sources"]:
            r("org", s, "merged from")
            link("org", p["into"], "org", s, "successor of")
        basis()
    elif t == "organization.split":
        r("org", p["source"], "split from")
        for o in p["into"]:
            r("org", o, "split into")
            link("org", o, "org", p["source"], "successor of")
        basis()
    elif t == "organization.dissolved":
        r("org", p["org_id"], "subject")
        r("org", p.get("successor"), "successor")
        link("org", p.get("successor"), "org", p["org_id"], "successor of")
        basis()
    elif t == "successor.designated":
        r("org", p["predecessor"], "predecessor")
        r("org", p["successor"], "successor")
        link("org", p["successor"], "org", p["predecessor"], "successor of")
        basis()
    elif t == "monitoring.assigned":
        r("org", p["monitor"], "monitor")
        r("org", p["target"], "monitored")
        link("org", p["monitor"], "org", p["target"], "monitors")
        basis()
    elif t == "monitoring.revoked":
        if p["assignment_id"] in index["assignments"]:
            monitor, target = index["assignments"][p["assignment_id"]]
            r("org", monitor, "monitor")
            r("org", target, "monitored")
        basis()
    elif t == "task.assigned":
        r("task", p["task_id"], "subject")
        r("org", p["assignee"], "assignee")
        r("org", p.get("reports_to"), "reports to")
        r("req", p.get("req_ref"), "requirement")
        if p.get("req_ref"):
            link("task", p["task_id"], "doc", p["req_ref"].rsplit("#", 1)[0], "part of")
    elif t == "task.completed":
        r("task", p["task_id"], "subject")
        basis("evidence", "evidence")
    elif t == "task.cancelled":
        r("task", p["task_id"], "subject")
        basis()
    elif t == "report.submitted":
        r("org", p["reporter"], "reporter")
        r("org", p["recipient"], "recipient")
        r("req", p.get("req_ref"), "requirement")
        basis("document", "doc")
        for i in p.get("about", []):
            if i in index["tasks"]:
                r("task", i, "about")
            if i in index["recommendations"]:
                r("rec", i, "about")
    elif t == "meeting.held":
        r("meeting", p["meeting_id"], "subject")
        r("org", p["convener"], "convener")
        for o in p["participants"]:
            r("org", o, "participant")
        r("req", p.get("req_ref"), "requirement")
        basis("conclusion", "conclusion_doc")
    elif t in ("inspection.planned", "inspection.conducted"):
        r("inspection", p["inspection_id"], "subject")
        r("org", p["inspector"], "inspector")
        r("org", p["target"], "target")
        r("req", p.get("req_ref"), "requirement")
        basis("plan", "plan_doc")
        basis("conclusion", "conclusion_doc")
    elif t == "congress.appraised":
        r("org", p["org_id"], "subject")
        r("org", p["appraiser"], "appraiser")
    elif t == "recommendation.filed":
        r("rec", p["rec_id"], "subject")
        r("org", p["from_org"], "filer")
        r("org", p["to_org"], "addressee")
        r("meeting", p.get("meeting_id"), "meeting")
    elif t == "recommendation.forwarded":
        r("rec", p["rec_id"], "subject")
        r("org", p["by"], "forwarder")
        r("org", p["to_org"], "addressee")
    elif t == "recommendation.resolved":
        r("rec", p["rec_id"], "subject")
        r("org", p["resolver"], "resolver")
        basis("response", "response_doc")
    else:
        raise AssertionError(f"docs/ocel.md maps no event type {t}")
    return rel, links


def start_instant(occurred):
    """The first instant of an occurred_at, in UTC (a date form begins at midnight in the zone)."""
    if "T" in occurred:
        return dates.parse_instant(occurred)
    first = dates.business_date(occurred, OFFSET).first
    return dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone(OFFSET)).astimezone(dt.timezone.utc)


def expected_log(entries, as_of, known_at):
    """What the export at (T = `as_of`, K = `known_at`) holds, derived from the log's entries:
    events {id: (type, UTC time)}, objects {id: type}, E2O and O2O triples."""
    events = [e for e in view.effective_view(entries, known_at, OFFSET)
              if e.when.first <= as_of and e.type not in LEFT_OUT]
    index = {"tasks": set(), "recommendations": set(), "directives": set(), "assignments": {}}
    for e in events:
        if e.type == "task.assigned":
            index["tasks"].add(e.payload["task_id"])
        elif e.type == "recommendation.filed":
            index["recommendations"].add(e.payload["rec_id"])
        elif e.type == "directive.issued":
            index["directives"].add(e.payload["doc"]["doc_key"])
        elif e.type == "monitoring.assigned":
            index["assignments"][e.payload["assignment_id"]] = (e.payload["monitor"], e.payload["target"])
    out = {"events": {}, "e2o": set(), "o2o": set()}
    for e in events:
        rel, links = expected_relations(e, index)
        if not rel:  # an event that relates to no object is left out
            continue
        out["events"][e.event_id] = (e.type, start_instant(e.occurred_at))
        out["e2o"] |= {(e.event_id, oid, q) for oid, q in rel}
        out["o2o"] |= links
    kinds = {"org": "organisation", "req": "requirement", "task": "task", "rec": "recommendation",
             "meeting": "meeting", "inspection": "inspection"}
    objects = {oid for _, oid, _ in out["e2o"]}
    out["objects"] = {
        oid: ("directive" if oid.split("/", 1)[1] in index["directives"] else "document") if oid.startswith("doc/")
        else kinds[oid.split("/", 1)[0]] for oid in objects}
    out["o2o"] = {link for link in out["o2o"] if link[0] in objects and link[1] in objects}
    return out


# ---------------------------------------------------------------- pm4py, in its environment

PM4PY_READ = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import pm4py
from pm4py.objects.ocel.validation import ocel20_rel_validation
out = {}
for path, fmt in zip(sys.argv[2::2], sys.argv[3::2]):
    ocel = pm4py.read_ocel2_sqlite(path) if fmt == "sqlite" else pm4py.read_ocel2_json(path)
    e2o = ocel.relations
    result = {
        "events": sorted([str(r["ocel:eid"]), r["ocel:activity"], r["ocel:timestamp"].isoformat()] for r in ocel.events.to_dict("records")),
        "objects": sorted([str(r["ocel:oid"]), r["ocel:type"]] for r in ocel.objects.to_dict("records")),
        "e2o": sorted([str(r["ocel:eid"]), str(r["ocel:oid"]), r["ocel:qualifier"]] for r in e2o.to_dict("records")),
        "o2o": sorted([str(r["ocel:oid"]), str(r["ocel:oid_2"]), r["ocel:qualifier"]] for r in ocel.o2o.to_dict("records")),
        "event_types": sorted(set(ocel.events["ocel:activity"])),
        "object_types": sorted(set(ocel.objects["ocel:type"])),
    }
    if fmt == "sqlite":
        satisfied, unsatisfied = ocel20_rel_validation.apply(path)
        result["satisfied"], result["unsatisfied"] = sorted(satisfied), sorted(unsatisfied)
    out[path] = result
with open(sys.argv[1], "w") as f:
    json.dump(out, f)
"""


def pm4py_read(directory, files):
    """What pm4py reads from each (path, "json" | "sqlite") of `files`, in one run of the venv's python."""
    if not VENV_PYTHON.exists():
        raise RuntimeError(f"{VENV_PYTHON} is missing: run tools/setup --tests (it installs pm4py 2.7.23 there)")
    result = directory / f"pm4py-{uuid.uuid4().hex[:8]}.json"
    argv = [str(VENV_PYTHON), "-c", PM4PY_READ, str(result)]
    for path, fmt in files:
        argv += [str(path), fmt]
    proc = subprocess.run(argv, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    return json.loads(result.read_text())


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo log (tools/samples), and its entries as `export` writes them."""
    log = Auditlog(tmp_path_factory.mktemp("ocel-demo"))
    log.run("demo", "--db", log.db, db=False, check=0)
    path = log.dir / "entries.ndjson"
    path.write_bytes(log.run("export", check=0).stdout)
    log.entries, _ = export.read_export(path)
    return log


def ocel(log, fmt, *options, name=None):
    """Exports `log` in `fmt` ("json" or "sqlite") to a new file; returns its path."""
    path = log.dir / (name or f"ocel-{uuid.uuid4().hex[:8]}.{fmt}")
    log.run("export", "--format", f"ocel2-{fmt}", *options, "-o", path, check=0)
    return path


def end_of_day(day):
    """`--known-at DAY` as an instant: the last millisecond of that day in the log's zone."""
    return dates.end_of_local_day(day, OFFSET)


VIEWS = {
    # name: (export options, T, K)
    "today": ((), TODAY, None),
    "all": (("--as-of", LAST_DAY.isoformat()), LAST_DAY, None),
    "known-2023": (("--as-of", LAST_DAY.isoformat(), "--known-at", "2023-12-31"), LAST_DAY, end_of_day(dt.date(2023, 12, 31))),
}


@pytest.fixture(scope="module")
def read(demo):
    """For each view of VIEWS and each format: the file, what pm4py read from it, and what the
    log says it should hold."""
    files = {(name, fmt): ocel(demo, fmt, *options) for name, (options, _, _) in VIEWS.items() for fmt in ("json", "sqlite")}
    seen = pm4py_read(demo.dir, [(path, fmt) for (_, fmt), path in files.items()])
    return {key: (path, seen[str(path)], expected_log(demo.entries, VIEWS[key[0]][1], VIEWS[key[0]][2]))
            for key, path in files.items()}


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_pm4py_reads_the_events_objects_types_and_relationships_the_log_gives(read, name, fmt):
    _, seen, want = read[(name, fmt)]
    assert want["events"] and want["o2o"], "the view should hold events and O2O relationships"
    assert len(seen["events"]) == len(want["events"])
    assert {e[0]: e[1] for e in seen["events"]} == {k: v[0] for k, v in want["events"].items()}
    assert len(seen["objects"]) == len(want["objects"])
    assert dict(map(tuple, seen["objects"])) == want["objects"]
    assert seen["event_types"] == sorted({t for t, _ in want["events"].values()})
    assert seen["object_types"] == sorted(set(want["objects"].values()))
    if fmt == "sqlite":
        assert {tuple(r) for r in seen["e2o"]} == want["e2o"]
    else:
        # pm4py's JSON reader keeps one qualifier per (event, object): compare the pairs.
        assert len(seen["e2o"]) == len({(e, o) for e, o, _ in want["e2o"]})
        assert {(e, o) for e, o, _ in seen["e2o"]} == {(e, o) for e, o, _ in want["e2o"]}
    assert len(seen["o2o"]) == len(want["o2o"])
    assert {tuple(r) for r in seen["o2o"]} == want["o2o"]


@pytest.mark.parametrize("name", list(VIEWS))
def test_event_times_are_the_first_instant_of_occurred_at_in_the_logs_zone(read, name):
    for fmt in ("json", "sqlite"):
        _, seen, want = read[(name, fmt)]
        times = {e[0]: dt.datetime.fromisoformat(e[2]) for e in seen["events"]}
        assert times == {k: v[1] for k, v in want["events"].items()}


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_sqlite_schema_satisfies_every_constraint_of_pm4pys_relational_validation(read, name):
    _, seen, _ = read[(name, "sqlite")]
    assert seen["unsatisfied"] == []
    assert len(seen["satisfied"]) == 24


@pytest.mark.parametrize("name", list(VIEWS))
def test_both_formats_hold_the_same_events_objects_and_relationships(read, name):
    json_path, json_seen, _ = read[(name, "json")]
    sqlite_path, sqlite_seen, _ = read[(name, "sqlite")]
    for part in ("events", "objects", "o2o", "event_types", "object_types"):
        assert json_seen[part] == sqlite_seen[part], part
    # The files themselves, not through pm4py: the same E2O triples, qualifiers included.
    document = json.loads(json_path.read_text())
    in_json = {(e["id"], r["objectId"], r["qualifier"]) for e in document["events"] for r in e["relationships"]}
    with sqlite3.connect(sqlite_path) as db:
        in_sqlite = set(db.execute("SELECT ocel_event_id, ocel_object_id, ocel_qualifier FROM event_object"))
    assert in_json == in_sqlite
    assert {tuple(r) for r in sqlite_seen["e2o"]} == in_sqlite


def test_t_leaves_out_events_occurring_after_it_and_k_events_recorded_after_it(read, demo):
    exported = read[("all", "sqlite")][2]["events"]  # every event the mapping exports at all
    after_t = [e for e in demo.entries if e.event_id in exported and dates.business_date(e.occurred_at, OFFSET).first > TODAY]
    k = end_of_day(dt.date(2023, 12, 31))
    after_k = [e for e in demo.entries if e.event_id in exported and dates.parse_instant(e.recorded_at) > k
               and dates.business_date(e.occurred_at, OFFSET).first < dt.date(2023, 1, 1)]
    assert after_t and after_k, "the sample history has events after T and events recorded late"
    today = {e[0] for e in read[("today", "sqlite")][1]["events"]}
    everything = {e[0] for e in read[("all", "sqlite")][1]["events"]}
    known_2023 = {e[0] for e in read[("known-2023", "sqlite")][1]["events"]}
    for e in after_t:
        assert e.event_id not in today and e.event_id in everything, e.event_id
    for e in after_k:
        assert e.event_id not in known_2023 and e.event_id in everything, e.event_id


def test_a_retracted_event_is_absent_and_present_before_its_retraction_was_known(demo):
    retractions = [e for e in demo.entries if e.type == "event.retracted"]
    assert retractions
    for r in retractions:
        target = r.payload["target_event_id"]
        before = (dates.parse_instant(r.recorded_at) - dt.timedelta(milliseconds=1)).isoformat().replace("+00:00", "Z")
        with_it = json.loads(ocel(demo, "json", "--as-of", LAST_DAY.isoformat()).read_text())
        without = json.loads(ocel(demo, "json", "--as-of", LAST_DAY.isoformat(), "--known-at", before).read_text())
        assert target not in {e["id"] for e in with_it["events"]}
        assert target in {e["id"] for e in without["events"]}


def test_a_corrected_event_carries_the_corrected_time_and_payload(demo, tmp_path):
    """On a copy of the demo log, a correction of an event's occurred_at (and the sample history's
    own correction of a payload): the export at K latest shows the corrected values, the export at
    a K before the correction the recorded ones."""
    log = Auditlog(tmp_path)
    log.run("--db", demo.db, "copy", log.db, db=False, check=0)
    shutil.copy(demo.key, log.key)
    target = next(e for e in demo.entries if e.type == "meeting.held" and e.occurred_at == "2025-01-22T08:00+07:00")
    correction = {"type": "event.corrected", "occurred_at": "2026-12-01", "actor": "test",
                  "payload": {"target_event_id": target.event_id, "patch": {"occurred_at": "2025-01-23"},
                              "reason_vi": "Ngày họp ghi nhầm."}}
    log.append_lines([correction], env={"AUDITLOG_NOW": "2026-12-01T03:00:00.000Z"})
    corrected_seq = len(demo.entries) + 1
    latest = {e["id"]: e for e in json.loads(ocel(log, "json", "--as-of", LAST_DAY.isoformat()).read_text())["events"]}
    earlier = {e["id"]: e for e in json.loads(
        ocel(log, "json", "--as-of", LAST_DAY.isoformat(), "--known-at", "2026-11-30").read_text())["events"]}

    def attributes(event):
        return {a["name"]: a["value"] for a in event["attributes"]}

    assert latest[target.event_id]["time"] == "2025-01-22T17:00:00Z"  # 2025-01-23 at midnight, +07:00
    assert attributes(latest[target.event_id])["occurred_at"] == "2025-01-23"
    assert attributes(latest[target.event_id])["corrected_by"] == str(corrected_seq)
    assert earlier[target.event_id]["time"] == "2025-01-22T01:00:00Z"
    assert "corrected_by" not in attributes(earlier[target.event_id])
    # The sample history's own correction: a membership figure, recorded in its last batch.
    fix = next(e for e in demo.entries if e.type == "event.corrected")
    members = fix.payload["patch"]["payload"]["members"]
    assert attributes(latest[fix.payload["target_event_id"]])["members"] == members
    assert attributes(latest[fix.payload["target_event_id"]])["corrected_by"] == str(fix.seq)
    before_fix = json.loads(ocel(log, "json", "--as-of", LAST_DAY.isoformat(), "--known-at", "2026-11-19").read_text())
    old = next(e for e in before_fix["events"] if e["id"] == fix.payload["target_event_id"])
    assert attributes(old)["members"] != members


def test_object_attribute_changes_follow_the_events(read):
    """An organisation's status and name, and a task's status, change at the times of the events
    that change them (docs/ocel.md, "Objects")."""
    path, _, want = read[("all", "json")]
    document = json.loads(path.read_text())
    objects = {o["id"]: o for o in document["objects"]}
    merged = [e for e in document["events"] if e["type"] == "organization.merged"]
    assert merged
    for e in merged:
        for r in e["relationships"]:
            if r["qualifier"] == "merged from":
                status = [a for a in objects[r["objectId"]]["attributes"] if a["name"] == "status"]
                assert status[0]["time"] == "1970-01-01T00:00:00Z"
                assert {"time": e["time"], "value": "merged"} in [{"time": a["time"], "value": a["value"]} for a in status]
    done = [o for o in document["objects"] if o["type"] == "task"
            and [a["value"] for a in o["attributes"] if a["name"] == "status"] == ["open", "completed"]]
    assert done, "the sample history completes tasks"


def test_the_same_view_gives_the_same_bytes(demo):
    for fmt in ("json", "sqlite"):
        first = ocel(demo, fmt, "--as-of", "2025-12-31").read_bytes()
        assert ocel(demo, fmt, "--as-of", "2025-12-31").read_bytes() == first
        if fmt == "json":  # standard output, without --output
            assert demo.run("export", "--format", "ocel2-json", "--as-of", "2025-12-31", check=0).stdout == first


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_an_existing_output_file_is_refused_and_left_as_it_was(demo, fmt):
    path = demo.dir / f"taken.{fmt}"
    path.write_bytes(b"not an OCEL log\n")
    proc = demo.run("export", "--format", f"ocel2-{fmt}", "-o", path)
    assert proc.returncode in (64, 73)
    assert len(proc.stderr.decode().splitlines()) == 1 and str(path) in proc.stderr.decode()
    assert proc.stdout == b""
    assert path.read_bytes() == b"not an OCEL log\n"
    assert not [p for p in demo.dir.iterdir() if p.name.startswith(f".taken.{fmt}.tmp")]


def test_usage_errors_are_one_line(demo):
    for args in (["--format", "ocel2-sqlite"], ["--as-of", "2025-01-01"], ["-o", demo.dir / "x.ndjson"],
                 ["--format", "ocel2-json", "--as-of", "2025-13-01"], ["--format", "ocel2-json", "--known-at", "soon"]):
        proc = demo.run("export", *args)
        assert proc.returncode == 64, args
        assert len(proc.stderr.decode().strip().splitlines()) == 1, (args, proc.stderr)


def test_ndjson_stays_the_default_and_every_stored_entry(demo):
    default = demo.run("export", check=0).stdout
    assert demo.run("export", "--format", "ndjson", check=0).stdout == default
    assert default == demo.run("log", "--format", "ndjson", check=0).stdout
    assert len(default.splitlines()) == len(demo.entries)


def test_a_postgresql_log_exports_the_same_bytes(demo, tmp_path, pg_server):
    url = pgserver().createdb(pg_server, "t_" + uuid.uuid4().hex[:16])
    demo.run("copy", url, check=0)
    log = Auditlog(tmp_path)
    log.db = url
    for fmt in ("json", "sqlite"):
        name = f"pg.{fmt}"
        assert ocel(log, fmt, "--as-of", LAST_DAY.isoformat(), name=name).read_bytes() == \
            ocel(demo, fmt, "--as-of", LAST_DAY.isoformat(), name=f"sqlite-{uuid.uuid4().hex[:8]}.{fmt}").read_bytes()
