"""`tools/difftest`: random histories through `auditlog check` and the reference evaluator.

Runs N seeded histories (two at a time on a two-core machine), compares the evaluators at each
history's points, and on the first disagreement shrinks the history and writes it as a fixture
under Tests/Fixtures/difftest/ (replayed by Tests/EndToEnd/test_differential.py). Exit 0 when
all agree, 1 on a disagreement, 2 when the generator made a history `append` refused."""
import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .generator import generate
from .history import History
from .runner import REFERENCE, ROOT, SCRATCH, AppendRefused
from .shrink import Shrinker
from .trial import Disagreement, run

FIXTURES = ROOT / "Tests" / "Fixtures" / "difftest"
DEFAULT_HISTORIES = 50


def check_seeds(seeds, reference: Path | None, keep: Path | None, jobs: int, progress=None):
    """Runs the histories of `seeds`; returns (events, points, first failure or None). A failure is
    (seed, history, Disagreement) or (seed, history, AppendRefused)."""
    events = points = done = 0
    failure = None

    def one(seed):
        history = generate(seed)
        directory = Path(tempfile.mkdtemp(prefix=f"difftest-{seed}-", dir=keep or SCRATCH))
        try:
            return seed, history, run(history, directory, reference)
        except AppendRefused as refused:
            return seed, history, refused
        finally:
            if keep is None:
                shutil.rmtree(directory, ignore_errors=True)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for seed, history, result in pool.map(one, seeds):
            done += 1
            events += history.size()
            points += len(history.points)
            if progress:
                progress(done, seed, history)
            if result is not None and failure is None:
                failure = (seed, history, result)
    return events, points, failure


def replay(path: Path, reference: Path, directory: Path) -> Disagreement | None:
    """A fixture's history through both evaluators (AppendRefused propagates)."""
    return run(History.read(path), directory, reference)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="tools/difftest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--histories", type=int, default=DEFAULT_HISTORIES, metavar="N", help="how many histories (default 50)")
    parser.add_argument("--seed", type=int, default=None, metavar="S", help="first seed (default: from the clock, printed)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep each history's log and export under DIR")
    parser.add_argument("--reference", type=Path, default=REFERENCE, metavar="CHECK_PY", help="the reference check.py to compare with")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="J", help="histories run at once")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, metavar="DIR", help="where a shrunk failure is written")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    reference = args.reference if args.reference.exists() else None
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    tty = sys.stderr.isatty()

    def progress(done, s, history):
        if tty:
            print(f"\r[{done}/{args.histories}] seed {s}: {history.size()} events", end="", file=sys.stderr, flush=True)

    seeds = range(seed, seed + args.histories)
    events, points, failure = check_seeds(seeds, reference, args.keep, args.jobs, progress)
    if tty:
        print(file=sys.stderr)
    what = f"{args.histories} histories (seeds {seed}..{seed + args.histories - 1}), {events} events, {points} points"
    if reference is None:
        what += f"; binary only ({args.reference} is missing)"
    if failure is None:
        print(f"difftest: {what}: all agree" if reference else f"difftest: {what}: all appended and checked")
        return 0
    failed_seed, history, result = failure
    if isinstance(result, AppendRefused):
        print(f"difftest: {what}: seed {failed_seed} was refused by append (a generator bug): {result}")
        return 2
    print(f"difftest: seed {failed_seed}: {result}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="difftest-shrink-", dir=SCRATCH) as scratch:
        shrinker = Shrinker(Path(scratch), reference)
        small, found = shrinker.shrink(history, result)
    args.fixtures.mkdir(parents=True, exist_ok=True)
    path = args.fixtures / f"seed-{failed_seed}.json"
    small.write(path, note=str(found))
    print(f"difftest: {what}: disagreement at seed {failed_seed}, shrunk to {small.size()} events "
          f"in {shrinker.attempts} trials: {found}; fixture {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1
