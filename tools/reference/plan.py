"""The plan at (T, K) (spec Part 4): every requirement of every directive known at K, with its
amendments (as parts) and its `until` as they stand at T."""
from dataclasses import dataclass, field

import dates
import orgs
import view


@dataclass
class Version:
    """A part of a requirement: its parameters from the cut `since` on (None = from the start)."""

    since: object
    params: dict


@dataclass
class Requirement:
    """A requirement of a directive, as it stands at T."""

    req_ref: str
    spec: dict  # the requirement object of the directive
    directive: object  # the directive.issued Event
    effective_from: object
    until: object  # the earlier of effective_until and the counted lifts' effective_on, or None
    versions: list = field(default_factory=list)

    @property
    def template(self):
        """The requirement's template name."""
        return self.spec["template"]

    @property
    def params(self):
        """The parameters as amended by T (what applies to the whole requirement)."""
        return self.versions[-1].params

    @property
    def policy(self):
        """The successor policy: follow (default) or none."""
        return self.spec.get("successor_policy", "follow")

    def in_force(self, day):
        """§4.5: from <= day and (no until or day < until)."""
        return self.effective_from <= day and (self.until is None or day < self.until)


def effective_from(directive):
    """A directive's effective_from: as given, else doc.issued_on, else its occurred_at."""
    p = directive.payload
    if p.get("effective_from"):
        return dates.parse_day(p["effective_from"])
    issued = (p.get("doc") or {}).get("issued_on")
    return dates.parse_day(issued) if issued else directive.when.first


def requirements(events, day):
    """Every requirement of every directive in the effective view, in directive seq order then
    the directive's order; amendments and lifts that happened by `day` applied."""
    amendments, lifts = {}, {}
    for e in orgs.ordered(events):
        if not orgs.happened_by(e, day):
            continue
        if e.type == "requirement.amended":
            amendments.setdefault(e.payload["req_ref"], []).append(e)
        elif e.type == "requirement.lifted":
            on = dates.parse_day(e.payload["effective_on"])
            ref = e.payload["req_ref"]
            lifts[ref] = min(on, lifts.get(ref, on))
    result = []
    for d in (e for e in events if e.type == "directive.issued"):
        doc_key = d.payload["doc"]["doc_key"]
        start = effective_from(d)
        until = d.payload.get("effective_until")
        for spec in d.payload.get("requirements", []):
            ref = f"{doc_key}#{spec['req_id']}"
            versions = [Version(None, spec.get("params") or {})]
            for a in amendments.get(ref, []):
                cut = max(a.when.first, start)
                params = view.merge_patch(versions[-1].params, a.payload.get("params_patch") or {})
                if cut <= start or cut == versions[-1].since:
                    versions[-1] = Version(versions[-1].since, params)
                else:
                    versions.append(Version(cut, params))
            ends = [x for x in (dates.parse_day(until) if until else None, lifts.get(ref)) if x is not None]
            result.append(Requirement(ref, spec, d, start, min(ends) if ends else None, versions))
    return result
