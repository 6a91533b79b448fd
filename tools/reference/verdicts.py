"""Verdicts, instances and the due-date rule shared by the templates.

A deadline D is met by an event whose business interval ends by the end of local day D; one
that begins after D is late; one that straddles D is indeterminate. Unmet: pending while
T <= D, violated after ("N days overdue", N = T - D).
"""
import dates

SATISFIED, LATE, VIOLATED = "satisfied", "late", "violated"
PENDING, INDETERMINATE, NOT_APPLICABLE = "pending", "indeterminate", "not_applicable"
WORST_FIRST = (VIOLATED, LATE, INDETERMINATE, PENDING, SATISFIED)


def instance(assignee, key, verdict, reason, evidence=(), due=None):
    """One instance as the JSON contract writes it (`due` only when there is one)."""
    result = {"assignee": assignee, "key": key, "verdict": verdict, "reason": reason,
              "evidence": sorted(set(evidence))}
    if due is not None:
        result["due"] = due.isoformat()
    return result


def worst(verdicts):
    """The requirement's verdict: its worst instance, not_applicable ignored (and when nothing
    else is left)."""
    present = set(verdicts)
    for v in WORST_FIRST:
        if v in present:
            return v
    return NOT_APPLICABLE


def by_due(event, due):
    """How an event that happened stands against due day D (§2.4): satisfied (surely on time),
    late, or indeterminate (its interval straddles D)."""
    if event.when.last <= due:
        return SATISFIED
    if event.when.first > due:
        return LATE
    return INDETERMINATE


def decisive(events, due):
    """§2.4: among events that fulfil one instance, the earliest surely on time, else the
    earliest straddling the due day, else the earliest; None when there are none. Without a
    due day, the earliest."""
    ordered = sorted(events, key=lambda e: (e.when.first, e.seq))
    if not ordered or due is None:
        return ordered[0] if ordered else None
    for wanted in (SATISFIED, INDETERMINATE):
        for e in ordered:
            if by_due(e, due) == wanted:
                return e
    return ordered[0]


def done_reason(event, due, verdict):
    """The reason for an instance done by `event` against `due`."""
    if verdict == SATISFIED:
        return f"done on {event.when.shown()}, due {due.isoformat()}"
    if verdict == LATE:
        return (f"done on {event.when.shown()}, {dates.days_word((event.when.first - due).days)}"
                f" after the due date {due.isoformat()}")
    return f"dated {event.when.shown()}, which straddles the due date {due.isoformat()}"


def unmet(due, as_of):
    """(verdict, reason) for nothing done against `due` at T."""
    if as_of <= due:
        return PENDING, f"due {due.isoformat()}"
    return VIOLATED, f"nothing by {due.isoformat()} ({dates.days_word((as_of - due).days)} overdue)"


def deadline(assignee, key, due, event, as_of, until):
    """§5.2 the deadline instance for due day D, decisive event `event` (or None), until."""
    if until is not None and until <= due and until <= as_of and (event is None or event.when.first >= until):
        return instance(assignee, key, NOT_APPLICABLE,
                        f"lifted or ended on {until.isoformat()}, before it fell due", (), due)
    if event is None:
        verdict, reason = unmet(due, as_of)
        return instance(assignee, key, verdict, reason, (), due)
    verdict = by_due(event, due)
    return instance(assignee, key, verdict, done_reason(event, due, verdict), event.evidence(), due)
