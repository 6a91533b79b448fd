#!/usr/bin/env python3
"""Deterministic generator of a realistic oversight history in the v1 catalogue (NDJSON on stdout,
valid `auditlog append` input for a log created with the default catalogue).

    gen_domain.py --events N [--seed S] [--provinces 4] [--orgs M] [--end-year 2024] [--event-ids]

Same arguments -> same bytes (the splitmix64 PRNG of gen.py). Python standard library only; lines
are written as they are made, so memory stays flat at any N.

`--event-ids` gives every line an `event_id` (what `auditlog sign` needs): a line that has one
already keeps it, the others get a deterministic UUIDv7 whose time part grows by one millisecond a
line (so the log's unique index on event_id grows at its end, as with the ids the store makes).
The ids come from a PRNG of their own: without them the lines are exactly those of the same
arguments without `--event-ids`.

The history, in append order (every id is declared before it is named):
- per province: the Ban Thường vụ, the Ban Tuyên giáo và Dân vận, the Sở Nội vụ, and `--orgs`
  associations (kind hqc, a quarter of them flagged dac_thu); without `--orgs`, 500 per province
  up to 1,000,000 events and N / 2,000 beyond, so that the history stays about 26 years long;
- per province, 5 directives with 5 requirements each (20 directives and 100 requirements for 4
  provinces): quarterly reports to the commission, a 60 % membership target, monitoring coverage,
  answers to recommendations within 90 days, and a one-off task;
- one monitoring assignment per association;
- then, quarter by quarter until N events, ending with the last quarter of `--end-year`: monthly
  activity reports, quarterly reports (most on time, some late, a few missing), membership
  figures, inspections, recommendations and their answers, rare mergers and corrections. The
  history begins as early as N events need (its last reports fall in January after the end
  year, so a log recorded in 2026 holds them all).
"""

import argparse
import calendar
import json
import sys

from gen import PHRASES, SplitMix64, text

PROVINCES = ["ha-tinh", "can-tho", "quang-tri", "an-giang", "nghe-an", "thanh-hoa", "hue", "da-nang"]
ASSOCIATIONS = ["Hội Chữ thập đỏ", "Hội Khuyến học", "Hội Người cao tuổi", "Hội Luật gia", "Hội Nhà báo", "Hội Đông y",
                "Hội Người mù", "Hội Cựu giáo chức", "Hội Làm vườn", "Hội Sinh viên"]


def day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


# Events per association per quarter: 2.7 monthly activity reports, 0.85 quarterly reports,
# membership figures, 0.1 inspections, 0.07 recommendations (filed and resolved), rare
# corrections and mergers.
EVENTS_PER_ORG_QUARTER = 4.72
MERGERS_PER_MILLE = 2
# The longest history generated: mergers thin the associations out, so too few of them can never
# fill N events (the sum of their quarters converges).
MAX_QUARTERS = 400


def line(type_: str, occurred: str, payload: dict, actor: str = "clerk:so-noi-vu") -> dict:
    return {"type": type_, "occurred_at": occurred, "actor": actor, "payload": payload}


def uuid7(ms: int, r: int) -> str:
    """A UUIDv7-shaped id with time part `ms` (milliseconds since 1970) and random bits from `r`."""
    h = f"{ms:012x}{(0x7000 | (r & 0xFFF)):04x}{(0x8000 | ((r >> 12) & 0x3FFF)):04x}{(r >> 26) & 0xFFFFFFFFFFFF:012x}"
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def event_id(rng: SplitMix64, y: int, m: int) -> str:
    """A deterministic UUIDv7-shaped id whose time part is the first of month m of year y."""
    return uuid7(calendar.timegm((y, m, 1, 0, 0, 0)) * 1000, rng.next())


# The time part of the first id `--event-ids` adds (2025-01-01T00:00Z); the next line's is 1 ms later.
ADDED_IDS_FROM_MS = calendar.timegm((2025, 1, 1, 0, 0, 0)) * 1000


def quarter_end(y: int, q: int) -> str:
    return day(y, 3 * q + 3, 30 if q in (1, 2) else 31)


def month_end(y: int, m: int) -> str:
    """The last day of month m: a period keyed by a month covers all of it."""
    return day(y, m, calendar.monthrange(y, m)[1])


class Sink:
    """Writes each line as NDJSON as soon as it is made (a 10,000,000-event history does not fit
    in memory as Python objects), and counts them; lines past the first n are dropped. With
    `ids` (a PRNG of its own), a line without an `event_id` gets one (see `--event-ids`)."""

    def __init__(self, n: int, w, ids: SplitMix64 | None = None):
        self.n, self.w, self.count, self.ids = n, w, 0, ids

    def append(self, item: dict) -> None:
        if self.count < self.n:
            if self.ids is not None and "event_id" not in item:
                item["event_id"] = uuid7(ADDED_IDS_FROM_MS + self.count, self.ids.next())
            self.w.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
            self.count += 1

    def __len__(self) -> int:
        return self.count


