"""The eight templates: which module judges each, and what they share (the not-in-force
instance, the rule for ended organisations of §3.4)."""
import verdicts

WHOLE = "*"
DONE = (verdicts.SATISFIED, verdicts.LATE, verdicts.INDETERMINATE)


def evaluate(requirement, ctx):
    """(instances, findings) of one requirement at (T, K)."""
    import coverage
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
        "coverage": coverage.evaluate,
        "response_within": responses.evaluate,
        "precedence": precedence.evaluate,
    }
    return judges[requirement.template](requirement, ctx)


def not_in_force(requirement, assignee=WHOLE, key=WHOLE):
    """The one instance of a requirement whose effective date is after T."""
    return verdicts.instance(assignee, key, verdicts.NOT_APPLICABLE,
                             f"not in force before {requirement.effective_from.isoformat()}")


def before_from(requirement, ctx):
    """True when T is before the requirement's effective date."""
    return ctx.as_of < requirement.effective_from


def kept_after_end(ctx, requirement, org, inst):
    """§3.4: an instance (with a due day) of an organisation that ended on E (by T: one that
    has not ended by T is not affected) is kept when due before E, when someone holds the duty
    on E, or when it is already done; else it goes."""
    end = ctx.sigma.end_of(org)
    if end is None or end > ctx.as_of or "due" not in inst or inst["due"] < end.isoformat():
        return True
    if ctx.sigma.sigma(org, end, requirement.req_ref, requirement.policy):
        return True
    return inst["verdict"] in DONE


def holds(ctx, requirement, org, actor, day):
    """True when `actor` holds `org`'s duty under the requirement on `day` (its policy)."""
    return ctx.sigma.holds(actor, org, day, requirement.req_ref, requirement.policy)


def follows(ctx, requirement, org, actor, day):
    """True when `actor` is `org` or holds its duty on `day`, always following successors."""
    return actor == org or ctx.sigma.holds(actor, org, day, requirement.req_ref)
