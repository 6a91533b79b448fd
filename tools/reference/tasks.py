"""one_off_task (spec §5.2): something done once, by a due day or open-ended.

With tasks under the requirement, one instance per task (ascending task id): a task is done by
every `task.completed` of it and every `report.submitted` whose `about` lists it, the
decisive one deciding; a task stays owed by the assignee it names. Without tasks and with a due
day, one instance per assignee, done by a report naming the requirement from a holder of the
assignee's duty (§3.4 applies to these).
"""
import dates
import templates
import verdicts

DOCUMENT_COMPLETIONS = ("document.registered", "directive.issued")


def task_state(ctx):
    """Tasks at T: task_id -> (its task.assigned fact, its last task.cancelled fact or None)."""
    assigned, cancelled = {}, {}
    for e in ctx.facts:
        tid = e.payload.get("task_id")
        if e.type == "task.assigned":
            assigned[tid] = e
        elif e.type == "task.cancelled" and (tid not in cancelled or e.seq > cancelled[tid].seq):
            cancelled[tid] = e
    return {tid: (e, cancelled.get(tid)) for tid, e in assigned.items()}


def completions(task_id, ctx):
    """The facts that complete a task: its task.completed facts and the reports about it."""
    return ctx.by_field("task.completed", "task_id").get(task_id, []) + ctx.reports_about(task_id)


def task_due(task, requirement):
    """The task's own due, else the requirement's due_on, else max(assigned on, from) +
    due_within, else None."""
    p, params, assigned_on = task.payload, requirement.params, task.when.first
    if p.get("due_on"):
        return dates.parse_day(p["due_on"])
    if p.get("due_within"):
        return dates.parse_duration(p["due_within"]).add_to(assigned_on)
    if params.get("due_on"):
        return dates.parse_day(params["due_on"])
    if params.get("due_within"):
        return dates.parse_duration(params["due_within"]).add_to(max(assigned_on, requirement.effective_from))
    return None


def task_instances(requirement, ctx, tasks):
    """One instance per task, ascending task id."""
    result = []
    for task_id in sorted(tasks):
        task, cancelled = tasks[task_id]
        if requirement.until is not None and task.when.first >= requirement.until:
            continue
        assignee = task.payload["assignee"]
        done = completions(task_id, ctx)
        due = task_due(task, requirement)
        if cancelled is not None and not done:
            inst = verdicts.instance(assignee, task_id, verdicts.NOT_APPLICABLE, "task cancelled",
                                     cancelled.evidence(), due)
        elif due is None:
            first = verdicts.decisive(done, None)
            inst = (verdicts.instance(assignee, task_id, verdicts.SATISFIED, f"done on {first.when.shown()}",
                                      first.evidence()) if first else
                    verdicts.instance(assignee, task_id, verdicts.PENDING, "open, no due date"))
        else:
            decisive = verdicts.decisive(done, due)
            if templates.dropped(ctx, requirement, [assignee], due, decisive is not None):
                continue                                            # §3.4: its assignee ended, nobody holds it
            inst = verdicts.deadline(assignee, task_id, due, decisive, ctx.as_of, requirement.until)
        result.append(inst)
    return result


def assignee_instances(requirement, ctx):
    """Without tasks: one instance per assignee when there is a due day."""
    params = requirement.params
    if params.get("due_on"):
        due = dates.parse_day(params["due_on"])
    elif params.get("due_within"):
        due = dates.parse_duration(params["due_within"]).add_to(requirement.effective_from)
    else:
        return []
    by_report = params.get("completion", "task.completed") == "report.submitted"
    result = []
    for assignee in ctx.select(requirement.spec.get("assignees"), requirement):
        done = [e for e in ctx.of_holders("report.submitted", "reporter", assignee)
                if by_report and e.payload.get("req_ref") == requirement.req_ref
                and templates.holds(ctx, requirement, assignee, e.payload.get("reporter"), e.when.first)]
        event = verdicts.decisive(done, due)
        key = "report" if event is not None else "no task recorded"
        if not templates.dropped(ctx, requirement, [assignee], due, event is not None):
            result.append(verdicts.deadline(assignee, key, due, event, ctx.as_of, requirement.until))
    return result


def evaluate(requirement, ctx):
    """Instances per task, or per assignee when the requirement has no tasks at T."""
    if templates.before_from(requirement, ctx):
        return [templates.not_in_force(requirement)], []
    if requirement.params.get("completion") in DOCUMENT_COMPLETIONS:
        return [verdicts.instance(templates.WHOLE, templates.WHOLE, verdicts.INDETERMINATE,
                                  "no payload can name a task as a document's basis")], []
    tasks = {tid: t for tid, t in task_state(ctx).items()
             if t[0].payload.get("req_ref") == requirement.req_ref}
    if tasks:
        return task_instances(requirement, ctx, tasks), []
    return assignee_instances(requirement, ctx), []
