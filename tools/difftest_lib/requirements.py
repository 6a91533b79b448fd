"""Requirements of the eight templates, each with the facts that bear on it.

`make(world, ctx, template)` returns (requirement JSON, facts function); the facts functions run
after the reorganisations are generated, so reports and inspections come from whoever holds an
assignee's duties at their date. Facts are on time, late, missing, early, keyed and unkeyed at
random; the budget in `ctx.room()` keeps a history small."""
from datetime import date, timedelta

from .calendar import DAY, add_duration, add_months, periods

KINDS_REPORTING = ("ctxh", "hqc", "party_commission", "party_committee")


class Context:
    """What a requirement's generator knows of its directive."""

    def __init__(self, world, doc_key: str, issuer: str, effective: date, budget: int):
        self.w = world
        self.doc_key = doc_key
        self.issuer = issuer
        self.effective = effective
        self.budget = budget
        self.req_ref = ""

    def room(self) -> bool:
        return len(self.w.events) < self.budget

    @property
    def province(self) -> str:
        return self.w.orgs[self.issuer].province


def selector(w, ctx, kinds, ids_max=2):
    """An OrgSelector drawn over `kinds` and the organisations it may take in, for the facts."""
    rng = w.rng
    pool = [o for o in w.orgs.values() if o.kind in kinds]
    if not pool:
        pool = list(w.orgs.values())
    if rng.random() < 0.45:
        chosen = rng.sample(pool, min(len(pool), rng.randint(1, ids_max)))
        return {"ids": sorted(o.slug for o in chosen)}, [o.slug for o in chosen]
    kind = rng.choice(sorted({o.kind for o in pool}))
    sel = {"kind": kind}
    matching = [o for o in w.orgs.values() if o.kind == kind]
    if rng.random() < 0.3:
        sel["level"] = rng.choice(sorted({o.level for o in matching}))
        matching = [o for o in matching if o.level == sel["level"]]
    if rng.random() < 0.3:
        sel["province"] = rng.choice(sorted({o.province for o in w.orgs.values()}))
        matching = [o for o in matching if o.province == sel["province"]]
    parents = sorted({o.parent for o in matching if o.parent})
    if parents and rng.random() < 0.15:
        sel["under"] = rng.choice(parents)
        matching = [o for o in matching if o.parent == sel["under"]]
    if kind == "hqc" and rng.random() < 0.25:
        flag = rng.choice(["dac_thu", "giao_nhiem_vu"])
        sel["flags"] = {flag: True}
        matching = [o for o in matching if o.flags.get(flag)]
    return sel, [o.slug for o in matching][:4]


