"""The seeded generator: `generate(seed)` gives a valid v1 history of 20–150 events.

Story: an initial load of organisations in one or two provinces and the centre (recorded at the
start), documents and monitoring assignments, one to four directives of provincial or central
issuers with requirements of the eight templates, reorganisations (mergers sap_nhap and hop_nhat,
splits chia and tach, dissolutions with and without successors, designations, attribute
changes), the facts each requirement judges, amendments and lifts, corrections and retractions.
Events are recorded in batches at increasing instants, some long after they happened."""
import random
from datetime import date, timedelta

from . import requirements
from .calendar import add_months
from .history import LATEST, History
from .world import Org, World

MIN_EVENTS = 20
MAX_EVENTS = 150
FACT_ROUNDS = 3  # the facts of every requirement again while a history is under MIN_EVENTS + 5
PROVINCES = {"ha-tinh": "ht", "can-tho": "ct"}
CENTRE = "trung-uong"

# (suffix, kind, level, parent suffix, name) of a province's bodies; the first five always exist.
PROVINCIAL = [
    ("bch-tu", "party_committee", "province", None, "Ban Chấp hành Đảng bộ tỉnh"),
    ("btv-tu", "party_board", "province", "bch-tu", "Ban Thường vụ Tỉnh ủy"),
    ("ubnd", "government", "province", None, "Ủy ban nhân dân tỉnh"),
    ("bdv-tu", "party_commission", "province", "bch-tu", "Ban Dân vận Tỉnh ủy"),
    ("so-noi-vu", "department", "province", "ubnd", "Sở Nội vụ"),
    ("btg-tu", "party_commission", "province", "bch-tu", "Ban Tuyên giáo Tỉnh ủy"),
    ("mttq", "ctxh", "province", None, "Ủy ban Mặt trận Tổ quốc tỉnh"),
    ("hoi-nong-dan", "ctxh", "province", "mttq", "Hội Nông dân tỉnh"),
    ("hoi-lhpn", "ctxh", "province", "mttq", "Hội Liên hiệp Phụ nữ tỉnh"),
    ("hoi-khuyen-hoc", "hqc", "province", None, "Hội Khuyến học tỉnh"),
    ("hoi-chu-thap-do", "hqc", "province", None, "Hội Chữ thập đỏ tỉnh"),
    ("hoi-nha-bao", "hqc", "province", None, "Hội Nhà báo tỉnh"),
    ("hoi-dong-y", "hqc", "province", None, "Hội Đông y tỉnh"),
    ("hkh-huyen", "hqc", "district", "hoi-khuyen-hoc", "Hội Khuyến học huyện"),
    ("hu-1", "party_committee", "district", "bch-tu", "Huyện ủy Một"),
    ("hu-2", "party_committee", "district", "bch-tu", "Huyện ủy Hai"),
    ("du-xa-1", "party_committee", "commune", "hu-1", "Đảng ủy xã Một"),
    ("cb-1", "party_cell", "grassroots", "du-xa-1", "Chi bộ thôn Một"),
    ("cb-2", "party_cell", "grassroots", "du-xa-1", "Chi bộ thôn Hai"),
]
CORE = 5
CENTRAL = [
    ("bch-tw", "party_committee", None, "Ban Chấp hành Trung ương"),
    ("bbt-tw", "party_board", "bch-tw", "Ban Bí thư Trung ương"),
    ("chinh-phu", "government", None, "Chính phủ"),
    ("bdv-tw", "party_commission", "bch-tw", "Ban Dân vận Trung ương"),
    ("hoi-nha-bao-vn", "hqc", None, "Hội Nhà báo Việt Nam"),
]
SOURCE_KINDS = ["directive", "conclusion_notice", "official_letter", "decision", "plan", "program", "news_report"]
STRUCTURAL_TARGETS = ("organization.merged", "organization.dissolved", "organization.split", "successor.designated",
                      "monitoring.assigned", "monitoring.revoked", "requirement.amended", "requirement.lifted")
