#!/usr/bin/env python3
"""Deterministic generator of a realistic oversight history in the v1 catalogue (NDJSON on stdout,
valid `auditlog append` input for a log created with the default catalogue).

    gen_domain.py --events N [--seed S] [--provinces 4] [--orgs 500] [--years 3]

Same arguments -> same bytes (the splitmix64 PRNG of gen.py). Python standard library only.

The history, in append order (every id is declared before it is named):
- per province: the Ban Thường vụ, the Ban Tuyên giáo và Dân vận, the Sở Nội vụ, and `--orgs`
  associations (kind hqc, a quarter of them flagged dac_thu);
- per province, 5 directives with 5 requirements each (20 directives and 100 requirements for 4
  provinces): quarterly reports to the commission, a 60 % membership target, monitoring coverage,
  answers to recommendations within 90 days, and a one-off task;
- one monitoring assignment per association;
- then, until N events, `--years` years of facts in date order: quarterly reports (most on time,
  some late, a few missing), half-yearly membership figures, inspections, recommendations and
  their answers; dates from 2022 to January 2025, so a log recorded in 2026 holds them all.
  With `--orgs 0` (the default) the number of associations is chosen so that the years hold N
  events.
"""

import argparse
import json
import sys

from gen import PHRASES, SplitMix64, text

PROVINCES = ["ha-tinh", "can-tho", "quang-tri", "an-giang", "nghe-an", "thanh-hoa", "hue", "da-nang"]
ASSOCIATIONS = ["Hội Chữ thập đỏ", "Hội Khuyến học", "Hội Người cao tuổi", "Hội Luật gia", "Hội Nhà báo", "Hội Đông y",
                "Hội Người mù", "Hội Cựu giáo chức", "Hội Làm vườn", "Hội Sinh viên"]


def day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def line(type_: str, occurred: str, payload: dict, actor: str = "clerk:so-noi-vu") -> dict:
    return {"type": type_, "occurred_at": occurred, "actor": actor, "payload": payload}


