"""Data-quality findings (spec §6.2): late_recording, orphaned, report_before_period_end and
membership_drop here; holder_inactive and plan_not_executed come from their templates."""
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


def report_before_period_end(ctx):
    """A keyed report (not adhoc) whose business interval ends before its period does."""
    result = []
    for e in ctx.of_type("report.submitted"):
        period = e.payload.get("period") or {}
        if period.get("key") in (None, "adhoc"):
            continue
        end = dates.parse_day(period["end"])
        if e.when.last < end:
            result.append(finding(
                "report_before_period_end",
                f"{e.payload.get('report_id')}: period {period['key']} ends {period['end']}, dated {e.occurred_at}",
                e.payload.get("req_ref"), e.seq))
    return result


def membership_drop(ctx):
    """Two consecutive figures of one organisation (by as_of, then seq) where members fell by
    more than half."""
    by_org = {}
    for e in ctx.facts:
        if e.type == "membership.reported":
            by_org.setdefault(e.payload["org_id"], []).append(e)
    result = []
    for org, figures in by_org.items():
        figures.sort(key=lambda e: (e.payload["as_of"], e.seq))
        for before, after in zip(figures, figures[1:]):
            m1, m2 = before.payload["members"], after.payload["members"]
            if m2 * 2 < m1:
                result.append(finding(
                    "membership_drop",
                    f"{org}: members {m1} as of {before.payload['as_of']}, {m2} as of {after.payload['as_of']}",
                    None, after.seq))
    return result


def data_quality(ctx):
    """The findings that belong to no requirement's judging."""
    return report_before_period_end(ctx) + membership_drop(ctx)


def ordered(found):
    """De-duplicated, by seq (none as 0), kind, req_ref (none first), detail, then one without
    seq before one with seq 0."""
    unique = {}
    for f in found:
        unique[(f["kind"], f.get("req_ref"), f.get("seq"), f["detail"])] = f
    return sorted(unique.values(), key=lambda f: (
        f.get("seq", 0), f["kind"], f.get("req_ref") is not None, f.get("req_ref") or "",
        f["detail"], "seq" in f))