LEAVES = ("report.submitted", "inspection.conducted", "membership.reported", "recommendation.resolved",
          "task.completed", "directive.disseminated", "congress.held", "congress.appraised")


def generate(seed: int) -> History:
    """The history of `seed`: the same seed gives the same lines, batches and points."""
    rng = random.Random(seed)
    start = date(2023, 1, 1) + timedelta(days=rng.randint(0, 500))
    end = add_months(start, rng.randint(14, 36))
    w = World(rng, start, end)
    budget = rng.randint(MIN_EVENTS + 10, MAX_EVENTS - 15)
    register(w)
    contexts = [directive(w, i, budget) for i in range(rng.randint(1, 4))]
    reorganise(w, [c.req_ref for ctx in contexts for c in ctx])
    for _ in range(FACT_ROUNDS):
        for ctx_facts in contexts:
            for ctx in ctx_facts:
                ctx.facts()
        if len(w.events) >= MIN_EVENTS + 5:
            break
    amend_and_lift(w, [c for ctx in contexts for c in ctx])
    correct_and_retract(w)
    pad(w)
    batches = w.batches(rng.randint(2, 5))
    return History(seed, batches, points(w, batches))


def register(w: World) -> None:
    """The initial load: the centre, one or two provinces, two cited documents, early assignments."""
    rng = w.rng
    for suffix, kind, parent, name in CENTRAL:
        if suffix in ("bch-tw", "bbt-tw", "chinh-phu") or rng.random() < 0.6:
            org(w, suffix, kind, "central", CENTRE, parent if parent in w.orgs else None, name)
    provinces = sorted(PROVINCES) if rng.random() < 0.5 else [rng.choice(sorted(PROVINCES))]
    for province in provinces:
        px = PROVINCES[province]
        rows = PROVINCIAL[:CORE] + [r for r in PROVINCIAL[CORE:] if rng.random() < 0.35]
        for suffix, kind, level, parent, name in rows:
            parent_slug = f"{px}:{parent}" if parent and f"{px}:{parent}" in w.orgs else None
            org(w, f"{px}:{suffix}", kind, level, province, parent_slug, f"{name} ({province})")
        key = f"{px}:btv-tu|{rng.randint(1, 999)}-TB/TU|2022"
        w.emit("document.registered", date(2022, 3, 1), {"doc": {
            "doc_key": key, "number": key.split("|")[1], "type_name": "Thông báo", "issuer_org": f"{px}:btv-tu",
            "issued_on": "2022-03-01", "title": "Phân công theo dõi các hội"}}, initial=True, declares=[key])
        w.documents.append(key)
        for target in [o.slug for o in w.orgs.values() if o.province == province and o.kind in ("hqc", "ctxh")]:
            if rng.random() < 0.5:
                w.assign_monitor(target, date(2022, 3, 1) + timedelta(days=rng.randint(0, 300)), None, key, initial=True)


def org(w: World, slug, kind, level, province, parent, name, day=None, initial=True) -> None:
    """Registers an organisation (the initial load dates it a year or a month, at random)."""
    rng = w.rng
    prec = "day"
    if day is None:
        day = date(rng.randint(1990, 2020), rng.randint(1, 12), rng.randint(1, 28))
        prec = rng.choice(["year", "month", "day"])
    flags = {}
    if kind == "hqc":
        flags = {k: True for k in ("dac_thu", "giao_nhiem_vu") if rng.random() < 0.5}
    payload = {"org_id": slug, "name_vi": name, "kind": kind, "level": level, "province": province}
    if parent:
        payload["parent"] = parent
    if flags:
        payload["flags"] = flags
    w.emit("organization.registered", day, payload, prec, initial=initial, declares=[slug])
    w.orgs[slug] = Org(slug, kind, level, province, parent, flags, day)


