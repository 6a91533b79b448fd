"""Reliability through the real binary: SIGKILL at random moments, many concurrent writers and
readers, and faults (full disk, read-only files and directories, locks, damaged files, keys).
After each, the log either holds whole batches or nothing of them, and still verifies. The
SIGKILL and concurrency tests run on both engines (an SQLite file, a PostgreSQL database); the
faults of a file are SQLite's (PostgreSQL's are in test_postgresql.py)."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from conftest import FIXED_NOW, Auditlog, event, query

KILLS = int(os.environ.get("AUDITLOG_CRASH_KILLS", "200"))


def env(**extra):
    e = {"PATH": os.environ["PATH"], "AUDITLOG_NOW": "2026-01-15T03:00:00Z"}
    e.update(extra)
    return e


def writers_beside_a_reader(writer, count, reader):
    """Runs writer(0..count-1) on threads beside reader(stop) until every writer is done; an
    exception in any thread (an assertion) fails the test instead of vanishing with its thread."""
    stop = threading.Event()
    errors = []

    def guarded(body, *args):
        try:
            body(*args)
        except BaseException as e:
            errors.append(repr(e))

    writers = [threading.Thread(target=guarded, args=(writer, w)) for w in range(count)]
    reading = threading.Thread(target=guarded, args=(reader, stop))
    for t in writers + [reading]:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    reading.join()
    assert errors == []


def batch(rng, n, tag):
    return [event(rng.randrange(10**9), subject=f"org/s{rng.randrange(40)}",
                  event_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                  payload={"batch": tag, "text": "Báo cáo của Hội Nông dân " * rng.randrange(1, 6)})
            for _ in range(n)]


def settled(db):
    """On PostgreSQL, waits until no auditlog session is left: a client killed after sending
    COMMIT leaves the server to finish that commit on its own."""
    if not str(db).startswith("postgresql"):
        return
    deadline = time.monotonic() + 30
    while query(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'auditlog'")[0][0] != 0:
        assert time.monotonic() < deadline, "an auditlog session outlived its process"
        time.sleep(0.05)


def ids_in(db):
    settled(db)
    return {r[0] for r in query(db, "SELECT event_id FROM events")}


def sizes(db):
    count, top = query(db, "SELECT count(*), coalesce(max(seq), 0) FROM events")[0]
    return count, top, query(db, "SELECT max(size) FROM checkpoints")[0][0]


def test_sigkill_at_random_moments_leaves_whole_batches_and_a_verifying_log(engine_log, tmp_path):
    log = engine_log
    rng = random.Random(20261124)
    log.init()
    path = tmp_path / "batch.ndjson"

    def write(lines):
        path.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))

    # Kills land at random within the time this binary takes to append the largest batch, so
    # that they fall before, during and after commits whether it is a debug or a release build
    # (a fixed window let a release build finish most batches first).
    largest = batch(rng, 400, "calibration")
    write(largest)
    started = time.monotonic()
    log.run("append", str(path), "--quiet", check=0)
    window = time.monotonic() - started
    committed = {l["event_id"] for l in largest}
    outcomes = {"completed": 0, "killed": 0, "killed_after_commit": 0}
    for k in range(KILLS):
        lines = batch(rng, rng.randrange(1, 400), k)
        ids = {l["event_id"] for l in lines}
        write(lines)
        proc = subprocess.Popen([str(log.binary), "--db", str(log.db), "append", str(path), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env(**log.env))
        time.sleep(rng.random() * window)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        present = ids_in(log.db)
        if code == 0:
            outcomes["completed"] += 1
            assert ids <= present, f"kill {k}: a batch that reported success is missing"
            committed |= ids
        else:
            assert code == -signal.SIGKILL, proc.stderr.read()
            outcomes["killed"] += 1
            in_flight = present & ids
            assert in_flight in (set(), ids), f"kill {k}: {len(in_flight)} of {len(ids)} events of one batch"
            if in_flight:
                outcomes["killed_after_commit"] += 1
                committed |= ids
        assert present == committed, f"kill {k}: the log holds events of no batch"
        count, top, checkpoint = sizes(log.db)
        assert count == top and checkpoint == top, f"kill {k}: seq or checkpoint out of step"
        if k % 20 == 0 or k == KILLS - 1:
            log.run("verify", check=0)
    # The seed must have produced both outcomes, or the test proves little.
    assert outcomes["killed"] > KILLS // 4 and outcomes["completed"] > 0, outcomes


def test_eight_writers_with_versions_and_retries_and_consistent_readers(engine_log):
    log = engine_log
    log.init()
    rng = random.Random(7)
    shared_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(100)]
    plans = []
    for p in range(8):
        lines = []
        for i in range(1000):
            if p >= 6 and i < 100:
                # two writers retry the same 100 events: each must land once
                lines.append(event(i, subject=f"org/shared-{i % 10}", event_id=shared_ids[i], payload={"shared": i}))
            else:
                lines.append(event(p * 10000 + i, subject=f"org/w{p}-{i % 25}", event_id=str(uuid.UUID(int=rng.getrandbits(128), version=4))))
        plans.append([lines[j:j + 100] for j in range(0, 1000, 100)])
    contended = "org/contended"
    results = {p: [] for p in range(8)}

    def writer(p):
        for chunk in plans[p]:
            proc = subprocess.run([str(log.binary), "--db", str(log.db), "append", "-", "--quiet"],
                                  input="".join(json.dumps(l) + "\n" for l in chunk).encode(),
                                  capture_output=True, env=env(**log.env), timeout=120)
            results[p].append(proc.returncode)
            # Each writer then tries to be the next version of one contended subject.
            seen = query(log.db, "SELECT count(*) FROM events WHERE subject = ?", contended)[0][0]
            line = event(p, subject=contended, expected_version=seen, payload={"writer": p})
            proc = subprocess.run([str(log.binary), "--db", str(log.db), "append", "-", "--quiet"],
                                  input=(json.dumps(line) + "\n").encode(), capture_output=True, env=env(**log.env), timeout=120)
            results[p].append(("versioned", proc.returncode, proc.stderr))

    prefixes = []

    def reader(stop):
        while not stop.is_set():
            proc = subprocess.run([str(log.binary), "--db", str(log.db), "log", "--format", "ndjson"],
                                  capture_output=True, env=env(**log.env), timeout=120)
            assert proc.returncode == 0, proc.stderr
            seqs = [json.loads(l)["seq"] for l in proc.stdout.splitlines()]
            prefixes.append(seqs == list(range(1, len(seqs) + 1)))

    writers_beside_a_reader(writer, 8, reader)

    for p in range(8):
        plain = [c for c in results[p] if not isinstance(c, tuple)]
        assert plain == [0] * 10, f"writer {p}: {plain}"  # never busy past the timeout (75), never failed
        for _, code, err in (c for c in results[p] if isinstance(c, tuple)):
            assert code in (0, 3), err
            if code == 3:
                assert b"expected_version" in err
    seqs = [r[0] for r in query(log.db, "SELECT seq FROM events ORDER BY seq")]
    ids = [r[0] for r in query(log.db, "SELECT event_id FROM events")]
    versions = [r[0] for r in query(log.db, "SELECT subject_version FROM events WHERE subject = ? ORDER BY seq", contended)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(ids) == len(set(ids))
    assert set(shared_ids) <= set(ids)
    assert len(seqs) == 8 * 1000 - 100 + len(versions)
    assert versions == list(range(1, len(versions) + 1))
    assert prefixes and all(prefixes)
    log.run("verify", check=0)


def fresh_log(prefix="auditlog-fault-"):
    # World-readable, so an unprivileged user can reach it (pytest's own tmp root is private).
    d = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    os.chmod(d, 0o755)
    log = Auditlog(d)
    log.init()
    log.append_lines([event(1), event(2)])
    return log


def as_nobody(log, *args, input=None):
    argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(log.binary), "--db", str(log.db), *args]
    return subprocess.run(argv, input=input, capture_output=True, env=env())


def one_line(proc):
    return proc.stderr.count(b"\n") == 1 and proc.stderr.startswith(b"auditlog: ")


def test_disk_full_is_74_and_writes_nothing(log):
    log.init()
    log.append_lines([event(1)])
    big = [event(i, payload={"text": "x" * 3000}) for i in range(400)]
    # The limit is per connection, so the binary itself must apply it: a tiny filesystem does.
    mount = Path(tempfile.mkdtemp(prefix="auditlog-full-", dir="/tmp"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True).returncode == 0
    if not mounted:
        pytest.fail("this test needs a small tmpfs (mount -t tmpfs) to fill the disk")
    try:
        small = Auditlog(mount)
        small.init()
        before = sizes(small.db)
        proc = small.append_lines(big, check=None)
        assert proc.returncode == 74, proc.stderr
        assert one_line(proc)
        assert sizes(small.db) == before
        small.run("verify", check=0)
    finally:
        subprocess.run(["umount", str(mount)])
        shutil.rmtree(mount, ignore_errors=True)


def test_read_only_directory_locked_database_and_unreadable_key():
    log = fresh_log()
    try:
        # A read-only directory: the WAL cannot be created beside the file.
        os.chmod(log.db, 0o666)
        os.chmod(log.dir, 0o555)
        for extra in ("-wal", "-shm"):
            Path(str(log.db) + extra).unlink(missing_ok=True)
        proc = as_nobody(log, "append", "-", input=json.dumps(event(3)).encode())
        assert proc.returncode in (66, 74), proc.stderr
        assert one_line(proc)
        os.chmod(log.dir, 0o755)
        assert log.count() == 2
        # A key file the user cannot read.
        os.chmod(log.key, 0o600)
        proc = as_nobody(log, "append", "-", input=json.dumps(event(3)).encode())
        assert proc.returncode == 66 and one_line(proc) and b"key" in proc.stderr
        assert log.count() == 2
        # Locked by another process past the timeout.
        con = sqlite3.connect(log.db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        try:
            proc = log.run("append", "-", input=json.dumps(event(4)), env={"AUDITLOG_BUSY_TIMEOUT_MS": "300"})
            assert proc.returncode == 75 and one_line(proc)
            # Readers are not blocked by a writer (WAL): they see the last committed state.
            proc = log.run("log", "--format", "ndjson", env={"AUDITLOG_BUSY_TIMEOUT_MS": "300"})
            assert proc.returncode == 0 and proc.stdout.count(b"\n") == 2
        finally:
            con.execute("ROLLBACK")
            con.close()
        assert log.count() == 2
        log.run("verify", check=0)
    finally:
        os.chmod(log.dir, 0o755)
        shutil.rmtree(log.dir, ignore_errors=True)


def test_damaged_truncated_and_foreign_files(log):
    log.init()
    log.append_lines([event(i, payload={"text": "Hội " * 200}) for i in range(300)])
    log.run("verify", check=0)
    query(log.db, "PRAGMA wal_checkpoint(TRUNCATE)")  # move every page into the main file
    raw = log.db.read_bytes()
    assert len(raw) > 40 * 4096
    page = 4096
    rng = random.Random(5)
    # A corrupted page anywhere (table, index or Merkle cache): verify must notice every time;
    # other commands either work or stop with one line, and nothing is appended to a damaged file.
    for n in rng.sample(range(2, len(raw) // page), 12):
        damaged = bytearray(raw)
        damaged[page * n + 8: page * n + 2008] = rng.randbytes(2000)
        log.db.write_bytes(bytes(damaged))
        proc = log.run("verify")
        assert proc.returncode in (1, 74), (n, proc.returncode, proc.stdout, proc.stderr)
        assert b"damaged" in proc.stdout + proc.stderr or b"mismatch" in proc.stdout or b"canonical" in proc.stdout
        for args in (("log",), ("append", "-")):
            proc = log.run(*args, input=json.dumps(event(1)))
            assert proc.returncode in (0, 65, 74), (n, args, proc.returncode, proc.stderr)
            assert proc.returncode == 0 or one_line(proc)
    # Truncated to half.
    log.db.write_bytes(raw[: len(raw) // 2])
    for args in (("verify",), ("log",)):
        proc = log.run(*args)
        assert proc.returncode in (1, 74), (args, proc.returncode, proc.stderr)
    # Not a database at all; an SQLite database of another application.
    log.db.write_bytes(b"\x00" * 100 + b"hello" * 1000)
    assert log.run("verify").returncode == 74
    log.db.unlink()
    with sqlite3.connect(log.db) as con:
        con.execute("CREATE TABLE t (x)")
    proc = log.run("verify")
    assert proc.returncode == 65 and b"not an auditlog" in proc.stderr


def test_backup_verifies_on_its_own_and_export_round_trips(log, tmp_path):
    log.init()
    log.append_lines([event(i, event_id=str(uuid.UUID(int=i, version=4)), meta={"source": "import"}) for i in range(50)])
    log.append_lines([event(100 + i) for i in range(20)])
    target = tmp_path / "backup" / "copy.db"
    target.parent.mkdir()
    proc = log.run("backup", str(target), check=0)
    assert b"verified    OK" in proc.stdout
    vkey = (tmp_path / "backup" / "copy.db.vkey").read_text().strip()
    log.key.rename(tmp_path / "moved.key")  # the backup must not need the key
    copy = Auditlog(tmp_path / "backup")
    copy.db = target
    out = copy.run("verify", "--vkey", vkey, "--checkpoint", str(target) + ".checkpoint", check=0).stdout
    assert out.endswith(b"OK\n")
    assert log.run("backup", str(target)).returncode == 64
    # export -> append into a new log -> same event ids and payloads
    exported = log.run("export", check=0).stdout
    other = Auditlog(tmp_path / "other")
    (tmp_path / "other").mkdir()
    other.init("example.org/other")
    other.run("append", "-", input=exported, check=0)
    assert other.run("export", check=0).stdout.count(b"\n") == 70
    def essentials(raw):
        return [{k: v for k, v in json.loads(l).items() if k not in ("seq", "recorded_at", "subject_version")}
                for l in raw.splitlines()]
    # event ids, types, subjects, times, actors, payloads and meta are the same, in the same order
    assert essentials(other.run("export", check=0).stdout) == essentials(exported)


def test_domain_writers_with_check_and_orgs_readers_see_signed_prefixes(engine_log):
    log = engine_log
    """Issue 8: readers (log, check) during concurrent appends see consistent prefixes. Four
    writers append reports on a v1-catalogue log while a reader runs `check` and `orgs`: every
    report parses, and the size and root it names are those of a signed checkpoint."""
    log.init(catalogue="auditlog/v1")
    orgs = [f"hoi-{i}" for i in range(12)]
    reg = lambda slug, kind="hqc": {"type": "organization.registered", "occurred_at": "2025-01-01", "actor": "clerk",
                                    "payload": {"org_id": slug, "name_vi": f"Hội {slug}", "kind": kind, "level": "province",
                                                "province": "ha-tinh"}}
    directive = {"type": "directive.issued", "occurred_at": "2025-01-01", "actor": "clerk", "payload": {
        "doc": {"doc_key": "D", "number": None, "type_name": "Chỉ thị", "issuer_org": "btv-tu"}, "source_kind": "directive",
        "requirements": [{"req_id": "R", "text_vi": "Báo cáo quý.", "template": "periodic_report", "assignees": {"kind": "hqc"},
                          "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2025-01-01/P3M"},
                          "param_source": "text"}]}}
    log.append_lines([reg("btv-tu", "party_board")] + [reg(o) for o in orgs] + [directive])

    def writer(w):
        for k in range(25):
            line = {"type": "report.submitted", "occurred_at": "2025-12-01", "actor": "clerk",
                    "payload": {"report_id": f"r-{w}-{k}", "reporter": orgs[(w * 25 + k) % len(orgs)], "recipient": "btv-tu"}}
            proc = subprocess.run([str(log.binary), "--db", str(log.db), "append", "-"], input=json.dumps(line).encode(),
                                  capture_output=True, env={"AUDITLOG_NOW": FIXED_NOW, **log.env}, timeout=120)
            assert proc.returncode == 0, proc.stderr

    seen = []

    def reader(stop):
        while not stop.is_set():
            proc = subprocess.run([str(log.binary), "--db", str(log.db), "check", "--as-of", "2026-01-10", "--format", "json"],
                                  capture_output=True, env={"AUDITLOG_NOW": FIXED_NOW, **log.env}, timeout=120)
            assert proc.returncode in (0, 1), proc.stderr
            report = json.loads(proc.stdout)
            seen.append((report["log"]["size"], report["log"]["root"]))
            orgs_out = subprocess.run([str(log.binary), "--db", str(log.db), "orgs", "--format", "json"],
                                      capture_output=True, env={"AUDITLOG_NOW": FIXED_NOW, **log.env}, timeout=120)
            assert orgs_out.returncode == 0 and len(json.loads(orgs_out.stdout)) == len(orgs) + 1, orgs_out.stderr

    writers_beside_a_reader(writer, 4, reader)
    roots = {size: note.split("\n")[2] for size, note in query(log.db, "SELECT size, note FROM checkpoints")}
    assert seen and all(roots.get(size) == root for size, root in seen), seen[:5]
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
    assert log.count() == 1 + len(orgs) + 1 + 100
    log.run("verify", check=0)
