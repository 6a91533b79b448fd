"""prohibition_window (spec §5.5): events of a type are forbidden for the scoped organisations
inside a window [from, U), U the earlier of `until` and the requirement's until (none: open).

A forbidden fact touches an organisation its payload names (any value that is a registered
organisation's slug, except the `issuer_org` of documents). One inside the window is a
violation; one whose interval straddles a boundary is indeterminate (D7).
"""
import dates
import templates
import verdicts

SKIPPED_KEYS = ("issuer_org",)


def named_strings(value, key=None):
    """Every string in a payload, except under SKIPPED_KEYS."""
    if key in SKIPPED_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from named_strings(item, key)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from named_strings(item, k)


def touched(event, known_orgs):
    """The organisations an event's payload names."""
    return {s for s in named_strings(event.payload) if s in known_orgs}


def evaluate(requirement, ctx):
    """One instance for the whole window."""
    params = requirement.params
    start = dates.parse_day(params["from"]) if params.get("from") else requirement.effective_from
    ends = [x for x in (dates.parse_day(params["until"]) if params.get("until") else None,
                        requirement.until) if x is not None]
    stop = min(ends) if ends else None
    key = f"{start.isoformat()}–{stop.isoformat() if stop else 'open'}"
    if ctx.as_of < start:
        return [verdicts.instance(templates.WHOLE, key, verdicts.NOT_APPLICABLE, "window not open by T")], []
    scope = set(ctx.select(params.get("scope"), requirement)) if params.get("scope") else None
    known_orgs = {e.payload.get("org_id") for e in ctx.events if e.type == "organization.registered"}
    exceptions = {x.lower() for x in params.get("exceptions") or []}
    inside, straddling = [], []
    for e in ctx.of_type(params["forbidden"]):
        if e.event_id.lower() in exceptions:
            continue
        if scope is not None and not touched(e, known_orgs) & scope:
            continue
        if e.when.first >= start and (stop is None or e.when.last < stop):
            inside.append(e)
        elif e.when.last >= start and (stop is None or e.when.first < stop):
            straddling.append(e)
    name = params["forbidden"]
    for hits, verdict, words in ((inside, verdicts.VIOLATED, "in the window"),
                                 (straddling, verdicts.INDETERMINATE, "that may fall in the window")):
        if hits:
            listed = ", ".join(f"seq {e.seq} on {e.when.shown()}" for e in hits)
            return [verdicts.instance(templates.WHOLE, key, verdict, f"{len(hits)} {name} {words}: {listed}",
                                      [s for e in hits for s in e.evidence()])], []
    state = " so far (window open)" if stop is None or ctx.as_of < stop else ""
    return [verdicts.instance(templates.WHOLE, key, verdicts.SATISFIED, f"no {name} in the window{state}")], []
