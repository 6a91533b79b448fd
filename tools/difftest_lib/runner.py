"""Runs a history: appends it to a fresh log batch by batch (the clock at each batch's instant),
exports it, and runs `auditlog check` and the reference evaluator at a (T, K) point."""
import json
import os
import subprocess
import sys
from pathlib import Path

from .history import LATEST, History

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tools" / "reference" / "check.py"
UTC_OFFSET = "+07:00"
ORIGIN = "test/diff"
TIMEOUT_SECONDS = 120
# Logs go to memory when the machine has it: each append's commit waits for fsync on a disk.
SCRATCH = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else None


class AppendRefused(Exception):
    """`auditlog append` refused a batch: the generator (or the shrinker) made an invalid line."""

    def __init__(self, batch: int, message: str):
        super().__init__(f"batch {batch}: {message}")
        self.batch = batch


class EvaluatorFailed(Exception):
    """An evaluator exited with an error or printed something that is not a JSON report."""


def binary() -> Path:
    """The auditlog binary: $AUDITLOG_BIN, else a build of this work tree (release, then debug)."""
    env = os.environ.get("AUDITLOG_BIN")
    candidates = [Path(env)] if env else [ROOT / ".build/release/auditlog", ROOT / ".build/debug/auditlog"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise RuntimeError("no auditlog binary: set AUDITLOG_BIN")


def _env(now: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    env["AUDITLOG_NOW"] = now
    return env


class Log:
    """One history appended to a fresh log in `directory`, exported to h.ndjson."""

    def __init__(self, history: History, directory: Path, bin_path: Path | None = None):
        self.bin = str(bin_path or binary())
        self.db = directory / "h.db"
        self.ndjson = directory / "h.ndjson"
        self.last_now = history.batches[-1].now
        for suffix in ("", "-wal", "-shm", ".key"):
            Path(str(self.db) + suffix).unlink(missing_ok=True)
        self._run(["init", "--origin", ORIGIN], history.batches[0].now)
        for i, batch in enumerate(history.batches):
            text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in batch.lines)
            proc = subprocess.run([self.bin, "--db", str(self.db), "append", "-"], input=text.encode(),
                                  capture_output=True, env=_env(batch.now), timeout=TIMEOUT_SECONDS)
            if proc.returncode != 0:
                raise AppendRefused(i, proc.stderr.decode(errors="replace").strip())
        with open(self.ndjson, "wb") as out:
            proc = subprocess.run([self.bin, "--db", str(self.db), "export"], stdout=out, stderr=subprocess.PIPE,
                                  env=_env(self.last_now), timeout=TIMEOUT_SECONDS)
        if proc.returncode != 0:
            raise EvaluatorFailed(f"export: {proc.stderr.decode(errors='replace')}")

    def _run(self, args, now):
        proc = subprocess.run([self.bin, "--db", str(self.db), *args], capture_output=True, env=_env(now),
                              timeout=TIMEOUT_SECONDS)
        if proc.returncode != 0:
            raise EvaluatorFailed(f"{args[0]}: {proc.stderr.decode(errors='replace')}")
        return proc

    def check(self, as_of: str, known_at: str) -> dict:
        """`auditlog check` at (T, K), JSON."""
        args = [self.bin, "--db", str(self.db), "check", "--as-of", as_of, "--format", "json"]
        if known_at != LATEST:
            args += ["--known-at", known_at]
        return _report("auditlog check", subprocess.run(args, capture_output=True, env=_env(self.last_now),
                                                        timeout=TIMEOUT_SECONDS))

    def reference(self, points: list[tuple[str, str]], script: Path = REFERENCE) -> list[dict]:
        """The reference evaluator's reports at each (T, K) of `points` on the export, in one run
        (its start and reading the export take longer than judging a small history)."""
        args = [sys.executable, str(script), str(self.ndjson), "--utc-offset", UTC_OFFSET]
        for as_of, known_at in points:
            args += ["--point", f"{as_of},{known_at}"]
        proc = subprocess.run(args, capture_output=True, env=_env(self.last_now), timeout=TIMEOUT_SECONDS)
        lines = proc.stdout.splitlines()
        reports = [_report("reference", proc, line) for line in lines] if lines else [_report("reference", proc)]
        if len(reports) != len(points):
            raise EvaluatorFailed(f"reference printed {len(reports)} reports for {len(points)} points")
        return reports


def _report(who: str, proc, text: bytes | None = None) -> dict:
    """The JSON report (`text`, else all its output) of an evaluator that exits 0 (nothing late)
    or 1 (something late)."""
    if proc.returncode not in (0, 1):
        raise EvaluatorFailed(f"{who} exited {proc.returncode}: {proc.stderr.decode(errors='replace')[:2000]}")
    text = proc.stdout if text is None else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise EvaluatorFailed(f"{who} printed no JSON report ({error}): {text[:500]!r}") from None
