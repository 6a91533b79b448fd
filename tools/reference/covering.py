"""coverage (spec §5.6): every organisation of a universe holds a relation.

By monitoring (a state at T): at least `min` counted assignments holding on T whose monitor
still has a holder; an uncovered organisation is still `satisfied` within the grace after it
became uncovered; with `over_interval`, any earlier gap longer than the grace is a violation.
By dissemination: each member studied the document within the grace (a deadline instance).
Registration and party_org_present are recorded by no event: indeterminate.
"""
import dates
import monitoring
import orgs
import templates
import verdicts

DEFAULT_GRACE = "P30D"
NOT_RECORDED = ("registration", "party_org_present")


def whole(verdict, reason):
    """An instance about the requirement as a whole."""
    return verdicts.instance(templates.WHOLE, templates.WHOLE, verdict, reason)


def last_fact(assignment, ctx):
    """An assignment's last seq (§3.1): its last revocation in seq order, else its assignment."""
    revocations = ctx.by_field("monitoring.revoked", "assignment_id").get(assignment.assignment_id, [])
    return max(revocations, key=lambda e: e.seq) if revocations else assignment.event


def counted(assignments, org, params):
    """o's counted assignments: its target, the relation's role, an allowed basis; ascending id."""
    role = params["relation"].get("role")
    return sorted((a for a in assignments if a.target == org and (role is None or a.role == role)
                   and monitoring.on_basis(a, params)), key=lambda a: a.assignment_id)


def long_gap(mine, first_day, params, requirement, ctx):
    """`over_interval`: (start, last day, due) of the first stretch with fewer than `min`
    assignments active whose last day is more than the grace after its start, or None."""
    need = params.get("min", 1)
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    changes = {}
    for a in mine:
        ends = [x for x in (a.stop,) if x is not None]
        if params.get("require_active_holder", True):
            gone = ctx.sigma.end_of(a.monitor)
            if gone is not None and not ctx.sigma.sigma(a.monitor, gone, None, requirement.policy):
                ends.append(gone)
        end = min(ends) if ends else None
        if a.start > ctx.as_of or (end is not None and end <= a.start):
            continue
        changes[a.start] = changes.get(a.start, 0) + 1
        if end is not None:
            changes[end] = changes.get(end, 0) - 1
    count, start = 0, first_day
    for day in sorted(changes):
        count += changes[day]
        if day > ctx.as_of:
            break
        if count >= need and start is not None:
            if day > start and day - dates.ONE_DAY > grace.add_to(start):
                return start, day - dates.ONE_DAY, grace.add_to(start)
            start = None
        elif count < need and start is None:
            start = max(day, first_day)
    if start is not None and start <= ctx.as_of and ctx.as_of > grace.add_to(start):
        return start, ctx.as_of, grace.add_to(start)
    return None


def by_monitoring(requirement, ctx):
    """Per universe member active or suspended at T; holder_inactive findings."""
    params = requirement.params
    if requirement.until is not None and requirement.until <= ctx.as_of:
        return [whole(verdicts.NOT_APPLICABLE, f"lifted or ended on {requirement.until.isoformat()}")], []
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    need = params.get("min", 1)
    active_holder = params.get("require_active_holder", True)
    assignments = monitoring.assignments(ctx)
    result, found = [], []
    for org in ctx.select(params["universe"], requirement):
        record = ctx.registry.get(org)
        if record is None or record.status not in orgs.LIVE:
            continue
        first_day = max(record.registered, requirement.effective_from)
        since, covering = first_day, []
        mine = counted(assignments, org, params)
        for a in mine:
            if a.start > ctx.as_of:
                continue
            if a.stop is not None and a.stop <= ctx.as_of:
                since = max(since, a.stop)
            elif active_holder and not ctx.sigma.sigma(a.monitor, ctx.as_of, None, requirement.policy):
                gone = ctx.sigma.end_of(a.monitor)
                found.append({"kind": "holder_inactive", "req_ref": requirement.req_ref,
                              "seq": last_fact(a, ctx).seq,
                              "detail": f"{a.assignment_id}: {a.monitor} has no successor for {org} since {gone.isoformat()}"})
                since = max(since, gone)
            else:
                covering.append(a)
        due = grace.add_to(since)
        gap = long_gap(mine, first_day, params, requirement, ctx) if params.get("over_interval") else None
        if gap is not None:
            inst = verdicts.instance(org, org, verdicts.VIOLATED,
                                     f"uncovered from {gap[0].isoformat()} to {gap[1].isoformat()}; the grace"
                                     f" ended {gap[2].isoformat()}", (), gap[2])
        elif len(covering) >= need:
            words = ", ".join(f"{a.monitor} ({a.assignment_id})" for a in covering)
            inst = verdicts.instance(org, org, verdicts.SATISFIED, f"monitored by {words}",
                                     [s for a in covering for s in last_fact(a, ctx).evidence()])
        elif ctx.as_of <= due:
            inst = verdicts.instance(org, org, verdicts.SATISFIED,
                                     f"uncovered since {since.isoformat()}, within the grace until {due.isoformat()}",
                                     (), due)
        else:
            inst = verdicts.instance(org, org, verdicts.VIOLATED,
                                     f"uncovered since {since.isoformat()}; the grace ended {due.isoformat()}", (), due)
        result.append(inst)
    return result, found


def by_dissemination(requirement, ctx):
    """Per universe member with a record at T (ended ones per §3.4): a deadline instance."""
    params = requirement.params
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    doc_key = params["relation"].get("doc_key")
    spread = [e for e in ctx.of_type("directive.disseminated") if e.payload.get("doc_key") == doc_key]
    result = []
    for org in ctx.select(params["universe"], requirement):
        registered = ctx.registered_on(org)
        if registered is None:
            continue
        since = max(registered, requirement.effective_from)
        if requirement.until is not None and since >= requirement.until:
            continue
        due = grace.add_to(since)
        done = [e for e in spread if e.payload.get("org") == org
                or templates.holds(ctx, requirement, org, e.payload.get("org"), e.when.first)]
        event = verdicts.decisive(done, due)
        if not templates.dropped(ctx, requirement, [org], due, event is not None):
            result.append(verdicts.deadline(org, org, due, event, ctx.as_of, requirement.until))
    return result, []


def evaluate(requirement, ctx):
    """Instances by the relation's kind."""
    kind = requirement.params["relation"]["kind"]
    if kind in NOT_RECORDED:
        return [whole(verdicts.INDETERMINATE, f"no event records {kind}")], []
    if templates.before_from(requirement, ctx):
        return [templates.not_in_force(requirement)], []
    if kind == "dissemination":
        return by_dissemination(requirement, ctx)
    return by_monitoring(requirement, ctx)