def schedule(w, effective: date, choices=(3, 6, 12)):
    """(schedule text, months, anchor) of an aligned schedule that starts near `effective`."""
    months = w.rng.choice(choices)
    anchor = date(effective.year - w.rng.choice([0, 0, 1]), 1, 1)
    if months < 12 and w.rng.random() < 0.5:
        anchor = add_months(anchor, months * w.rng.randint(0, 12 // months - 1))
    text = {12: "P1Y", 6: "P6M", 3: "P3M"}[months]
    repeat = "R" if w.rng.random() < 0.8 else f"R{w.rng.randint(1, 6)}"
    return f"{repeat}/{anchor.isoformat()}/{text}", months, anchor


def assignment_basis(w, ctx) -> list:
    """The documents (the directive's own among them, sometimes) monitoring assignments must rest on."""
    pool = sorted(set(w.documents) | {ctx.doc_key})
    return sorted(w.rng.sample(pool, w.rng.randint(1, min(2, len(pool)))))


def fact_day(w, start: date, due: date) -> date | None:
    """A business day for a fact that should arrive by `due`: early, on time, late or never (the
    due day is kept as a candidate T, to check on and just after a deadline)."""
    w.due_days.append(due)
    r = w.rng.random()
    if r < 0.12:
        return None
    if r < 0.2:
        return start + timedelta(days=w.rng.randint(0, 10))
    if r < 0.75:
        return due - timedelta(days=w.rng.randint(0, 25))
    if r < 0.8:
        return due
    return due + timedelta(days=w.rng.randint(1, 200))


def precision(w) -> str:
    """How a fact's occurred_at is written: mostly a day, sometimes a month, a year or an instant."""
    r = w.rng.random()
    return "month" if r < 0.08 else ("year" if r < 0.1 else ("instant" if r < 0.15 else "day"))


def maybe(w, p: float) -> bool:
    return w.rng.random() < p


def report(w, ctx, reporter, recipient, day, prec="day", **extra):
    """A report.submitted; `extra` members (req_ref, period, about) are kept when not None."""
    payload = {"report_id": w.next_id("bc"), "reporter": reporter, "recipient": recipient}
    payload.update({k: v for k, v in extra.items() if v is not None})
    return w.emit("report.submitted", day, payload, prec)


# --- periodic_report -------------------------------------------------------------------------

def periodic_report(w, ctx):
    """Reports (or meetings) per period of a schedule: keyed, covering, adhoc or unkeyed, by the
    assignees or their holders, to the recipient (mostly)."""
    sched, months, anchor = schedule(w, ctx.effective)
    assignees, members = selector(w, ctx, KINDS_REPORTING)
    meeting = maybe(w, 0.25)
    recipient = ctx.issuer if maybe(w, 0.7) else w.rng.choice(sorted(w.orgs))
    params = {"event_type": "meeting.held" if meeting else "report.submitted", "schedule": sched}
    if meeting:
        if maybe(w, 0.5):
            params["participants"] = [recipient]
    else:
        params["recipient"] = recipient
    if maybe(w, 0.6):
        params["grace"] = w.rng.choice(["P10D", "P15D", "P30D", "P1M"])
    if maybe(w, 0.4):
        params["first_period"] = w.rng.choice(["containing_effective_from", "first_full"])
    if maybe(w, 0.3):
        params["min_count"] = w.rng.randint(1, 2)
    grace = params.get("grace", "P15D")

    def facts():
        for start, end, key in periods(anchor, months, w.end)[:8]:
            for a in members:
                for _ in range(params.get("min_count", 1) + (1 if maybe(w, 0.1) else 0)):
                    if not ctx.room():
                        return
                    day = fact_day(w, start, add_duration(end, grace))
                    if day is None:
                        continue
                    by = w.holder(a, day)
                    keyed = maybe(w, 0.55)
                    period = None
                    if keyed:
                        period = {"key": key, "start": start.isoformat(), "end": end.isoformat()}
                        if months == 3 and maybe(w, 0.15):
                            h_start = date(start.year, 1 if start.month <= 6 else 7, 1)
                            h_end = add_months(h_start, 6) - DAY
                            period = {"key": f"{start.year}-H{1 if start.month <= 6 else 2}",
                                      "start": h_start.isoformat(), "end": h_end.isoformat()}
                    elif maybe(w, 0.15):
                        period = {"key": "adhoc", "start": start.isoformat(), "end": day.isoformat() if day >= start else start.isoformat()}
                    ref = ctx.req_ref if maybe(w, 0.5) else None
                    prec = precision(w)
                    if meeting:
                        parts = params.get("participants") or [w.rng.choice(sorted(w.orgs))]
                        payload = {"meeting_id": w.next_id("mt"), "convener": by, "participants": parts,
                                   "kind": w.rng.choice(["giao_ban", "lam_viec_dinh_ky", "hoi_nghi"])}
                        if ref:
                            payload["req_ref"] = ref
                        if period:
                            payload["period"] = period
                        w.emit("meeting.held", day, payload, prec, declares=[payload["meeting_id"]])
                    else:
                        to = recipient if maybe(w, 0.9) else w.rng.choice(sorted(w.orgs))
                        report(w, ctx, by, to, day, prec, req_ref=ref, period=period)
    return {"assignees": assignees, "params": params}, facts


# --- one_off_task ----------------------------------------------------------------------------

def one_off_task(w, ctx):
    """A one-off duty with or without tasks; tasks completed, reported about, cancelled or left open."""
    assignees, members = selector(w, ctx, KINDS_REPORTING + ("department", "government"))
    params = {}
    r = w.rng.random()
    due = None
    if r < 0.4:
        due = ctx.effective + timedelta(days=w.rng.randint(20, 200))
        params["due_on"] = due.isoformat()
    elif r < 0.8:
        params["due_within"] = w.rng.choice(["P30D", "P60D", "P90D", "P3M"])
        due = add_duration(ctx.effective, params["due_within"])
    completion = w.rng.choice(["task.completed", "task.completed", "report.submitted"])
    if maybe(w, 0.05):
        completion = w.rng.choice(["document.registered", "directive.issued"])
    if maybe(w, 0.7):
        params["completion"] = completion
    if maybe(w, 0.2):
        params["deliverable_types"] = ["ĐA"]
    with_tasks = maybe(w, 0.6)
    target_due = due or ctx.effective + timedelta(days=120)

    def facts():
        for a in members:
            if not ctx.room():
                return
            day = fact_day(w, ctx.effective, target_due)
            if with_tasks:
                task = w.next_id("task")
                assigned = ctx.effective + timedelta(days=w.rng.randint(0, 20))
                payload = {"task_id": task, "req_ref": ctx.req_ref, "assignee": a,
                           "description_vi": "Thực hiện nhiệm vụ được giao"}
                if maybe(w, 0.5):
                    payload["due_on"] = (assigned + timedelta(days=w.rng.randint(15, 120))).isoformat()
                elif maybe(w, 0.5):
                    payload["due_within"] = w.rng.choice(["P30D", "P45D", "P2M"])
                if maybe(w, 0.3):
                    payload["reports_to"] = ctx.issuer
                w.emit("task.assigned", assigned, payload, declares=[task])
                if day is None:
                    continue
                day = max(day, assigned)
                r = w.rng.random()
                if r < 0.1:
                    w.emit("task.cancelled", day, {"task_id": task, "basis": ctx.doc_key})
                elif r < 0.55 or completion == "task.completed" and r < 0.7:
                    w.emit("task.completed", day, {"task_id": task, "outcome_vi": "Đã hoàn thành"}, precision(w))
                else:
                    report(w, ctx, w.holder(a, day), ctx.issuer, day, precision(w), about=[task],
                           req_ref=ctx.req_ref if maybe(w, 0.4) else None)
                if maybe(w, 0.15):
                    w.emit("task.completed", day + timedelta(days=w.rng.randint(1, 60)), {"task_id": task})
            elif day is not None:
                report(w, ctx, w.holder(a, day), ctx.issuer, day, precision(w), req_ref=ctx.req_ref)
    return {"assignees": assignees, "params": params}, facts


# --- recurring_inspection --------------------------------------------------------------------

INSPECTION_KINDS = ["kiem_tra", "giam_sat", "thanh_tra", "lam_viec"]


def recurring_inspection(w, ctx):
    """Calendar or rolling inspections by selected inspectors or the targets' monitors; some planned
    and never conducted."""
    params = {}
    if maybe(w, 0.5):
        params["inspector"] = "monitor_of_target"
        inspectors = None
    else:
        params["inspector"], inspectors = selector(w, ctx, ("party_commission", "department", "party_board"))
    if maybe(w, 0.5):
        params["targets"] = "all_monitored"
        targets = [o.slug for o in w.orgs.values() if o.kind in ("hqc", "ctxh")][:4]
    else:
        params["targets"], targets = selector(w, ctx, ("hqc", "ctxh"))
    if maybe(w, 0.6):
        params["kinds"] = sorted(w.rng.sample(INSPECTION_KINDS, w.rng.randint(1, 3)))
    rolling = maybe(w, 0.35)
    if rolling:
        params["mode"] = "rolling"
        params["max_gap"] = w.rng.choice(["P6M", "P1Y"])
    else:
        if maybe(w, 0.4):
            params["mode"] = "calendar"
        params["schedule"], months, anchor = schedule(w, ctx.effective, (6, 12))
        if maybe(w, 0.3):
            params["min_count"] = w.rng.randint(1, 2)
    if maybe(w, 0.5):
        params["grace"] = w.rng.choice(["P15D", "P30D"])
    if (inspectors is None or params["targets"] == "all_monitored") and maybe(w, 0.3):
        params["assignment_basis"] = assignment_basis(w, ctx)

    def facts():
        step = 6 if rolling else months
        for start, end, _key in periods(date(ctx.effective.year, 1, 1), step, w.end)[:6]:
            for t in targets:
                if not ctx.room():
                    return
                day = fact_day(w, start, end)
                if day is None:
                    continue
                who = w.rng.choice(inspectors) if inspectors else w.monitor_of(t, day)
                if who is None:
                    continue
                iid = w.next_id("kt")
                if maybe(w, 0.25):
                    w.emit("inspection.planned", start, {"inspection_id": iid, "inspector": who, "target": t,
                                                         "planned_window": [start.isoformat(), end.isoformat()]})
                    if maybe(w, 0.4):
                        continue
                payload = {"inspection_id": iid, "inspector": w.holder(who, day), "target": t,
                           "kind": w.rng.choice(params.get("kinds", INSPECTION_KINDS) if maybe(w, 0.85) else INSPECTION_KINDS)}
                if maybe(w, 0.3):
                    payload["ended_on"] = (day + timedelta(days=w.rng.randint(0, 5))).isoformat()
                if maybe(w, 0.3):
                    payload["req_ref"] = ctx.req_ref
                if maybe(w, 0.2):
                    payload["findings"] = [{"code": "F1", "text_vi": "Chưa đầy đủ hồ sơ", "severity": "minor"}]
                ended = date.fromisoformat(payload.get("ended_on", day.isoformat()))
                w.emit("inspection.conducted", day, payload, precision(w) if "ended_on" not in payload else "day",
                       lag=None if ended == day else (ended - day).days + w.rng.randint(0, 25))
    return {"params": params}, facts


# --- threshold_target ------------------------------------------------------------------------

def threshold_target(w, ctx):
    """A membership target per organisation or as a ratio of sums; figures before and after the
    deadline, some falling sharply."""
    metric = w.rng.choice(["membership_rate", "members"])
    scope, members = selector(w, ctx, ("ctxh", "hqc"), ids_max=3)
    value = w.rng.choice(["0.60", "0.5", "0.75"]) if metric == "membership_rate" else w.rng.choice(["1000", "5000"])
    deadline = ctx.effective + timedelta(days=w.rng.randint(60, 600))
    params = {"metric": metric, "op": w.rng.choice([">=", ">", "<=", "<"]), "value": value, "scope": scope,
              "deadline": deadline.isoformat()}
    if maybe(w, 0.5):
        params["aggregation"] = w.rng.choice(["per_org", "sum_ratio"])
    if maybe(w, 0.4):
        params["staleness"] = w.rng.choice(["P6M", "P1Y", "P2Y"])
    if maybe(w, 0.3):
        params["checkpoints"] = f"R/{date(ctx.effective.year, 1, 1).isoformat()}/P6M"

    def facts():
        for o in members:
            previous = None
            for _ in range(w.rng.randint(0, 3)):
                if not ctx.room():
                    return
                as_of = ctx.effective + timedelta(days=w.rng.randint(-200, 700))
                eligible = w.rng.randint(2000, 10000)
                count = w.rng.randint(0, eligible)
                if previous and maybe(w, 0.15):
                    count = previous // 3
                previous = count
                payload = {"org_id": o, "as_of": as_of.isoformat(), "members": count}
                if maybe(w, 0.85):
                    payload["eligible"] = max(eligible, count)
                w.emit("membership.reported", as_of, payload)
    return {"scope": scope, "params": params}, facts


# --- prohibition_window ----------------------------------------------------------------------

FORBIDDEN = ["organization.merged", "organization.dissolved", "congress.held", "meeting.held", "organization.split"]


def prohibition_window(w, ctx):
    """A window forbidding a type of event for a scope; congresses or meetings inside it (structural
    types come from the reorganisations)."""
    forbidden = w.rng.choice(FORBIDDEN)
    scope, members = selector(w, ctx, ("hqc", "ctxh"), ids_max=3)
    params = {"forbidden": forbidden, "scope": scope}
    if maybe(w, 0.8):
        params["from"] = (ctx.effective + timedelta(days=w.rng.randint(-30, 60))).isoformat()
    r = w.rng.random()
    if r < 0.4:
        params["until"] = (ctx.effective + timedelta(days=w.rng.randint(90, 700))).isoformat()
    elif r < 0.6:
        params["until"] = None
    w.forbidden.append((forbidden, members))

    def facts():
        if forbidden == "congress.held":
            for o in members[:2]:
                if ctx.room() and maybe(w, 0.7):
                    day = ctx.effective + timedelta(days=w.rng.randint(-60, 500))
                    w.emit("congress.held", day, {"org_id": o, "term": f"{day.year}–{day.year + 5}"}, precision(w))
        elif forbidden == "meeting.held":
            for o in members[:2]:
                if ctx.room() and maybe(w, 0.7):
                    mid = w.next_id("mt")
                    day = ctx.effective + timedelta(days=w.rng.randint(-60, 500))
                    w.emit("meeting.held", day, {"meeting_id": mid, "convener": ctx.issuer, "participants": [o],
                                                 "kind": "lam_viec_dinh_ky"}, precision(w), declares=[mid])
    return {"scope": scope, "params": params}, facts


# --- coverage --------------------------------------------------------------------------------

def coverage(w, ctx):
    """Coverage of a universe by monitoring assignments or by dissemination of a document."""
    if maybe(w, 0.55):
        universe, members = selector(w, ctx, ("hqc", "ctxh"), ids_max=3)
        relation = {"kind": "monitoring"}
        if maybe(w, 0.5):
            relation["role"] = w.rng.choice(["theo_doi", "tham_muu"])
    else:
        universe, members = selector(w, ctx, ("party_committee", "party_cell"), ids_max=3)
        doc = ctx.doc_key if maybe(w, 0.6) else w.rng.choice(w.documents)
        relation = {"kind": "dissemination", "doc_key": doc}
    params = {"universe": universe, "relation": relation}
    if relation["kind"] == "monitoring" and maybe(w, 0.25):
        params["assignment_basis"] = assignment_basis(w, ctx)
    if maybe(w, 0.3):
        params["min"] = w.rng.randint(1, 2)
    if maybe(w, 0.5):
        params["grace"] = w.rng.choice(["P30D", "P60D"])
    if maybe(w, 0.3):
        params["require_active_holder"] = maybe(w, 0.5)
    if maybe(w, 0.3):
        params["over_interval"] = maybe(w, 0.5)

    def facts():
        if relation["kind"] == "monitoring":
            for o in members:
                if ctx.room() and maybe(w, 0.6):
                    w.assign_monitor(o, ctx.effective + timedelta(days=w.rng.randint(-100, 300)),
                                     relation.get("role"), ctx.doc_key)
            return
        for o in members:
            if not ctx.room():
                return
            day = fact_day(w, ctx.effective, add_duration(ctx.effective, params.get("grace", "P30D")))
            if day is not None:
                payload = {"org": w.holder(o, day), "doc_key": relation["doc_key"]}
                if maybe(w, 0.5):
                    payload["form"] = w.rng.choice(["hoc_tap", "quan_triet", "trien_khai"])
                    payload["participants"] = w.rng.randint(0, 300)
                w.emit("directive.disseminated", day, payload, precision(w))
    return {"params": params}, facts


# --- response_within -------------------------------------------------------------------------

def response_within(w, ctx):
    """Recommendations (at a meeting or not) resolved on time, late or never, sometimes forwarded,
    with reports back about them."""
    responsible, members = selector(w, ctx, ("government", "department", "party_commission"))
    trigger = {"type": "recommendation.filed"}
    meeting = None
    if maybe(w, 0.35):
        meeting = w.next_id("mt")
        day = ctx.effective - timedelta(days=w.rng.randint(0, 20))
        w.emit("meeting.held", day, {"meeting_id": meeting, "convener": ctx.issuer,
                                     "participants": members[:2] or [ctx.issuer], "kind": "giao_ban"},
               declares=[meeting])
        trigger["meeting_id"] = meeting
    if maybe(w, 0.25):
        trigger["channel"] = w.rng.choice(["giao_ban", "van_ban", "doi_thoai"])
    if maybe(w, 0.2):
        trigger["addressee"], _ = selector(w, ctx, ("government", "department", "party_commission"))
    if maybe(w, 0.2):
        trigger["filed_from"] = (ctx.effective - timedelta(days=30)).isoformat()
    if maybe(w, 0.2):
        trigger["filed_to"] = (ctx.effective + timedelta(days=300)).isoformat()
    params = {"trigger": trigger, "responsible": responsible, "within": w.rng.choice(["P30D", "P60D", "P90D"])}
    if maybe(w, 0.25):
        params["resolvers"], _ = selector(w, ctx, ("government", "department"))
    if maybe(w, 0.4):
        params["report_back"] = {"to": ctx.issuer, "within": "P15D"}

    def facts():
        for _ in range(w.rng.randint(1, 3)):
            if not ctx.room() or not members:
                return
            to = w.rng.choice(members)
            filed = ctx.effective + timedelta(days=w.rng.randint(-10, 200)) if meeting is None else w.meeting_day(meeting)
            rec = w.next_id("kn")
            payload = {"rec_id": rec, "from_org": w.rng.choice(sorted(w.orgs)), "to_org": to,
                       "text_vi": "Đề nghị hỗ trợ kinh phí hoạt động"}
            if meeting:
                payload["meeting_id"] = meeting
            if "channel" in trigger or maybe(w, 0.3):
                payload["channel"] = trigger.get("channel") if maybe(w, 0.8) and "channel" in trigger else "van_ban"
            w.emit("recommendation.filed", filed, payload, declares=[rec])
            resolver = to
            if maybe(w, 0.2):
                resolver = w.rng.choice(sorted(w.orgs))
                w.emit("recommendation.forwarded", filed + timedelta(days=3), {"rec_id": rec, "by": to, "to_org": resolver})
            day = fact_day(w, filed, add_duration(filed, params["within"]))
            if day is None:
                continue
            w.emit("recommendation.resolved", day, {"rec_id": rec, "resolver": w.holder(resolver, day),
                                                    "outcome": w.rng.choice(["accepted", "partially", "rejected", "explained"])},
                   precision(w))
            if "report_back" in params and maybe(w, 0.7):
                back = day + timedelta(days=w.rng.choice([2, 10, 40]))
                report(w, ctx, w.holder(to, back), params["report_back"]["to"], back, about=[rec])
    return {"params": params}, facts


# --- precedence ------------------------------------------------------------------------------

def precedence(w, ctx):
    """Congress appraisals (approved or returned) before or after the congress they belong to."""
    scope, members = selector(w, ctx, ("hqc", "ctxh"), ids_max=3)
    params = {"antecedent": "congress.appraised", "consequent": "congress.held",
              "max_lead": w.rng.choice(["P3M", "P6M"])}
    if maybe(w, 0.5):
        params["antecedent_result"] = "approved"
    if maybe(w, 0.2):
        params["correlation"] = ["org_id", "term"]

    def facts():
        for o in members:
            if not ctx.room():
                return
            held = ctx.effective + timedelta(days=w.rng.randint(10, 500))
            term = f"{held.year}–{held.year + 5}"
            for _ in range(w.rng.randint(0, 2)):
                day = held - timedelta(days=w.rng.randint(-20, 250))
                w.emit("congress.appraised", day, {"org_id": o, "term": term if maybe(w, 0.9) else term.replace("–", "-"),
                                                   "appraiser": ctx.issuer,
                                                   "result": "approved" if maybe(w, 0.75) else "returned"})
            if maybe(w, 0.85):
                w.emit("congress.held", held, {"org_id": o, "term": term, "congress_no": w.rng.randint(1, 12)},
                       precision(w))
    return {"scope": scope, "params": params}, facts


TEMPLATES = {
    "periodic_report": periodic_report,
    "one_off_task": one_off_task,
    "recurring_inspection": recurring_inspection,
    "threshold_target": threshold_target,
    "prohibition_window": prohibition_window,
    "coverage": coverage,
    "response_within": response_within,
    "precedence": precedence,
}
