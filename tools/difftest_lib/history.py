"""A history as the runner and the fixtures hold it: append batches, each the instant it is
recorded at (AUDITLOG_NOW) and its input lines, plus the (T, K) points to check it at.

K is either "latest" or an RFC 3339 instant; `known_at_between(i)` is the instant one hour after
batch i was recorded (so before batch i + 1)."""
import json
from dataclasses import dataclass, field
from pathlib import Path

LATEST = "latest"


@dataclass
class Batch:
    """Lines appended together with the clock at `now`."""
    now: str
    lines: list


@dataclass
class History:
    """A generated (or shrunk) history and the points (as_of, known_at) to compare it at."""
    seed: int
    batches: list
    points: list = field(default_factory=list)

    def size(self) -> int:
        return sum(len(b.lines) for b in self.batches)

    def to_json(self) -> dict:
        return {
            "seed": self.seed,
            "points": [{"as_of": t, "known_at": k} for t, k in self.points],
            "batches": [{"now": b.now, "lines": b.lines} for b in self.batches],
        }

    @staticmethod
    def from_json(data: dict) -> "History":
        return History(
            seed=data.get("seed", 0),
            batches=[Batch(b["now"], b["lines"]) for b in data["batches"]],
            points=[(p["as_of"], p["known_at"]) for p in data["points"]],
        )

    def write(self, path: Path, note: str = "") -> None:
        data = self.to_json()
        if note:
            data = {"note": note, **data}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @staticmethod
    def read(path: Path) -> "History":
        return History.from_json(json.loads(path.read_text(encoding="utf-8")))
