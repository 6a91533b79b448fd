"""The sample history of tools/samples (the five seed documents as events) and `auditlog demo`,
which carries it inside the binary."""
import json
import subprocess
import sys

from conftest import ROOT, Auditlog, query

SAMPLES = ROOT / "tools/samples"


def test_embedded_samples_are_the_files_in_tools_samples():
    proc = subprocess.run([sys.executable, str(SAMPLES / "embed.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_sample_checker_passes():
    proc = subprocess.run([sys.executable, str(SAMPLES / "check.py")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_every_batch_appends_through_the_binary_at_its_recorded_time(tmp_path):
    """The same history appended file by file with AUDITLOG_NOW (as a user would) gives the same
    entries as the demo, which appends the embedded copy."""
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    log = Auditlog(tmp_path)
    log.run("init", "--origin", manifest["origin"], "--timezone", manifest["timezone"], check=0,
            env={"AUDITLOG_NOW": manifest["batches"][0]["recorded_at"]})
    for batch in manifest["batches"]:
        log.run("append", "--quiet", SAMPLES / batch["file"], check=0, env={"AUDITLOG_NOW": batch["recorded_at"]})
    demo_db = tmp_path / "demo.db"
    Auditlog(tmp_path).run("demo", "--db", demo_db, db=False, check=0)
    fields = ("seq", "type", "subject", "subject_version", "occurred_at", "recorded_at", "actor", "payload", "meta")
    def rows(db):
        return [tuple(json.dumps(json.loads(e).get(k), sort_keys=True) for k in fields)
                for (e,) in query(db, "SELECT entry FROM events ORDER BY seq")]
    assert len(rows(log.db)) > 300
    assert rows(log.db) == rows(demo_db)


def test_demo_tour_shows_the_history_successors_and_a_verified_log(tmp_path):
    proc = Auditlog(tmp_path).run("demo", "--db", tmp_path / "demo.db", db=False, check=0)
    out = proc.stdout.decode()
    size = query(tmp_path / "demo.db", "SELECT count(*) FROM events")[0][0]
    assert f"OK: {size} entries" in out
    assert "σ(ht:bdv-tu) = ht:btgdv-tu" in out and "σ(ht:btg-tu) = ht:btgdv-tu" in out
    assert "∅ (orphaned" in out
    assert "organization.merged" in out and "hoi-chu-thap-do" in out
    vkey = query(tmp_path / "demo.db", "SELECT vkey FROM log_meta")[0][0]
    check = subprocess.run([sys.executable, str(ROOT / "tools/verify.py"), "db", str(tmp_path / "demo.db"), "--vkey", vkey],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
