"""The generator's world: organisations, documents and the events emitted so far, in an order
that is a valid log order (everything a line names is declared by an earlier line).

Each emitted event has a business interval and a recording lag; `batches()` gives every event a
recording day no earlier than its business interval's end plus its lag and than the recording of
what it names, then cuts the events into append batches at increasing instants."""
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import DAY, last_day, occurred_text
from .history import Batch

ACTOR = "clerk:difftest"
BATCH_HOUR = "T03:00:00Z"


@dataclass
class Org:
    """An organisation as the generator knows it (attributes at registration; `ended` if it ended)."""
    slug: str
    kind: str
    level: str
    province: str
    parent: str | None
    flags: dict
    registered: date
    ended: date | None = None
    successor: str | None = None


@dataclass
class Emitted:
    """One generated input line with its business interval, lag and the declarations it names."""
    line: dict
    first: date
    last: date
    lag: int
    uses: set = field(default_factory=set)
    initial: bool = False


class World:
    """Holds the seeded random source and everything generated so far."""

    def __init__(self, rng, start: date, end: date):
        self.rng = rng
        self.start = start
        self.end = end
        self.orgs: dict[str, Org] = {}
        self.events: list[Emitted] = []
        self.declared: dict[str, int] = {}
        self.counter = 0
        self.documents: list[str] = []
        self.assignments: list[tuple] = []
        self.meetings: dict[str, date] = {}
        self.forbidden: list[tuple] = []  # (type, members) of prohibitions: reorganisations favour them
        self.due_days: list[date] = []

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def event_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def declare(self, key: str) -> None:
        """`key` is declared by the event about to be emitted."""
        self.declared[key] = len(self.events)

    def emit(self, type_: str, day: date, payload: dict, precision: str = "day",
             lag: int | None = None, initial: bool = False, declares=(), after=()) -> Emitted:
        """Appends an event of `type_` on `day` (written at `precision`); returns it. It is recorded
        no earlier than what its payload names and the events at the indexes `after`."""
        line = {"type": type_, "occurred_at": occurred_text(day, precision), "actor": ACTOR,
                "event_id": self.event_id(), "payload": payload}
        uses = {self.declared[s] for s in strings(payload) if s in self.declared} | set(after)
        if lag is None:
            lag = self.rng.choice([0, 0, 1, 2, 3, 5]) if self.rng.random() < 0.85 else self.rng.randint(20, 400)
        first = date(day.year, 1, 1) if precision == "year" else (day.replace(day=1) if precision == "month" else day)
        emitted = Emitted(line, first, last_day(day, precision), lag, uses, initial)
        for key in (line["event_id"], *declares):
            self.declare(key)
        self.events.append(emitted)
        if type_ == "meeting.held":
            self.meetings[payload["meeting_id"]] = emitted.first
        return emitted

    def alive(self, day: date, kinds=None, province=None) -> list[str]:
        """Slugs registered by `day` and not ended by it, optionally of `kinds` / `province`."""
        return [o.slug for o in self.orgs.values()
                if o.registered <= day and (o.ended is None or o.ended > day)
                and (kinds is None or o.kind in kinds) and (province is None or o.province == province)]

    def holder(self, slug: str, day: date) -> str:
        """Who acts for `slug` on `day`: itself, or (mostly) its successor once it has ended."""
        org = self.orgs[slug]
        seen = 0
        while org.ended is not None and org.ended <= day and org.successor and seen < 5:
            if self.rng.random() < 0.15:
                break
            org = self.orgs[org.successor]
            seen += 1
        return org.slug

    def monitor_of(self, target: str, day: date) -> str | None:
        """A monitor assigned to `target` by `day` (any, if none yet), or None."""
        mine = [a for a in self.assignments if a[2] == target]
        current = [a for a in mine if a[3] <= day] or mine
        return self.rng.choice(current)[1] if current else None

    def assign_monitor(self, target: str, day: date, role: str | None, basis: str, initial: bool = False) -> None:
        """A monitoring.assigned of `target` on `day` (sometimes bounded by `until`, sometimes revoked)."""
        monitors = [o.slug for o in self.orgs.values()
                    if o.kind in ("party_commission", "department") and o.registered <= day]
        if not monitors:
            return
        aid = self.next_id("pc")
        monitor = self.rng.choice(monitors)
        payload = {"assignment_id": aid, "monitor": monitor, "target": target,
                   "role": role or self.rng.choice(["theo_doi", "tham_muu", "quan_ly_nha_nuoc"]), "basis": basis}
        if self.rng.random() < 0.2:
            payload["until"] = (day + timedelta(days=self.rng.randint(60, 500))).isoformat()
        self.emit("monitoring.assigned", day, payload, initial=initial, declares=[aid])
        self.assignments.append((aid, monitor, target, day))
        if self.rng.random() < 0.15:
            self.emit("monitoring.revoked", day + timedelta(days=self.rng.randint(30, 400)), {"assignment_id": aid})

    def meeting_day(self, meeting_id: str) -> date:
        return self.meetings[meeting_id]

    def batches(self, count: int) -> list[Batch]:
        """The events cut into `count` or fewer batches at increasing recording instants."""
        recorded: list[date] = []
        for e in self.events:
            day = e.last + DAY + timedelta(days=e.lag)
            if e.initial:
                day = self.start
            for dep in e.uses:
                day = max(day, recorded[dep])
            recorded.append(day)
        order = sorted(range(len(self.events)), key=lambda i: (recorded[i], i))
        span = (max(recorded) - self.start).days
        cuts = sorted({self.start + timedelta(days=self.rng.randint(1, max(1, span))) for _ in range(count - 1)})
        cuts = [self.start] + [c for c in cuts if c < max(recorded)] + [max(recorded)]
        out: list[Batch] = []
        for i in order:
            at = next(c for c in cuts if c >= recorded[i])
            now = at.isoformat() + BATCH_HOUR
            if not out or out[-1].now != now:
                out.append(Batch(now, []))
            out[-1].lines.append(self.events[i].line)
        return out


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
