"""Receipts for authors (docs/authorship.md, "Receipts for authors"): `append --receipts DIR` writes,
for each event of a signed line, the file `<event_id>.tlog-proof` holding what `auditlog prove`
prints for it against the checkpoint the append signed (the latest one when it signed none), and
both verifiers accept it offline; unsigned lines get none, and nothing else changes."""
import base64
import json
import subprocess
import sys

import pytest

from conftest import ROOT, query
from test_authorship import Setup, eid, lines, registered, renamed


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


VERIFY_PY = ROOT / "tools" / "verify.py"


class Receipts(Setup):
    """A v1 log with one association and a registered author key; the log's vkey."""

    def __init__(self, tmp_path):
        super().__init__(tmp_path)
        self.append(registered(self.vkey))
        [(self.log_vkey,)] = query(self.log.db, "SELECT vkey FROM log_meta")
        self.tmp = tmp_path

    def append_to(self, directory, *objs, extra=(), check=0):
        """Appends lines (dicts, or signed lines as `sign` printed them) with --receipts."""
        return self.log.run("append", "-", "--receipts", directory, *extra,
                            input=lines(*objs), check=check)

    def prove(self, event_id, size):
        return self.log.run("prove", event_id, "--size", size, check=0).stdout

    def verify_proof(self, path):
        return self.log.run("verify-proof", path, "--vkey", self.log_vkey, db=False)

    def verify_py(self, path):
        return subprocess.run([sys.executable, str(VERIFY_PY), "proof", str(path), "--vkey", self.log_vkey],
                              capture_output=True, timeout=120)


@pytest.fixture
def r(tmp_path):
    return Receipts(tmp_path)


def receipt_name(n):
    return f"{eid(n)}.tlog-proof"


def test_a_signed_line_gets_the_receipt_prove_prints_and_both_verifiers_accept_it(r):
    [signed] = r.signed(renamed(1))
    directory = r.tmp / "receipts" / "hnd"          # made with its parents
    proc = r.append_to(directory, renamed(2), signed)
    size = r.log.count()
    # Standard output is the append's usual report, nothing more; standard error says what was written.
    [(seq1,)] = query(r.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(1))
    assert proc.stdout.decode().splitlines() == [f"{seq1 - 1}\t{eid(2)}\tappended", f"{seq1}\t{eid(1)}\tappended"]
    assert proc.stderr.decode() == f"wrote 1 receipt to {directory}\n"
    # Only the signed line's event has a receipt, and it is `prove`'s against this append's checkpoint.
    assert sorted(p.name for p in directory.iterdir()) == [receipt_name(1)]
    path = directory / receipt_name(1)
    assert path.read_bytes() == r.prove(eid(1), size)
    text = path.read_text()
    assert text.startswith("c2sp.org/tlog-proof@v1\nextra ")
    entry = json.loads(base64.b64decode(text.splitlines()[1].removeprefix("extra ")))
    assert entry["author"] == signed["author"] and entry["seq"] == seq1
    ok = r.verify_proof(path)
    assert ok.returncode == 0 and f"entry seq {seq1} is in the log example.org/test-log of size {size}" in ok.stdout.decode()


def test_tools_verify_py_accepts_the_receipt_too(r):
    [signed] = r.signed(renamed(13))
    r.append_to(r.tmp / "receipts", signed)
    proc = r.verify_py(r.tmp / "receipts" / receipt_name(13))
    assert proc.returncode == 0 and b"OK: entry seq" in proc.stdout, proc.stdout + proc.stderr


def test_unsigned_lines_get_no_receipt(r):
    directory = r.tmp / "receipts"
    before = r.log.count()
    proc = r.append_to(directory, renamed(3), renamed(4), extra=("--format", "json"))
    assert r.log.count() == before + 2
    assert json.loads(proc.stdout)["appended"] == 2          # the JSON report is untouched
    assert directory.is_dir() and list(directory.iterdir()) == []
    assert proc.stderr.decode() == f"wrote 0 receipts to {directory}\n"


def test_quiet_prints_no_line_about_the_receipts(r):
    [signed] = r.signed(renamed(5))
    proc = r.append_to(r.tmp / "receipts", signed, extra=("--quiet",))
    assert proc.stdout == b"" and proc.stderr == b""
    assert (r.tmp / "receipts" / receipt_name(5)).exists()


