"""The shrinker: the smallest history (and one point) that still makes the evaluators disagree.

It keeps only the failing point, then removes lines in chunks of halving size; removing a line
removes every line that names what it declared (an organisation, a document or requirement, a
task, recommendation, meeting, assignment or event id), transitively, so the rest stays valid.
A candidate counts as failing only with the same signature (the same requirement, or the same
finding kind) so the shrinker does not wander to another disagreement; one that `append` refuses
counts as not failing. Empty batches are dropped; finally K = latest is tried in place of an
instant."""
import copy
from pathlib import Path

from .history import LATEST, Batch, History
from .runner import AppendRefused
from .trial import Disagreement, run
from .world import strings

DECLARING = {
    "organization.registered": ("org_id",),
    "task.assigned": ("task_id",),
    "recommendation.filed": ("rec_id",),
    "meeting.held": ("meeting_id",),
    "monitoring.assigned": ("assignment_id",),
}


def declared(line: dict) -> set:
    """The keys a line declares, its event id included."""
    keys = {line.get("event_id")}
    payload = line.get("payload", {})
    for field in DECLARING.get(line["type"], ()):
        keys.add(payload.get(field))
    if line["type"] in ("directive.issued", "document.registered"):
        doc_key = payload["doc"]["doc_key"]
        keys.add(doc_key)
        keys.update(f"{doc_key}#{r['req_id']}" for r in payload.get("requirements", []))
    keys.discard(None)
    return keys


def closure(lines: list, removed: set) -> set:
    """`removed` (indexes into `lines`) with every line that names what a removed line declared."""
    gone = set(removed)
    keys = set().union(*(declared(lines[i]) for i in gone)) if gone else set()
    for i, line in enumerate(lines):
        if i in gone:
            continue
        if any(s in keys for s in strings(line.get("payload", {}))):
            gone.add(i)
            keys |= declared(line)
    return gone


class Shrinker:
    """Shrinks a failing history; `attempts` counts the trials it ran."""

    def __init__(self, directory: Path, reference: Path):
        self.directory = directory
        self.reference = reference
        self.attempts = 0

    def fails(self, history: History, signature: str) -> Disagreement | None:
        self.attempts += 1
        try:
            return run(history, self.directory, self.reference, signature)
        except AppendRefused:
            return None

    def shrink(self, history: History, found: Disagreement) -> tuple[History, Disagreement]:
        best = copy.deepcopy(history)
        best.points = [(found.as_of, found.known_at)]
        signature = found.signature
        found = self.fails(best, signature) or found
        lines = [(b, line) for b, batch in enumerate(best.batches) for line in batch.lines]
        chunk = max(1, len(lines) // 2)
        while chunk >= 1:
            start = 0
            while start < len(lines):
                flat = [line for _, line in lines]
                gone = closure(flat, set(range(start, min(start + chunk, len(lines)))))
                kept = [entry for i, entry in enumerate(lines) if i not in gone]
                candidate = _rebuild(best, kept)
                result = self.fails(candidate, signature) if kept else None
                if result:
                    lines, found = kept, result
                else:
                    start += chunk
            chunk //= 2
        best = _rebuild(best, lines)
        if best.points[0][1] != LATEST:
            latest = copy.deepcopy(best)
            latest.points = [(best.points[0][0], LATEST)]
            result = self.fails(latest, signature)
            if result:
                best, found = latest, result
        return best, found


def _rebuild(history: History, kept: list) -> History:
    """`history` with only the `kept` (batch index, line) entries, empty batches dropped."""
    batches = []
    for b, batch in enumerate(history.batches):
        lines = [line for i, line in kept if i == b]
        if lines:
            batches.append(Batch(batch.now, lines))
    return History(history.seed, batches, list(history.points))
