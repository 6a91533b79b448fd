"""Monitoring assignments: who follows which association, from when to when."""
from dataclasses import dataclass

import dates


@dataclass
class Assignment:
    """A monitoring assignment with its lifetime [start, stop) (stop None = still running)."""

    event: object
    assignment_id: str
    monitor: str
    target: str
    role: str
    basis: object
    start: object
    stop: object

    def active_on(self, day):
        """True when the assignment runs on `day`."""
        return self.start <= day and (self.stop is None or day < self.stop)

    def basis_key(self):
        """The doc_key of its basis (a doc_key string or an inline DocRef)."""
        return self.basis.get("doc_key") if isinstance(self.basis, dict) else self.basis


def assignments(ctx):
    """Every assignment that happened by T, with its end: a revocation that happened by T, or
    the day after `until`, whichever is earlier."""
    revoked = {}
    for e in ctx.of_type("monitoring.revoked"):
        revoked.setdefault(e.payload.get("assignment_id"), e.when.first)
    result = []
    for e in ctx.of_type("monitoring.assigned"):
        p = e.payload
        stops = [revoked[p["assignment_id"]]] if p["assignment_id"] in revoked else []
        if p.get("until"):
            stops.append(dates.parse_day(p["until"]) + dates.ONE_DAY)
        result.append(Assignment(e, p["assignment_id"], p["monitor"], p["target"], p.get("role"),
                                 p.get("basis"), e.when.first, min(stops) if stops else None))
    return result


def on_basis(assignment, params):
    """With `assignment_basis`, only assignments whose basis is one of those doc_keys count."""
    wanted = params.get("assignment_basis")
    return wanted is None or assignment.basis_key() in wanted
