"""`log --follow` through the real binary, on both engines (docs/follow.md): beside concurrent
writers a follower prints every seq exactly once, in order, with the bytes `log` prints; a
follower stopped and started again with `--from-seq` continues without a gap or a repeat;
heartbeats come when the log is idle and only when asked for; SIGINT, SIGTERM and a closed pipe
end it with exit 0 and nothing on standard error; an idle follower uses almost no CPU; the
filters apply to what it prints."""
import json
import os
import random
import signal
import subprocess
import threading
import time
from datetime import datetime, timezone

import pytest

from conftest import FIXED_NOW, event, query

#: How long any wait for a follower's output may take before the test fails (the binary is the
#: debug build, on a 2-core machine shared with the writers).
PATIENCE = 30
#: The CPU an idle follower may use in IDLE_SECONDS (utime + stime, in seconds): docs/follow.md
#: says how it waits; a busy loop would use the whole window, a poll every millisecond about
#: a tenth of it.
IDLE_SECONDS = 3.0
IDLE_CPU_BOUND = 0.1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def run_env(log):
    e = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    e["AUDITLOG_NOW"] = FIXED_NOW
    e.update(log.env)
    return e


#: The followers a test started: any still running when it ends (a failed test) are killed.
RUNNING: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_follower_left_running():
    yield
    while RUNNING:
        proc = RUNNING.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class Follower:
    """`auditlog log --follow ARGS` running in the background; a thread collects its lines."""

    def __init__(self, log, *args):
        argv = [str(log.binary), "--db", str(log.db), "log", "--follow", *map(str, args)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=run_env(log))
        RUNNING.append(self.proc)
        self.lines: list[bytes] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_until(self, predicate, what, timeout=PATIENCE):
        """Waits until predicate(lines so far) holds; fails naming WHAT if it does not in time."""
        with self.changed:
            ok = self.changed.wait_for(lambda: predicate(self.lines) or self.proc.poll() is not None, timeout)
            assert ok and predicate(self.lines), (
                f"the follower did not print {what} within {timeout} s (exit {self.proc.poll()}, "
                f"{len(self.lines)} lines, last {self.lines[-1:]!r})")

    def entries(self):
        """The printed lines that are entries (heartbeats left out), parsed."""
        return [json.loads(l) for l in self.lines if b'"heartbeat"' not in l]

    def printed_seq(self, seq):
        """A predicate: an entry with this seq was printed."""
        needle = f'"seq":{seq},'.encode()
        return lambda lines: any(needle in l and l.startswith(b"{\"actor\"") for l in lines)

    def stop(self, sig=signal.SIGTERM):
        """Sends SIG; returns (exit code, standard error)."""
        self.proc.send_signal(sig)
        return self.finished()

    def finished(self, timeout=PATIENCE):
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=timeout)
        return code, self.proc.stderr.read()

    def cpu_seconds(self):
        """utime + stime of the process so far (/proc/PID/stat fields 14 and 15)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def append(log, lines):
    log.append_lines(lines, "--quiet")


def size(log):
    out = log.run("log", "--format", "ndjson", check=0).stdout
    return len(out.splitlines())


def seqs_of(entries):
    return [e["seq"] for e in entries]


@pytest.fixture
def started(engine_log):
    """A log of either engine with five events."""
    engine_log.init()
    append(engine_log, [event(i) for i in range(5)])
    return engine_log


def test_a_follower_beside_four_writers_prints_every_seq_once_in_order_with_the_stored_bytes(started):
    log = started
    follower = Follower(log, "--format", "ndjson")
    follower.wait_until(follower.printed_seq(5), "the five events already there")
    rng = random.Random(11)
    plans = [[[event(w * 10_000 + a * 10 + i, subject=f"org/w{w}-{rng.randrange(5)}") for i in range(rng.randrange(1, 6))]
              for a in range(25)] for w in range(4)]
    errors = []

    def writer(w):
        try:
            for lines in plans[w]:
                append(log, lines)
        except BaseException as e:  # an assertion on a thread fails the test, not the thread
            errors.append(repr(e))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    n = 5 + sum(len(lines) for plan in plans for lines in plan)
    assert size(log) == n
    follower.wait_until(follower.printed_seq(n), f"seq {n}, the last one")
    code, err = follower.stop(signal.SIGTERM)
    assert (code, err) == (0, b"")
    assert seqs_of(follower.entries()) == list(range(1, n + 1))
    assert b"".join(follower.lines) == log.run("log", "--format", "ndjson", check=0).stdout


def test_a_follower_started_again_from_the_seq_after_the_last_it_printed_misses_and_repeats_nothing(started):
    log = started
    first = Follower(log, "--format", "ndjson")

    def writer():
        for a in range(30):
            append(log, [event(100 + a * 3 + i) for i in range(3)])

    t = threading.Thread(target=writer)
    t.start()
    # Stopped while the writer is appending (five of its thirty appends in).
    first.wait_until(lambda lines: len(lines) >= 20, "20 entries")
    code, err = first.stop(signal.SIGTERM)
    assert (code, err) == (0, b"")
    last = first.entries()[-1]["seq"]
    second = Follower(log, "--format", "ndjson", "--from-seq", last + 1)
    t.join()
    n = 5 + 90
    second.wait_until(second.printed_seq(n), f"seq {n}")
    code, err = second.stop(signal.SIGINT)
    assert (code, err) == (0, b"")
    assert seqs_of(first.entries() + second.entries()) == list(range(1, n + 1))
    assert b"".join(first.lines + second.lines) == log.run("log", "--format", "ndjson", check=0).stdout


def heartbeat_time(text):
    assert text.endswith("Z") and len(text) == 24, text  # RFC 3339 in UTC, milliseconds, as recorded_at
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def test_heartbeats_come_when_the_log_is_idle_and_carry_the_time_and_the_last_seq(started):
    log = started
    follower = Follower(log, "--format", "ndjson", "--heartbeat", "0.3")
    follower.wait_until(lambda lines: sum(b'"heartbeat"' in l for l in lines) >= 2, "two heartbeats")
    append(log, [event(6)])
    follower.wait_until(lambda lines: b'"seq":6,' in b"".join(lines) and b'"heartbeat"' in lines[-1]
                        and json.loads(lines[-1])["seq"] == 6, "a heartbeat after seq 6")
    code, err = follower.stop()
    assert (code, err) == (0, b"")
    beats = [json.loads(l) for l in follower.lines if b'"heartbeat"' in l]
    for beat in beats:
        assert set(beat) == {"heartbeat", "seq"}
        # The system clock, not AUDITLOG_NOW (a heartbeat says the follower is alive now).
        assert abs((heartbeat_time(beat["heartbeat"]) - datetime.now(timezone.utc)).total_seconds()) < PATIENCE
    assert heartbeat_time(beats[0]["heartbeat"]) < heartbeat_time(beats[-1]["heartbeat"])
    # Each heartbeat names the last seq committed when it was written, and none comes between an
    # entry and the silence it reports.
    entries_before = 0
    for line in follower.lines:
        if b'"heartbeat"' in line:
            assert json.loads(line)["seq"] == entries_before
        else:
            entries_before = json.loads(line)["seq"]
    assert seqs_of(follower.entries()) == [1, 2, 3, 4, 5, 6]


def test_a_table_heartbeat_is_a_comment_line_and_no_heartbeat_comes_unasked(started):
    log = started
    beating = Follower(log, "--heartbeat", "0.2")
    quiet = Follower(log, "--format", "ndjson")
    beating.wait_until(lambda lines: any(l.startswith(b"# heartbeat ") for l in lines), "a heartbeat line")
    time.sleep(1.0)  # five heartbeats' worth of silence for the other follower
    assert (beating.stop(), quiet.stop()) == ((0, b""), (0, b""))
    header, *rows = beating.lines
    assert header.split() == [b"SEQ", b"RECORDED_AT", b"OCCURRED_AT", b"TYPE", b"SUBJECT", b"ACTOR"]
    assert [int(r.split()[0]) for r in rows[:5]] == [1, 2, 3, 4, 5]
    for beat in rows[5:]:
        words = beat.decode().split()
        assert words[:2] == ["#", "heartbeat"] and words[3:] == ["seq", "5"], beat
        heartbeat_time(words[2])
    assert seqs_of(quiet.entries()) == [1, 2, 3, 4, 5] and len(quiet.lines) == 5


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_signal_ends_the_follower_with_exit_0_whole_lines_and_nothing_on_stderr(started, sig):
    log = started
    follower = Follower(log, "--format", "csv")
    follower.wait_until(lambda lines: len(lines) == 6, "the header and five rows")
    started_at = time.monotonic()
    code, err = follower.stop(sig)
    assert (code, err) == (0, b"")
    assert time.monotonic() - started_at < 5
    assert all(l.endswith(b"\n") for l in follower.lines)
    assert b"".join(follower.lines) == log.run("log", "--format", "csv", check=0).stdout


@pytest.mark.parametrize("entries", [5, 500], ids=["idle-when-the-reader-leaves", "writing-when-the-reader-leaves"])
def test_a_closed_pipe_ends_the_follower_promptly_and_quietly(started, entries):
    # Five entries fit in the pipe's buffer: the follower has printed everything and is waiting
    # when head leaves, and must notice the closed pipe without writing to it. Five hundred
    # (about 100 KiB) do not: it is blocked writing when head leaves, and gets EPIPE.
    log = started
    if entries > 5:
        append(log, [event(i) for i in range(entries - 5)])
    start = time.monotonic()
    # In a session of its own, so that a follower that does not end is killed with the shell.
    shell = subprocess.Popen(["bash", "-o", "pipefail", "-c", f"'{log.binary}' --db '{log.db}' log --follow --format ndjson | head -n 3"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=run_env(log), start_new_session=True)
    try:
        out, err = shell.communicate(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        os.killpg(shell.pid, signal.SIGKILL)
        shell.communicate()
        raise AssertionError(f"the follower did not end within {PATIENCE} s of head's leaving")
    assert (shell.returncode, err) == (0, b"")
    assert [json.loads(l)["seq"] for l in out.splitlines()] == [1, 2, 3]
    assert time.monotonic() - start < 10


def test_an_idle_follower_uses_almost_no_cpu(started):
    log = started
    follower = Follower(log, "--format", "ndjson")
    follower.wait_until(follower.printed_seq(5), "the five events")
    at_start = follower.cpu_seconds()
    time.sleep(IDLE_SECONDS)
    used = follower.cpu_seconds() - at_start
    total = follower.cpu_seconds()
    assert (follower.stop()) == (0, b"")
    assert used < IDLE_CPU_BOUND / 2, f"{used:.3f} s of CPU in {IDLE_SECONDS} s idle"
    assert total < IDLE_CPU_BOUND, f"{total:.3f} s of CPU in all (start-up and {IDLE_SECONDS} s idle)"


def test_an_idle_follower_prints_a_new_entry_soon_after_its_commit(started):
    # Idle long enough for the SQLite follower's polls to have backed off to their longest
    # interval (0.2 s, docs/follow.md); on PostgreSQL the commit's notification wakes it (its
    # backstop poll, 5 s, would fail this).
    log = started
    follower = Follower(log, "--format", "ndjson")
    follower.wait_until(follower.printed_seq(5), "the five events")
    time.sleep(1.5)
    delays = []
    for seq in (6, 7):
        append(log, [event(seq)])
        committed = time.monotonic()
        follower.wait_until(follower.printed_seq(seq), f"seq {seq}")
        delays.append(time.monotonic() - committed)
        time.sleep(0.5)
    assert follower.stop() == (0, b"")
    assert max(delays) < 1.5, delays


def test_filters_apply_while_following_in_every_format(started):
    log = started
    by_type = Follower(log, "--type", "report.submitted", "--format", "csv")
    by_search = Follower(log, "--search", "hoi nong dan", "--format", "json")
    # Seqs 6..11: reports at 7, 9 and 11; "Hội Nông dân" at 6 and 9. Then 12, both.
    for a in range(6):
        append(log, [event(20 + a, type="report.submitted" if a % 2 else "note.recorded",
                           payload={"text": "Hội Nông dân" if a % 3 == 0 else "Đoàn Thanh niên"})])
    append(log, [event(99, type="report.submitted", payload={"text": "Hội Nông dân, cuối"})])
    by_type.wait_until(lambda lines: lines and lines[-1].startswith(b"12,"), "seq 12")
    by_search.wait_until(by_search.printed_seq(12), "seq 12")
    assert (by_type.stop(), by_search.stop()) == ((0, b""), (0, b""))
    assert b"".join(by_type.lines) == log.run("log", "--type", "report.submitted", "--format", "csv", check=0).stdout
    assert [int(l.split(b",")[0]) for l in by_type.lines[1:]] == [7, 9, 11, 12]
    # JSON while following is a line per entry: the stored bytes, as NDJSON prints them.
    assert b"".join(by_search.lines) == log.run("log", "--search", "hoi nong dan", "--format", "ndjson", check=0).stdout
    assert seqs_of(by_search.entries()) == [6, 9, 12]


def test_a_backlog_longer_than_a_snapshots_chunk_is_printed_whole(started):
    # A follower reads 4,096 seqs per snapshot (Limits.followChunkSeqs): 9,000 events take three
    # chunks, and a limit can stop it across a chunk's end.
    log = started
    append(log, [event(i, type="report.submitted" if i % 3 == 0 else "note.recorded") for i in range(8995)])
    whole = Follower(log, "--to-seq", 9000, "--format", "ndjson")
    reports = Follower(log, "--to-seq", 9000, "--type", "report.submitted", "--format", "ndjson")
    across = Follower(log, "--from-seq", 4000, "--limit", 200, "--format", "ndjson")
    assert whole.finished() == reports.finished() == across.finished() == (0, b"")
    assert b"".join(whole.lines) == log.run("log", "--format", "ndjson", check=0).stdout
    assert b"".join(reports.lines) == log.run("log", "--type", "report.submitted", "--format", "ndjson", check=0).stdout
    assert seqs_of(across.entries()) == list(range(4000, 4200))


def test_limit_and_to_seq_end_a_follower_once_reached(started):
    log = started
    limited = Follower(log, "--from-seq", 4, "--limit", 4, "--format", "ndjson")
    bounded = Follower(log, "--to-seq", 7, "--type", "note.recorded", "--format", "ndjson")
    limited.wait_until(lambda lines: len(lines) == 2, "seqs 4 and 5")
    assert limited.proc.poll() is None and bounded.proc.poll() is None
    append(log, [event(6), event(7, type="other.thing")])
    append(log, [event(8), event(9)])
    assert limited.finished() == (0, b"") and bounded.finished() == (0, b"")
    assert seqs_of(limited.entries()) == [4, 5, 6, 7]
    assert seqs_of(bounded.entries()) == [1, 2, 3, 4, 5, 6]


def test_follow_only_options_are_usage_errors_without_it(log):
    log.init()
    proc = log.run("log", "--heartbeat", "5", check=64)
    assert b"--heartbeat needs --follow" in proc.stderr
    proc = log.run("log", "--follow", "--heartbeat", "0", check=64)
    assert b"--heartbeat" in proc.stderr


def test_a_follower_whose_connection_is_cut_says_so_and_exits_69(pg_log):
    # A PostgreSQL follower waits on its connection: when the server ends it, the follower ends
    # with one line and the code of an unreachable server, and is restarted with --from-seq.
    log = pg_log
    log.init()
    append(log, [event(1)])
    follower = Follower(log, "--format", "ndjson")
    follower.wait_until(follower.printed_seq(1), "seq 1")
    cut = query(log.db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'auditlog' AND datname = current_database()")
    assert cut == [(1,)]
    code, err = follower.finished()
    assert code == 69, err
    assert len(err.splitlines()) == 1 and err.startswith(b"auditlog: "), err
    # Where to go on from: one past the last seq printed.
    assert err.rstrip().endswith(b"start the follower again with --from-seq 2"), err