def directive(w: World, index: int, budget: int) -> list:
    """A directive with one to four requirements; returns their contexts (facts not yet made)."""
    rng = w.rng
    issuers = [s for s in w.orgs if s.endswith(("btv-tu", "ubnd", "bch-tu")) or s in ("bbt-tw", "chinh-phu")]
    issuer = rng.choice(sorted(issuers))
    day = w.start + timedelta(days=rng.randint(0, 240))
    state = issuer.endswith("ubnd") or issuer == "chinh-phu"
    n = rng.randint(1, 999)
    number = (f"{n}/KH-UBND" if issuer.endswith("ubnd") else f"{n}/NQ-CP") if state else \
        (f"{n}-CT/TW" if issuer.endswith("-tw") else f"{n}-CT/TU")
    doc_key = f"{issuer}|{number}|{day.year}" if rng.random() < 0.8 else f"dt-{index}-{n}"
    doc = {"doc_key": doc_key, "type_name": "Kế hoạch" if state else "Chỉ thị", "issuer_org": issuer,
           "issued_on": day.isoformat(), "title": f"Văn bản thử {index}"}
    if not doc_key.startswith("dt-"):
        doc["number"] = number
    effective = day
    payload = {"doc": doc, "source_kind": rng.choice(SOURCE_KINDS), "requirements": []}
    if rng.random() < 0.25:
        effective = day + timedelta(days=rng.randint(0, 60))
        payload["effective_from"] = effective.isoformat()
    if rng.random() < 0.15:
        payload["effective_until"] = (effective + timedelta(days=rng.randint(200, 800))).isoformat()
    contexts = []
    names = list(requirements.TEMPLATES)
    for r in range(rng.randint(1, 4)):
        template = rng.choice(names)
        ctx = requirements.Context(w, doc_key, issuer, effective, budget)
        ctx.req_ref = f"{doc_key}#R{r + 1}"
        body, ctx.facts = requirements.TEMPLATES[template](w, ctx)
        req = {"req_id": f"R{r + 1}", "text_vi": f"Yêu cầu thử {r + 1}", "template": template, **body}
        keys = sorted(body["params"])
        req["param_source"] = rng.choice(["text", "interpretation", "operator_default"]) if rng.random() < 0.6 or not keys else \
            {k: rng.choice(["text", "interpretation", "operator_default"]) for k in rng.sample(keys, rng.randint(1, len(keys)))}
        if rng.random() < 0.35:
            req["successor_policy"] = rng.choice(["follow", "none"])
        # Never `evidence`: the reference evaluator does not model attestation (tools/reference/README.md).
        if rng.random() < 0.15:
            req["reports_to"] = issuer
        ctx.template = template
        ctx.params = body["params"]
        payload["requirements"].append(req)
        contexts.append(ctx)
    w.emit("directive.issued", day, payload, lag=rng.choice([0, 1, 3, 30]),
           declares=[doc_key] + [c.req_ref for c in contexts])
    w.documents.append(doc_key)
    return contexts


def basis(w: World, province: str, day: date) -> dict | str:
    """A DocCite: a known document, or an inline decision of the province's people's committee."""
    issuer = next((s for s in w.orgs if s.endswith("ubnd") and w.orgs[s].province == province), None)
    if issuer is None or w.rng.random() < 0.3:
        return w.rng.choice(w.documents)
    return {"doc_key": f"{issuer}|{w.rng.randint(1, 9999)}/QĐ-UBND|{day.year}", "number": None,
            "type_name": "Quyết định", "issuer_org": issuer, "issued_on": day.isoformat()}


STRUCTURAL_KINDS = ("hqc", "ctxh", "party_commission", "party_cell", "department", "party_committee")


