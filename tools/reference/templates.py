"""The eight templates: which module judges each, and what they share (the not-in-force
instance, the rule for organisations that have ended of §3.4)."""
import dates
import verdicts

WHOLE = "*"
REQUIRED = {
    "periodic_report": ("schedule",),
    "one_off_task": (),
    "recurring_inspection": ("inspector", "targets"),
    "threshold_target": ("metric", "op", "value", "scope", "deadline"),
    "prohibition_window": ("forbidden",),
    "coverage": ("universe", "relation"),
    "response_within": ("trigger", "within"),
    "precedence": ("max_lead",),
}
DURATIONS = ("grace", "within", "max_gap", "staleness", "max_lead", "due_within")
DAYS = ("deadline", "due_on", "from", "until")
DONE = (verdicts.SATISFIED, verdicts.LATE, verdicts.INDETERMINATE)


def evaluate(requirement, ctx):
    """(instances, findings) of one requirement at (T, K)."""
    import covering
    import inspections
    import periodic
    import precedence
    import prohibition
    import responses
    import tasks
    import threshold

    judges = {
        "periodic_report": periodic.evaluate,
        "one_off_task": tasks.evaluate,
        "recurring_inspection": inspections.evaluate,
        "threshold_target": threshold.evaluate,
        "prohibition_window": prohibition.evaluate,
        "coverage": covering.evaluate,
        "response_within": responses.evaluate,
        "precedence": precedence.evaluate,
    }
    if not all(readable(version.params, requirement.template) for version in requirement.versions):
        return [], []
    return judges[requirement.template](requirement, ctx)


def readable(params, template):
    """Part 5: a template whose required parameters are missing or unreadable gives no
    instances. Checks presence, and that dates, durations and schedules parse."""
    needed = list(REQUIRED[template])
    if template == "recurring_inspection":
        needed.append("max_gap" if params.get("mode") == "rolling" else "schedule")
    if any(params.get(name) is None for name in needed):
        return False
    try:
        for name in DURATIONS:
            if params.get(name) is not None:
                dates.parse_duration(params[name])
        for name in DAYS:
            if params.get(name) is not None:
                dates.parse_day(params[name])
        if params.get("schedule") is not None:
            dates.parse_schedule(params["schedule"])
        if (params.get("report_back") or {}).get("within") is not None:
            dates.parse_duration(params["report_back"]["within"])
    except (TypeError, ValueError):
        return False
    return True


def not_in_force(requirement, assignee=WHOLE, key=WHOLE):
    """The one instance of a requirement whose effective date is after T."""
    return verdicts.instance(assignee, key, verdicts.NOT_APPLICABLE,
                             f"not in force before {requirement.effective_from.isoformat()}")


def before_from(requirement, ctx):
    """True when T is before the requirement's effective date."""
    return ctx.as_of < requirement.effective_from


def dropped(ctx, requirement, owed_by, due, done):
    """§3.4: an instance with due day `due`, owed by or about the organisations `owed_by`, is not
    listed when one of them ended by T (end date E <= T), E <= due, nobody holds its duty on the
    due day (σ(org, due, r) empty, with the requirement's policy), and the instance is not done."""
    if done or due is None:
        return False
    for org in owed_by:
        end = ctx.sigma.end_of(org)
        if end is None or end > ctx.as_of or due < end:
            continue
        if not ctx.sigma.sigma(org, due, requirement.req_ref, requirement.policy):
            return True
    return False


def holds(ctx, requirement, org, actor, day):
    """True when `actor` holds `org`'s duty under the requirement on `day` (its policy)."""
    return ctx.sigma.holds(actor, org, day, requirement.req_ref, requirement.policy)


def follows(ctx, requirement, org, actor, day):
    """True when `actor` is `org` or holds its duty on `day`, always following successors."""
    return actor == org or ctx.sigma.holds(actor, org, day, requirement.req_ref)