def test_dry_run_with_receipts_is_a_usage_error_and_writes_nothing(r):
    [signed] = r.signed(renamed(6))
    before = r.log.count()
    proc = r.append_to(r.tmp / "receipts", signed, extra=("--dry-run",), check=64)
    assert b"--dry-run" in proc.stderr
    assert r.log.count() == before and not (r.tmp / "receipts").exists()


def test_a_receipts_path_that_is_not_a_directory_is_refused_before_anything_is_appended(r):
    [signed] = r.signed(renamed(7))
    not_a_directory = r.tmp / "receipts"
    not_a_directory.write_text("a file\n")
    before = r.log.count()
    proc = r.append_to(not_a_directory, signed, check=64)
    assert b"not a directory" in proc.stderr
    assert r.log.count() == before and not_a_directory.read_text() == "a file\n"


def test_a_receipt_whose_entry_bytes_are_altered_fails_verify_proof(r, tmp_path):
    [signed] = r.signed(renamed(8))
    r.append_to(tmp_path / "receipts", signed)
    lines_ = (tmp_path / "receipts" / receipt_name(8)).read_text().split("\n")
    entry = base64.b64decode(lines_[1].removeprefix("extra "))
    # Still a canonical entry with the same seq: only the inclusion path can tell it is not the one logged.
    altered = entry.replace("Hà Tĩnh".encode(), "Hà Nội".encode())
    assert altered != entry
    lines_[1] = "extra " + base64.b64encode(altered).decode()
    forged = tmp_path / "forged.tlog-proof"
    forged.write_text("\n".join(lines_))
    proc = r.verify_proof(forged)
    assert proc.returncode == 1 and b"inclusion proof does not lead" in proc.stderr


def test_a_retried_signed_line_gets_a_receipt_against_the_new_or_else_the_latest_checkpoint(r, tmp_path):
    [signed] = r.signed(renamed(9))
    first = tmp_path / "first"
    r.append_to(first, signed)
    earlier = (first / receipt_name(9)).read_bytes()
    r.append(renamed(10))                                   # the log grows past that checkpoint
    # A retry alone signs no checkpoint: its receipt is against the latest.
    latest = tmp_path / "latest"
    proc = r.append_to(latest, signed)
    assert proc.stdout.decode().endswith(f"{eid(9)}\tduplicate\n")
    assert (latest / receipt_name(9)).read_bytes() == r.prove(eid(9), r.log.count()) != earlier
    # A retry beside a new line: against the checkpoint that append signed.
    new = tmp_path / "new"
    r.append_to(new, signed, renamed(11))
    assert (new / receipt_name(9)).read_bytes() == r.prove(eid(9), r.log.count())
    assert r.verify_proof(new / receipt_name(9)).returncode == 0
    # The first directory keeps its earlier receipt (still valid): it is never overwritten.
    proc = r.append_to(first, signed)
    assert (first / receipt_name(9)).read_bytes() == earlier
    assert proc.stderr.decode() == f"wrote 0 receipts to {first}; kept 1 earlier receipt of the same event\n"
    # The same receipt again (no checkpoint signed since): left as it is, and counted.
    proc = r.append_to(new, signed, renamed(11))             # both duplicates now
    assert proc.stderr.decode() == f"wrote 1 receipt to {new}\n"


def test_a_file_that_is_not_the_events_receipt_is_never_replaced(r, tmp_path):
    [signed] = r.signed(renamed(12))
    directory = tmp_path / "receipts"
    directory.mkdir()
    (directory / receipt_name(12)).write_text("something else\n")
    proc = r.append_to(directory, signed, check=74)
    assert receipt_name(12).encode() in proc.stderr and b"not replaced" in proc.stderr
    assert (directory / receipt_name(12)).read_text() == "something else\n"
    # The append itself stands (its report is printed), and no temporary file is left behind.
    assert proc.stdout.decode().endswith(f"{eid(12)}\tappended\n")
    assert query(r.log.db, "SELECT count(*) FROM events WHERE event_id = ?", eid(12)) == [(1,)]
    assert sorted(p.name for p in directory.iterdir()) == [receipt_name(12)]