def reorganise(w: World, req_refs: list) -> None:
    """Zero to four reorganisations inside the span, each on organisations alive at its date."""
    rng = w.rng
    links: dict[str, set] = {}

    def reaches(a, b):
        seen, todo = set(), [a]
        while todo:
            x = todo.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                todo.extend(links.get(x, ()))
        return False

    def link(a, b):
        links.setdefault(a, set()).add(b)

    for _ in range(rng.randint(0, 4)):
        day = w.start + timedelta(days=rng.randint(30, max(31, (w.end - w.start).days - 30)))
        pool = [s for s in w.alive(day, STRUCTURAL_KINDS) if w.orgs[s].level != "province" or w.orgs[s].kind != "party_committee"]
        if not pool:
            return
        watched = sorted({m for _, members in w.forbidden for m in members} & set(pool))
        source = rng.choice(watched if watched and rng.random() < 0.5 else sorted(pool))
        o = w.orgs[source]
        peers = [s for s in w.alive(day, (o.kind,), o.province) if s != source and not reaches(s, source)]
        action = rng.choice(["sap_nhap", "hop_nhat", "chia", "tach", "dissolve", "dissolve_to", "change", "suspend"])
        if action == "sap_nhap" and peers:
            into = rng.choice(sorted(peers))
            payload = {"sources": [source], "into": into, "mode": "sap_nhap", "basis": basis(w, o.province, day)}
            if rng.random() < 0.3 and req_refs:
                payload["obligation_transfer"] = rng.choice(["all", "none", [rng.choice(req_refs)]])
            w.emit("organization.merged", day, payload)
            end(w, source, day, into)
            link(source, into)
        elif action == "hop_nhat" and peers:
            other = rng.choice(sorted(peers))
            new = f"{source}-hn{w.counter}"
            w.counter += 1
            org(w, new, o.kind, o.level, o.province, o.parent, "Tổ chức hợp nhất", day - timedelta(days=rng.randint(0, 10)), False)
            w.emit("organization.merged", day, {"sources": sorted([source, other]), "into": new, "mode": "hop_nhat",
                                                "basis": basis(w, o.province, day)})
            for s in (source, other):
                end(w, s, day, new)
                link(s, new)
        elif action in ("chia", "tach"):
            count = 2 if action == "chia" else 1
            new = [f"{source}-{action}{w.counter + i}" for i in range(count)]
            w.counter += count
            for slug in new:
                org(w, slug, o.kind, o.level, o.province, o.parent, "Tổ chức mới", day - timedelta(days=rng.randint(0, 5)), False)
            if action == "chia" or not req_refs or rng.random() < 0.3:
                mapping = [{"req_ref": "*", "to": new[0]}]
            else:
                mapping = [{"req_ref": r, "to": new[0]} for r in rng.sample(req_refs, min(2, len(req_refs)))]
            w.emit("organization.split", day, {"source": source, "into": new, "mode": action,
                                               "obligation_map": mapping, "basis": basis(w, o.province, day)})
            for slug in new:
                link(source, slug)
            if action == "chia":
                end(w, source, day, new[0])
        elif action in ("dissolve", "dissolve_to"):
            payload = {"org_id": source, "basis": basis(w, o.province, day)}
            successor = None
            if action == "dissolve_to" and peers:
                successor = payload["successor"] = rng.choice(sorted(peers))
                link(source, successor)
            w.emit("organization.dissolved", day, payload, rng.choice(["day", "day", "month"]))
            end(w, source, day, successor)
            if successor is None and peers and rng.random() < 0.5:
                successor = rng.choice(sorted(peers))
                later = day + timedelta(days=rng.randint(0, 90))
                designation = {"predecessor": source, "successor": successor}
                if rng.random() < 0.4 and req_refs:
                    designation["scope"] = rng.choice(["all", [rng.choice(req_refs)]])
                w.emit("successor.designated", later, designation)
                link(source, successor)
                w.orgs[source].successor = successor
        elif action == "change":
            field, value = rng.choice([
                ("province", rng.choice(sorted(set(PROVINCES) | {CENTRE}))),
                ("flags.giao_nhiem_vu", rng.random() < 0.5),
                ("level", rng.choice(["province", "district"])),
                ("parent", None),
            ])
            w.emit("organization.changed", day, {"org_id": source, "field": field, "value": value})
        elif action == "suspend":
            w.emit("organization.suspended", day, {"org_id": source, "basis": basis(w, o.province, day)})
            if rng.random() < 0.5:
                w.emit("organization.reinstated", day + timedelta(days=rng.randint(10, 200)),
                       {"org_id": source, "basis": basis(w, o.province, day)})


