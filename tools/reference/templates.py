"""The eight templates: which module judges each, and what they share (the not-in-force
instance, the rule for organisations that have ended of §3.4)."""
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


def orphaned_since(ctx, requirement, org):
    """§3.4: the end date E of `org` when nobody holds its duty from E (σ(org, E, r) empty,
    with the requirement's policy), else None. The end date counts even after T."""
    end = ctx.sigma.end_of(org)
    if end is not None and not ctx.sigma.sigma(org, end, requirement.req_ref, requirement.policy):
        return end
    return None


def dropped(ctx, requirement, owed_by, due, done):
    """§3.4: an instance with due day `due`, owed by or about the organisations `owed_by`, is not
    listed when one of them is orphaned with end date E <= due and the instance is not done."""
    if done or due is None:
        return False
    for org in owed_by:
        end = orphaned_since(ctx, requirement, org)
        if end is not None and due >= end:
            return True
    return False


def holds(ctx, requirement, org, actor, day):
    """True when `actor` holds `org`'s duty under the requirement on `day` (its policy)."""
    return ctx.sigma.holds(actor, org, day, requirement.req_ref, requirement.policy)


def follows(ctx, requirement, org, actor, day):
    """True when `actor` is `org` or holds its duty on `day`, always following successors."""
    return actor == org or ctx.sigma.holds(actor, org, day, requirement.req_ref)
