"""coverage (spec §5.6): every organisation of a universe holds a relation.

By monitoring (a state at T): at least `min` assignments holding on T whose monitor still has a
holder; an uncovered organisation is still `satisfied` within the grace after it became
uncovered. By dissemination: each member studied the document within the grace (a deadline
instance). Registration and party_org_present are recorded by no event: indeterminate.
"""
import dates
import monitoring
import templates
import verdicts

DEFAULT_GRACE = "P30D"
NOT_RECORDED = ("registration", "party_org_present")


def whole(verdict, reason):
    """An instance about the requirement as a whole."""
    return verdicts.instance(templates.WHOLE, templates.WHOLE, verdict, reason)


def last_fact(assignment, ctx):
    """The last fact (by seq) about an assignment: its assignment or a revocation."""
    facts = [e for e in ctx.facts if e.type in ("monitoring.assigned", "monitoring.revoked")
             and e.payload.get("assignment_id") == assignment.assignment_id]
    return max(facts, key=lambda e: e.seq)


def relevant(assignments, org, params):
    """o's assignments with the relation's role and an allowed basis, ascending id."""
    role = params["relation"].get("role")
    return sorted((a for a in assignments if a.target == org and (role is None or a.role == role)
                   and monitoring.on_basis(a, params)), key=lambda a: a.assignment_id)


def monitor_gone(assignment, ctx):
    """The monitor's end date when nobody holds its duties at T (σ without a duty), else None."""
    if ctx.sigma.sigma(assignment.monitor, ctx.as_of):
        return None
    return ctx.sigma.end_of(assignment.monitor)


def long_gap(org_assignments, start, params, ctx):
    """`over_interval`: the due day of the first stretch with fewer than `min` assignments
    running, from its first day S to its last, whose last day is after S + grace; or None."""
    need = params.get("min", 1)
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    changes = []
    for a in org_assignments:
        ends = [x for x in (a.stop,) if x is not None]
        if params.get("require_active_holder", True):
            gone = ctx.sigma.end_of(a.monitor)
            if gone is not None and not ctx.sigma.sigma(a.monitor, gone):
                ends.append(gone)
        end = min(ends) if ends else None
        if a.start > ctx.as_of or (end is not None and end <= a.start):
            continue
        changes.append((a.start, +1))
        if end is not None:
            changes.append((end, -1))
    count = sum(delta for day, delta in changes if day <= start)
    days = sorted({day for day, _ in changes if start < day <= ctx.as_of})
    gap_start = start if count < need else None
    for day in days:
        count += sum(delta for d, delta in changes if d == day)
        if count < need and gap_start is None:
            gap_start = day
        elif count >= need and gap_start is not None:
            if day - dates.ONE_DAY > grace.add_to(gap_start):
                return grace.add_to(gap_start)
            gap_start = None
    if gap_start is not None and ctx.as_of > grace.add_to(gap_start):
        return grace.add_to(gap_start)
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
        if record is None or record.ended is not None:
            continue
        start = max(record.registered, requirement.effective_from)
        since, covering = start, []
        mine = relevant(assignments, org, params)
        for a in mine:
            if a.start > ctx.as_of:
                continue
            if a.stop is not None and a.stop <= ctx.as_of:
                since = max(since, a.stop)
                continue
            gone = monitor_gone(a, ctx) if active_holder else None
            if active_holder and not ctx.sigma.sigma(a.monitor, ctx.as_of):
                found.append({"kind": "holder_inactive", "req_ref": requirement.req_ref,
                              "seq": last_fact(a, ctx).seq,
                              "detail": f"{a.assignment_id}: {a.monitor} has no successor for {org} since"
                                        f" {gone.isoformat() if gone else '?'}"})
                if gone is not None:
                    since = max(since, gone)
                continue
            covering.append(a)
        due = grace.add_to(since)
        gap_due = long_gap(mine, start, params, ctx) if params.get("over_interval") else None
        if gap_due is not None:
            inst = verdicts.instance(org, org, verdicts.VIOLATED,
                                     f"uncovered for longer than the grace (due {gap_due.isoformat()})", (), gap_due)
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
    """Per universe member (ended ones per §3.4): a deadline instance."""
    params = requirement.params
    grace = dates.parse_duration(params.get("grace", DEFAULT_GRACE))
    doc_key = params["relation"].get("doc_key")
    spread = [e for e in ctx.of_type("directive.disseminated") if e.payload.get("doc_key") == doc_key]
    result = []
    for org in ctx.select(params["universe"], requirement):
        registered = ctx.registered_on(org)
        since = max(registered, requirement.effective_from) if registered else requirement.effective_from
        if requirement.until is not None and since >= requirement.until:
            continue
        due = grace.add_to(since)
        done = [e for e in spread if templates.holds(ctx, requirement, org, e.payload.get("org"), e.when.first)]
        inst = verdicts.deadline(org, org, due, verdicts.decisive(done, due), ctx.as_of, requirement.until)
        if templates.kept_after_end(ctx, requirement, org, inst):
            result.append(inst)
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
