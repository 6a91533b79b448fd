"""precedence (spec §5.8): each congress held by a scoped organisation is preceded, within
`max_lead`, by an appraisal of its documents with the wanted result, for the same organisation
and term (an en dash in a term counts as a hyphen)."""
import dates
import templates
import verdicts


def same_term(a, b):
    """Terms compared with en dashes read as hyphens."""
    return a.replace("–", "-") == b.replace("–", "-")


def evaluate(requirement, ctx):
    """One instance per congress."""
    if templates.before_from(requirement, ctx):
        return [templates.not_in_force(requirement)], []
    params = requirement.params
    lead = dates.parse_duration(params["max_lead"])
    wanted = params.get("antecedent_result", "approved")
    selector = requirement.spec.get("scope") or requirement.spec.get("assignees")  # none: every org
    scope = set(ctx.select(selector, requirement)) if selector else None
    appraisals = sorted(ctx.of_type("congress.appraised"), key=lambda e: e.seq)
    result = []
    for c in sorted(ctx.of_type("congress.held"), key=lambda e: e.seq):
        p, day = c.payload, c.when.first
        if day < requirement.effective_from or (requirement.until is not None and day >= requirement.until):
            continue
        if scope is not None and p.get("org_id") not in scope:
            continue
        earliest = lead.subtract_from(day)
        found = [a for a in appraisals if a.payload.get("org_id") == p.get("org_id")
                 and same_term(a.payload.get("term", ""), p.get("term", ""))
                 and a.payload.get("result") == wanted and earliest <= a.when.first <= day]
        key = f"congress {p.get('term')}"
        if found:
            a = found[-1]
            result.append(verdicts.instance(p["org_id"], key, verdicts.SATISFIED,
                                            f"content appraised on {a.when.shown()}, congress on {c.when.shown()}",
                                            a.evidence() + c.evidence(), day))
        else:
            result.append(verdicts.instance(p["org_id"], key, verdicts.VIOLATED,
                                            f"congress on {c.when.shown()} without an {wanted} appraisal since"
                                            f" {earliest.isoformat()}", c.evidence(), day))
    return result, []
