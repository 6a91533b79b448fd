"""The successor function σ (spec §3.2, Schemas/README.md "Successors").

σ(o, d, r): the links from o dated by d that admit duty r; a `tach` split's entries naming r
move it whether or not o still exists; else {o} while o is active on d; else the union of σ
over the other links (empty without any). With successor_policy `none`, {o} while o is active,
else empty. Links come from every effective event, whatever T, each from its first day.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """A successor link from an organisation: from `day` on, the duties its filter admits pass
    to `to`. A moving link is a `tach` split's named entry."""

    day: object
    to: str
    moving: bool
    filter: object  # None = every duty; else a tuple of req_refs (empty: no duty)

    def admits(self, req_ref):
        """True when this link carries the duty `req_ref`; without a duty (None): every-duty
        links and non-empty duty lists."""
        if self.filter is None:
            return True
        if req_ref is None:
            return len(self.filter) > 0
        return req_ref in self.filter


class Successors:
    """σ over the successor links of the effective view at K (every link, whatever T)."""

    def __init__(self, events):
        self.links = {}
        self.ends = {}
        for e in events:
            for source, link in _links_of(e):
                self.links.setdefault(source, []).append(link)
            for slug in _ended_by(e):
                day = e.when.first
                self.ends[slug] = min(day, self.ends.get(slug, day))

    def ended(self, slug, day):
        """True when `slug` has ended by `day` (it is not active on `day`)."""
        end = self.ends.get(slug)
        return end is not None and end <= day

    def end_of(self, slug):
        """The first day `slug` ended, or None."""
        return self.ends.get(slug)

    def sigma(self, slug, day, req_ref=None, policy="follow"):
        """σ(slug, day, req_ref) as a sorted list; req_ref None = without a duty (monitors)."""
        if policy == "none":
            return [] if self.ended(slug, day) else [slug]
        return sorted(self._sigma(slug, day, req_ref, frozenset()))

    def reachable(self, slug):
        """`slug` and every organisation a chain of links from it reaches, whatever the dates
        and duties: all that can ever hold its duties (a superset, for indexes)."""
        seen, todo = {slug}, [slug]
        while todo:
            for link in self.links.get(todo.pop(), []):
                if link.to not in seen:
                    seen.add(link.to)
                    todo.append(link.to)
        return seen

    def holds(self, actor, slug, day, req_ref=None, policy="follow"):
        """True when `actor` holds `slug`'s duty on `day`."""
        return actor in self.sigma(slug, day, req_ref, policy)

    def _sigma(self, slug, day, req_ref, seen):
        if slug in seen:
            return set()
        seen = seen | {slug}
        links = [link for link in self.links.get(slug, []) if link.day <= day and link.admits(req_ref)]
        moving = [link for link in links if link.moving and req_ref is not None and req_ref in link.filter]
        if moving:
            chosen = moving
        elif not self.ended(slug, day):
            return {slug}
        else:
            chosen = [link for link in links if not link.moving]
        result = set()
        for link in chosen:
            result |= self._sigma(link.to, day, req_ref, seen)
        return result


def _ended_by(event):
    """The organisations an event ends."""
    p = event.payload
    if event.type == "organization.merged":
        return list(p.get("sources", []))
    if event.type == "organization.split" and p.get("mode") == "chia":
        return [p.get("source")]
    if event.type == "organization.dissolved":
        return [p.get("org_id")]
    return []


def _links_of(event):
    """The (source, Link) pairs an event makes."""
    p, day = event.payload, event.when.first
    if event.type == "organization.merged":
        transfer = p.get("obligation_transfer", "all")
        filt = None if transfer == "all" else (() if transfer == "none" else tuple(transfer))
        return [(s, Link(day, p["into"], False, filt)) for s in p.get("sources", [])]
    if event.type == "organization.dissolved" and p.get("successor"):
        return [(p["org_id"], Link(day, p["successor"], False, None))]
    if event.type == "successor.designated":
        scope = p.get("scope", "all")
        filt = tuple(scope) if isinstance(scope, list) else None
        return [(p["predecessor"], Link(day, p["successor"], False, filt))]
    if event.type == "organization.split":
        tach = p.get("mode") == "tach"
        result = []
        for entry in p.get("obligation_map", []):
            if entry.get("req_ref") == "*":
                if not tach:
                    result.append((p["source"], Link(day, entry["to"], False, None)))
            else:
                result.append((p["source"], Link(day, entry["to"], tach, (entry.get("req_ref"),))))
        return result
    return []