def default_orgs(n: int) -> int:
    """Associations per province when --orgs is not given: 500 up to 1,000,000 events, then as
    many as keep the history near 26 years (mergers silence associations, so a fixed number of
    them can only fill so many events)."""
    return max(500, -(-n // 2000))


def generate(n: int, seed: int, provinces: int, orgs: int, end_year: int, out: Sink) -> None:
    rng = SplitMix64(seed)
    regions = PROVINCES[:provinces]
    total_orgs = provinces * orgs
    # The history ends with the last quarter of end_year and begins as early as N events need.
    # (a merger silences one association in MERGERS_PER_MILLE per thousand each quarter).
    need, quarters, active_orgs = n - provinces * (3 + orgs * 2 + 5), 0, float(total_orgs)
    while need > 0:
        if quarters > MAX_QUARTERS:
            raise ValueError(f"{total_orgs} associations cannot fill {n} events within {MAX_QUARTERS // 4} years; "
                             "give more --orgs")
        need -= active_orgs * EVENTS_PER_ORG_QUARTER
        active_orgs *= 1 - MERGERS_PER_MILLE / 1000
        quarters += 1
    quarters += 1  # a margin for chance: the last quarter is cut at N events
    first_q = end_year * 4 + 3 - (quarters - 1)
    # Directives are issued in 2022, or at the start of a shorter history.
    dy, dq = max((2022, 0), divmod(first_q, 4))
    issued = day(dy, 3 * dq + 1, 5)
    members = {}
    active = {}
    for p, prov in enumerate(regions):
        pre = prov[:2] + str(p)
        for slug, name, kind in ((f"{pre}:btv-tu", "Ban Thường vụ Tỉnh ủy", "party_board"),
                                 (f"{pre}:btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_commission"),
                                 (f"{pre}:so-noi-vu", "Sở Nội vụ", "department")):
            out.append(line("organization.registered", "1990-01-01",
                            {"org_id": slug, "name_vi": f"{name} {prov}", "kind": kind, "level": "province", "province": prov}))
        for i in range(orgs):
            slug = f"{pre}:hoi-{i}"
            members[slug] = rng.between(2_000, 60_000)
            active.setdefault(pre, []).append(slug)
            out.append(line("organization.registered", "1990-01-01", {
                "org_id": slug, "name_vi": f"{ASSOCIATIONS[i % len(ASSOCIATIONS)]} số {i} tỉnh {prov}", "kind": "hqc",
                "level": "province", "province": prov, "flags": {"dac_thu": i % 4 == 0, "giao_nhiem_vu": True}}))
        for d in range(5):
            key = f"{pre}:btv-tu|{100 + d}-CT/TU|{dy}"
            hqc = {"kind": "hqc", "province": prov}
            out.append(line("directive.issued", issued, {
                "doc": {"doc_key": key, "number": f"{100 + d}-CT/TU", "type_name": "Chỉ thị", "issuer_org": f"{pre}:btv-tu",
                        "issued_on": issued},
                "source_kind": "directive",
                "requirements": [
                    {"req_id": "R1", "text_vi": "Các hội báo cáo hằng quý.", "template": "periodic_report", "assignees": hqc,
                     "params": {"event_type": "report.submitted", "recipient": f"{pre}:btgdv-tu",
                                "schedule": f"R/{day(dy, 3 * dq + 1, 1)}/P3M"},
                     "param_source": "text"},
                    {"req_id": "R2", "text_vi": "Tỷ lệ hội viên đạt 60 %.", "template": "threshold_target",
                     "params": {"metric": "membership_rate", "op": ">=", "value": "0.60", "scope": hqc,
                                "deadline": day(dy + 2, 12, 31)},
                     "param_source": {"value": "text", "deadline": "interpretation"}},
                    {"req_id": "R3", "text_vi": "Phân công theo dõi mọi hội.", "template": "coverage",
                     "params": {"universe": hqc, "relation": {"kind": "monitoring", "role": "theo_doi"}}, "param_source": "text"},
                    {"req_id": "R4", "text_vi": "Giải quyết kiến nghị trong 90 ngày.", "template": "response_within",
                     "params": {"trigger": {"type": "recommendation.filed", "addressee": {"ids": [f"{pre}:btv-tu"]}},
                                "responsible": {"ids": [f"{pre}:so-noi-vu"]}, "within": "P90D"},
                     "param_source": {"within": "operator_default", "trigger": "text", "responsible": "text"}},
                    {"req_id": "R5", "text_vi": "Sở Nội vụ rà soát điều lệ các hội.", "template": "one_off_task",
                     "assignees": {"ids": [f"{pre}:so-noi-vu"]}, "params": {"due_within": "P6M"}, "param_source": "text"},
                ]}, actor=f"clerk:{pre}:vp-tu"))
        for i in range(orgs):
            out.append(line("monitoring.assigned", day(dy, 3 * dq + 2, 1), {
                "assignment_id": f"{pre}:a-{i}", "monitor": f"{pre}:btgdv-tu", "target": f"{pre}:hoi-{i}", "role": "theo_doi",
                "basis": f"{pre}:btv-tu|100-CT/TU|{dy}"}))
    for k in range(first_q, first_q + quarters):
        y, q = divmod(k, 4)
        ry, rm = (y, 3 * q + 4) if q < 3 else (y + 1, 1)
        for pre in sorted(active):
            for slug in list(active[pre]):
                if len(out) >= n:
                    return
                roll = rng.below(1000)
                # a merger into another association of the province (rare); the merged one falls silent
                if roll < MERGERS_PER_MILLE and len(active[pre]) > 1:
                    active[pre].remove(slug)
                    into = active[pre][rng.below(len(active[pre]))]
                    out.append(line("organization.merged", day(y, 3 * q + 2, 15), {
                        "sources": [slug], "into": into, "mode": "sap_nhap", "basis": f"{pre}:btv-tu|100-CT/TU|{dy}"},
                        actor=f"clerk:{pre}:vp-tu"))
                    continue
                # monthly activity reports to the Sở Nội vụ
                for m in range(3):
                    if rng.below(10):
                        mm = 3 * q + m + 1
                        ny, nm = (y, mm + 1) if mm < 12 else (y + 1, 1)
                        out.append(line("report.submitted", day(ny, nm, rng.between(1, 10)), {
                            "report_id": f"{slug}:hd-{y}-{mm:02d}", "reporter": slug, "recipient": f"{pre}:so-noi-vu",
                            "period": {"key": f"{y}-{mm:02d}", "start": day(y, mm, 1), "end": month_end(y, mm)},
                            "summary_vi": text(rng, 30, 70)}, actor=slug))
                # the quarterly report: on time, late, or missing
                if roll % 100 < 85:
                    late = roll % 100 >= 75
                    report = line("report.submitted", day(ry, rm, rng.between(20, 28) if late else rng.between(1, 14)), {
                        "report_id": f"{slug}:bc-{y}-q{q + 1}", "reporter": slug, "recipient": f"{pre}:btgdv-tu",
                        "period": {"key": f"{y}-Q{q + 1}", "start": day(y, 3 * q + 1, 1), "end": quarter_end(y, q)},
                        "summary_vi": text(rng, 60, 140)}, actor=slug)
                    # now and then a clerk corrects the summary of a report already recorded
                    # (its event id is drawn after the report, as it always was: same bytes)
                    if roll % 500 == 17:
                        report["event_id"] = event_id(rng, ry, rm)
                    out.append(report)
                    if roll % 500 == 17:
                        out.append(line("event.corrected", day(ry, rm, 28), {
                            "target_event_id": report["event_id"], "patch": {"payload": {"summary_vi": text(rng, 40, 80)}},
                            "reason_vi": "Sửa nội dung tóm tắt theo văn bản gốc."}, actor=f"clerk:{pre}:btgdv-tu"))
                members[slug] = max(100, members[slug] + rng.between(-400, 450))
                out.append(line("membership.reported", quarter_end(y, q), {
                    "org_id": slug, "as_of": quarter_end(y, q), "members": members[slug],
                    "eligible": int(members[slug] * (1.2 + rng.below(80) / 100))}, actor=slug))
                if roll % 10 == 3:
                    out.append(line("inspection.conducted", day(y, 3 * q + 2, rng.between(1, 28)), {
                        "inspection_id": f"{slug}:kt-{y}-{q}", "inspector": f"{pre}:btgdv-tu", "target": slug, "kind": "kiem_tra",
                        "rating": ["tot", "kha", "trung_binh"][rng.below(3)]}, actor=f"clerk:{pre}:btgdv-tu"))
                if roll % 25 == 7:
                    rec = f"{slug}:kn-{y}-{q}"
                    out.append(line("recommendation.filed", day(y, 3 * q + 1, 10), {
                        "rec_id": rec, "from_org": slug, "to_org": f"{pre}:btv-tu", "text_vi": text(rng, 40, 90), "channel": "van_ban"},
                        actor=slug))
                    if rng.below(4):
                        out.append(line("recommendation.resolved", day(y, 3 * q + 3, rng.between(1, 28)), {
                            "rec_id": rec, "resolver": f"{pre}:so-noi-vu", "outcome": "accepted"}, actor=f"clerk:{pre}:so-noi-vu"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--provinces", type=int, default=4)
    ap.add_argument("--orgs", type=int, default=0, help="associations per province (default: 500, more above 1,000,000 events)")
    ap.add_argument("--end-year", type=int, default=2024, help="the last year of the history (its last reports are dated in January after it)")
    ap.add_argument("--event-ids", action="store_true", help="give every line an event_id (deterministic UUIDv7), as `auditlog sign` needs")
    a = ap.parse_args()
    if not 1 <= a.provinces <= len(PROVINCES):
        ap.error(f"--provinces must be 1..{len(PROVINCES)}")
    if a.orgs < 0:
        ap.error("--orgs must be at least 1 (0: chosen from --events)")
    try:
        ids = SplitMix64(a.seed * 0x9E3779B97F4A7C15 + 0x1D5) if a.event_ids else None
        generate(a.events, a.seed, a.provinces, a.orgs or default_orgs(a.events), a.end_year, Sink(a.events, sys.stdout, ids))
    except ValueError as e:
        ap.error(str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
