"""threshold_target (spec §5.4): a membership measure of each scoped organisation (or one ratio
of sums) must reach a value by a deadline.

Before the deadline an instance is pending (on track, off track, no data) by the latest figure
with as_of <= T. From the deadline on, the figure judged is the latest with deadline - staleness
<= as_of <= deadline; unmet is pending on the deadline day and violated after. A figure of o is
one whose org_id is o or holds o's duty on its first day. Comparisons are exact (fractions).
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
    for e in ctx.of_holders("membership.reported", "org_id", org):
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


def after_deadline(met, deadline, as_of):
    """The verdict from the deadline on: satisfied when met; else pending on the deadline day
    itself, violated after it."""
    if met:
        return verdicts.SATISFIED
    return verdicts.PENDING if as_of == deadline else verdicts.VIOLATED


def per_org(requirement, ctx, key, deadline, judging, bounds, target):
    """One instance per scope member (ended members included)."""
    params = requirement.params
    result = []
    for org in ctx.select(params["scope"], requirement):
        fig = figure_of(org, ctx, requirement, *bounds)
        value = measure(params["metric"], fig.payload) if fig else None
        met = value is not None and OPS[params["op"]](value, target)
        evidence = fig.evidence() if fig else []
        if not judging:
            reason = "no data" if fig is None else f"{'on track' if met else 'off track'}: {shown(fig.payload)}"
            verdict = verdicts.PENDING
        else:
            verdict = after_deadline(met, deadline, ctx.as_of)
            if fig is None:
                reason = f"no current data by {deadline.isoformat()}"
            else:
                reason = ("" if met else "below target: ") + shown(fig.payload)
        result.append(verdicts.instance(org, key, verdict, reason, evidence, deadline))
    return result


def sum_ratio(requirement, ctx, key, deadline, judging, bounds, target):
    """One instance for Σ members / Σ eligible over the scope members."""
    params = requirement.params
    members = ctx.select(params["scope"], requirement)
    used, missing = [], []
    for org in members:
        fig = figure_of(org, ctx, requirement, *bounds)
        if fig is None or fig.payload.get("eligible") is None:
            missing.append(org)
        else:
            used.append(fig)
    total_m = sum(f.payload["members"] for f in used)
    total_e = sum(f.payload["eligible"] for f in used)
    assignee = " ".join(members)
    evidence = [s for f in used for s in f.evidence()]
    words = f"Σ members {total_m} / Σ eligible {total_e}"
    if params["metric"] == "members":
        met = OPS[params["op"]](fractions.Fraction(total_m), target)
    else:
        met = total_e != 0 and OPS[params["op"]](fractions.Fraction(total_m, total_e), target)
    if max(total_m, total_e) > MAX_INT64:
        return [verdicts.instance(assignee, key, verdicts.INDETERMINATE, f"{words}: beyond 64-bit integers",
                                  (), deadline)]
    if not judging:
        verdict, words = verdicts.PENDING, f"{words}, {'on track' if met else 'off track'}"
    elif missing:
        shown_missing = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        verdict, words = verdicts.INDETERMINATE, f"{words}; no figures with eligible members from {shown_missing}"
    else:
        verdict = after_deadline(met, deadline, ctx.as_of)
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