def generate(n: int, seed: int, provinces: int, orgs: int, years: int):
    rng = SplitMix64(seed)
    out = []
    regions = PROVINCES[:provinces]
    members = {}
    for p, prov in enumerate(regions):
        pre = prov[:2] + str(p)
        for slug, name, kind in ((f"{pre}:btv-tu", "Ban Thường vụ Tỉnh ủy", "party_board"),
                                 (f"{pre}:btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_commission"),
                                 (f"{pre}:so-noi-vu", "Sở Nội vụ", "department")):
            out.append(line("organization.registered", "2020-01-01",
                            {"org_id": slug, "name_vi": f"{name} {prov}", "kind": kind, "level": "province", "province": prov}))
        for i in range(orgs):
            slug = f"{pre}:hoi-{i}"
            members[slug] = rng.between(2_000, 60_000)
            out.append(line("organization.registered", "2010-01-01", {
                "org_id": slug, "name_vi": f"{ASSOCIATIONS[i % len(ASSOCIATIONS)]} số {i} tỉnh {prov}", "kind": "hqc",
                "level": "province", "province": prov, "flags": {"dac_thu": i % 4 == 0, "giao_nhiem_vu": True}}))
        for d in range(5):
            key = f"{pre}:btv-tu|{100 + d}-CT/TU|2022"
            hqc = {"kind": "hqc", "province": prov}
            out.append(line("directive.issued", "2022-01-05", {
                "doc": {"doc_key": key, "number": f"{100 + d}-CT/TU", "type_name": "Chỉ thị", "issuer_org": f"{pre}:btv-tu",
                        "issued_on": "2022-01-05"},
                "source_kind": "directive",
                "requirements": [
                    {"req_id": "R1", "text_vi": "Các hội báo cáo hằng quý.", "template": "periodic_report", "assignees": hqc,
                     "params": {"event_type": "report.submitted", "recipient": f"{pre}:btgdv-tu", "schedule": "R/2022-01-01/P3M"},
                     "param_source": "text"},
                    {"req_id": "R2", "text_vi": "Tỷ lệ hội viên đạt 60 %.", "template": "threshold_target",
                     "params": {"metric": "membership_rate", "op": ">=", "value": "0.60", "scope": hqc, "deadline": "2024-12-31"},
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
            out.append(line("monitoring.assigned", "2022-02-01", {
                "assignment_id": f"{pre}:a-{i}", "monitor": f"{pre}:btgdv-tu", "target": f"{pre}:hoi-{i}", "role": "theo_doi",
                "basis": f"{pre}:btv-tu|100-CT/TU|2022"}))
    orgs_all = sorted(members)
    for k in range(years * 4):
        if len(out) >= n:
            break
        y = 2022 + k // 4
        q = k % 4
        for slug in orgs_all:
            if len(out) >= n:
                break
            pre = slug.split(":")[0]
            roll = rng.below(100)
            # a quarterly report: on time, late, or missing
            if roll < 85:
                late = roll >= 75
                m = 3 * q + 4 if q < 3 else 1
                ry = y if q < 3 else y + 1
                out.append(line("report.submitted", day(ry, m, rng.between(20, 28) if late else rng.between(1, 14)), {
                    "report_id": f"{slug}:bc-{y}-q{q + 1}", "reporter": slug, "recipient": f"{pre}:btgdv-tu",
                    "period": {"key": f"{y}-Q{q + 1}", "start": day(y, 3 * q + 1, 1),
                               "end": day(y, 3 * q + 3, 30 if q in (1, 2) else 31)},
                    "summary_vi": text(rng, 60, 140)}, actor=slug))
            if q % 2 == 1 and len(out) < n:
                members[slug] = max(100, members[slug] + rng.between(-800, 900))
                out.append(line("membership.reported", day(y, 3 * q + 3, 28), {
                    "org_id": slug, "as_of": day(y, 3 * q + 3, 28), "members": members[slug],
                    "eligible": int(members[slug] * (1.2 + rng.below(80) / 100))}, actor=slug))
            if roll % 10 == 3 and len(out) < n:
                out.append(line("inspection.conducted", day(y, 3 * q + 2, rng.between(1, 28)), {
                    "inspection_id": f"{slug}:kt-{y}-{q}", "inspector": f"{pre}:btgdv-tu", "target": slug, "kind": "kiem_tra",
                    "rating": ["tot", "kha", "trung_binh"][rng.below(3)]}, actor=f"clerk:{pre}:btgdv-tu"))
            if roll % 25 == 7 and len(out) + 1 < n:
                rec = f"{slug}:kn-{y}-{q}"
                out.append(line("recommendation.filed", day(y, 3 * q + 1, 10), {
                    "rec_id": rec, "from_org": slug, "to_org": f"{pre}:btv-tu", "text_vi": text(rng, 40, 90), "channel": "van_ban"},
                    actor=slug))
                if rng.below(4):
                    out.append(line("recommendation.resolved", day(y, 3 * q + 3, rng.between(1, 28)), {
                        "rec_id": rec, "resolver": f"{pre}:so-noi-vu", "outcome": "accepted"}, actor=f"clerk:{pre}:so-noi-vu"))
    return out[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--provinces", type=int, default=4)
    ap.add_argument("--orgs", type=int, default=0, help="associations per province (0: enough for N events)")
    ap.add_argument("--years", type=int, default=3)
    a = ap.parse_args()
    if not 1 <= a.provinces <= len(PROVINCES):
        ap.error(f"--provinces must be 1..{len(PROVINCES)}")
    # About 1.3 events per association per quarter, plus its registration and assignment.
    orgs = a.orgs or max(20, a.events // (a.provinces * (a.years * 4 * 13 // 10 + 2)))
    w = sys.stdout
    for item in generate(a.events, a.seed, a.provinces, orgs, a.years):
        w.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
