"""The authorship section of `auditlog demo` (docs/authorship.md): on a second log beside the demo's
(`<db>-authorship.db`), seed bodies of the sample history sign their reports with author keys
made in memory, a report forged in an association's name is refused as `append` refuses it
(exit 77), and the demo's own log stays the sample history, unchanged."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, Auditlog, query

SAMPLES = ROOT / "tools/samples"
ASSOCIATION = "ht:hoi-nong-dan/van-phong"


class Demo:
    """One `auditlog demo --db DIR/demo.db`: its output, its log and the authorship log beside it."""

    def __init__(self, directory):
        self.dir = directory
        self.db = directory / "demo.db"
        self.authorship = directory / "demo.db-authorship.db"
        self.runner = Auditlog(directory)
        self.out = self.runner.run("demo", "--db", self.db, db=False, check=0).stdout.decode()
        self.section = self.out[self.out.index("\n== authorship"):self.out.index("\nTry:")]

    def on_authorship_log(self, *args, check=0):
        return self.runner.run("--db", self.authorship, *args, db=False, check=check)

    def seq_of(self, sql, *params):
        [(seq,)] = query(self.authorship, sql, *params)
        return seq


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return Demo(tmp_path_factory.mktemp("demo"))


def manifest():
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def batch_sizes():
    return [sum(1 for line in (SAMPLES / b["file"]).read_text(encoding="utf-8").splitlines() if line.strip())
            for b in manifest()["batches"]]


def test_the_associations_signed_report_is_appended_and_attested(demo):
    m = re.search(r"ht:hoi-nong-dan's yearly report, signed by (\S+) \(auditlog sign\): appended at seq (\d+), attested ✓", demo.section)
    assert m and m.group(1) == ASSOCIATION, demo.section
    seq = int(m.group(2))
    [(entry,)] = query(demo.authorship, "SELECT entry FROM events WHERE seq = ?", seq)
    entry = json.loads(entry)
    assert entry["type"] == "report.submitted" and entry["payload"]["reporter"] == "ht:hoi-nong-dan"
    assert entry["author"]["signer"] == ASSOCIATION
    # The signer is in the registry, acting for the reporter; the key id is the one it signed with.
    signers = json.loads(demo.on_authorship_log("signers", "--format", "json").stdout)
    [key] = [k for k in signers if k["signer"] == ASSOCIATION]
    assert key["org_id"] == "ht:hoi-nong-dan" and key["key_id"] == entry["author"]["key_id"]
    # `check` of the requirement that counts only attested evidence marks the report with ✓.
    report = json.loads(demo.on_authorship_log("check", "--as-of", "2026-06-30", "--format", "json", check=0).stdout)
    [req] = report["requirements"]
    [instance] = [i for i in req["instances"] if i["assignee"] == "ht:hoi-nong-dan"]
    assert instance["verdict"] == "satisfied" and instance["attested"] == [seq]
    assert f"[seq {seq}✓]" in demo.section


def test_the_clerk_of_the_rule_enters_a_paper_report_attested(demo):
    m = re.search(r"ht:hoi-ccb's report on paper, entered and signed by the clerk (\S+): appended at seq (\d+), attested ✓", demo.section)
    assert m, demo.section
    [(rule,)] = query(demo.authorship, "SELECT entry FROM events WHERE type = 'authorship.rule_set'")
    assert json.loads(rule)["payload"] == {"event_type": "report.submitted", "mode": "enforce", "clerks": [m.group(1)]}
    [(entry,)] = query(demo.authorship, "SELECT entry FROM events WHERE seq = ?", int(m.group(2)))
    assert json.loads(entry)["author"]["signer"] == m.group(1)


def test_the_forged_reports_are_refused_with_the_rules_message_and_not_appended(demo, tmp_path):
    rule_seq = demo.seq_of("SELECT seq FROM events WHERE type = 'authorship.rule_set'")
    other = (f'forged: ht:hoi-nong-dan\'s report signed with ht:hoi-lhpn/van-phong\'s key: refused, exit 77\n'
             f'    auditlog: line 1: author: "ht:hoi-lhpn/van-phong" acts for "ht:hoi-lhpn", and it is "ht:hoi-nong-dan"\'s '
             f'to record (rule at seq {rule_seq})\n')
    unsigned = ("forged: the same report unsigned: refused, exit 77\n"
                f"    auditlog: line 1: author: the line is unsigned; its type is recorded only signed (rule at seq {rule_seq})\n")
    assert other in demo.section and unsigned in demo.section, demo.section
    # Only the two genuine reports went in.
    reporters = [json.loads(e)["payload"]["reporter"] for (e,) in query(demo.authorship, "SELECT entry FROM events WHERE type = 'report.submitted'")]
    assert sorted(reporters) == ["ht:hoi-ccb", "ht:hoi-nong-dan"]
    # The binary refuses an unsigned report on that log the way the demo says it does.
    copy = tmp_path / "copy.db"
    shutil.copy(demo.authorship, copy)
    shutil.copy(str(demo.authorship) + ".key", str(copy) + ".key")
    line = {"type": "report.submitted", "occurred_at": "2026-01-10", "actor": "ht:hoi-nong-dan",
            "payload": {"report_id": "ht:rp-x", "reporter": "ht:hoi-nong-dan", "recipient": "ht:btv-tu"}}
    proc = Auditlog(tmp_path).run("--db", copy, "append", "-", input=json.dumps(line, ensure_ascii=False), db=False, check=77)
    assert proc.stderr.decode().strip() == unsigned.splitlines()[1].strip()


def test_the_authorship_log_verifies_with_both_verifiers(demo):
    size = query(demo.authorship, "SELECT count(*) FROM events")[0][0]
    signed = query(demo.authorship, "SELECT count(*) FROM events WHERE json_extract(entry, '$.author') IS NOT NULL")[0][0]
    assert f"verify: OK: {size} entries" in demo.section and f"{signed} signed entries checked" in demo.section
    vkey = query(demo.authorship, "SELECT vkey FROM log_meta")[0][0]
    proc = subprocess.run([sys.executable, str(ROOT / "tools/verify.py"), "db", str(demo.authorship), "--vkey", vkey],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_demo_log_is_the_sample_history_unchanged(demo):
    """Size, checkpoints (one per batch) and root of the demo's own log are the sample history's:
    the root tools/samples/README.md documents for it, and no authorship event is in it."""
    sizes = batch_sizes()
    total = sum(sizes)
    documented = re.search(r"root at size (\d+) \(`([A-Za-z0-9+/=]+)`\)", (SAMPLES / "README.md").read_text(encoding="utf-8"))
    assert int(documented.group(1)) == total
    assert query(demo.db, "SELECT count(*) FROM events")[0][0] == total
    cumulative = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    assert [s for (s,) in query(demo.db, "SELECT size FROM checkpoints ORDER BY size")] == cumulative
    assert re.search(rf"^OK: {total} entries, {len(cumulative)} checkpoints, root {re.escape(documented.group(2))}$", demo.out, re.M)
    assert query(demo.db, "SELECT count(*) FROM events WHERE type IN ('signer.registered', 'authorship.rule_set')") == [(0,)]
    assert query(demo.authorship, "SELECT origin FROM log_meta") != query(demo.db, "SELECT origin FROM log_meta")


def test_author_keys_are_never_written_and_key_ids_are_not_printed(demo):
    """Only the two logs and their log keys are left beside --db; the author keys lived in memory."""
    files = sorted(p.name for p in demo.dir.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert files == ["demo.db", "demo.db-authorship.db", "demo.db-authorship.db.key", "demo.db.key"]
    for name in files:
        assert b"PRIVATE+KEY+ht:" not in (demo.dir / name).read_bytes()
    for key in json.loads(demo.on_authorship_log("signers", "--format", "json").stdout):
        assert key["key_id"] not in demo.section


def test_the_section_reads_the_same_on_every_run(demo, tmp_path):
    again = Demo(tmp_path)
    assert again.section.replace(str(tmp_path), "DIR") == demo.section.replace(str(demo.dir), "DIR")


def test_an_existing_authorship_log_is_refused_before_anything_is_built(tmp_path):
    (tmp_path / "demo.db-authorship.db").write_bytes(b"")
    proc = Auditlog(tmp_path).run("demo", "--db", tmp_path / "demo.db", db=False, check=64)
    assert b"demo.db-authorship.db already exists" in proc.stderr
    assert not (tmp_path / "demo.db").exists() and not (tmp_path / "demo.db.key").exists()