def end(w: World, slug: str, day: date, successor: str | None) -> None:
    w.orgs[slug].ended = day
    w.orgs[slug].successor = successor


PATCHES = {
    "periodic_report": lambda w, p: w.rng.choice([{"grace": "P30D"}, {"min_count": 2},
                                                  {"schedule": f"R/{w.start.year}-07-01/P6M"}]),
    "one_off_task": lambda w, p: {"due_on": (date.fromisoformat(p["due_on"]) + timedelta(days=30)).isoformat()}
    if "due_on" in p else ({"due_within": "P120D"} if "due_within" in p else {"due_on": "2025-06-30"}),
    "recurring_inspection": lambda w, p: w.rng.choice([{"grace": "P60D"}, {"kinds": ["kiem_tra"]},
                                                       {"schedule": f"R/{w.start.year}-01-01/P6M"} if "schedule" in p
                                                       else {"max_gap": "P9M"}]),
    "threshold_target": lambda w, p: {"value": "0.5" if p["metric"] == "membership_rate" else "2000"},
    "prohibition_window": lambda w, p: {"until": (date.fromisoformat(p.get("from", w.start.isoformat()))
                                                  + timedelta(days=w.rng.randint(30, 500))).isoformat()},
    "coverage": lambda w, p: {"grace": "P90D"},
    "response_within": lambda w, p: {"within": "P45D"},
    "precedence": lambda w, p: {"max_lead": "P1Y"},
}


def amend_and_lift(w: World, contexts: list) -> None:
    """Zero to two amendments (incl. prohibition exceptions) and zero or one lift."""
    rng = w.rng
    for _ in range(rng.choice([0, 0, 1, 2])):
        ctx = rng.choice(contexts)
        patch = PATCHES[ctx.template](w, ctx.params)
        if ctx.template == "prohibition_window" and rng.random() < 0.5:
            hits = [e.line["event_id"] for e in w.events if e.line["type"] == ctx.params["forbidden"]]
            if hits:
                patch = {"exceptions": [rng.choice(hits)]}
        day = ctx.effective + timedelta(days=rng.randint(-5, 300))
        w.emit("requirement.amended", day, {"req_ref": ctx.req_ref, "params_patch": patch, "basis": ctx.doc_key})
    if rng.random() < 0.35:
        ctx = rng.choice(contexts)
        day = ctx.effective + timedelta(days=rng.randint(30, 500))
        w.emit("requirement.lifted", day, {"req_ref": ctx.req_ref, "effective_on": day.isoformat(), "basis": ctx.doc_key,
                                           "reason_vi": "Đã hoàn thành mục tiêu"})


