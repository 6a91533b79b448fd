"""threshold_target (spec §5.4): a membership measure of each scoped organisation (or one ratio
of sums) must reach a value by a deadline.

Before the deadline an instance is pending (on track, off track, no data) by the latest figure
with as_of <= T. From the deadline on, the figure judged is the latest with deadline - staleness
<= as_of <= deadline. A figure of o is one whose org_id is o or holds o's duty on its first day.
Comparisons are exact (fractions).
"""
import fractions
import operator
import re

import dates
import templates
import verdicts

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
DEFAULT_STALENESS = "P1Y"
MAX_DECIMALS = 18
MAX_INT64 = 2 ** 63 - 1


def representable(value):
    """§5.4 rule 1: at most 18 decimals, and the value (as digits without the point) fits a
    signed 64-bit integer."""
    m = re.match(r"^(\d+)(?:\.(\d+))?$", value)
    if not m:
        return False
    decimals = m.group(2) or ""
    return len(decimals) <= MAX_DECIMALS and int(m.group(1) + decimals) <= MAX_INT64


def measure(metric, payload):
    """members/1, or members/eligible (None when eligible is absent or 0)."""
    if metric == "members":
        return fractions.Fraction(payload["members"])
    eligible = payload.get("eligible")
    return fractions.Fraction(payload["members"], eligible) if eligible else None


def figure_of(org, ctx, requirement, low, high):
    """The latest (as_of, seq) figure of `org` with low <= as_of <= high (low None: no bound)."""
    chosen = []
    for e in ctx.of_type("membership.reported"):
        day = dates.parse_day(e.payload["as_of"])
        if (low is None or day >= low) and day <= high \
                and templates.follows(ctx, requirement, org, e.payload.get("org_id"), e.when.first):
            chosen.append((day, e.seq, e))
    return max(chosen, key=lambda c: (c[0], c[1]))[2] if chosen else None


def shown(payload):
    """A figure in words."""
    if payload.get("eligible") is not None:
        return f"{payload['members']} of {payload['eligible']} as of {payload['as_of']}"
    return f"{payload['members']} members as of {payload['as_of']}"


def per_org(requirement, ctx, key, deadline, judging, bounds, target):
    """One instance per scope member."""
    params = requirement.params
    result = []
    for org in ctx.select(params["scope"], requirement):
        fig = figure_of(org, ctx, requirement, *bounds)
        value = measure(params["metric"], fig.payload) if fig else None
        met = value is not None and OPS[params["op"]](value, target)
        evidence = fig.evidence() if fig else []
        if not judging:
            track = "no data" if fig is None else ("on track" if met else "off track")
            inst = verdicts.instance(org, key, verdicts.PENDING,
                                     f"{track}: {shown(fig.payload)}" if fig else track, evidence, deadline)
        elif fig is None:
            inst = verdicts.instance(org, key, verdicts.VIOLATED, f"no current data by {deadline.isoformat()}",
                                     evidence, deadline)
        else:
            inst = verdicts.instance(org, key, verdicts.SATISFIED if met else verdicts.VIOLATED,
                                     ("" if met else "below target: ") + shown(fig.payload), evidence, deadline)
        if templates.kept_after_end(ctx, requirement, org, inst):
            result.append(inst)
    return result


def sum_ratio(requirement, ctx, key, deadline, judging, bounds, target):
    """One instance for Σ members / Σ eligible over the scope."""
    params = requirement.params
    members = []
    for org in ctx.select(params["scope"], requirement):
        end = ctx.sigma.end_of(org)
        if end is not None and end < deadline and not ctx.sigma.sigma(org, end, requirement.req_ref,
                                                                      requirement.policy):
            continue
        members.append(org)
    used, missing, total_m, total_e = [], [], 0, 0
    for org in members:
        fig = figure_of(org, ctx, requirement, *bounds)
        if fig is None or fig.payload.get("eligible") is None:
            missing.append(org)
            continue
        used.append(fig)
        total_m += fig.payload["members"]
        total_e += fig.payload["eligible"]
    assignee = " ".join(members)
    evidence = [s for f in used for s in f.evidence()]
    words = f"{total_m} of {total_e}" + (f"; no figure for {' '.join(missing)}" if missing else "")
    if not judging:
        verdict = verdicts.PENDING
    elif missing:
        verdict = verdicts.INDETERMINATE
    else:
        met = total_e != 0 and OPS[params["op"]](fractions.Fraction(total_m, total_e), target)
        verdict = verdicts.SATISFIED if met else verdicts.VIOLATED
    return [verdicts.instance(assignee, key, verdict, words, evidence, deadline)]


def evaluate(requirement, ctx):
    """Instances per organisation (per_org) or one for the ratio of sums."""
    params = requirement.params
    deadline = dates.parse_day(params["deadline"])
    key = f"{params['metric']} {params['op']} {params['value']}"
    if not representable(params["value"]):
        return [verdicts.instance(templates.WHOLE, key, verdicts.INDETERMINATE,
                                  f"the target {params['value']} cannot be compared exactly", (), deadline)], []
    until = requirement.until
    if until is not None and until <= deadline:
        return [verdicts.instance(templates.WHOLE, key, verdicts.NOT_APPLICABLE,
                                  f"lifted or ended on {until.isoformat()}, before the deadline", (), deadline)], []
    if templates.before_from(requirement, ctx):
        inst = templates.not_in_force(requirement)
        inst["due"] = deadline.isoformat()
        return [inst], []
    judging = ctx.as_of >= deadline
    staleness = dates.parse_duration(params.get("staleness", DEFAULT_STALENESS))
    bounds = (staleness.subtract_from(deadline), deadline) if judging else (None, ctx.as_of)
    target = fractions.Fraction(params["value"])
    if params.get("aggregation", "per_org") == "sum_ratio":
        return sum_ratio(requirement, ctx, key, deadline, judging, bounds, target), []
    return per_org(requirement, ctx, key, deadline, judging, bounds, target), []
