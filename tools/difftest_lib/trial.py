"""One history through both evaluators: the first point (T, K) where they disagree, if any."""
from dataclasses import dataclass
from pathlib import Path

from .compare import first_difference
from .history import History
from .runner import REFERENCE, EvaluatorFailed, Log


@dataclass
class Disagreement:
    """Where and how the evaluators differ (or one of them failed) on a history."""
    as_of: str
    known_at: str
    message: str
    signature: str

    def __str__(self) -> str:
        return f"--as-of {self.as_of} --known-at {self.known_at}: {self.message}"


def run(history: History, directory: Path, reference: Path | None = REFERENCE,
        signature: str | None = None) -> Disagreement | None:
    """Appends `history` (AppendRefused propagates) and compares at each of its points (looking
    only for a difference with `signature`, if given); with `reference` None only the binary runs
    (its report must parse)."""
    try:
        log = Log(history, directory)
    except EvaluatorFailed as error:  # init or export failed: nothing to compare
        return Disagreement("-", "-", str(error), "evaluator failed")
    mine = []
    for as_of, known_at in history.points:
        try:
            mine.append(log.check(as_of, known_at))
        except EvaluatorFailed as error:
            return failed(as_of, known_at, error, signature)
    if reference is None:
        return None
    try:
        theirs = log.reference(history.points, reference)
    except EvaluatorFailed as error:
        return failed("-", "-", error, signature)
    for (as_of, known_at), a, b in zip(history.points, mine, theirs):
        difference = first_difference(a, b, signature)
        if difference:
            return Disagreement(as_of, known_at, difference.message, difference.signature)
    return None


def failed(as_of: str, known_at: str, error: EvaluatorFailed, signature: str | None) -> Disagreement | None:
    """An evaluator's failure as a disagreement, unless only another kind is looked for."""
    if signature in (None, "evaluator failed"):
        return Disagreement(as_of, known_at, str(error), "evaluator failed")
    return None
