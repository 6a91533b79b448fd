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

    def __str__(self) -> str:
        return f"--as-of {self.as_of} --known-at {self.known_at}: {self.message}"


def run(history: History, directory: Path, reference: Path | None = REFERENCE) -> Disagreement | None:
    """Appends `history` (AppendRefused propagates) and compares at each of its points; with
    `reference` None only the binary runs (its report must parse)."""
    log = Log(history, directory)
    for as_of, known_at in history.points:
        try:
            mine = log.check(as_of, known_at)
            if reference is None:
                continue
            theirs = log.reference(as_of, known_at, reference)
        except EvaluatorFailed as error:
            return Disagreement(as_of, known_at, str(error))
        message = first_difference(mine, theirs)
        if message:
            return Disagreement(as_of, known_at, message)
    return None
