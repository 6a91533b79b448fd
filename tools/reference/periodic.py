"""periodic_report (spec §5.1): a report (or meeting) from each assignee every period of a
schedule, due a grace after the period ends.

An event counts for assignee a under a part when it names no other requirement, its actor
(reporter, convener) holds a's duty on its first day, its recipient is the part's recipient or
holds its duty, and every required participant (or a holder of its duty) took part. Keyed events
count for the slots their key or dates cover; unkeyed ones for one slot each.
"""
import orgs
import periods
import templates
import verdicts

REPORT, MEETING = "report.submitted", "meeting.held"
DEFAULT_GRACE = "P15D"


def actor_of(event):
    """The organisation that sent the report or convened the meeting."""
    return event.payload.get("reporter") if event.type == REPORT else event.payload.get("convener")


def admits(event, assignee, params, requirement, ctx):
    """Rules 1-4 of §5.1: does `event` count for `assignee` under a part's `params`?"""
    day = event.when.first
    if event.type != params.get("event_type", REPORT):
        return False
    ref = event.payload.get("req_ref")
    if ref is not None and ref != requirement.req_ref:
        return False
    if not templates.holds(ctx, requirement, assignee, actor_of(event), day):
        return False
    if event.type == REPORT and params.get("recipient"):
        if not templates.follows(ctx, requirement, params["recipient"], event.payload.get("recipient"), day):
            return False
    present = event.payload.get("participants") or []
    for required in params.get("participants") or []:
        if not any(templates.follows(ctx, requirement, required, p, day) for p in present):
            return False
    return True


def is_keyed(event):
    """An event with a period whose key is not `adhoc` (an adhoc period is not read)."""
    return (event.payload.get("period") or {}).get("key") not in (None, "adhoc")


def judge_slot(slot, assignee, ctx):
    """The instance of one slot (§5.1 "Verdict of a slot")."""
    m, due = slot.min_count, slot.due
    counted = sorted(slot.counted, key=lambda e: (e.when.first, e.seq))
    on_time = [e for e in counted if e.when.last <= due]
    straddling = [e for e in counted if e.when.first <= due < e.when.last]

    def make(verdict, reason, used):
        return verdicts.instance(assignee, slot.key, verdict, reason,
                                 [s for e in used for s in e.evidence()], due)

    if len(on_time) >= m:
        used = on_time[:m]
        return make(verdicts.SATISFIED, verdicts.done_reason(used[-1], due, verdicts.SATISFIED), used)
    if len(on_time) + len(straddling) >= m:
        used = on_time + straddling[:m - len(on_time)]
        return make(verdicts.INDETERMINATE, verdicts.done_reason(straddling[0], due, verdicts.INDETERMINATE), used)
    if len(counted) >= m:
        used = counted[:m]
        return make(verdicts.LATE, verdicts.done_reason(used[-1], due, verdicts.LATE), used)
    if ctx.as_of <= due:
        reason = f"due {due.isoformat()}" if m == 1 else f"{len(counted)} of {m} so far; due {due.isoformat()}"
        return make(verdicts.PENDING, reason, counted)
    verdict, reason = verdicts.unmet(due, ctx.as_of)
    if m > 1:
        reason = f"{len(counted)} of {m} by {due.isoformat()}"
    return make(verdict, reason, counted)


def evaluate(requirement, ctx):
    """Instances per assignee and slot; late_recording findings for their evidence."""
    result, found = [], []
    for assignee in ctx.select(requirement.spec.get("assignees"), requirement):
        candidates = orgs.ordered(ctx.of_holders(REPORT, "reporter", assignee) +
                                  ctx.of_holders(MEETING, "convener", assignee))
        slot_list = periods.slots(requirement, ctx.as_of, DEFAULT_GRACE)
        registered = ctx.registered_on(assignee)
        for slot in slot_list:
            slot.counted = [e for e in candidates if is_keyed(e) and e.when.first >= slot.start
                            and slot.covered_by(e.payload["period"]["key"])
                            and admits(e, assignee, slot.params, requirement, ctx)]
        unkeyed = [e for e in candidates if not is_keyed(e)]
        periods.attribute_unkeyed(
            slot_list, unkeyed,
            lambda e, slot: admits(e, assignee, slot.params, requirement, ctx))
        for slot in slot_list:
            if registered is not None and slot.end < registered:
                continue
            inst = judge_slot(slot, assignee, ctx)
            done = inst["verdict"] in templates.DONE
            if not templates.dropped(ctx, requirement, [assignee], slot.due, done):
                result.append(inst)
                found += evidence_findings(requirement, slot, inst, ctx)
    return result, found


def evidence_findings(requirement, slot, inst, ctx):
    """late_recording (lag > 7 days) and report_before_period_end findings for the evidence
    events of a slot's instance."""
    import findings

    return [f for e in slot.counted if e.seq in inst["evidence"]
            for f in findings.late_recording(requirement, e, ctx) + findings.report_before_period_end(requirement, e)]