def correct_and_retract(w: World) -> None:
    """Corrections (new dates, figures, a report's period removed) and retractions of facts, and
    now and then of a reorganisation, an assignment, an amendment or a lift (moved later only:
    a merger moved before its organisations were registered would be refused)."""
    rng = w.rng
    leaves = [i for i, e in enumerate(w.events) if e.line["type"] in LEAVES]
    structural = [i for i, e in enumerate(w.events) if e.line["type"] in STRUCTURAL_TARGETS]
    if not leaves:
        return
    touched: dict[int, list] = {}
    for _ in range(rng.choice([0, 1, 2, 3])):
        moved_later = structural and rng.random() < 0.2
        i = rng.choice(structural if moved_later else leaves)
        target = w.events[i]
        line = target.line
        patch = {}
        r = rng.random()
        if moved_later:
            patch["occurred_at"] = (target.first + timedelta(days=rng.randint(1, 60))).isoformat()
        elif line["type"] == "membership.reported" and r < 0.5:
            cap = line["payload"].get("eligible", 10 ** 6)
            patch["payload"] = {"members": rng.randint(0, cap)}
        elif line["type"] == "report.submitted" and "period" in line["payload"] and r < 0.4:
            patch["payload"] = {"period": None}
        else:
            moved = target.first + timedelta(days=rng.randint(-60, 60))
            patch["occurred_at"] = moved.isoformat()
        day = max(target.last, date.fromisoformat(patch.get("occurred_at", target.last.isoformat()))) + timedelta(days=rng.randint(1, 120))
        e = w.emit("event.corrected", day, {"target_event_id": line["event_id"], "patch": patch,
                                            "reason_vi": "Sửa số liệu nhập sai"}, after=touched.get(i, []))
        touched.setdefault(i, []).append(len(w.events) - 1)
        if rng.random() < 0.2:
            w.emit("event.retracted", day + timedelta(days=5), {"target_event_id": e.line["event_id"], "reason_vi": "nhap_sai"})
    for _ in range(rng.choice([0, 0, 1, 2])):
        pool = structural if structural and rng.random() < 0.3 else leaves
        if not pool:
            return
        i = rng.choice(pool)
        pool.remove(i)
        target = w.events[i]
        users = [j for j, e in enumerate(w.events) if i in e.uses]  # a retracted id is no longer known
        w.emit("event.retracted", target.last + timedelta(days=rng.randint(1, 200)),
               {"target_event_id": target.line["event_id"], "reason_vi": rng.choice(["nhap_sai", "trung_lap", "khong_co_can_cu"])},
               after=touched.get(i, []) + users)


def pad(w: World) -> None:
    """Events no template judges (renamings, leaders, a plain report to nobody in particular) until
    the history has MIN_EVENTS: they must not change any verdict."""
    rng = w.rng
    slugs = sorted(w.orgs)
    while len(w.events) < MIN_EVENTS:
        day = w.start + timedelta(days=rng.randint(0, (w.end - w.start).days))
        slug = rng.choice(slugs)
        r = rng.random()
        if r < 0.4:
            w.emit("leadership.changed", day, {"org_id": slug, "position": "chu_tich", "person_name": "Nguyễn Văn A",
                                               "change": rng.choice(["appointed", "elected", "relieved"])})
        elif r < 0.7:
            w.emit("organization.renamed", day, {"org_id": slug, "new_name_vi": f"Tên mới {len(w.events)}"})
        else:
            w.emit("report.submitted", day, {"report_id": w.next_id("bc"), "reporter": slug, "recipient": rng.choice(slugs)})


def points(w: World, batches) -> list:
    """Four (as_of, known_at) pairs: T before, inside (twice; the second often on or just after a
    due day) and after the span; K latest, and an instant between two batches for the second
    inside T and (sometimes) the after T."""
    rng = w.rng
    inside = [w.start + timedelta(days=rng.randint(0, (w.end - w.start).days)) for _ in range(2)]
    if w.due_days and rng.random() < 0.5:
        inside[1] = rng.choice(w.due_days) + timedelta(days=rng.choice([0, 0, 1]))
    before = (w.start - timedelta(days=60)).isoformat()
    after = (w.end + timedelta(days=rng.randint(30, 400))).isoformat()
    mids = [b.now.replace("T03:00:00Z", "T04:00:00Z") for b in batches[:-1]] or [LATEST]
    return [(before, LATEST), (inside[0].isoformat(), LATEST), (inside[1].isoformat(), rng.choice(mids)),
            (after, rng.choice(mids + [LATEST]))]
