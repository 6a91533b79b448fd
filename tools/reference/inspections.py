"""recurring_inspection (spec §5.3): each target inspected by its inspector, once per calendar
period (attributed like unkeyed reports) or within a rolling gap of the previous one.

Pairs (inspector, target, since): per target (selector members, or the targets of assignments
holding on T for `all_monitored`), the monitors of its assignments holding on T for
`monitor_of_target` (from the later of the assignment and the effective date), else each member
of the inspector selector (from the effective date).
"""
import dates
import monitoring
import periods
import templates
import verdicts

DEFAULT_GRACE = "P15D"


def running(ctx, params):
    """Assignments holding on T, on the allowed basis (`assignment_basis`)."""
    return [a for a in monitoring.assignments(ctx) if a.active_on(ctx.as_of) and monitoring.on_basis(a, params)]


def pairs(requirement, ctx, params):
    """The (inspector, target, since) pairs at T, per target in order; `all_monitored` targets
    are restricted by the target's province (§3.3)."""
    held = running(ctx, params)
    if params["targets"] == "all_monitored":
        targets = sorted({a.target for a in held if ctx.in_jurisdiction(a.target, requirement)})
    else:
        targets = ctx.select(params["targets"], requirement)
    result = []
    for target in targets:
        if params["inspector"] == "monitor_of_target":
            for a in sorted((a for a in held if a.target == target), key=lambda a: a.assignment_id):
                result.append((a.monitor, target, max(a.start, requirement.effective_from)))
        else:
            for inspector in ctx.select(params["inspector"], requirement):
                result.append((inspector, target, requirement.effective_from))
    return result


def counts_for(event, inspector, target, params, requirement, ctx):
    """True when an inspection counts for the pair under `params`."""
    p, day = event.payload, event.when.first
    if params.get("kinds") and p.get("kind") not in params["kinds"]:
        return False
    if not templates.holds(ctx, requirement, inspector, p.get("inspector"), day):
        return False
    seen = p.get("target")
    return (templates.follows(ctx, requirement, target, seen, day)
            or templates.follows(ctx, requirement, seen, target, day))


def rolling(requirement, ctx):
    """Per pair: due max_gap + grace after the later of its since and its last inspection."""
    params = requirement.params
    gap = dates.parse_duration(params["max_gap"])
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    until = requirement.until
    result = []
    for inspector, target, since in pairs(requirement, ctx, params):
        done = [e for e in ctx.of_holders("inspection.conducted", "inspector", inspector)
                if e.when.first >= since and counts_for(e, inspector, target, params, requirement, ctx)]
        last = done[-1] if done else None
        base = last.when.first if last else since
        due = grace.add_to(gap.add_to(base))
        evidence = last.evidence() if last else []
        if last:
            shown = f"last inspected on {last.when.shown()}; next due by {due.isoformat()}"
        else:
            shown = f"not inspected since {since.isoformat()}; due by {due.isoformat()}"
        if until is not None and until <= due and until <= ctx.as_of:
            result.append(verdicts.instance(inspector, target, verdicts.NOT_APPLICABLE,
                                            f"lifted or ended on {until.isoformat()}, before the next inspection"
                                            " was due", evidence, due))
            continue
        if templates.dropped(ctx, requirement, [inspector, target], due, False):
            continue
        if ctx.as_of > due:
            verdict = verdicts.VIOLATED
        else:
            verdict = verdicts.SATISFIED if last else verdicts.PENDING
        result.append(verdicts.instance(inspector, target, verdict, shown, evidence, due))
    return result


def slot_instance(inspector, target, slot, event, ctx):
    """The instance of one calendar slot."""
    key = f"{target} {slot.key}"
    if event is None:
        verdict, reason = verdicts.unmet(slot.due, ctx.as_of)
        if verdict == verdicts.VIOLATED:
            reason = f"no inspection of {target} by {slot.due.isoformat()} ({reason.split('(')[1]}"
        return verdicts.instance(inspector, key, verdict, reason, (), slot.due)
    verdict = verdicts.by_due(event, slot.due)
    reason = (f"inspected on {event.when.shown()}" if verdict == verdicts.SATISFIED
              else verdicts.done_reason(event, slot.due, verdict))
    return verdicts.instance(inspector, key, verdict, reason, event.evidence(), slot.due)


def calendar(requirement, ctx):
    """Part by part: each pair's slots, inspections attributed to the first open slot within
    its catch-up bound (the later of its own due and the next slot's; for a part's last slot, the
    next part's first period's), inspections left over passed on to later parts."""
    parts = periods.part_periods(requirement, ctx.as_of, DEFAULT_GRACE)
    attributed = set()
    result = []
    for index, (params, part_slots) in enumerate(parts):
        later = [p for _, p in parts[index + 1:index + 2]]
        last_bound = later[0][0].due if later and later[0] else None
        for inspector, target, since in pairs(requirement, ctx, params):
            own = [s for s in part_slots if s.end >= since]
            counted = [e for e in ctx.of_holders("inspection.conducted", "inspector", inspector)
                       if (inspector, target, e.seq) not in attributed
                       and counts_for(e, inspector, target, params, requirement, ctx)]
            got = {}
            for event in counted:
                for i, slot in enumerate(own):
                    bound = own[i + 1].due if i + 1 < len(own) else last_bound
                    bound = None if bound is None else max(bound, slot.due)
                    if i in got or slot.start > event.when.first or (bound is not None and event.when.first > bound):
                        continue
                    got[i] = event
                    attributed.add((inspector, target, event.seq))
                    break
            for i, slot in enumerate(own):
                if not templates.dropped(ctx, requirement, [inspector, target], slot.due, i in got):
                    result.append(slot_instance(inspector, target, slot, got.get(i), ctx))
    return result


def plan_findings(requirement, ctx):
    """plan_not_executed: a planned inspection of a pair in force (last part) that has no
    conducted inspection of the same id as a fact at T, once the window's end + grace passed."""
    params = requirement.params
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    pair_list = pairs(requirement, ctx, params)
    conducted = {e.payload.get("inspection_id") for e in ctx.of_type("inspection.conducted")}
    result = []
    for e in ctx.of_type("inspection.planned"):
        p = e.payload
        window = p.get("planned_window") or []
        if len(window) != 2:
            continue
        if not any(target == p.get("target")
                   and templates.holds(ctx, requirement, inspector, p.get("inspector"), e.when.first)
                   for inspector, target, _ in pair_list):
            continue
        end = grace.add_to(dates.parse_day(window[1]))
        if p.get("inspection_id") not in conducted and ctx.as_of > end:
            result.append({"kind": "plan_not_executed", "req_ref": requirement.req_ref, "seq": e.seq,
                           "detail": f"{p.get('inspection_id')}: {p.get('inspector')} → {p.get('target')},"
                                     f" planned by {window[1]}"})
    return result


def evaluate(requirement, ctx):
    """Instances and plan findings."""
    if templates.before_from(requirement, ctx):
        return [templates.not_in_force(requirement)], []
    if requirement.params.get("mode", "calendar") == "rolling":
        return rolling(requirement, ctx), plan_findings(requirement, ctx)
    return calendar(requirement, ctx), plan_findings(requirement, ctx)
