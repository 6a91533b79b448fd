#!/usr/bin/env python3
"""Concurrent writers on one auditlog log: N processes appending at once, then a density check.

    python3 tools/bench/pg_writers.py --bin AUDITLOG --db URL [--writers 8] [--events 10000]
        [--batch 10] [--seed 1] [--input FILE] [--work DIR] [--max-retries 5]

The log at --db must exist (`auditlog init`; the signing key from $AUDITLOG_KEY, or --key-file
passed through --append-arg) and be empty. The input is `gen.py --events WRITERS*EVENTS --seed S`
(or --input FILE, at least that many lines); writer w takes lines [w*EVENTS, (w+1)*EVENTS), cut
into files of --batch lines (not timed). Then all writers start together (a barrier), each running
`auditlog --db URL append --quiet FILE` for its files one after another: one new process per
batch, as a client that appends what it has would. A run that exits 75 (busy past the timeout:
retry, docs/reference.md) is run again, up to --max-retries times, and counted; any other failure
stops the benchmark.

Measured: wall clock from the barrier to the last writer's end (throughput = WRITERS*EVENTS / it)
and the latency of each append invocation (a new process: start, connect, wait for the writers'
lock, append, signed checkpoint, commit), p50/p90/p99/max over all of them, retries included in
the invocation they belong to. Checked afterwards (not timed): `auditlog log --format ndjson`
lists exactly WRITERS*EVENTS events with seqs 1..WRITERS*EVENTS, each once and dense, and
`auditlog verify` prints OK.

stdout: one JSON object; progress on stderr. Python standard library only; works on any --db
auditlog accepts (an SQLite file as well).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NoReturn

HERE = Path(__file__).resolve().parent
BUSY = 75  # ExitStatus.busy


def say(msg: str) -> None:
    print(f"pg_writers: {msg}", file=sys.stderr, flush=True)


def die(msg: str) -> NoReturn:
    say(f"error: {msg}")
    sys.exit(1)


def pct(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (as bench.py's)."""
    ys = sorted(xs)
    k = max(1, -(-len(ys) * p // 100))
    return ys[int(k) - 1]


def log_seqs(a: argparse.Namespace) -> list[int]:
    r = subprocess.run([a.bin, "--db", a.db, "log", "--format", "ndjson"], capture_output=True)
    if r.returncode != 0:
        die(f"auditlog log --format ndjson exited {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
    return [json.loads(line)["seq"] for line in r.stdout.splitlines() if line.strip()]


class Writer(threading.Thread):
    """One writer: its batch files appended one after another, each by a new process."""

    def __init__(self, a: argparse.Namespace, index: int, files: list[Path], barrier: threading.Barrier):
        super().__init__(name=f"writer-{index}")
        self.a, self.index, self.files, self.barrier = a, index, files, barrier
        self.latencies: list[float] = []
        self.retries = 0
        self.error: str | None = None
        self.finished = 0.0

    def run(self) -> None:
        cmd = [self.a.bin, "--db", self.a.db, "append", "--quiet", *self.a.append_arg]
        self.barrier.wait()
        for f in self.files:
            t0 = time.perf_counter()
            for attempt in range(self.a.max_retries + 1):
                r = subprocess.run([*cmd, str(f)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                if r.returncode != BUSY:
                    break
                self.retries += 1
            self.latencies.append(time.perf_counter() - t0)
            if r.returncode != 0:
                err = r.stderr.decode(errors="replace").strip().splitlines()
                self.error = (f"writer {self.index}: exit {r.returncode} from {' '.join(cmd)} {f}"
                              f"{' (after ' + str(attempt) + ' retries)' if attempt else ''}: "
                              f"{err[-1] if err else 'no message'}")
                break
        self.finished = time.perf_counter()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the auditlog binary")
    ap.add_argument("--db", required=True, help="the log (a postgresql:// URL, or an SQLite file)")
    ap.add_argument("--writers", type=int, default=8, help="concurrent writer processes (default 8)")
    ap.add_argument("--events", type=int, default=10000, help="events per writer (default 10000)")
    ap.add_argument("--batch", type=int, default=10, help="events per append invocation (default 10)")
    ap.add_argument("--seed", type=int, default=1, help="gen.py seed (default 1)")
    ap.add_argument("--input", help="NDJSON input instead of running gen.py")
    ap.add_argument("--work", help="directory for the batch files (default: a temporary one, removed)")
    ap.add_argument("--max-retries", type=int, default=5, help="reruns of an append that exits 75 (default 5)")
    ap.add_argument("--append-arg", action="append", default=[], metavar="ARG",
                    help="extra argument of every `append` (repeat: --append-arg=--key-file --append-arg=K)")
    a = ap.parse_args()
    for name in ("writers", "events", "batch"):
        if getattr(a, name) < 1:
            ap.error(f"--{name} must be a positive integer")
    if a.max_retries < 0:
        ap.error("--max-retries must be 0 or more")
    if not (os.access(a.bin, os.X_OK) or shutil.which(a.bin)):
        die(f"{a.bin} is not an executable")
    total = a.writers * a.events

    before = log_seqs(a)
    if before:
        die(f"the log at --db already holds {len(before)} events; give an empty one")

    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="pg-writers."))
    work.mkdir(parents=True, exist_ok=True)
    try:
        # 1. Input, cut per writer and per batch (not timed).
        if a.input:
            with open(a.input, "rb") as f:
                lines = [line for line in f if line.strip()][:total]
        else:
            say(f"generating {total} events (gen.py --seed {a.seed})")
            out = subprocess.run([sys.executable, str(HERE / "gen.py"), "--events", str(total), "--seed", str(a.seed)],
                                 stdout=subprocess.PIPE, check=True).stdout
            lines = out.splitlines(keepends=True)
        if len(lines) < total:
            die(f"{len(lines)} input lines, {total} needed")
        plan: list[list[Path]] = []
        for w in range(a.writers):
            mine = lines[w * a.events:(w + 1) * a.events]
            files = []
            for b in range(0, len(mine), a.batch):
                p = work / f"w{w:02d}.{b // a.batch:06d}.ndjson"
                p.write_bytes(b"".join(mine[b:b + a.batch]))
                files.append(p)
            plan.append(files)
        del lines

        # 2. The writers, started together.
        invocations = sum(len(f) for f in plan)
        say(f"{a.writers} writers x {a.events} events, {a.batch} per append ({invocations} processes)")
        barrier = threading.Barrier(a.writers + 1)
        writers = [Writer(a, w, files, barrier) for w, files in enumerate(plan)]
        for t in writers:
            t.start()
        barrier.wait()
        t0 = time.perf_counter()
        for t in writers:
            t.join()
        seconds = max(t.finished for t in writers) - t0
        errors = [t.error for t in writers if t.error]
        if errors:
            for e in errors:
                say(e)
            die(f"{len(errors)} writer(s) failed")
        lat = [x * 1000 for t in writers for x in t.latencies]
        retries = sum(t.retries for t in writers)
        say(f"{total} events in {seconds:.2f} s ({total / seconds:.0f} ev/s); append p50 "
            f"{pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms; {retries} retries")

        # 3. Checks (not timed).
        seqs = log_seqs(a)
        if len(seqs) != total:
            die(f"the log holds {len(seqs)} events, {total} were appended")
        if sorted(seqs) != list(range(1, total + 1)):
            missing = sorted(set(range(1, total + 1)) - set(seqs))[:5]
            die(f"seqs are not 1..{total} each once (missing e.g. {missing})")
        if seqs != sorted(seqs):
            die("`auditlog log` does not list the events in seq order")
        r = subprocess.run([a.bin, "--db", a.db, "verify"], capture_output=True, text=True)
        last = (r.stdout.strip().splitlines() or [""])[-1]
        if r.returncode != 0 or last != "OK":
            die(f"auditlog verify exited {r.returncode} ({last or r.stderr.strip()})")
        say(f"checked: {total} events, seqs 1..{total} dense, verify OK")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)

    print(json.dumps({
        "writers": a.writers, "events_per_writer": a.events, "batch": a.batch, "events": total,
        "invocations": invocations, "seconds": round(seconds, 6), "events_per_s": round(total / seconds, 1),
        "latency_ms": {"p50": round(pct(lat, 50), 3), "p90": round(pct(lat, 90), 3),
                       "p99": round(pct(lat, 99), 3), "max": round(max(lat), 3)},
        "retries": retries, "checked": {"events": len(seqs), "dense": True, "verify": "OK"},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
