"""The effective view at a knowledge instant K: the entries recorded by K, each with the
corrections recorded by K applied (JSON Merge Patch, in seq order), retracted ones left out.
A retracted correction is not applied; retractions are final."""
import copy
from dataclasses import dataclass, field

import dates

CORRECTED = "event.corrected"
RETRACTED = "event.retracted"


@dataclass
class Event:
    """An effective event: the entry with its corrections applied."""

    seq: int
    event_id: str
    type: str
    subject: str
    occurred_at: str
    when: dates.BusinessDate
    recorded_at: object  # aware UTC datetime
    payload: dict
    corrections: list = field(default_factory=list)  # seqs of the corrections applied

    def evidence(self):
        """The seqs this event stands for as evidence: itself and its corrections (§6.3)."""
        return [self.seq] + self.corrections


def merge_patch(target, patch):
    """RFC 7396 JSON Merge Patch of `patch` over `target` (neither is modified)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def effective_view(entries, known_at, offset):
    """The effective events at K (None = everything), in seq order, corrections and retractions
    themselves left out."""
    known = [e for e in entries if known_at is None or dates.parse_instant(e.recorded_at) <= known_at]
    retracted = {e.payload.get("target_event_id", "").lower() for e in known if e.type == RETRACTED}
    patches = {}
    for e in known:
        if e.type == CORRECTED and e.event_id.lower() not in retracted:
            patches.setdefault(e.payload.get("target_event_id", "").lower(), []).append(e)
    events = []
    for e in known:
        if e.type in (CORRECTED, RETRACTED) or e.event_id.lower() in retracted:
            continue
        payload, occurred = e.payload, e.occurred_at
        applied = []
        for c in patches.get(e.event_id.lower(), []):
            patch = c.payload.get("patch") or {}
            if "payload" in patch:
                payload = merge_patch(payload, patch["payload"])
            if "occurred_at" in patch:
                occurred = patch["occurred_at"]
            applied.append(c.seq)
        events.append(Event(e.seq, e.event_id, e.type, e.subject, occurred,
                            dates.business_date(occurred, offset),
                            dates.parse_instant(e.recorded_at), payload, applied))
    return events
