"""End-to-end tests of `auditlog init`, `append` and `log` through the built binary, on real
SQLite files: every bad input of the issue, exit codes, atomicity, idempotency, concurrency and
the NDJSON round trip. Stored bytes are checked with Python's own json and unicodedata."""
import json
import shlex
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from conftest import Auditlog, event, query


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))


def entries(log):
    return [(seq, bytes(e)) for seq, e in query(log.db, "SELECT seq, entry FROM events ORDER BY seq")]


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_init_prints_vkey_and_writes_private_key_0600(sqlite_log):
    log = sqlite_log
    vkey = log.init("example.org/audit")
    name, key_id, blob = vkey.split("+", 2)
    assert name == "example.org/audit" and len(key_id) == 8
    assert (log.key.stat().st_mode & 0o777) == 0o600
    assert log.key.read_text().startswith("PRIVATE+KEY+example.org/audit+")
    with sqlite3.connect(log.db) as con:
        row = con.execute("SELECT format, origin, vkey, timezone FROM log_meta").fetchone()
        assert row == ("auditlog/v1", "example.org/audit", vkey, "Asia/Ho_Chi_Minh")
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    # a second init refuses to overwrite
    proc = log.run("init", "--origin", "example.org/audit")
    assert proc.returncode == 64 and b"already exists" in proc.stderr


def test_append_stores_canonical_nfc_entries_and_reports_each(log):
    log.init()
    nfd = unicodedata.normalize("NFD", "Hội Liên hiệp Phụ nữ Việt Nam")
    proc = log.append_lines([event(1, payload={"name": nfd, "members": 1200}), event(2)])
    lines = proc.stdout.decode().splitlines()
    assert [l.split("\t")[0] for l in lines] == ["1", "2"]
    assert all(l.endswith("\tappended") for l in lines)
    stored = entries(log)
    assert len(stored) == 2
    for seq, raw in stored:
        obj = json.loads(raw)
        assert canonical(obj) == raw
        assert obj["seq"] == seq and obj["v"] == 1 and obj["recorded_at"] == "2026-01-15T03:00:00.000Z"
    name = json.loads(stored[0][1])["payload"]["name"]
    assert name == unicodedata.normalize("NFC", nfd) and unicodedata.is_normalized("NFC", name)
    assert "Hội Liên hiệp Phụ nữ Việt Nam".encode() in stored[0][1]


def test_json_array_input_and_json_output(log):
    log.init()
    text = json.dumps([event(1), event(2), event(3)], ensure_ascii=False, indent=2)
    proc = log.run("append", "-", "--format", "json", input=text, check=0)
    out = json.loads(proc.stdout)
    assert out["appended"] == 3 and out["size"] == 3
    assert [e["seq"] for e in out["events"]] == [1, 2, 3]


BAD_LINES = [
    ("malformed JSON", '{"type": "note.recorded", "occurred_at": ', "line 2", ""),
    ("missing field", json.dumps({k: v for k, v in event().items() if k != "actor"}), "line 2: actor: required", ""),
    ("unknown field", json.dumps(dict(event(), colour="red")), "line 2: colour: unknown field", ""),
    ("float", json.dumps(dict(event(), payload={"rate": 0.6})), "line 2: payload.rate: decimal numbers are not allowed", ""),
    ("duplicate key", '{"type":"a.b","type":"a.b","occurred_at":"2025","actor":"x","subject":"s","payload":{}}', "line 2", "duplicate key"),
    ("non-ASCII key", json.dumps(dict(event(), payload={"tên": "x"}), ensure_ascii=False), "line 2: payload", "ASCII"),
    ("future occurred_at", json.dumps(dict(event(), occurred_at="2026-02-01")), "line 2: occurred_at", "future"),
    ("impossible date", json.dumps(dict(event(), occurred_at="2023-02-30")), "line 2: occurred_at", "not a real date"),
    ("bad type", json.dumps(dict(event(), type="Report")), "line 2: type", "dotted"),
    ("payload not object", json.dumps(dict(event(), payload=[1])), "line 2: payload: must be an object", ""),
    ("bad event id", json.dumps(dict(event(), event_id="42")), "line 2: event_id", "UUID"),
    ("entry over 64 KiB", json.dumps(dict(event(), payload={"text": "x" * 70000})), "line 2", "limit is 65535"),
    ("lone surrogate", '{"type":"a.b","occurred_at":"2025","actor":"x","subject":"s","payload":{"t":"\\ud800"}}', "line 2: payload.t", "surrogate"),
    ("NUL", '{"type":"a.b","occurred_at":"2025","actor":"x","subject":"s","payload":{"t":"a\\u0000"}}', "line 2: payload.t", "U+0000"),
    ("overlong number", '{"type":"a.b","occurred_at":"2025","actor":"x","subject":"s","payload":{"n":123456789012345678901234567890}}', "line 2: payload.n", "out of range"),
    ("missing subject", json.dumps({k: v for k, v in event().items() if k != "subject"}), "line 2: subject: required", ""),
]


