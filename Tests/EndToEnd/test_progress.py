"""Progress on standard error for long work on a terminal: `append` of a large file, `verify`,
`rebuild`, `copy`, `check`, `export` (both kinds) and `report` show the count, the rate and the time left when standard error is a terminal
(a pseudo-terminal here), and nothing when it is not or with --quiet; standard output is the same
bytes either way."""
import os
import pty
import re
import subprocess
import sys
import tempfile

import pytest

from conftest import FIXED_NOW, ROOT, Auditlog

EVENTS = 15000
LINE = re.compile(rb"\r\x1b\[K(\w+): ([\d,]+) of ([\d,]+) (\w+) \((\d+)%\), ([\d,]+) \4/s(?:, (\d+:\d\d) left)?")


def run_on_terminal(log, *args):
    """Runs the binary with standard error on a pseudo-terminal: (exit code, stdout, stderr)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    env["AUDITLOG_NOW"] = FIXED_NOW
    # Standard output to a file: a pipe nobody reads while the terminal is read would fill and stall.
    sink = tempfile.TemporaryFile()
    proc = subprocess.Popen([str(log.binary), "--db", str(log.db), *map(str, args)], stdin=subprocess.DEVNULL,
                            stdout=sink, stderr=slave, env=env)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        err += chunk
    code = proc.wait(timeout=300)
    os.close(master)
    sink.seek(0)
    out = sink.read()
    sink.close()
    return code, out, err


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    d = tmp_path_factory.mktemp("progress")
    history = d / "events.ndjson"
    history.write_bytes(subprocess.run([sys.executable, str(ROOT / "tools/bench/gen_domain.py"), "--events", str(EVENTS),
                                        "--orgs", "40"], capture_output=True, check=True, timeout=120).stdout)
    log = Auditlog(d)
    log.init("example.org/progress", catalogue="auditlog/v1")
    # A log of its own for the reads, so that they do not depend on the append test running first.
    reads = Auditlog(d / "reads")
    (d / "reads").mkdir()
    reads.init("example.org/progress", catalogue="auditlog/v1")
    reads.run("append", "--quiet", history, check=0)
    return log, history, reads


def lines(err):
    return [m.groups() for m in LINE.finditer(err)]


def test_append_shows_count_rate_and_time_left_on_a_terminal_only(big, tmp_path):
    log, history, _ = big
    code, out, err = run_on_terminal(log, "append", "--format", "ndjson", history)
    assert code == 0
    shown = lines(err)
    assert shown, err[-500:]
    what, done, total, unit, percent, rate, left = shown[0]
    assert what == b"append" and unit == b"events" and int(total.replace(b",", b"")) == EVENTS
    assert all(int(d.replace(b",", b"")) <= EVENTS for _, d, *_ in shown)
    assert any(left for *_, left in shown)
    assert err.endswith(b"\r\x1b[K") or b"\r\x1b[K" in err[-200:], "the progress line is cleared at the end"
    assert b"\x1b" not in out and b"append:" not in out
    # The same append elsewhere, without a terminal: the same standard output, nothing on standard error.
    other = Auditlog(tmp_path)
    other.init("example.org/progress", catalogue="auditlog/v1")
    piped = other.run("append", "--format", "ndjson", history, check=0)
    strip = lambda text: re.sub(rb'"recorded_at":"[^"]*"|"event_id":"[^"]*"', b"", text)
    assert strip(piped.stdout) == strip(out)
    assert piped.stderr == b""


@pytest.mark.parametrize("command", [["verify"], ["rebuild"], ["copy", "{dir}/copy.db"], ["check", "--format", "json"],
                                     ["export"], ["export", "--format", "ocel2-json"], ["report", "-o", "{dir}/r.html"]])
def test_long_reads_show_progress_on_a_terminal_and_none_with_quiet(big, command, tmp_path):
    _, _, log = big
    args = [a.format(dir=tmp_path) for a in command]
    code, out, err = run_on_terminal(log, *args)
    assert code in ((0, 1) if command[0] == "check" else (0,)), err[-500:]
    shown = lines(err)
    assert shown and shown[-1][0] == command[0].encode(), err[-300:]
    assert all(int(t.replace(b",", b"")) >= EVENTS for _, _, t, *_ in shown)
    assert b"\x1b" not in out
    if command[0] == "copy":
        (tmp_path / "copy.db").unlink()
        for extra in ("copy.db-wal", "copy.db-shm"):
            (tmp_path / extra).unlink(missing_ok=True)
    written = (tmp_path / "r.html").read_bytes() if command[0] == "report" else None
    code, quiet_out, quiet_err = run_on_terminal(log, *args, "--quiet")
    if written is not None:
        assert (tmp_path / "r.html").read_bytes() == written
    assert code in ((0, 1) if command[0] == "check" else (0,)) and not lines(quiet_err)
    assert quiet_out.replace(str(tmp_path).encode(), b"") == out.replace(str(tmp_path).encode(), b"")


