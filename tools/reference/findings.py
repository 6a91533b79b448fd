"""Data-quality findings (spec §6.2): late_recording, report_before_period_end (for the evidence
of periodic reports), orphaned and membership_drop here; holder_inactive and plan_not_executed
come from their templates."""
import dates

LATE_RECORDING_DAYS = 7


def finding(kind, detail, req_ref=None, seq=None):
    """A finding as the JSON contract writes it (req_ref and seq left out when none)."""
    result = {"kind": kind, "detail": detail}
    if req_ref is not None:
        result["req_ref"] = req_ref
    if seq is not None:
        result["seq"] = seq
    return result


def late_recording(requirement, event, ctx):
    """§2.7: a finding when the log learnt `event` more than 7 days after its interval ended."""
    lag = (dates.local_day_of(event.recorded_at, ctx.offset) - event.when.last).days
    if lag > LATE_RECORDING_DAYS:
        return [finding("late_recording", f"lag P{lag}D", requirement.req_ref, event.seq)]
    return []


def orphaned(requirement, ctx):
    """For a requirement in force at T: each assignee that ended by T with nobody holding its
    duty at T."""
    if not requirement.in_force(ctx.as_of):
        return []
    result = []
    for slug in ctx.select(requirement.spec.get("assignees"), requirement):
        if ctx.sigma.ended(slug, ctx.as_of) and not ctx.sigma.sigma(
                slug, ctx.as_of, requirement.req_ref, requirement.policy):
            end = ctx.sigma.end_of(slug).isoformat()
            result.append(finding("orphaned", f"{slug} has no successor since {end}", requirement.req_ref))
    return result


def report_before_period_end(requirement, event):
    """An evidence report of a periodic instance dated before the end of the calendar span its
    key names (one dated on that day is not early)."""
    key = (event.payload.get("period") or {}).get("key")
    span = dates.key_span(key) if event.type == "report.submitted" else None
    if span is None or event.when.last >= span[1]:
        return []
    return [finding("report_before_period_end",
                    f"a report for {key} dated {event.when.first.isoformat()}, before the period ended on"
                    f" {span[1].isoformat()}", requirement.req_ref, event.seq)]


def membership_drop(ctx):
    """§6.2: each figure, in seq order, against the latest-dated figure of the same organisation
    recorded before it: when it is dated later and counts fewer than half as many members. A
    figure dated no later than that one is not compared and does not replace it."""
    latest = {}
    result = []
    for e in sorted((e for e in ctx.facts if e.type == "membership.reported"), key=lambda e: e.seq):
        org, as_of, members = e.payload["org_id"], e.payload["as_of"], e.payload["members"]
        before = latest.get(org)
        if before is not None:
            if as_of <= before[0]:
                continue
            if members * 2 < before[1]:
                result.append(finding("membership_drop", f"{org}: {members} members on {as_of} after {before[1]} on {before[0]}",
                                      None, e.seq))
        latest[org] = (as_of, members)
    return result


def data_quality(ctx):
    """The findings that belong to no requirement's judging."""
    return membership_drop(ctx)


def ordered(found):
    """De-duplicated, by seq (none as 0), kind, req_ref (none first), detail, then one without
    seq before one with seq 0."""
    unique = {}
    for f in found:
        unique[(f["kind"], f.get("req_ref"), f.get("seq"), f["detail"])] = f
    return sorted(unique.values(), key=lambda f: (
        f.get("seq", 0), f["kind"], f.get("req_ref") is not None, f.get("req_ref") or "",
        f["detail"], "seq" in f))