@pytest.mark.parametrize("name,bad,prefix,words", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_bad_line_appends_nothing_and_names_line_and_field(log, name, bad, prefix, words):
    log.init()
    text = json.dumps(event(1)) + "\n" + bad + "\n" + json.dumps(event(3)) + "\n"
    proc = log.run("append", "-", input=text)
    err = proc.stderr.decode()
    assert proc.returncode == 65, err
    assert err.startswith("auditlog: " + prefix), err
    assert words in err
    assert err.count("\n") == 1
    assert proc.stdout == b""
    assert log.count() == 0


def test_array_with_one_bad_element_appends_nothing(log):
    log.init()
    items = [event(1), event(2), dict(event(3), occurred_at="2023-02-30")]
    text = json.dumps(items, indent=1)
    proc = log.run("append", "-", input=text)
    assert proc.returncode == 65
    line_of_third = text.splitlines().index("  {", 0) if False else None
    assert b"occurred_at" in proc.stderr and b"line " in proc.stderr
    assert log.count() == 0


def test_empty_input_binary_file_and_missing_files(log, tmp_path):
    log.init()
    proc = log.run("append", "-", input="")
    assert proc.returncode == 65 and b"no events" in proc.stderr
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    proc = log.run("append", str(binary))
    assert proc.returncode == 65 and proc.stderr.startswith(b"auditlog: line 1")
    proc = log.run("append", str(tmp_path / "nope.ndjson"))
    assert proc.returncode == 66
    assert log.count() == 0
    other = Auditlog(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").mkdir()
    proc = other.run("log")
    assert proc.returncode == 66 and b"not found" in proc.stderr
    proc = other.run("append", "-", input=json.dumps(event()))
    assert proc.returncode == 66


def test_not_a_database_and_future_format(sqlite_log, tmp_path):
    log = sqlite_log
    log.db.write_bytes(b"this is not a database" * 300)
    proc = log.run("log")
    assert proc.returncode == 74 and proc.stderr.count(b"\n") == 1
    log.db.unlink()
    log.init()
    with sqlite3.connect(log.db) as con:
        con.execute("PRAGMA user_version = 9")
    proc = log.run("append", "-", input=json.dumps(event()))
    assert proc.returncode == 65 and b"newer" in proc.stderr


def test_missing_key_is_exit_66_and_writes_nothing(log):
    log.init()
    log.key.rename(log.dir / "elsewhere.key")
    proc = log.append_lines([event()], check=66)
    assert b"signing key" in proc.stderr
    assert log.count() == 0
    proc = log.append_lines([event()], "--key-file", str(log.dir / "elsewhere.key"), check=0)
    proc = log.append_lines([event()], env={"AUDITLOG_KEY": str(log.dir / "elsewhere.key")}, check=0)
    assert log.count() == 2


def test_read_only_database_is_exit_74_and_unchanged():
    if not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to run the binary as an unprivileged user")
    import tempfile
    # pytest's own temporary root is private to root; the unprivileged user needs a path it can reach.
    directory = Path(tempfile.mkdtemp(prefix="auditlog-ro-", dir="/tmp"))
    log = Auditlog(directory)
    log.init()
    log.append_lines([event(1)])
    os.chmod(log.dir, 0o755)
    os.chmod(log.db, 0o444)
    os.chmod(log.key, 0o444)
    argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(log.binary), "--db", str(log.db), "append", "-"]
    proc = subprocess.run(argv, input=json.dumps(event(2)).encode(), capture_output=True,
                          env={"AUDITLOG_NOW": "2026-01-15T03:00:00Z", "PATH": os.environ["PATH"]})
    assert proc.returncode == 74, proc.stderr
    assert proc.stderr.count(b"\n") == 1
    assert log.count() == 1
    shutil.rmtree(directory)


def test_idempotent_retry_conflict_and_expected_version(log):
    log.init()
    eid = "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f"
    log.append_lines([event(1, event_id=eid)])
    proc = log.append_lines([event(1, event_id=eid), event(2)])
    assert proc.stdout.decode().splitlines() == [f"1\t{eid}\tduplicate", proc.stdout.decode().splitlines()[1]]
    assert proc.stdout.decode().splitlines()[1].startswith("2\t")
    proc = log.append_lines([event(9, event_id=eid)], check=3)
    assert b"line 1: event_id" in proc.stderr
    s = "org/hoi-1"  # event(1) is about it: one event so far
    proc = log.append_lines([event(3, subject=s, expected_version=5)], check=3)
    assert b"line 1: expected_version: org/hoi-1 has 1 event, not 5" in proc.stderr
    log.append_lines([event(3, subject=s, expected_version=1), event(4, subject=s, expected_version=2)])
    assert log.count() == 4


def test_busy_past_timeout_is_exit_75(sqlite_log):
    log = sqlite_log
    log.init()
    con = sqlite3.connect(log.db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    try:
        proc = log.append_lines([event()], env={"AUDITLOG_BUSY_TIMEOUT_MS": "200"}, check=75)
        assert b"busy" in proc.stderr
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert log.count() == 0


def test_json_errors_are_json_objects(log):
    log.init()
    proc = log.run("append", "-", "--format", "json", input=json.dumps(dict(event(), occurred_at="2023-02-30")))
    assert proc.returncode == 65
    err = json.loads(proc.stderr)
    assert err["exit_code"] == 65 and err["line"] == 1 and err["field"] == "occurred_at"


def test_dry_run_writes_nothing(log):
    log.init()
    proc = log.append_lines([event(1), event(2)], "--dry-run")
    assert b"2 events valid" in proc.stdout
    assert log.count() == 0


def test_two_appenders_at_once_keep_seq_dense(log):
    log.init()
    procs = []
    for p in range(6):
        text = "".join(json.dumps(event(p * 1000 + i, subject=f"org/p{p}-{i % 3}")) + "\n" for i in range(150))
        procs.append((subprocess.Popen([str(log.binary), "--db", str(log.db), "append", "-"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env={"AUDITLOG_NOW": "2026-01-15T03:00:00Z", "PATH": os.environ["PATH"], **log.env}), text))
    for proc, text in procs:
        proc.stdin.write(text.encode())
        proc.stdin.close()
    for proc, _ in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    seqs = [r[0] for r in query(log.db, "SELECT seq FROM events ORDER BY seq")]
    sizes = [r[0] for r in query(log.db, "SELECT size FROM checkpoints ORDER BY size")]
    assert seqs == list(range(1, 901))
    assert len(sizes) == 7 and sizes[-1] == 900
    payload_ns = sorted(json.loads(e)["payload"]["n"] for _, e in entries(log))
    assert payload_ns == sorted(p * 1000 + i for p in range(6) for i in range(150))
    log.run("verify", check=0)


def test_log_filters_and_formats(log):
    log.init()
    log.append_lines([
        event(1, subject="org/a", occurred_at="2024"),
        event(2, subject="org/b", type="report.submitted", occurred_at="2025-03"),
        event(3, subject="org/a", occurred_at="2025-03-14"),
        event(4, subject="org/a", occurred_at="2025-06-01T09:00+07:00"),
    ])
    def seqs(*args):
        out = log.run("log", "--format", "ndjson", *args, check=0).stdout.decode().splitlines()
        return [json.loads(l)["seq"] for l in out]
    assert seqs() == [1, 2, 3, 4]
    assert seqs("--subject", "org/a") == [1, 3, 4]
    assert seqs("--type", "report.submitted") == [2]
    assert seqs("--from-seq", "2", "--to-seq", "3") == [2, 3]
    assert seqs("--occurred-from", "2025-03-14") == [2, 3, 4]
    assert seqs("--occurred-to", "2025-02") == [1]
    assert seqs("--occurred-from", "2025-04", "--occurred-to", "2025-06-01") == [4]
    assert seqs("--limit", "2") == [1, 2]
    assert seqs("--recorded-from", "2026-01-15") == [1, 2, 3, 4]
    assert seqs("--recorded-to", "2026-01-14") == []
    table = log.run("log", check=0).stdout.decode().splitlines()
    assert table[0].split()[:3] == ["SEQ", "RECORDED_AT", "OCCURRED_AT"] and len(table) == 5
    rows = log.run("log", "--format", "csv", check=0).stdout.decode().splitlines()
    assert rows[0].startswith("seq,event_id,type") and len(rows) == 5
    arr = json.loads(log.run("log", "--format", "json", check=0).stdout)
    assert [e["seq"] for e in arr] == [1, 2, 3, 4]
    proc = log.run("log", "--occurred-from", "2025-02-30")
    assert proc.returncode == 64


def test_ndjson_export_round_trips_into_another_log(log, tmp_path):
    log.init()
    log.append_lines([event(i, meta={"source": "import", "note": "Ghi chú"}) for i in range(5)] +
                     [event(9, event_id="0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f")])
    exported = log.run("log", "--format", "ndjson", check=0).stdout
    other = Auditlog(tmp_path / "copy")
    (tmp_path / "copy").mkdir()
    other.init("example.org/copy")
    other.run("append", "-", input=exported, env={"AUDITLOG_NOW": "2026-02-01T00:00:00Z"}, check=0)
    keep = ("event_id", "type", "subject", "occurred_at", "actor", "payload", "meta")
    a = [{k: json.loads(e).get(k) for k in keep} for _, e in entries(log)]
    b = [{k: json.loads(e).get(k) for k in keep} for _, e in entries(other)]
    assert a == b
    # re-appending the same export is a no-op: every line is a duplicate
    proc = other.run("append", "-", input=exported, check=0)
    assert all(l.endswith("duplicate") for l in proc.stdout.decode().splitlines())


def test_every_command_has_help_with_examples(log):
    for command in ["init", "append", "log", "checkpoint", "prove", "consistency", "verify", "verify-proof", "demo"]:
        proc = log.run(command, "--help", db=False, check=0)
        assert b"Examples:" in proc.stdout, command
    proc = log.run("frobnicate", db=False)
    assert proc.returncode == 64


def test_help_paragraphs_wrap_to_the_terminal_not_to_the_source(log):
    """The parser wraps each line of a command's discussion to the terminal's width and keeps
    every newline; the source's own line breaks inside a paragraph would leave short lines."""
    for command in ["verify", "append", "check", "orgs"]:
        text = log.run(command, "--help", db=False, check=0).stdout.decode()
        discussion = text.split("\n\n", 1)[1].split("USAGE:", 1)[0].split("Examples:", 1)[0]
        lines = discussion.splitlines()
        width = max(len(line) for line in lines)
        for line, after in zip(lines, lines[1:]):
            if line and after and not line.startswith(" ") and not after.startswith(" ") and not line.endswith(":"):
                assert len(line) > width - 20, f"{command}: a short line inside a paragraph: {line!r}\n{discussion}"


def test_subject_versions_stay_right_past_the_in_memory_cache(log):
    """One append remembers at most 65,536 subjects' versions (Limits.subjectVersionsCached) and
    asks the index for the others: subjects seen before the cache was emptied still count on."""
    log.init()
    first = 66_000  # more new subjects than the cache holds
    lines = [event(i, subject=f"s/{i}") for i in range(first)]
    lines += [event(first + i, subject=f"s/{i}", expected_version=1) for i in range(3_000)]
    log.append_lines(lines, "--quiet")
    rows = query(log.db, "SELECT subject_version, count(*) FROM events GROUP BY subject_version ORDER BY 1")
    assert rows == [(1, first), (2, 3_000)]
    log.run("verify", check=0)


# Subjects whose text needs quoting in a PostgreSQL array literal, and Vietnamese text.
AWKWARD_SUBJECTS = ['org/quote"d', "org/back\\slash", "org/{brace},comma", "org/Hà Nội", "org/NULL", "org/ spaced ", "org/x"]


def test_retries_and_versions_are_right_when_looked_up_a_batch_at_a_time(log, tmp_path):
    """An append on PostgreSQL looks up the event ids and subjects of 256 lines at once: a line
    repeating a committed event or an earlier line of the same input is a duplicate, each
    subject's version counts on through the batch, and an expected_version is judged against it,
    as on SQLite. Checked against a model of the rules, through stdin and through a file."""
    log.init()
    ids = lambda n: f"0190a8e0-0000-7000-8000-{n:012d}"
    model = {}  # subject -> latest version
    appended = []  # (event_id, subject, version), in seq order

    def line(n, subject, **extra):
        return dict(event(n, subject=subject, event_id=ids(n)), **extra)

    def expect(lines):
        duplicates = 0
        for l in lines:
            if any(e == l["event_id"] for e, _, _ in appended):
                duplicates += 1
                continue
            model[l["subject"]] = model.get(l["subject"], 0) + 1
            appended.append((l["event_id"], l["subject"], model[l["subject"]]))
        return duplicates

    first = [line(n, AWKWARD_SUBJECTS[n % len(AWKWARD_SUBJECTS)]) for n in range(300)]
    expect(first)
    log.append_lines(first, "--quiet")

    def second_input(start, count):
        lines = []
        for k in range(count):
            n = start + k
            if k % 5 == 0:
                lines.append(first[k % 300])  # a retry of a committed event
            elif k % 7 == 0 and lines:
                lines.append(lines[k // 2])  # a retry of an earlier line of this input
            else:
                subject = AWKWARD_SUBJECTS[k % len(AWKWARD_SUBJECTS)] if k % 3 else f"org/new-{n}"
                lines.append(line(n, subject))
        # Every fourth new line states the version its subject is at, counting this input's own lines.
        versions = dict(model)
        seen = {e for e, _, _ in appended}
        for i, l in enumerate(lines):
            if l["event_id"] in seen:
                continue
            seen.add(l["event_id"])
            if i % 4 == 1:
                lines[i] = l = dict(l, expected_version=versions.get(l["subject"], 0))
            versions[l["subject"]] = versions.get(l["subject"], 0) + 1
        return lines

    through_stdin = second_input(1_000, 900)
    duplicates = expect(through_stdin)
    proc = log.append_lines(through_stdin)
    assert proc.stdout.decode().count("\tduplicate") == duplicates > 200

    # A file this small is prepared whole before it is appended, then looked up by batch as well.
    through_file = second_input(2_000, 300)
    duplicates = expect(through_file)
    path = tmp_path / "second.ndjson"
    path.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in through_file), encoding="utf-8")
    assert path.stat().st_size <= 64 << 10
    proc = log.run("append", path, check=0)
    assert proc.stdout.decode().count("\tduplicate") == duplicates

    stored = [json.loads(l) for l in log.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()]
    assert [(e["event_id"], e["subject"], e["subject_version"]) for e in stored] == appended
    assert [e["seq"] for e in stored] == list(range(1, len(appended) + 1))

    # A stale expected_version far into an input is refused by its line, and nothing is written.
    late = [line(5_000 + k, f"org/late-{k}") for k in range(600)]
    late.append(line(6_000, "org/x", expected_version=model["org/x"] - 1))
    proc = log.append_lines(late, check=3)
    assert f"line 601: expected_version: org/x has {model['org/x']} events, not {model['org/x'] - 1}".encode() in proc.stderr
    assert log.count() == len(appended)


def test_init_refuses_a_time_zone_with_daylight_saving(tmp_path):
    """Business dates are civil dates at one fixed offset: a zone that changes it twice a year
    is refused with a one-line usage error, and nothing is written."""
    log = Auditlog(tmp_path)
    proc = log.run("init", "--origin", "example.org/test-log", "--timezone", "Europe/Berlin")
    message = proc.stderr.decode().strip()
    assert proc.returncode == 64 and "Europe/Berlin" in message and "daylight saving" in message and "\n" not in message
    assert not log.db.exists() and not pathlib.Path(str(log.db) + ".key").exists()
    log.run("init", "--origin", "example.org/test-log", "--timezone", "UTC", check=0)


def test_the_stdin_example_of_append_help_appends_on_a_fresh_log(log):
    log.run("init", "--origin", "example.org/help", check=0)
    help_text = log.run("append", "--help", db=False, check=0, env={"COLUMNS": "400"}).stdout.decode()
    # The example as the shell reads it: its continued lines joined, echo's arguments joined by spaces.
    lines = help_text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip().startswith("echo '"))
    command = ""
    for x in lines[start:]:
        command += x.strip()
        if not command.endswith("\\"):
            break
        command = command[:-1] + " "
    words = shlex.split(command[:command.index("| auditlog")])
    assert words[0] == "echo"
    line = " ".join(words[1:])
    proc = log.run("append", "-", input=line.encode(), check=0)
    assert proc.stdout.decode().split("\t")[2].strip() == "appended"
