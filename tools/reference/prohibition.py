"""prohibition_window (spec §5.5): events of a type are forbidden for the scoped organisations
inside a window [from, U), U the earlier of `until` and the requirement's until (none: open).

A forbidden fact touches an organisation its payload names (any value that is a registered
organisation's slug, except the `issuer_org` of documents). One inside the window is a
violation; one whose interval straddles a boundary is indeterminate.
"""
import dates
import templates
import verdicts

ORG_FIELDS = {
    "organization.registered": ("org_id", "parent"),
    "organization.renamed": ("org_id",),
    "organization.suspended": ("org_id",),
    "organization.reinstated": ("org_id",),
    "membership.reported": ("org_id",),
    "congress.held": ("org_id",),
    "leadership.changed": ("org_id",),
    "organization.changed": ("org_id",),
    "organization.merged": ("sources", "into"),
    "organization.split": ("source", "into"),
    "organization.dissolved": ("org_id", "successor"),
    "successor.designated": ("predecessor", "successor"),
    "monitoring.assigned": ("monitor", "target"),
    "task.assigned": ("assignee", "reports_to"),
    "report.submitted": ("reporter", "recipient"),
    "meeting.held": ("convener", "participants"),
    "inspection.planned": ("inspector", "target"),
    "inspection.conducted": ("inspector", "target"),
    "congress.appraised": ("org_id", "appraiser"),
    "recommendation.filed": ("from_org", "to_org"),
    "recommendation.forwarded": ("by", "to_org"),
    "recommendation.resolved": ("resolver",),
    "directive.disseminated": ("org",),
    "signer.registered": ("org_id",),
}


def slugs(value):
    """A slug field's value as a list (a string, or a list of strings)."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def directive_orgs(payload):
    """What a directive touches: its requirements' selector ids and `under`, `reports_to`, and
    the slugs named in params (recipient, participants, report_back.to)."""
    result = set()
    for r in payload.get("requirements", []):
        params = r.get("params") or {}
        selectors = [r.get(k) for k in ("assignees", "cooperating", "scope")]
        selectors += [params.get(k) for k in ("inspector", "targets", "universe", "scope", "responsible", "resolvers")]
        selectors.append((params.get("trigger") or {}).get("addressee"))
        for selector in selectors:
            if isinstance(selector, dict):
                result.update(slugs(selector.get("ids")) + slugs(selector.get("under")))
        result.update(slugs(r.get("reports_to")) + slugs(params.get("recipient")) + slugs(params.get("participants")))
        result.update(slugs((params.get("report_back") or {}).get("to")))
    return result


def touched(event):
    """The organisations an event touches (its organisation fields; never a cited document's
    issuer)."""
    p = event.payload
    if event.type == "directive.issued":
        return directive_orgs(p)
    result = {s for name in ORG_FIELDS.get(event.type, ()) for s in slugs(p.get(name))}
    if event.type == "organization.changed" and p.get("field") == "parent":
        result.update(slugs(p.get("value")))
    return result


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
    exceptions = {x.lower() for x in params.get("exceptions") or []}
    inside, straddling = [], []
    for e in ctx.of_type(params["forbidden"]):
        if e.event_id.lower() in exceptions:
            continue
        if scope is not None and not touched(e) & scope:
            continue
        if e.when.first >= start and (stop is None or e.when.last < stop):
            inside.append(e)
        elif e.when.last >= start and (stop is None or e.when.first < stop):
            straddling.append(e)
    name = params["forbidden"]
    for hits, verdict, words in ((inside, verdicts.VIOLATED, "in the window"),
                                 (straddling, verdicts.INDETERMINATE, "dated across the window's edge")):
        if hits:
            listed = ", ".join(f"seq {e.seq} on {e.when.shown()}" for e in hits)
            return [verdicts.instance(templates.WHOLE, key, verdict, f"{len(hits)} {name} {words}: {listed}",
                                      [s for e in hits for s in e.evidence()])], []
    state = " so far (window open)" if stop is None or ctx.as_of < stop else ""
    return [verdicts.instance(templates.WHOLE, key, verdicts.SATISFIED, f"no {name} in the window{state}")], []
