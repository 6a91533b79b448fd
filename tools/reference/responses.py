"""response_within (spec §5.7): each triggering recommendation resolved within a duration of
max(filing, effective date), and optionally reported back within a duration of the resolution.

The resolver must hold the duty of one of the allowed resolvers (`resolvers`, `responsible` and
whoever the recommendation was forwarded to) on the resolution's first day; forwarding does not
reset the clock. The report-back is a report about the recommendation to `to` (or a holder).
"""
import dates
import templates
import verdicts


def triggers(requirement, ctx):
    """The recommendation.filed facts the trigger selects, in seq order."""
    trigger = requirement.params.get("trigger") or {}
    addressees = set(ctx.select(trigger["addressee"], requirement)) if trigger.get("addressee") else None
    low = dates.parse_day(trigger["filed_from"]) if trigger.get("filed_from") else None
    high = dates.parse_day(trigger["filed_to"]) if trigger.get("filed_to") else None
    result = []
    for e in sorted(ctx.of_type("recommendation.filed"), key=lambda e: e.seq):
        p, day = e.payload, e.when.first
        if requirement.until is not None and day >= requirement.until:
            continue
        if trigger.get("channel") and p.get("channel") != trigger["channel"]:
            continue
        if trigger.get("meeting_id") and p.get("meeting_id") != trigger["meeting_id"]:
            continue
        if addressees is not None and p.get("to_org") not in addressees:
            continue
        if (low is not None and day < low) or (high is not None and day > high):
            continue
        result.append(e)
    return result


def evaluate(requirement, ctx):
    """Per recommendation: the resolution, then the report-back."""
    params = requirement.params
    if not params.get("within") or not params.get("trigger"):
        return [], []
    responsible = ctx.select(params.get("responsible"), requirement)
    assignee = " ".join(responsible)
    if templates.before_from(requirement, ctx):
        return [templates.not_in_force(requirement, assignee)], []
    within = dates.parse_duration(params["within"])
    resolvers = ctx.select(params["resolvers"], requirement) if params.get("resolvers") else []
    result = []
    for filed in triggers(requirement, ctx):
        rec_id = filed.payload["rec_id"]
        due = within.add_to(max(filed.when.first, requirement.effective_from))
        allowed = set(resolvers) | set(responsible) | {
            e.payload.get("to_org") for e in ctx.by_field("recommendation.forwarded", "rec_id").get(rec_id, [])}
        resolutions = [e for e in ctx.by_field("recommendation.resolved", "rec_id").get(rec_id, [])
                       if any(templates.holds(ctx, requirement, org, e.payload.get("resolver"), e.when.first)
                               for org in allowed)]
        resolution = verdicts.decisive(resolutions, due)
        first = verdicts.deadline(assignee, f"{rec_id} resolution", due, resolution, ctx.as_of, requirement.until)
        result.append(first)
        back = params.get("report_back")
        if not back:
            continue
        key = f"{rec_id} report-back"
        if resolution is None:
            if first["verdict"] == verdicts.NOT_APPLICABLE:
                result.append(verdicts.instance(assignee, key, verdicts.NOT_APPLICABLE, first["reason"]))
            else:
                result.append(verdicts.instance(assignee, key, verdicts.PENDING, "waits for the resolution"))
            continue
        back_due = dates.parse_duration(back["within"]).add_to(resolution.when.first)
        reports = [e for e in ctx.reports_about(rec_id)
                   if templates.follows(ctx, requirement, back["to"], e.payload.get("recipient"), e.when.first)]
        result.append(verdicts.deadline(assignee, key, back_due, verdicts.decisive(reports, back_due),
                                        ctx.as_of, requirement.until))
    return result, []
