"""recurring_inspection (spec §5.3): each target inspected by its inspector, once per calendar
period (attributed like unkeyed reports, D8) or within a rolling gap of the previous one.

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


def running(requirement, ctx, params):
    """Assignments holding on T, on the allowed basis, whose target is in the jurisdiction."""
    return [a for a in monitoring.assignments(ctx)
            if a.active_on(ctx.as_of) and monitoring.on_basis(a, params)
            and ctx.in_jurisdiction(a.target, requirement)]


def pairs(requirement, ctx, params):
    """The (inspector, target, since) pairs at T, per target in order."""
    held = running(requirement, ctx, params)
    if params["targets"] == "all_monitored":
        targets = sorted({a.target for a in held})
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
        done = [e for e in ctx.of_type("inspection.conducted")
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
            verdict, shown = verdicts.NOT_APPLICABLE, f"lifted or ended on {until.isoformat()}"
        elif ctx.as_of > due:
            verdict = verdicts.VIOLATED
        elif last is None:
            verdict = verdicts.PENDING
        else:
            verdict = verdicts.SATISFIED
        result.append(verdicts.instance(inspector, target, verdict, shown, evidence, due))
    return result


def calendar(requirement, ctx):
    """Per part, pair and period."""
    all_slots = periods.slots(requirement, ctx.as_of, DEFAULT_GRACE)
    pair_list = pairs(requirement, ctx, requirement.params)
    inspections = ctx.of_type("inspection.conducted")
    by_pair = {}
    for inspector, target, since in pair_list:
        own = [periods.Slot(s.part, s.start, s.end, s.key, s.due, dict(s.params, min_count=1))
               for s in all_slots if s.end >= since]
        periods.attribute_unkeyed(
            own, inspections,
            lambda e, slot: counts_for(e, inspector, target, slot.params, requirement, ctx))
        by_pair[(inspector, target, since)] = own
    result = []
    for part in sorted({s.part for s in all_slots}):
        for pair in pair_list:
            inspector, target, _ = pair
            for slot in (s for s in by_pair[pair] if s.part == part):
                key = f"{target} {slot.key}"
                event = slot.counted[0] if slot.counted else None
                if event is None:
                    verdict, reason = verdicts.unmet(slot.due, ctx.as_of)
                    if verdict == verdicts.VIOLATED:
                        reason = f"no inspection of {target} by {slot.due.isoformat()}"
                    inst = verdicts.instance(inspector, key, verdict, reason, (), slot.due)
                else:
                    verdict = verdicts.by_due(event, slot.due)
                    reason = (f"inspected on {event.when.shown()}" if verdict == verdicts.SATISFIED
                              else verdicts.done_reason(event, slot.due, verdict))
                    inst = verdicts.instance(inspector, key, verdict, reason, event.evidence(), slot.due)
                if templates.kept_after_end(ctx, requirement, target, inst):
                    result.append(inst)
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
