#!/usr/bin/env python3
"""Writes the sample batches (NN-*.ndjson) and manifest.json of tools/samples/.

The NDJSON files are generated: edit this script, run it, then run check.py.

    python3 tools/samples/build.py && python3 tools/samples/check.py

Standard library only. Every string is NFC-normalised; event ids are fixed: the ones other
lines or the README refer to are literals below, the others are UUIDv7-shaped values derived
from the batch's recorded_at (timestamp bits) and a hash of the line (random bits), so they do
not change between runs.
"""
import hashlib
import json
import os
import sys
import unicodedata
from datetime import date, datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------
# batches

BATCHES = []


class Batch:
    def __init__(self, file, recorded_at, note, initial_load):
        self.file, self.recorded_at, self.note, self.initial_load = file, recorded_at, note, initial_load
        self.lines = []


def batch(file, recorded_at, note, initial_load=False):
    BATCHES.append(Batch(file, recorded_at, note, initial_load))


def nfc(v):
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    if isinstance(v, list):
        return [nfc(x) for x in v]
    if isinstance(v, dict):
        return {nfc(k): nfc(x) for k, x in v.items()}
    return v


def ev(type_, occurred_at, actor, payload, eid=None, note=None, source=None, backfill=None):
    b = BATCHES[-1]
    line = {"type": type_, "occurred_at": occurred_at, "actor": actor, "payload": payload}
    meta = {}
    if backfill == "cited_document":   # an old document registered when a later one first cites it
        rec_day = date.fromisoformat(b.recorded_at[:10])
        occ_day = date.fromisoformat((occurred_at + "-12-31")[:10] if len(occurred_at) == 4 else
                                     (occurred_at + "-28")[:10] if len(occurred_at) == 7 else occurred_at[:10])
        backfill = "cited_document" if (rec_day - occ_day).days > 89 else None
    if b.initial_load:
        meta["backfill_reason"] = "initial_load"
    elif backfill:
        meta["backfill_reason"] = backfill if isinstance(backfill, str) else "initial_load"
    if source:
        meta["source"] = source
    if note:
        meta["note"] = note
    if meta:
        line["meta"] = meta
    line = nfc(line)
    if eid is None:
        rec = datetime.strptime(b.recorded_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        ms = int(rec.timestamp() * 1000)
        h = hashlib.sha256((b.file + "\n" + json.dumps(line, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()
        rand_a = h[:3]
        variant = "89ab"[int(h[3], 16) % 4]
        rand_b = variant + h[4:19]
        ts = "%012x" % ms
        eid = f"{ts[:8]}-{ts[8:12]}-7{rand_a}-{rand_b[:4]}-{rand_b[4:16]}"
    out = {"event_id": eid}
    out.update(line)
    b.lines.append(out)
    return eid


# --------------------------------------------------------------------------------------------
# fixed event ids (targets of corrections / retractions, and evidence the README cites)

EID_HT_LHPN_2022 = "01861500-8100-7d0b-9e7a-dd0000000001"      # report, original
EID_HT_LHPN_2022_DUP = "01861500-8100-7d0b-9e7a-dd0000000002"  # the same figure entered twice -> retracted
EID_HT_BREACH = "017faf5a-3900-7b0e-8a2c-b4e4c4000001"         # merger inside the suspension window
EID_AG_TYPO = "019f7d40-6500-7c0f-8e1d-a6a0a0000001"           # membership figure with a typo -> corrected
EID_CORRECTION = "01a1f6ae-9900-7c0e-8c0e-c0c0c0000001"
EID_RETRACTION = "01a1f6ae-9900-7e7a-8e7a-e7e7e7000002"

SEED_SRC = {
    "000": "shared/seeds/000_b9f7f2018f734e65.txt",
    "001": "shared/seeds/001_5c0ed474eec13b6c.txt",
    "002": "shared/seeds/002_5d8c7c7718ba87f0.txt",
    "003": "shared/seeds/003_04754d02d4ca53b4.txt",
    "004": "shared/seeds/004_bccb50dbba11b639.txt",
}
HYP = "[GIẢ ĐỊNH] "   # title prefix of every invented document: not a real document

# --------------------------------------------------------------------------------------------
# helpers for payloads


def org(slug, name, kind, level, province, occurred, actor, parent=None, flags=None, basis=None, backfill=None):
    p = {"org_id": slug, "name_vi": name, "kind": kind, "level": level, "province": province}
    if parent:
        p["parent"] = parent
    if flags is not None:
        p["flags"] = flags
    if basis:
        p["basis"] = basis
    return ev("organization.registered", occurred, actor, p, backfill=backfill)


def docref(doc_key, type_name, issuer_org, number=None, **kw):
    d = {"doc_key": doc_key, "number": number, "type_name": type_name, "issuer_org": issuer_org}
    d.update(kw)
    return d


def register_doc(occurred, actor, ref, summary=None, cites=None, note=None):
    p = {"doc": ref}
    if summary:
        p["summary_vi"] = summary
    if cites:
        p["cites"] = cites
    return ev("document.registered", occurred, actor, p, note=note, backfill="cited_document")


def ids(*slugs):
    return {"ids": list(slugs)}


def half(year, h):
    return {"key": f"{year}-H{h}", "start": f"{year}-01-01" if h == 1 else f"{year}-07-01",
            "end": f"{year}-06-30" if h == 1 else f"{year}-12-31"}


def year_period(year):
    return {"key": str(year), "start": f"{year}-01-01", "end": f"{year}-12-31"}


def quarter(year, q):
    starts = {1: ("01-01", "03-31"), 2: ("04-01", "06-30"), 3: ("07-01", "09-30"), 4: ("10-01", "12-31")}
    s, e = starts[q]
    return {"key": f"{year}-Q{q}", "start": f"{year}-{s}", "end": f"{year}-{e}"}


def report(rid, occurred, actor, reporter, recipient, req_ref=None, period=None, about=None, summary=None,
           metrics=None, doc=None, eid=None):
    p = {"report_id": rid, "reporter": reporter, "recipient": recipient}
    if req_ref:
        p["req_ref"] = req_ref
    if period:
        p["period"] = period
    if doc:
        p["doc"] = doc
    if about:
        p["about"] = about
    if metrics:
        p["metrics"] = metrics
    if summary:
        p["summary_vi"] = summary
    return ev("report.submitted", occurred, actor, p, eid=eid)


def membership(occurred, actor, org_id, as_of, members, eligible=None, new=None, removed=None, rid=None, eid=None):
    p = {"org_id": org_id, "as_of": as_of, "members": members}
    if eligible is not None:
        p["eligible"] = eligible
    if new is not None:
        p["new_members"] = new
    if removed is not None:
        p["removed_members"] = removed
    if rid:
        p["report_id"] = rid
    return ev("membership.reported", occurred, actor, p, eid=eid)


def inspect(iid, occurred, actor, inspector, target, kind, req_ref=None, ended_on=None, findings=None,
            rating=None):
    p = {"inspection_id": iid, "inspector": inspector, "target": target, "kind": kind}
    if ended_on:
        p["ended_on"] = ended_on
    if req_ref:
        p["req_ref"] = req_ref
    if findings:
        p["findings"] = findings
    if rating:
        p["rating"] = rating
    return ev("inspection.conducted", occurred, actor, p)


def task(tid, occurred, actor, assignee, desc, req_ref=None, reports_to=None, due_on=None, due_within=None,
         deliverable=None):
    p = {"task_id": tid}
    if req_ref:
        p["req_ref"] = req_ref
    p["assignee"] = assignee
    if reports_to:
        p["reports_to"] = reports_to
    p["description_vi"] = desc
    if due_on:
        p["due_on"] = due_on
    if due_within:
        p["due_within"] = due_within
    if deliverable:
        p["deliverable"] = deliverable
    return ev("task.assigned", occurred, actor, p)


def rec_filed(rid, occurred, actor, frm, to, text, channel=None, meeting=None):
    p = {"rec_id": rid, "from_org": frm, "to_org": to, "text_vi": text}
    if channel:
        p["channel"] = channel
    if meeting:
        p["meeting_id"] = meeting
    return ev("recommendation.filed", occurred, actor, p)


def rec_forwarded(rid, occurred, actor, by, to):
    return ev("recommendation.forwarded", occurred, actor, {"rec_id": rid, "by": by, "to_org": to})


def rec_resolved(rid, occurred, actor, resolver, outcome, response_doc=None):
    p = {"rec_id": rid, "resolver": resolver, "outcome": outcome}
    if response_doc:
        p["response_doc"] = response_doc
    return ev("recommendation.resolved", occurred, actor, p)


def meeting(mid, occurred, actor, convener, participants, kind, req_ref=None, period=None, conclusion_doc=None):
    p = {"meeting_id": mid, "convener": convener, "participants": participants, "kind": kind}
    if req_ref:
        p["req_ref"] = req_ref
    if period:
        p["period"] = period
    if conclusion_doc:
        p["conclusion_doc"] = conclusion_doc
    return ev("meeting.held", occurred, actor, p)


def assign(aid, occurred, actor, monitor, target, role, basis, officer=None, until=None):
    p = {"assignment_id": aid, "monitor": monitor, "target": target, "role": role}
    if officer:
        p["officer_name"] = officer
    p["basis"] = basis
    if until:
        p["until"] = until
    return ev("monitoring.assigned", occurred, actor, p)


def disseminated(occurred, actor, org_id, doc_key, form, participants=None):
    p = {"org": org_id, "doc_key": doc_key, "form": form}
    if participants is not None:
        p["participants"] = participants
    return ev("directive.disseminated", occurred, actor, p)


def req(req_id, clause, text, template, params, param_source, assignees=None, cooperating=None, reports_to=None,
        scope=None, successor_policy=None):
    r = {"req_id": req_id, "clause_ref": clause, "text_vi": text, "template": template}
    if assignees:
        r["assignees"] = assignees
    if cooperating:
        r["cooperating"] = cooperating
    if reports_to:
        r["reports_to"] = reports_to
    if scope:
        r["scope"] = scope
    r["params"] = params
    r["param_source"] = param_source
    if successor_policy:
        r["successor_policy"] = successor_policy
    return r


# --------------------------------------------------------------------------------------------
# the register

CENTRAL = "trung-uong"   # pseudo-province for central bodies (organization.registered requires one)
HT, CT, QT, AG = "ha-tinh", "can-tho", "quang-tri", "an-giang"

# The Hà Tĩnh register, 26 rows: slug, name stem, dac_thu
HQC = [
    ("lhh-khkt", "Liên hiệp các Hội Khoa học và Kỹ thuật", True),
    ("lhh-vhnt", "Liên hiệp các Hội Văn học nghệ thuật", True),
    ("lh-huu-nghi", "Liên hiệp các tổ chức hữu nghị", True),
    ("hoi-chu-thap-do", "Hội Chữ thập đỏ", True),
    ("hoi-nha-bao", "Hội Nhà báo", True),
    ("hoi-luat-gia", "Hội Luật gia", True),
    ("doan-luat-su", "Đoàn Luật sư", False),
    ("hoi-nguoi-cao-tuoi", "Hội Người cao tuổi", True),
    ("hoi-cuu-tnxp", "Hội Cựu Thanh niên xung phong", True),
    ("hoi-khuyen-hoc", "Hội Khuyến học", True),
    ("hoi-nguoi-mu", "Hội Người mù", True),
    ("hoi-bao-tro-nkt-tmc", "Hội Bảo trợ người khuyết tật và trẻ mồ côi", True),
    ("hoi-nan-nhan-da-cam", "Hội Nạn nhân chất độc da cam/dioxin", True),
    ("hoi-dong-y", "Hội Đông y", True),
    ("hoi-y-hoc", "Hội Y học", False),
    ("hoi-cuu-cand", "Hội Cựu Công an nhân dân", False),
    ("lien-minh-htx", "Liên minh Hợp tác xã", False),
    ("hoi-cuu-giao-chuc", "Hội Cựu giáo chức", True),
    ("hoi-lam-vuon", "Hội Làm vườn", True),   # renamed "Hội Làm vườn và Trang trại" in 2023
    ("hoi-sinh-vien", "Hội Sinh viên", True),
    ("hoi-kien-truc-su", "Hội Kiến trúc sư", True),
    ("hoi-cham-cuu", "Hội Châm cứu", False),
    ("hoi-nguoi-khuyet-tat", "Hội Người khuyết tật", False),
    ("hoi-cuu-tu-chinh-tri", "Hội Cựu tù chính trị và tù binh yêu nước", False),
    ("hoi-ke-hoach-hoa-gia-dinh", "Hội Kế hoạch hóa gia đình", False),
    ("hoi-truyen-thong-truong-son", "Hội Truyền thống Trường Sơn – Đường Hồ Chí Minh", False),
]
DAC_THU = {s: d for s, _, d in HQC}
CTXH = [
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("tinh-doan", "Tỉnh đoàn (Đoàn Thanh niên Cộng sản Hồ Chí Minh)"),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ"),
    ("hoi-nong-dan", "Hội Nông dân"),
    ("hoi-ccb", "Hội Cựu chiến binh"),
    ("ldld", "Liên đoàn Lao động"),
]
CTXH_MEMBERS = ["tinh-doan", "hoi-lhpn", "hoi-nong-dan", "hoi-ccb", "ldld"]   # mass organisations with members

# doc_keys: <issuer slug>|<canonical number>|<issued year>; seeds without a number: seed-00N
K118 = "bbt-tw|118-QĐ/TW|2023"
K158 = "bbt-tw|158-TB/TW|2020"
K102 = "bct-tw|102-KL/TW|2014"
K43 = "bbt-tw|43-KL/TW|2019"
K25 = "bch-tw|25-NQ/TW|2013"
K160 = "bct-tw|160-TB/TW|2020"
K62 = "bct-tw|62-KL/TW|2009"
K23 = "bch-tw|23-QĐ/TW|2021"
K17 = "bbt-tw|17-CT/TW|2012"
K74 = "bct-tw|74-KL/TW|2020"
K68 = "chinh-phu|68/NQ-CP|2021"
K178 = "bct-tw|178-KL/TW|2025"
K126 = "chinh-phu|126/2024/NĐ-CP|2024"
KXIII = "bch-tw|nq-dai-hoi-xiii|2021"
KXIV = "bch-tw|nq-dai-hoi-xiv|2026"
K677 = "ht:btv-tu|677-TB/TU|2018"
K04 = "ht:bch-tu|04-NQ/TU|2021"
K382 = "ht:btv-tu|382-TB/TU|2021"
KQT17 = "qt:bch-tu|nq-dai-hoi-xvii|2020"
KAG1 = "ag:bch-tu|nq-dai-hoi-i|2025"
K16 = "ag:bch-tu|16-CTr/TU|2026"
K752 = "ct:btv-tu|752-CV/TU|2012"          # seed 003 (it has a number, so it gets a real key)
S000, S001, S002, S004 = "seed-000", "seed-001", "seed-002", "seed-004"
# invented documents (title starts with [GIẢ ĐỊNH])
KH_REORG = "ht:btv-tu|45-KH/TU|2025"
KH_DISTRICTS = "ht:btv-tu|1650-QĐ/TU|2025"
KH_DEAN = "ht:ubnd|04/ĐA-UBND|2024"

CLERK_HT = "clerk:ht:vp-tu"
CLERK_HT_DV = "clerk:ht:bdv-tu"
CLERK_HT_TGDV = "clerk:ht:btgdv-tu"
CLERK_CT = "clerk:ct:vp-tu"
CLERK_QT = "clerk:qt:vp-tu"
CLERK_AG = "clerk:ag:btgdv-tu"
LOADER = "script:initial-load"

# seed 000 R1b inspections of 2024 (target, date, monitor)
R1B_2024 = [  # (target, date, monitor)
    ("hoi-khuyen-hoc", "2024-05-14", "ht:bdv-tu"),
    ("hoi-nha-bao", "2024-05-21", "ht:btg-tu"), ("hoi-luat-gia", "2024-06-04", "ht:bnc-tu"),
    ("hoi-cham-cuu", "2024-06-18", "ht:bdv-tu"), ("hoi-cuu-tu-chinh-tri", "2024-07-16", "ht:bdv-tu"),
    ("lh-huu-nghi", "2024-08-13", "ht:btg-tu"), ("doan-luat-su", "2024-09-10", "ht:bnc-tu"),
    ("hoi-dong-y", "2024-10-08", "ht:bdv-tu"), ("hoi-ke-hoach-hoa-gia-dinh", "2024-10-22", "ht:bdv-tu"),
    ("lhh-vhnt", "2024-11-12", "ht:btg-tu"),
]


def r1b(target, d, monitor, kind="kiem_tra", rating="kha", year=None):
    year = year or d[:4]
    clerk = {"ht:bdv-tu": CLERK_HT_DV, "ht:btgdv-tu": CLERK_HT_TGDV}.get(monitor, CLERK_HT)
    inspect(f"ht:kt-{year}-{target}", d, clerk, monitor, "ht:" + target, kind, S000 + "#R1b", rating=rating)


# ============================================================================================
# 01: central bodies and the Hà Tĩnh register (initial load)

batch("01-register-ha-tinh.ndjson", "2021-08-01T01:00:00.000Z",
      "Initial load: central Party/State bodies and the Hà Tĩnh register (26 hội + 6 CT-XH + "
      "overseers + 3 district committees).", initial_load=True)

org("bch-tw", "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", "party_committee", "central", CENTRAL, "1930", LOADER)
org("bct-tw", "Bộ Chính trị", "party_board", "central", CENTRAL, "1986", LOADER, parent="bch-tw")
org("bbt-tw", "Ban Bí thư Trung ương Đảng", "party_board", "central", CENTRAL, "1986", LOADER, parent="bch-tw")
org("chinh-phu", "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam", "government", "central", CENTRAL, "1945", LOADER)

Y_HT = "1991"   # [ASSUMED] placeholder: "existed when the province was re-established"
org("ht:bch-tu", "Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh", "party_committee", "province", HT, Y_HT, LOADER)
for slug, name, kind in [
    ("ht:btv-tu", "Ban Thường vụ Tỉnh ủy Hà Tĩnh", "party_board"),
    ("ht:tt-tu", "Thường trực Tỉnh ủy Hà Tĩnh", "party_board"),
    ("ht:bdv-tu", "Ban Dân vận Tỉnh ủy Hà Tĩnh", "party_commission"),
    ("ht:btg-tu", "Ban Tuyên giáo Tỉnh ủy Hà Tĩnh", "party_commission"),
    ("ht:btc-tu", "Ban Tổ chức Tỉnh ủy Hà Tĩnh", "party_commission"),
    ("ht:bnc-tu", "Ban Nội chính Tỉnh ủy Hà Tĩnh", "party_commission"),
    ("ht:ubkt-tu", "Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh", "party_commission"),
    ("ht:vp-tu", "Văn phòng Tỉnh ủy Hà Tĩnh", "party_office"),
    ("ht:bcs-ubnd", "Ban cán sự đảng Ủy ban nhân dân tỉnh Hà Tĩnh", "party_board"),
    ("ht:duk-tinh", "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Hà Tĩnh", "party_committee"),
]:
    org(slug, name, kind, "province", HT, Y_HT, LOADER, parent="ht:bch-tu")
org("ht:ubnd", "Ủy ban nhân dân tỉnh Hà Tĩnh", "government", "province", HT, Y_HT, LOADER)
for slug, name in [("ht:vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh"), ("ht:so-noi-vu", "Sở Nội vụ tỉnh Hà Tĩnh"),
                   ("ht:so-tai-chinh", "Sở Tài chính tỉnh Hà Tĩnh"),
                   ("ht:so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh")]:
    org(slug, name, "department", "province", HT, Y_HT, LOADER, parent="ht:ubnd")
for s, name in CTXH:
    org("ht:" + s, name + " tỉnh Hà Tĩnh", "ctxh", "province", HT, Y_HT, LOADER)
for s, name, dac in HQC:
    org("ht:" + s, name + " tỉnh Hà Tĩnh", "hqc", "province", HT, Y_HT, LOADER,
        flags={"dac_thu": dac, "giao_nhiem_vu": True})
for slug, name in [("ht:hu-can-loc", "Huyện ủy Can Lộc"), ("ht:hu-huong-son", "Huyện ủy Hương Sơn"),
                   ("ht:tu-tp-ha-tinh", "Thành ủy thành phố Hà Tĩnh")]:
    org(slug, name, "party_committee", "district", HT, Y_HT, LOADER, parent="ht:bch-tu")

# ============================================================================================
# 02: documents seed 004 cites, and a merger from before the suspension

batch("02-documents-ha-tinh.ndjson", "2021-08-01T02:00:00.000Z",
      "Initial load: the documents seed 004 cites (74-KL/TW, 677-TB/TU, 04-NQ/TU, 68/NQ-CP) and a 2019 merger "
      "under 677-TB/TU (before the suspension window, so not a finding).", initial_load=True)

register_doc("2018-07-20", LOADER, docref(K677, "Thông báo kết luận", "ht:btv-tu", "677-TB/TU",
                                          issuer_as_cited="Ban Thường vụ Tỉnh ủy", issued_on="2018-07-20"),
             summary="Về sáp nhập các tổ chức hội quần chúng đặc thù hoạt động trên địa bàn tỉnh Hà Tĩnh (như seed 004 trích dẫn).")
register_doc("2020-05-22", LOADER, docref(K74, "Kết luận", "bct-tw", "74-KL/TW", issuer_as_cited="Bộ Chính trị",
                                          issued_on="2020-05-22"),
             summary="Seed 004 viện dẫn \"theo tinh thần\" Kết luận này để tạm thời dừng sáp nhập các hội quần chúng đặc thù.")
register_doc("2021-07-01", LOADER, docref(K68, "Nghị quyết", "chinh-phu", "68/NQ-CP", issuer_as_cited="Chính phủ",
                                          issued_on="2021-07-01",
                                          title="Về một số chính sách hỗ trợ người lao động và người sử dụng lao động gặp khó khăn do đại dịch Covid-19"))
register_doc("2021-07-15", LOADER, docref(K04, "Nghị quyết", "ht:bch-tu", "04-NQ/TU",
                                          issuer_as_cited="Ban Chấp hành Đảng bộ tỉnh", issued_on="2021-07-15",
                                          title="Về xây dựng tỉnh Hà Tĩnh đạt chuẩn nông thôn mới, giai đoạn 2021 - 2025"))
ev("organization.merged", "2019-05", LOADER,
   {"sources": ["ht:hoi-cuu-giao-chuc"], "into": "ht:hoi-khuyen-hoc", "mode": "sap_nhap", "basis": K677},
   note="HYPOTHETICAL: a merger carried out under 677-TB/TU before the 2021 suspension")

# ============================================================================================
# 03: the 22/7/2021 briefing and seed 004

batch("03-seed-004.ndjson", "2021-08-02T03:00:00.000Z",
      "Seed 004: the 22/7/2021 giao ban (meeting + three recommendations raised there), the Thông báo kết luận "
      "(directive.issued, 9 requirements), the tasks it creates, and the 2021 supervision plans of the CT-XH "
      "(drawn up in March 2021, loaded now). Recorded 7-11 days after the facts: late_recording.")

PART_HT_2021 = ["ht:bdv-tu", "ht:ubkt-tu", "ht:vp-tu", "ht:so-noi-vu", "ht:so-tai-chinh", "ht:so-ldtbxh",
                "ht:duk-tinh"] + ["ht:" + s for s, _ in CTXH] + ["ht:" + s for s, _, _ in HQC
                                                                   if s not in ("hoi-cuu-giao-chuc",)]
meeting("ht:m-2021-07-22", "2021-07-22T08:00+07:00", CLERK_HT, "ht:tt-tu", PART_HT_2021, "giao_ban",
        period={"key": "adhoc", "start": "2021-01-01", "end": "2021-07-31"})
rec_filed("ht:kn-2021-01", "2021-07-22", CLERK_HT, "ht:hoi-nguoi-cao-tuoi", "ht:tt-tu",
          "Đề nghị bố trí kinh phí hỗ trợ hoạt động của Hội Người cao tuổi cơ sở năm 2021.", "giao_ban", "ht:m-2021-07-22")
rec_filed("ht:kn-2021-02", "2021-07-22", CLERK_HT, "ht:hoi-chu-thap-do", "ht:tt-tu",
          "Đề nghị bố trí trụ sở làm việc cho Hội Chữ thập đỏ tỉnh.", "giao_ban", "ht:m-2021-07-22")
rec_filed("ht:kn-2021-03", "2021-07-22", CLERK_HT, "ht:tinh-doan", "ht:tt-tu",
          "Đề nghị bổ sung chỉ tiêu biên chế cán bộ chuyên trách Đoàn cấp huyện.", "giao_ban", "ht:m-2021-07-22")

R004 = [
    req("R2.3a", "mục 2.3",
        "Quản lý thực chất, chặt chẽ và thường xuyên cập nhật số liệu đoàn viên, hội viên.",
        "periodic_report",
        {"event_type": "report.submitted", "recipient": "ht:bdv-tu", "schedule": "R/2021-01-01/P1Y", "grace": "P30D"},
        {"event_type": "interpretation", "recipient": "interpretation", "schedule": "operator_default",
         "grace": "operator_default"},
        assignees=ids(*["ht:" + s for s in CTXH_MEMBERS]), reports_to="ht:bdv-tu"),
    req("R2.3b", "mục 2.3",
        "Tiếp tục triển khai giám sát các chuyên đề năm 2021 theo kế hoạch.",
        "recurring_inspection",
        {"inspector": {"kind": "ctxh", "province": HT}, "targets": ids("ht:ubnd"), "kinds": ["giam_sat"],
         "mode": "calendar", "schedule": "R1/2021-01-01/P1Y", "grace": "P30D"},
        {"inspector": "text", "targets": "interpretation", "kinds": "text", "mode": "operator_default",
         "schedule": "text", "grace": "operator_default"}),
    req("R2.3c", "mục 2.3, đoạn 2",
        "Theo tinh thần Kết luận số 74-KL/TW, tạm thời dừng việc thực hiện sáp nhập các tổ chức hội quần chúng đặc "
        "thù hoạt động trên địa bàn tỉnh Hà Tĩnh theo Thông báo kết luận số 677-TB/TU; các tổ chức đã sáp nhập vẫn giữ "
        "nguyên hoạt động cho đến khi có hướng dẫn mới của Trung ương, của tỉnh.",
        "prohibition_window",
        {"forbidden": "organization.merged", "scope": {"kind": "hqc", "province": HT, "flags": {"dac_thu": True}},
         "from": "2021-07-26", "until": None},
        {"forbidden": "text", "scope": "text", "from": "interpretation", "until": "text"}),
    req("R3.1", "mục 3.1",
        "Ban Thường vụ Tỉnh đoàn rà soát, đánh giá thực trạng đội ngũ cán bộ Đoàn trên cơ sở biên chế, vị trí việc "
        "làm cần tuyển dụng, báo cáo Ban Tổ chức Tỉnh ủy.",
        "one_off_task",
        {"due_within": "P60D", "completion": "report.submitted"},
        {"due_within": "operator_default", "completion": "text"},
        assignees=ids("ht:tinh-doan"), reports_to="ht:btc-tu"),
    req("R3.2", "mục 3.2",
        "Ban cán sự đảng UBND tỉnh chỉ đạo UBND tỉnh chủ trì thẩm định các nội dung đại hội nhiệm kỳ của các tổ chức "
        "hội quần chúng do Đảng, Nhà nước giao nhiệm vụ cấp tỉnh theo thẩm quyền.",
        "precedence",
        {"antecedent": "congress.appraised", "consequent": "congress.held", "max_lead": "P6M",
         "antecedent_result": "approved"},
        {"antecedent": "text", "consequent": "text", "max_lead": "operator_default",
         "antecedent_result": "interpretation"},
        scope={"kind": "hqc", "province": HT, "flags": {"giao_nhiem_vu": True}}),
    req("R3.3", "mục 3.3",
        "Văn phòng Tỉnh ủy, Văn phòng UBND tỉnh bổ sung danh sách các tổ chức hội quần chúng do Đảng, Nhà nước giao "
        "nhiệm vụ cấp tỉnh vào danh mục gửi, nhận văn bản trên hệ thống thông tin tích hợp điều hành của tỉnh.",
        "one_off_task",
        {"due_within": "P90D", "completion": "task.completed"},
        {"due_within": "operator_default", "completion": "interpretation"},
        assignees=ids("ht:vp-tu", "ht:vp-ubnd")),
    req("R3.4", "mục 3.4",
        "Một số kiến nghị, đề xuất khác của các tổ chức chính trị - xã hội, các hội quần chúng: Ban cán sự đảng UBND "
        "tỉnh chỉ đạo UBND tỉnh và các ngành liên quan xem xét giải quyết, báo cáo Thường trực Tỉnh ủy.",
        "response_within",
        {"trigger": {"type": "recommendation.filed", "meeting_id": "ht:m-2021-07-22"},
         "responsible": ids("ht:bcs-ubnd"), "within": "P90D",
         "report_back": {"to": "ht:tt-tu", "within": "P15D"}},
        {"trigger": "interpretation", "responsible": "text", "within": "operator_default",
         "report_back": "interpretation"}),
    req("R4", "mục 3, đoạn cuối",
        "Ban Dân vận Tỉnh ủy theo dõi, đôn đốc việc thực hiện các nội dung trên, định kỳ báo cáo Thường trực Tỉnh ủy.",
        "periodic_report",
        {"event_type": "report.submitted", "recipient": "ht:tt-tu", "schedule": "R/2021-01-01/P6M", "grace": "P15D"},
        {"event_type": "text", "recipient": "text", "schedule": "operator_default", "grace": "operator_default"},
        assignees=ids("ht:bdv-tu"), reports_to="ht:tt-tu"),
]
ev("directive.issued", "2021-07-26", CLERK_HT, {
    "doc": docref(S004, "Thông báo kết luận", "ht:tt-tu", None, type_abbr="TB",
                  issuer_as_cited="Thường trực Tỉnh ủy", issued_on_not_before="2021-07-22",
                  signer="Trần Đình Thuyên", signing_mode="TL",
                  title="Kết luận của Thường trực Tỉnh ủy tại Hội nghị giao ban với lãnh đạo Ủy ban Mặt trận Tổ quốc, "
                        "các tổ chức chính trị - xã hội và các hội quần chúng do Đảng, Nhà nước giao nhiệm vụ 7 tháng "
                        "đầu năm 2021"),
    "source_kind": "conclusion_notice",
    "effective_from": "2021-07-26",
    "cites": [K74, K677, K04, K68],
    "requirements": R004,
}, source=SEED_SRC["004"])
task("ht:t-004-r3.1", "2021-07-26", CLERK_HT, "ht:tinh-doan",
     "Rà soát, đánh giá thực trạng đội ngũ cán bộ Đoàn; báo cáo Ban Tổ chức Tỉnh ủy.",
     req_ref=S004 + "#R3.1", reports_to="ht:btc-tu", due_on="2021-09-24", deliverable="bao_cao")
task("ht:t-004-r3.3-vp-tu", "2021-07-26", CLERK_HT, "ht:vp-tu",
     "Bổ sung các hội quần chúng cấp tỉnh vào danh mục gửi, nhận văn bản trên hệ thống điều hành của Tỉnh ủy.",
     req_ref=S004 + "#R3.3", due_on="2021-10-24", deliverable="danh_sach")
task("ht:t-004-r3.3-vp-ubnd", "2021-07-26", CLERK_HT, "ht:vp-ubnd",
     "Bổ sung các hội quần chúng cấp tỉnh vào danh mục gửi, nhận văn bản trên hệ thống thông tin tích hợp điều hành của UBND tỉnh.",
     req_ref=S004 + "#R3.3", due_on="2021-10-24", deliverable="danh_sach")
# the 2021 supervision plans (made in March 2021, loaded with this batch: backfill)
GS_2021 = [  # inspector, planned window, topic
    ("mttq", ("2021-08-01", "2021-10-31"), "thực hiện chính sách hỗ trợ người lao động theo Nghị quyết 68/NQ-CP"),
    ("hoi-lhpn", ("2021-09-01", "2021-11-30"), "thực hiện chính sách tín dụng cho phụ nữ nghèo"),
    ("hoi-nong-dan", ("2021-08-15", "2021-10-15"), "chính sách hỗ trợ nông dân xây dựng nông thôn mới"),
    ("hoi-ccb", ("2021-10-01", "2021-11-30"), "thực hiện chính sách đối với cựu chiến binh"),
    ("tinh-doan", ("2021-09-01", "2021-12-15"), "thực hiện chính sách đối với thanh niên"),
    ("ldld", ("2021-10-01", "2021-12-31"), "thực hiện chế độ bảo hiểm xã hội cho người lao động"),
]
for s, win, topic in GS_2021:
    ev("inspection.planned", "2021-03-15", CLERK_HT,
       {"inspection_id": f"ht:gs-2021-{s}", "inspector": "ht:" + s, "target": "ht:ubnd", "planned_window": list(win)},
       backfill=True)

# ============================================================================================
# 04: Cần Thơ 2004-2021 (seed 003), initial load

batch("04-can-tho-history.ndjson", "2021-08-03T01:00:00.000Z",
      "Initial load of Cần Thơ: register, 17-CT/TW, seed 003 (752-CV/TU, 12/10/2012), Sở Nội vụ officer "
      "assignments (2012, one change in 2019) and the Ban Dân vận annual reports 2012-2020 (2017 late, 2019 missing).",
      initial_load=True)
Y_CT = "2004"   # [ASSUMED] placeholder: Cần Thơ became a centrally governed city in 2004
for slug, name, kind in [
    ("ct:btv-tu", "Ban Thường vụ Thành ủy Cần Thơ", "party_board"),
    ("ct:tt-tu", "Thường trực Thành ủy Cần Thơ", "party_board"),
    ("ct:bdv-tu", "Ban Dân vận Thành ủy Cần Thơ", "party_commission"),
    ("ct:btg-tu", "Ban Tuyên giáo Thành ủy Cần Thơ", "party_commission"),
    ("ct:bcs-ubnd", "Ban cán sự đảng Ủy ban nhân dân thành phố Cần Thơ", "party_board"),
]:
    org(slug, name, kind, "province", CT, Y_CT, LOADER)
org("ct:ubnd", "Ủy ban nhân dân thành phố Cần Thơ", "government", "province", CT, Y_CT, LOADER)
org("ct:so-noi-vu", "Sở Nội vụ thành phố Cần Thơ", "department", "province", CT, Y_CT, LOADER, parent="ct:ubnd")
org("ct:mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Cần Thơ", "ctxh", "province", CT, Y_CT, LOADER)
CT_HQC = ["hoi-chu-thap-do", "hoi-nha-bao", "hoi-luat-gia", "hoi-khuyen-hoc", "hoi-nguoi-cao-tuoi",
          "hoi-nan-nhan-da-cam", "lhh-vhnt", "lhh-khkt"]
HQC_NAME = {s: n for s, n, _ in HQC}
for s in CT_HQC:
    org("ct:" + s, HQC_NAME[s] + " thành phố Cần Thơ", "hqc", "province", CT, Y_CT, LOADER,
        flags={"dac_thu": DAC_THU[s], "giao_nhiem_vu": True})
register_doc("2012-08-28", LOADER, docref(K17, "Chỉ thị", "bbt-tw", "17-CT/TW",
                                          issuer_as_cited="Ban Bí thư (trích yếu của 752-CV/TU); Bộ Chính trị khóa XI (nội dung 752-CV/TU)",
                                          issued_on="2012-08-28",
                                          title="Về tiếp tục đổi mới và tăng cường sự lãnh đạo của Đảng đối với các hội quần chúng"))
R003 = [
    req("R4", "mục 4",
        "Sở Nội vụ phân công cán bộ chuyên trách theo dõi hoạt động của các hội quần chúng và thường xuyên chỉ đạo "
        "kiện toàn tổ chức, bộ máy của các hội quần chúng.",
        "coverage",
        {"universe": {"kind": "hqc", "province": CT, "flags": {"giao_nhiem_vu": True}},
         "relation": {"kind": "monitoring", "role": "can_bo_chuyen_trach"}, "min": 1, "grace": "P90D",
         "require_active_holder": True},
        {"universe": "interpretation", "relation": "text", "min": "interpretation", "grace": "operator_default",
         "require_active_holder": "interpretation"},
        assignees=ids("ct:so-noi-vu")),
    req("R6", "mục 6",
        "Ban Dân vận Thành ủy phối hợp với Ban Tuyên giáo Thành ủy ... đôn đốc, kiểm tra việc thực hiện chỉ thị này, "
        "định kỳ báo cáo Thường trực Thành ủy.",
        "periodic_report",
        {"event_type": "report.submitted", "recipient": "ct:tt-tu", "schedule": "R/2012-01-01/P1Y", "grace": "P15D"},
        {"event_type": "text", "recipient": "text", "schedule": "operator_default", "grace": "operator_default"},
        assignees=ids("ct:bdv-tu"), cooperating=ids("ct:btg-tu"), reports_to="ct:tt-tu"),
]
ev("directive.issued", "2012-10-12", LOADER, {
    "doc": docref(K752, "Công văn", "ct:btv-tu", "752-CV/TU", issuer_as_cited="Thành ủy Cần Thơ (Ban Thường vụ Thành ủy)",
                  issued_on="2012-10-12", signer="Nguyễn Hữu Lợi",
                  title="V/v chỉ đạo thực hiện Chỉ thị số 17-CT/TW của Ban Bí thư"),
    "source_kind": "official_letter",
    "cites": [K17],
    "requirements": R003,
}, source=SEED_SRC["003"])
CT_OFFICERS = {  # [ASSUMED] placeholder names
    "hoi-chu-thap-do": "Nguyễn Văn A", "hoi-nha-bao": "Trần Thị B", "hoi-luat-gia": "Lê Văn C",
    "hoi-khuyen-hoc": "Phạm Thị D", "hoi-nguoi-cao-tuoi": "Hoàng Văn E", "hoi-nan-nhan-da-cam": "Võ Thị G",
    "lhh-vhnt": "Đặng Văn H",
}
for s, who in CT_OFFICERS.items():
    assign(f"ct:a-752-{s}", "2012-12-20", LOADER, "ct:so-noi-vu", "ct:" + s, "can_bo_chuyen_trach", K752, officer=who)
ev("monitoring.revoked", "2019-03-01", LOADER, {"assignment_id": "ct:a-752-hoi-nha-bao",
                                                "reason": "Cán bộ theo dõi nghỉ hưu; phân công cán bộ khác."})
assign("ct:a-752-hoi-nha-bao-2019", "2019-03-01", LOADER, "ct:so-noi-vu", "ct:hoi-nha-bao", "can_bo_chuyen_trach", K752,
       officer="Bùi Thị K")
CT_REPORTS = {2012: "2013-01-10", 2013: "2014-01-09", 2014: "2015-01-12", 2015: "2016-01-08", 2016: "2017-01-11",
              2017: "2018-02-06", 2018: "2019-01-10", 2020: "2021-01-12"}   # 2019: none; 2017: late
for y, d in CT_REPORTS.items():
    report(f"ct:rp-bdv-{y}", d, LOADER, "ct:bdv-tu", "ct:tt-tu", K752 + "#R6", year_period(y),
           summary=f"Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm {y}.")

# ============================================================================================
# 05: Hà Tĩnh, August-October 2021

batch("05-ha-tinh-2021-q3.ndjson", "2021-10-25T02:00:00.000Z",
      "Hà Tĩnh Aug-Oct 2021: recommendations forwarded, two resolved (one reported back); two supervisions; "
      "Tỉnh đoàn's report for task 3.1 (late); VP Tỉnh ủy completes its 3.3 task; a congress appraisal.")
rec_forwarded("ht:kn-2021-01", "2021-08-05", CLERK_HT, "ht:bcs-ubnd", "ht:so-tai-chinh")
rec_forwarded("ht:kn-2021-02", "2021-08-10", CLERK_HT, "ht:bcs-ubnd", "ht:ubnd")
rec_forwarded("ht:kn-2021-03", "2021-08-10", CLERK_HT, "ht:bcs-ubnd", "ht:so-noi-vu")
ev("task.completed", "2021-09-15", CLERK_HT, {"task_id": "ht:t-004-r3.3-vp-tu",
                                              "outcome_vi": "Đã bổ sung 26 hội vào danh mục gửi, nhận văn bản."})
inspect("ht:gs-2021-mttq", "2021-09-20", CLERK_HT, "ht:mttq", "ht:ubnd", "giam_sat", S004 + "#R2.3b",
        ended_on="2021-09-24", rating="kha",
        findings=[{"code": "F1", "text_vi": "Chậm chi trả hỗ trợ cho lao động tự do ở một số huyện.", "severity": "minor"}])
rec_resolved("ht:kn-2021-01", "2021-09-30", CLERK_HT, "ht:so-tai-chinh", "accepted")
inspect("ht:gs-2021-hoi-nong-dan", "2021-10-05", CLERK_HT, "ht:hoi-nong-dan", "ht:ubnd", "giam_sat", S004 + "#R2.3b",
        ended_on="2021-10-08", rating="tot")
report("ht:rp-bcs-kn-2021-01", "2021-10-08", CLERK_HT, "ht:bcs-ubnd", "ht:tt-tu", S004 + "#R3.4",
       about=["ht:kn-2021-01"], summary="Báo cáo kết quả giải quyết kiến nghị của Hội Người cao tuổi tỉnh.")
report("ht:rp-tinh-doan-can-bo-2021", "2021-10-15", CLERK_HT, "ht:tinh-doan", "ht:btc-tu", S004 + "#R3.1",
       about=["ht:t-004-r3.1"], summary="Báo cáo rà soát, đánh giá thực trạng đội ngũ cán bộ Đoàn.")
rec_resolved("ht:kn-2021-03", "2021-10-20", CLERK_HT, "ht:so-noi-vu", "partially")
ev("congress.appraised", "2021-10-20", CLERK_HT, {"org_id": "ht:hoi-nguoi-cao-tuoi", "term": "2021-2026",
                                                  "appraiser": "ht:so-noi-vu", "result": "approved"})

# ============================================================================================
# 06: Hà Tĩnh, October 2021 - February 2022 (recorded weeks late), with 382-TB/TU

batch("06-ha-tinh-2021-q4-late.ndjson", "2022-02-08T02:00:00.000Z",
      "Recorded late (up to 12 weeks): Nov 2021-Jan 2022 in Hà Tĩnh: 382-TB/TU and its 25 monitoring assignments, "
      "a congress, supervisions, Ban Dân vận's 2021-H2 report, the 2021 membership reports, the last 2021 "
      "recommendation answer and report-back; VP UBND completes its 3.3 task (late); Cần Thơ's 2021 report.")
report("ht:rp-bcs-kn-2021-03", "2021-11-12", CLERK_HT, "ht:bcs-ubnd", "ht:tt-tu", S004 + "#R3.4",
       about=["ht:kn-2021-03"], summary="Báo cáo kết quả giải quyết kiến nghị của Tỉnh đoàn về biên chế cán bộ Đoàn.")
inspect("ht:gs-2021-hoi-lhpn", "2021-11-12", CLERK_HT, "ht:hoi-lhpn", "ht:ubnd", "giam_sat", S004 + "#R2.3b",
        ended_on="2021-11-16", rating="kha")
ev("congress.held", "2021-11-25", CLERK_HT, {"org_id": "ht:hoi-nguoi-cao-tuoi", "congress_no": 6, "term": "2021-2026",
                                             "next_due": "2026-11-25", "elected_head": "Nguyễn Văn A"})
ev("leadership.changed", "2021-11-25", CLERK_HT, {"org_id": "ht:hoi-nguoi-cao-tuoi", "position": "chu_tich",
                                                  "person_name": "Nguyễn Văn A", "change": "elected"})
register_doc("2021-12-03", CLERK_HT, docref(K382, "Thông báo", "ht:btv-tu", "382-TB/TU",
                                            issuer_as_cited="Ban Thường vụ Tỉnh ủy", issued_on="2021-12-03",
                                            title="Về phân công theo dõi, tham mưu chỉ đạo một số hội trên địa bàn tỉnh"),
             summary="Danh sách hội và cơ quan được phân công theo dõi (seed 000, chú thích 1). Tỉnh: giả định Hà Tĩnh.",
             note="ASSUMED: seed 000 does not name its province; this sample places it (and 382-TB/TU) in Hà Tĩnh")
MONITOR_382 = {
    "ht:bdv-tu": ["hoi-chu-thap-do", "hoi-nguoi-cao-tuoi", "hoi-cuu-tnxp", "hoi-khuyen-hoc", "hoi-nguoi-mu",
                  "hoi-bao-tro-nkt-tmc", "hoi-nan-nhan-da-cam", "hoi-dong-y", "hoi-y-hoc", "lien-minh-htx",
                  "hoi-lam-vuon", "hoi-sinh-vien", "hoi-cham-cuu", "hoi-nguoi-khuyet-tat", "hoi-cuu-tu-chinh-tri",
                  "hoi-ke-hoach-hoa-gia-dinh", "hoi-truyen-thong-truong-son"],
    "ht:btg-tu": ["lhh-khkt", "lhh-vhnt", "lh-huu-nghi", "hoi-nha-bao", "hoi-kien-truc-su"],
    "ht:bnc-tu": ["hoi-luat-gia", "doan-luat-su", "hoi-cuu-cand"],
}
for mon, targets in MONITOR_382.items():
    for s in targets:
        assign(f"ht:a-382-{s}", "2021-12-03", CLERK_HT, mon, "ht:" + s, "theo_doi", K382)
inspect("ht:gs-2021-tinh-doan", "2021-12-10", CLERK_HT, "ht:tinh-doan", "ht:ubnd", "giam_sat", S004 + "#R2.3b",
        ended_on="2021-12-14", rating="kha")
ev("congress.appraised", "2022-01-10", CLERK_HT, {"org_id": "ht:hoi-luat-gia", "term": "2022-2027",
                                                  "appraiser": "ht:so-noi-vu", "result": "approved"})
rec_resolved("ht:kn-2021-02", "2022-01-10", CLERK_HT, "ht:ubnd", "explained")
ev("task.completed", "2022-01-20", CLERK_HT, {"task_id": "ht:t-004-r3.3-vp-ubnd",
                                              "outcome_vi": "Đã bổ sung các hội vào danh mục trên hệ thống thông tin tích hợp điều hành của tỉnh."})
report("ht:rp-bdv-2021-h2", "2022-01-10", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2021, 2),
       summary="Báo cáo tình hình hoạt động của MTTQ, các đoàn thể và hội quần chúng 6 tháng cuối năm 2021.")
report("ct:rp-bdv-2021", "2022-01-11", CLERK_CT, "ct:bdv-tu", "ct:tt-tu", K752 + "#R6", year_period(2021),
       summary="Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm 2021.")

# membership reports (R2.3a): [ASSUMED] figures, Hà Tĩnh
HT_MEMBERS = {   # org: {year: (eligible, members)}
    "tinh-doan": {2021: (152000, 101300), 2022: (150500, 99800), 2023: (149000, 98900), 2024: (147800, 97600),
                  2025: (146000, 96900)},
    "hoi-lhpn": {2021: (398000, 252400), 2022: (399500, 255100), 2023: (401000, 258300), 2024: (402200, 260900),
                 2025: (403000, 262500)},
    "hoi-nong-dan": {2021: (231000, 163200), 2022: (229500, 164100), 2023: (228000, 165000), 2024: (226500, 165800),
                     2025: (225000, 166200)},
    "hoi-ccb": {2021: (47800, 45100), 2022: (47300, 44800), 2023: (46900, 44500), 2024: (46400, 44000),
                2025: (45900, 43600)},
    "ldld": {2021: (98000, 71200), 2022: (99500, 72300), 2023: (101000, 73800), 2024: (102500, 74900),
             2025: (103800, 76100)},
}
HT_MEMBER_REPORT_DATES = {  # year -> {org: report date}; missing = no report; see README
    2021: {"tinh-doan": "2022-01-14", "hoi-lhpn": "2022-01-12", "hoi-nong-dan": "2022-01-18", "hoi-ccb": "2022-01-20",
           "ldld": "2022-01-25"},
    2022: {"tinh-doan": "2023-01-13", "hoi-lhpn": "2023-01-11", "hoi-nong-dan": "2023-01-17", "hoi-ccb": "2023-02-24",
           "ldld": "2023-01-27"},
    2023: {"tinh-doan": "2024-01-12", "hoi-lhpn": "2024-01-10", "hoi-nong-dan": "2024-01-16", "hoi-ccb": "2024-01-19"},
    2024: {"tinh-doan": "2025-02-20", "hoi-lhpn": "2025-01-10", "hoi-nong-dan": "2025-01-15", "hoi-ccb": "2025-01-17",
           "ldld": "2025-01-24"},
    2025: {"tinh-doan": "2026-01-13", "hoi-lhpn": "2026-01-09", "hoi-nong-dan": "2026-01-15", "hoi-ccb": "2026-01-16",
           "ldld": "2026-01-23"},
}


def ht_member_report(year, s, recipient, eid=None, dup_eid=None):
    d = HT_MEMBER_REPORT_DATES[year][s]
    elig, mem = HT_MEMBERS[s][year]
    rid = f"ht:rp-sl-{s}-{year}"
    payload_args = dict(req_ref=S004 + "#R2.3a", period=year_period(year),
                        metrics={"members": mem, "eligible": elig},
                        summary=f"Báo cáo số lượng đoàn viên, hội viên năm {year}.")
    report(rid, d, "ht:" + s, "ht:" + s, recipient, eid=eid, **payload_args)
    membership(d, "ht:" + s, "ht:" + s, f"{year}-12-31", mem, eligible=elig, rid=rid)
    if dup_eid:
        # The figure entered a second time (a report is recorded once: append refuses its id again).
        membership(d, "ht:" + s, "ht:" + s, f"{year}-12-31", mem, eligible=elig, rid=rid, eid=dup_eid)


for s in CTXH_MEMBERS:
    ht_member_report(2021, s, "ht:bdv-tu")

# ============================================================================================
# 07: March 2022: the breach

batch("07-ha-tinh-2022-03.ndjson", "2022-03-22T02:00:00.000Z",
      "March 2022: the Liên đoàn Lao động supervision planned for Q4 2021 is carried out late; a congress appraisal "
      "returned; Hội Người mù merged into Hội Bảo trợ NKT&TMC during the suspension of seed 004 (a breach, recorded as fact).")
ev("congress.appraised", "2022-03-01", CLERK_HT, {"org_id": "ht:hoi-chu-thap-do", "term": "2022-2027",
                                                  "appraiser": "ht:so-noi-vu", "result": "returned"})
inspect("ht:gs-2021-ldld", "2022-03-08", CLERK_HT, "ht:ldld", "ht:ubnd", "giam_sat", S004 + "#R2.3b",
        ended_on="2022-03-11", rating="trung_binh")
ev("organization.merged", "2022-03-15", CLERK_HT, {
    "sources": ["ht:hoi-nguoi-mu"], "into": "ht:hoi-bao-tro-nkt-tmc", "mode": "sap_nhap",
    "basis": docref("ht:ubnd|812/QĐ-UBND|2022", "Quyết định", "ht:ubnd", "812/QĐ-UBND", issued_on="2022-03-10",
                    title=HYP + "Về việc sáp nhập Hội Người mù tỉnh vào Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh"),
}, eid=EID_HT_BREACH, note="HYPOTHETICAL: a merger of a hội đặc thù inside the seed-004 suspension window")

# ============================================================================================
# 08: April-July 2022: congresses

batch("08-ha-tinh-2022-q2.ndjson", "2022-07-12T02:00:00.000Z",
      "Apr-Jul 2022: congresses of Hội Chữ thập đỏ and Hội Nhà báo after approved appraisals; Ban Dân vận's 2022-H1 report.")
ev("congress.appraised", "2022-04-15", CLERK_HT, {"org_id": "ht:hoi-chu-thap-do", "term": "2022-2027",
                                                  "appraiser": "ht:so-noi-vu", "result": "approved"})
ev("congress.appraised", "2022-05-10", CLERK_HT, {"org_id": "ht:hoi-nha-bao", "term": "2022-2027",
                                                  "appraiser": "ht:so-noi-vu", "result": "approved"})
ev("congress.held", "2022-05-20", CLERK_HT, {"org_id": "ht:hoi-chu-thap-do", "congress_no": 10, "term": "2022-2027",
                                             "next_due": "2027-05-20", "elected_head": "Trần Thị B"})
ev("leadership.changed", "2022-05-20", CLERK_HT, {"org_id": "ht:hoi-chu-thap-do", "position": "chu_tich",
                                                  "person_name": "Trần Thị B", "change": "elected"})
ev("congress.held", "2022-06-18", CLERK_HT, {"org_id": "ht:hoi-nha-bao", "congress_no": 8, "term": "2022-2027",
                                             "next_due": "2027-06-18", "elected_head": "Lê Văn C"})
report("ht:rp-bdv-2022-h1", "2022-07-08", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2022, 1),
       summary="Báo cáo 6 tháng đầu năm 2022.")

# ============================================================================================
# 09: August-November 2022

batch("09-ha-tinh-2022-q3.ndjson", "2022-09-25T02:00:00.000Z",
      "Aug-Sep 2022: Hội Châm cứu suspended for three months; Hội Luật gia's congress eight months after its appraisal.")
ev("organization.suspended", "2022-08-15", CLERK_HT, {
    "org_id": "ht:hoi-cham-cuu", "until": "2022-11-15",
    "basis": docref("ht:ubnd|1950/QĐ-UBND|2022", "Quyết định", "ht:ubnd", "1950/QĐ-UBND", issued_on="2022-08-12",
                    title=HYP + "Về việc đình chỉ có thời hạn hoạt động của Hội Châm cứu tỉnh")})
ev("congress.held", "2022-09-20", CLERK_HT, {"org_id": "ht:hoi-luat-gia", "congress_no": 7, "term": "2022-2027",
                                             "next_due": "2027-09-20", "elected_head": "Phạm Thị D"})
# ============================================================================================
# 10: January 2023, recorded 3 February (S1-style late recording)

batch("10-ha-tinh-2023-01-late.ndjson", "2023-02-03T02:00:00.000Z",
      "Nov 2022-Jan 2023, recorded on 3 Feb: Hội Châm cứu reinstated; Ban Dân vận's 2022-H2 report (on time, dated 10 Jan, recorded 24 days late), "
      "four 2022 membership reports (Hội LHPN's figure entered twice: retracted in batch 30), Cần Thơ's 2022 report.")
ev("organization.reinstated", "2022-11-16", CLERK_HT, {
    "org_id": "ht:hoi-cham-cuu",
    "basis": docref("ht:ubnd|2870/QĐ-UBND|2022", "Quyết định", "ht:ubnd", "2870/QĐ-UBND", issued_on="2022-11-16",
                    title=HYP + "Về việc cho Hội Châm cứu tỉnh hoạt động trở lại")})
ct_2022 = report("ct:rp-bdv-2022", "2023-01-09", CLERK_CT, "ct:bdv-tu", "ct:tt-tu", K752 + "#R6", year_period(2022),
                 summary="Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm 2022.")
report("ht:rp-bdv-2022-h2", "2023-01-10", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2022, 2),
       summary="Báo cáo 6 tháng cuối năm 2022.")
for s in ["tinh-doan", "hoi-lhpn", "hoi-nong-dan", "ldld"]:
    if s == "hoi-lhpn":
        ht_member_report(2022, s, "ht:bdv-tu", eid=EID_HT_LHPN_2022, dup_eid=EID_HT_LHPN_2022_DUP)
    else:
        ht_member_report(2022, s, "ht:bdv-tu")

# ============================================================================================
# 11: February-May 2023

batch("11-ha-tinh-2023-h1.ndjson", "2023-05-22T02:00:00.000Z",
      "Feb-May 2023: Hội CCB's 2022 membership report (late); Hội Làm vườn renamed.")
ht_member_report(2022, "hoi-ccb", "ht:bdv-tu")
ev("organization.renamed", "2023-05-20", CLERK_HT, {
    "org_id": "ht:hoi-lam-vuon", "new_name_vi": "Hội Làm vườn và Trang trại tỉnh Hà Tĩnh",
    "basis": docref("ht:ubnd|1320/QĐ-UBND|2023", "Quyết định", "ht:ubnd", "1320/QĐ-UBND", issued_on="2023-05-18",
                    title=HYP + "Về việc phê duyệt Điều lệ (sửa đổi, bổ sung) và đổi tên Hội Làm vườn tỉnh")})

# ============================================================================================
# 12: seed 000

batch("12-seed-000.ndjson", "2023-09-20T01:00:00.000Z",
      "Jul-Sep 2023 and seed 000 (Công văn of the Hà Tĩnh BTV implementing 118-QĐ/TW; province ASSUMED): "
      "Hội Khuyến học's congress without appraisal, Ban Dân vận's late 2023-H1 report, the documents seed 000 cites, "
      "the directive (7 requirements) and the đề án task.")
ev("congress.held", "2023-07-15", CLERK_HT, {"org_id": "ht:hoi-khuyen-hoc", "congress_no": 5, "term": "2023-2028",
                                             "next_due": "2028-07-15", "elected_head": "Hoàng Văn E"})
ev("leadership.changed", "2023-07-15", CLERK_HT, {"org_id": "ht:hoi-khuyen-hoc", "position": "chu_tich",
                                                  "person_name": "Hoàng Văn E", "change": "elected"})
report("ht:rp-bdv-2023-h1", "2023-08-05", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2023, 1),
       summary="Báo cáo 6 tháng đầu năm 2023 (gửi muộn).")
register_doc("2014-09-22", CLERK_HT, docref(K102, "Kết luận", "bct-tw", "102-KL/TW", issuer_as_cited="Bộ Chính trị khóa XI",
                                            title="Về hội quần chúng trong tình hình mới"),
             summary="Seed 000 không ghi ngày ban hành; năm 2014 trong doc_key là thông tin chưa kiểm chứng [U].")
register_doc("2020-01-02", CLERK_HT, docref(K158, "Thông báo", "bbt-tw", "158-TB/TW",
                                            issuer_as_cited="Ban Bí thư Trung ương Đảng", issued_on="2020-01-02",
                                            title="Về tiếp tục thực hiện Kết luận số 102-KL/TW của Bộ Chính trị khóa XI về hội quần chúng trong tình hình mới"),
             cites=[K102])
register_doc("2023-08-22", CLERK_HT, docref(K118, "Quyết định", "bbt-tw", "118-QĐ/TW",
                                            issuer_as_cited="Ban Bí thư Trung ương Đảng", issued_on="2023-08-22",
                                            title="Về ban hành Quy chế tổ chức và hoạt động của hội quần chúng do Đảng, Nhà nước giao nhiệm vụ ở Trung ương"))
R000 = [
    req("R1a", "mục 1, gạch đầu dòng 1",
        "Tăng cường tuyên truyền, quán triệt các quan điểm, chủ trương, quy định của Đảng về ... các hội quần chúng do "
        "Đảng, Nhà nước giao nhiệm vụ (Quyết định 118-QĐ/TW; Thông báo 158-TB/TW).",
        "coverage",
        {"universe": {"kind": "party_committee", "level": "district", "province": HT},
         "relation": {"kind": "dissemination", "doc_key": K118}, "grace": "P60D", "over_interval": True},
        {"universe": "text", "relation": "interpretation", "grace": "operator_default", "over_interval": "interpretation"}),
    req("R1b", "mục 1, gạch đầu dòng 2",
        "Tiếp tục thực hiện có hiệu quả Thông báo số 382-TB/TU ...; thường xuyên chỉ đạo, định hướng, kiểm tra hoạt "
        "động của hội quần chúng được phân công theo dõi.",
        "recurring_inspection",
        {"inspector": "monitor_of_target", "targets": "all_monitored", "kinds": ["kiem_tra", "giam_sat", "lam_viec"],
         "mode": "rolling", "max_gap": "P1Y", "grace": "P30D"},
        {"inspector": "text", "targets": "text", "kinds": "interpretation", "mode": "interpretation",
         "max_gap": "operator_default", "grace": "operator_default"}),
    req("R1c", "mục 1, gạch đầu dòng 2",
        "Kịp thời báo cáo tình hình hoạt động, kiến nghị giải quyết các khó khăn, vướng mắc, bất cập trong hoạt động "
        "của các hội (huyện ủy, thành ủy: theo yêu cầu của Ban Thường vụ Tỉnh ủy).",
        "one_off_task",
        {"due_within": "P60D", "completion": "report.submitted"},
        {"due_within": "operator_default", "completion": "interpretation"},
        assignees={"kind": "party_committee", "level": "district", "province": HT}, reports_to="ht:btv-tu"),
    req("R1d", "mục 1, gạch đầu dòng 2 và chú thích 1",
        "Các hội quần chúng theo danh sách tại Thông báo số 382-TB/TU đều có cơ quan được phân công theo dõi.",
        "coverage",
        {"universe": {"kind": "hqc", "province": HT, "flags": {"giao_nhiem_vu": True}},
         "relation": {"kind": "monitoring", "role": "theo_doi"}, "min": 1, "grace": "P30D",
         "require_active_holder": True},
        {"universe": "text", "relation": "text", "min": "interpretation", "grace": "operator_default",
         "require_active_holder": "interpretation"},
        successor_policy="follow"),
    req("R2b", "mục 2, gạch đầu dòng 2",
        "Ban cán sự đảng UBND tỉnh chủ trì, phối hợp với Ban Tổ chức Tỉnh ủy ... rà soát, xây dựng đề án sắp xếp các tổ "
        "chức hội theo hướng sáp nhập các hội có tính chất, nội dung hoạt động tương đồng.",
        "one_off_task",
        {"due_within": "P1Y", "completion": "task.completed", "deliverable_types": ["ĐA"]},
        {"due_within": "operator_default", "completion": "interpretation", "deliverable_types": "text"},
        assignees=ids("ht:bcs-ubnd"), cooperating=ids("ht:btc-tu")),
    req("R3", "mục 3, gạch đầu dòng 1",
        "Ban Tổ chức Tỉnh ủy rà soát, hướng dẫn việc thành lập tổ chức đảng ... trong các hội quần chúng được Đảng và "
        "Nhà nước giao nhiệm vụ.",
        "one_off_task",
        {"completion": "task.completed"},
        "text",
        assignees=ids("ht:btc-tu")),
    req("R5", "mục 5",
        "Giao Ban Dân vận Tỉnh ủy theo dõi, đôn đốc, kiểm tra việc thực hiện Công văn này; ... báo cáo kết quả thực "
        "hiện theo yêu cầu của Trung ương và Ban Thường vụ Tỉnh ủy.",
        "one_off_task",
        {"due_within": "P30D", "completion": "report.submitted"},
        {"due_within": "operator_default", "completion": "text"},
        assignees=ids("ht:bdv-tu"), reports_to="ht:btv-tu"),
]
ev("directive.issued", "2023-09-15", CLERK_HT, {
    "doc": docref(S000, "Công văn", "ht:btv-tu", None, type_abbr="CV", issuer_as_cited="Ban Thường vụ Tỉnh ủy",
                  issued_on_not_before="2023-08-22", signer="Nguyễn Văn Hòa", signing_mode="TM",
                  title="V/v triển khai thực hiện Quyết định số 118-QĐ/TW, ngày 22-8-2023 của Ban Bí thư Trung ương "
                        "Đảng về tổ chức và hoạt động của hội quần chúng"),
    "source_kind": "official_letter",
    "effective_from": "2023-09-15",
    "cites": [K118, K158, K102, K382],
    "requirements": R000,
}, source=SEED_SRC["000"], note="ASSUMED: province Hà Tĩnh and date 2023-09-15 (the seed gives neither)")
task("ht:t-000-r2b", "2023-09-15", CLERK_HT, "ht:bcs-ubnd",
     "Chủ trì xây dựng đề án sắp xếp các tổ chức hội theo hướng sáp nhập các hội có tính chất, nội dung hoạt động tương đồng.",
     req_ref=S000 + "#R2b", due_within="P1Y", deliverable="de_an")

# ============================================================================================
# 13: October 2023: dissemination of 118-QĐ/TW in the districts

batch("13-ha-tinh-2023-10.ndjson", "2023-11-06T02:00:00.000Z",
      "October 2023: two of the three district committees study 118-QĐ/TW (seed 000 R1a).")
disseminated("2023-10-05", "ht:hu-can-loc", "ht:hu-can-loc", K118, "quan_triet", 412)
disseminated("2023-10-20", "ht:tu-tp-ha-tinh", "ht:tu-tp-ha-tinh", K118, "quan_triet", 538)

# ============================================================================================
# 14: Quảng Trị and seed 002

batch("14-quang-tri-seed-002.ndjson", "2023-12-05T02:00:00.000Z",
      "Quảng Trị register (initial load), the congress resolutions seed 002 cites, the 1/12/2023 provincial "
      "briefing, the four recommendations summarised there, and seed 002 (news item, source_kind news_report).")
Y_QT = "1989"   # [ASSUMED] placeholder: Quảng Trị re-established in 1989
org("qt:bch-tu", "Ban Chấp hành Đảng bộ tỉnh Quảng Trị", "party_committee", "province", QT, Y_QT, LOADER, backfill=True)
for slug, name, kind, parent in [
    ("qt:btv-tu", "Ban Thường vụ Tỉnh ủy Quảng Trị", "party_board", "qt:bch-tu"),
    ("qt:tt-tu", "Thường trực Tỉnh ủy Quảng Trị", "party_board", "qt:bch-tu"),
    ("qt:bdv-tu", "Ban Dân vận Tỉnh ủy Quảng Trị", "party_commission", "qt:bch-tu"),
    ("qt:ubnd", "Ủy ban nhân dân tỉnh Quảng Trị", "government", None),
    ("qt:so-noi-vu", "Sở Nội vụ tỉnh Quảng Trị", "department", "qt:ubnd"),
    ("qt:so-tai-chinh", "Sở Tài chính tỉnh Quảng Trị", "department", "qt:ubnd"),
    ("qt:so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Trị", "department", "qt:ubnd"),
    ("qt:so-y-te", "Sở Y tế tỉnh Quảng Trị", "department", "qt:ubnd"),
    ("qt:cong-ttdt", "Cổng Thông tin điện tử tỉnh Quảng Trị", "other", "qt:ubnd"),
]:
    org(slug, name, kind, "province", QT, Y_QT, LOADER, parent=parent, backfill=True)
QT_HQC = ["hoi-chu-thap-do", "hoi-nguoi-mu", "hoi-khuyen-hoc", "hoi-dong-y", "hoi-nguoi-cao-tuoi", "hoi-nan-nhan-da-cam"]
for s in QT_HQC:
    org("qt:" + s, HQC_NAME[s] + " tỉnh Quảng Trị", "hqc", "province", QT, Y_QT, LOADER,
        flags={"dac_thu": DAC_THU[s], "giao_nhiem_vu": True}, backfill=True)
register_doc("2020-10-01", LOADER, docref(KQT17, "Nghị quyết Đại hội", "qt:bch-tu", None, type_abbr="NQ",
                                          issuer_as_cited="Đại hội XVII Đảng bộ tỉnh", issued_on_not_before="2020-10-01",
                                          title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025"),
             summary="Không có số trong văn bản trích dẫn; ngày là cận dưới chưa kiểm chứng [U].")
register_doc("2021-02-01", LOADER, docref(KXIII, "Nghị quyết Đại hội", "bch-tw", None, type_abbr="NQ",
                                          issuer_as_cited="Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
                                          issued_on="2021-02-01",
                                          title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
             summary="Không có số trong văn bản trích dẫn.")
QT_PART = ["qt:bdv-tu", "qt:ubnd", "qt:so-noi-vu", "qt:so-tai-chinh", "qt:so-ldtbxh", "qt:so-y-te"] + \
          ["qt:" + s for s in QT_HQC]
meeting("qt:m-2023-12-01", "2023-12-01T08:00+07:00", CLERK_QT, "qt:tt-tu", QT_PART, "giao_ban",
        period=year_period(2023))
rec_filed("qt:kn-2023-01", "2023-12-01", CLERK_QT, "qt:hoi-nguoi-mu", "qt:so-ldtbxh",
          "Đề nghị hỗ trợ kinh phí dạy nghề, tạo việc làm cho hội viên người mù.", "giao_ban", "qt:m-2023-12-01")
rec_filed("qt:kn-2023-02", "2023-12-01", CLERK_QT, "qt:hoi-dong-y", "qt:so-noi-vu",
          "Đề nghị hướng dẫn thủ tục cấp chứng chỉ hành nghề cho lương y là hội viên.", "giao_ban", "qt:m-2023-12-01")
rec_filed("qt:kn-2023-03", "2023-12-01", CLERK_QT, "qt:hoi-chu-thap-do", "qt:so-tai-chinh",
          "Đề nghị bố trí kinh phí hoạt động nhân đạo, cứu trợ năm 2024.", "giao_ban", "qt:m-2023-12-01")
rec_filed("qt:kn-2023-04", "2023-12-01", CLERK_QT, "qt:hoi-khuyen-hoc", "qt:so-noi-vu",
          "Đề nghị giao chỉ tiêu hợp đồng lao động cho văn phòng Hội Khuyến học tỉnh.", "giao_ban", "qt:m-2023-12-01")
R002 = [
    req("R1", "đoạn 1",
        "Tỉnh ủy tổ chức hội nghị giao ban công tác hội quần chúng cấp tỉnh năm 2023, định hướng nhiệm vụ năm 2024 "
        "(thực tiễn giao ban hằng năm, suy ra từ tin bài).",
        "periodic_report",
        {"event_type": "meeting.held", "participants": ["qt:bdv-tu"], "schedule": "R2/2023-01-01/P1Y",
         "grace": "P15D"},
        {"event_type": "text", "participants": "text", "schedule": "interpretation", "grace": "operator_default"},
        assignees=ids("qt:tt-tu"), cooperating=ids("qt:bdv-tu")),
    req("R2", "đoạn 7 và 9",
        "Các sở, ngành, đơn vị liên quan tiếp thu, nghiên cứu, tham mưu cấp có thẩm quyền giải quyết các kiến nghị, "
        "đề xuất của các Hội (báo cáo tổng hợp kiến nghị của các hội năm 2023).",
        "response_within",
        {"trigger": {"type": "recommendation.filed", "meeting_id": "qt:m-2023-12-01"},
         "responsible": {"kind": "department", "province": QT}, "within": "P90D"},
        {"trigger": "text", "responsible": "text", "within": "operator_default"}),
]
ev("directive.issued", "2023-12-02T08:52+07:00", CLERK_QT, {
    "doc": docref(S002, "Tin bài trên Cổng Thông tin điện tử tỉnh", "qt:cong-ttdt", None, style="other",
                  issuer_as_cited="Cổng TTĐT", issued_on="2023-12-02",
                  title="Giao ban công tác hội quần chúng cấp tỉnh"),
    "source_kind": "news_report",
    "effective_from": "2023-12-01",
    "cites": [KXIII, KQT17],
    "requirements": R002,
}, source=SEED_SRC["002"], note="ASSUMED: province Quảng Trị (inferred from the names in the article)")

# ============================================================================================
# 15: January-February 2024

batch("15-2024-01.ndjson", "2024-02-10T02:00:00.000Z",
      "Dec 2023-Feb 2024: a Quảng Trị recommendation forwarded and one resolved; Ban Dân vận's 2023-H2 report; "
      "four of five 2023 membership reports (Liên đoàn Lao động never reports); Hương Sơn studies 118-QĐ/TW, "
      "months after the others; Cần Thơ's 2023 report.")
rec_forwarded("qt:kn-2023-02", "2023-12-15", CLERK_QT, "qt:so-noi-vu", "qt:so-y-te")
report("ct:rp-bdv-2023", "2024-01-10", CLERK_CT, "ct:bdv-tu", "ct:tt-tu", K752 + "#R6", year_period(2023),
       summary="Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm 2023.")
report("ht:rp-bdv-2023-h2", "2024-01-12", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2023, 2),
       summary="Báo cáo 6 tháng cuối năm 2023.")
for s in ["tinh-doan", "hoi-lhpn", "hoi-nong-dan", "hoi-ccb"]:
    ht_member_report(2023, s, "ht:bdv-tu")
rec_resolved("qt:kn-2023-01", "2024-01-25", CLERK_QT, "qt:so-ldtbxh", "accepted")
disseminated("2024-01-25", "ht:hu-huong-son", "ht:hu-huong-son", K118, "quan_triet", 367)

# ============================================================================================
# 16: February-March 2024

batch("16-2024-04.ndjson", "2024-04-12T02:00:00.000Z",
      "Feb-Apr 2024: Ban Tổ chức's task under seed 000 R3; two Quảng Trị recommendations answered (one late); a new "
      "association enters the register (coverage grace starts); first inspections under seed 000 R1b.")
task("ht:t-000-r3", "2024-02-20", CLERK_HT, "ht:btc-tu",
     "Rà soát, hướng dẫn việc thành lập tổ chức đảng trong các hội quần chúng được giao nhiệm vụ.",
     req_ref=S000 + "#R3", deliverable="huong_dan")
rec_resolved("qt:kn-2023-03", "2024-02-28", CLERK_QT, "qt:so-tai-chinh", "partially")
org("ht:hoi-bao-ve-quyen-tre-em", "Hội Bảo vệ quyền trẻ em tỉnh Hà Tĩnh", "hqc", "province", HT, "2024-03-01", CLERK_HT,
    flags={"dac_thu": False, "giao_nhiem_vu": True})
inspect("ht:kt-2024-hoi-chu-thap-do", "2024-03-12", CLERK_HT_DV, "ht:bdv-tu", "ht:hoi-chu-thap-do", "kiem_tra",
        S000 + "#R1b", rating="kha")
rec_resolved("qt:kn-2023-02", "2024-03-20", CLERK_QT, "qt:so-y-te", "explained")
r1b("hoi-nguoi-cao-tuoi", "2024-04-09", "ht:bdv-tu")

# ============================================================================================
# 17: April-July 2024

batch("17-2024-07.ndjson", "2024-07-20T02:00:00.000Z",
      "Apr-Jul 2024: inspections under seed 000 R1b; the new association gets its monitor (after the 30-day grace); "
      "Ban Dân vận's 2024-H1 report.")
for t, d, m in R1B_2024:
    if d <= "2024-06-14":
        r1b(t, d, m, kind="lam_viec" if t in ("hoi-nha-bao", "hoi-luat-gia") else "kiem_tra")
assign("ht:a-382-hoi-bao-ve-quyen-tre-em", "2024-06-15", CLERK_HT, "ht:bdv-tu", "ht:hoi-bao-ve-quyen-tre-em", "theo_doi",
       docref("ht:btv-tu|1120-TB/TU|2024", "Thông báo", "ht:btv-tu", "1120-TB/TU", issued_on="2024-06-12",
              title=HYP + "Về bổ sung phân công theo dõi, tham mưu chỉ đạo hội trên địa bàn tỉnh"))
for t, d, m in R1B_2024:
    if "2024-06-15" <= d <= "2024-07-16":
        r1b(t, d, m)
report("ht:rp-bdv-2024-h1", "2024-07-10", CLERK_HT_DV, "ht:bdv-tu", "ht:tt-tu", S004 + "#R4", half(2024, 1),
       summary="Báo cáo 6 tháng đầu năm 2024.")

# ============================================================================================
# 18: August-November 2024

batch("18-2024-09.ndjson", "2024-09-30T02:00:00.000Z",
      "Aug-Sep 2024: R1b inspections; Ban Dân vận's on-request report (seed 000 R5, on time).")
task("ht:t-000-r5-2024", "2024-09-05", CLERK_HT, "ht:bdv-tu",
     "Báo cáo sơ kết 01 năm thực hiện Công văn triển khai Quyết định 118-QĐ/TW.",
     req_ref=S000 + "#R5", reports_to="ht:btv-tu", due_within="P30D", deliverable="bao_cao")
report("ht:rp-bdv-so-ket-118-2024", "2024-09-27", CLERK_HT_DV, "ht:bdv-tu", "ht:btv-tu", S000 + "#R5",
       about=["ht:t-000-r5-2024"], summary="Báo cáo sơ kết 01 năm thực hiện Công văn.")
for t, d, m in R1B_2024:
    if "2024-07-17" <= d <= "2024-09-30":
        r1b(t, d, m)

batch("19-2024-11.ndjson", "2024-12-10T02:00:00.000Z",
      "Oct-Nov 2024: R1b inspections; the đề án of seed 000 R2b delivered two months late.")
for t, d, m in R1B_2024:
    if d > "2024-09-30":
        r1b(t, d, m)
register_doc("2024-11-20", "ht:ubnd", docref(KH_DEAN, "Đề án", "ht:ubnd", "04/ĐA-UBND", issued_on="2024-11-20",
                                             title=HYP + "Đề án sắp xếp các tổ chức hội có tính chất, nội dung hoạt động tương đồng trên địa bàn tỉnh"),
             note="HYPOTHETICAL document (deliverable of seed 000 R2b)")
ev("task.completed", "2024-11-20", CLERK_HT, {"task_id": "ht:t-000-r2b", "evidence": KH_DEAN,
                                              "outcome_vi": "Đề án đã trình Ban Thường vụ Tỉnh ủy."})

# ============================================================================================
# 19: December 2024 - February 2025

batch("20-2025-02.ndjson", "2025-02-27T02:00:00.000Z",
      "Jan-Feb 2025: 2024 membership reports (Tỉnh đoàn late), Cần Thơ's 2024 report, Quảng Trị's 2024 briefing held "
      "late (January 2025); no 2024-H2 report from Ban Dân vận; the reorganisation plan; Ban Tổ chức's task cancelled.")
report("ct:rp-bdv-2024", "2025-01-10", CLERK_CT, "ct:bdv-tu", "ct:tt-tu", K752 + "#R6", year_period(2024),
       summary="Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm 2024.")
for s in ["hoi-lhpn", "hoi-nong-dan", "hoi-ccb", "ldld", "tinh-doan"]:
    ht_member_report(2024, s, "ht:bdv-tu")
meeting("qt:m-2025-01-22", "2025-01-22T08:00+07:00", CLERK_QT, "qt:tt-tu", QT_PART, "giao_ban", req_ref=S002 + "#R1",
        period=year_period(2024))
register_doc("2025-02-20", CLERK_HT, docref(KH_REORG, "Kế hoạch", "ht:btv-tu", "45-KH/TU", issued_on="2025-02-20",
                                            title=HYP + "Kế hoạch sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị tỉnh"),
             note="HYPOTHETICAL document (basis of the 2025 reorganisation events)")
ev("task.cancelled", "2025-02-25", CLERK_HT, {"task_id": "ht:t-000-r3", "basis": KH_REORG,
                                              "reason_vi": "Dừng để thực hiện theo kế hoạch sắp xếp tổ chức bộ máy."})

# ============================================================================================
# 20: the 2025 reorganisation (Party commissions)

batch("21-reorganisation-2025-03.ndjson", "2025-03-05T02:00:00.000Z",
      "1 March 2025: Ban Dân vận + Ban Tuyên giáo -> Ban Tuyên giáo và Dân vận (hop_nhat, new body registered first) "
      "in Hà Tĩnh and in Cần Thơ; Ban cán sự đảng UBND ends, Đảng ủy UBND tỉnh designated successor; Sở LĐ-TB&XH "
      "absorbed by Sở Nội vụ; Đảng ủy Khối dissolved.")
org("ht:btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh", "party_commission", "province", HT, "2025-03-01",
    CLERK_HT, parent="ht:bch-tu", basis=KH_REORG)
ev("organization.merged", "2025-03-01", CLERK_HT, {"sources": ["ht:bdv-tu", "ht:btg-tu"], "into": "ht:btgdv-tu",
                                                   "mode": "hop_nhat", "basis": KH_REORG, "obligation_transfer": "all"})
org("ht:du-ubnd", "Đảng ủy Ủy ban nhân dân tỉnh Hà Tĩnh", "party_committee", "province", HT, "2025-03-01", CLERK_HT,
    parent="ht:bch-tu", basis=KH_REORG)
ev("organization.dissolved", "2025-03-01", CLERK_HT, {"org_id": "ht:bcs-ubnd", "basis": KH_REORG})
ev("successor.designated", "2025-03-01", CLERK_HT, {"predecessor": "ht:bcs-ubnd", "successor": "ht:du-ubnd",
                                                    "scope": "all", "basis": KH_REORG})
ev("organization.merged", "2025-03-01", CLERK_HT, {"sources": ["ht:so-ldtbxh"], "into": "ht:so-noi-vu",
                                                   "mode": "sap_nhap", "basis": KH_REORG})
ev("organization.dissolved", "2025-03-01", CLERK_HT, {"org_id": "ht:duk-tinh", "basis": KH_REORG})
org("ct:btgdv-tu", "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ", "party_commission", "province", CT, "2025-03-01",
    CLERK_CT)
ev("organization.merged", "2025-03-01", CLERK_CT, {
    "sources": ["ct:bdv-tu", "ct:btg-tu"], "into": "ct:btgdv-tu", "mode": "hop_nhat",
    "basis": docref("ct:btv-tu|1010-QĐ/TU|2025", "Quyết định", "ct:btv-tu", "1010-QĐ/TU", issued_on="2025-02-28",
                    title=HYP + "Về thành lập Ban Tuyên giáo và Dân vận Thành ủy trên cơ sở hợp nhất Ban Tuyên giáo và Ban Dân vận Thành ủy")})

# ============================================================================================
# 21: May-July 2025: districts end, the suspension is lifted

batch("22-2025-07-districts.ndjson", "2025-07-20T02:00:00.000Z",
      "May-Jul 2025: reports requested from the three district committees (seed 000 R1c); on 1 July the district "
      "level ends: Can Lộc dissolved then a successor designated, the city committee dissolved with a successor, "
      "Hương Sơn dissolved with none (its task is orphaned); 178-KL/TW lifts the merger suspension; reports.")
for d_slug, name in [("ht:hu-can-loc", "can-loc"), ("ht:hu-huong-son", "huong-son"), ("ht:tu-tp-ha-tinh", "tp-ha-tinh")]:
    task(f"ht:t-000-r1c-{name}", "2025-05-20", CLERK_HT, d_slug,
         "Báo cáo tình hình hoạt động, khó khăn, kiến nghị của các hội trên địa bàn trước khi kết thúc hoạt động cấp huyện.",
         req_ref=S000 + "#R1c", reports_to="ht:btv-tu", due_within="P60D", deliverable="bao_cao")
r1b("hoi-chu-thap-do", "2025-06-17", "ht:btgdv-tu", kind="lam_viec")
report("ht:rp-tp-ha-tinh-hoi-2025", "2025-06-25", CLERK_HT, "ht:tu-tp-ha-tinh", "ht:btv-tu", S000 + "#R1c",
       about=["ht:t-000-r1c-tp-ha-tinh"], summary="Báo cáo tình hình hoạt động các hội trên địa bàn thành phố.")
register_doc("2025-06-30", CLERK_HT, docref(KH_DISTRICTS, "Quyết định", "ht:btv-tu", "1650-QĐ/TU", issued_on="2025-06-30",
                                            title=HYP + "Về kết thúc hoạt động của các đảng bộ huyện, thị xã, thành phố và thành lập đảng bộ xã, phường"),
             note="HYPOTHETICAL document (basis of the district dissolutions)")
org("ht:du-xa-can-loc", "Đảng ủy xã Can Lộc", "party_committee", "commune", HT, "2025-07-01", CLERK_HT,
    parent="ht:bch-tu", basis=KH_DISTRICTS)
org("ht:du-phuong-thanh-sen", "Đảng ủy phường Thành Sen", "party_committee", "commune", HT, "2025-07-01", CLERK_HT,
    parent="ht:bch-tu", basis=KH_DISTRICTS)
ev("organization.dissolved", "2025-07-01", CLERK_HT, {"org_id": "ht:hu-can-loc", "basis": KH_DISTRICTS})
ev("successor.designated", "2025-07-01", CLERK_HT, {"predecessor": "ht:hu-can-loc", "successor": "ht:du-xa-can-loc",
                                                    "scope": "all", "basis": KH_DISTRICTS})
ev("organization.dissolved", "2025-07-01", CLERK_HT, {"org_id": "ht:tu-tp-ha-tinh", "successor": "ht:du-phuong-thanh-sen",
                                                      "basis": KH_DISTRICTS})
ev("organization.dissolved", "2025-07-01", CLERK_HT, {"org_id": "ht:hu-huong-son", "basis": KH_DISTRICTS})
r1b("hoi-nguoi-cao-tuoi", "2025-07-08", "ht:btgdv-tu")
report("ht:rp-btgdv-2025-h1", "2025-07-10", CLERK_HT_TGDV, "ht:btgdv-tu", "ht:tt-tu", S004 + "#R4", half(2025, 1),
       summary="Báo cáo 6 tháng đầu năm 2025 (Ban Tuyên giáo và Dân vận, kế thừa Ban Dân vận).")
report("ht:rp-can-loc-hoi-2025", "2025-07-15", CLERK_HT, "ht:du-xa-can-loc", "ht:btv-tu", S000 + "#R1c",
       about=["ht:t-000-r1c-can-loc"], summary="Báo cáo tình hình hoạt động các hội trên địa bàn (kế thừa Huyện ủy Can Lộc).")
register_doc("2025-07-17", CLERK_HT_TGDV, docref(K178, "Kết luận", "bct-tw", "178-KL/TW",
                                                 issuer_as_cited="Bộ Chính trị, Ban Bí thư", issued_on="2025-07-17"),
             summary="Yêu cầu sắp xếp các hội quần chúng ở cấp tỉnh, cấp xã (theo tin báo chí; chưa đối chiếu văn bản gốc).")
ev("requirement.lifted", "2025-07-17", CLERK_HT_TGDV, {
    "req_ref": S004 + "#R2.3c", "effective_on": "2025-07-17", "basis": K178,
    "reason_vi": "Có hướng dẫn mới của Trung ương về sắp xếp các hội quần chúng."},
   note="HYPOTHETICAL: the sample treats 178-KL/TW as the 'hướng dẫn mới' that ends the suspension")

# ============================================================================================
# 22: July-October 2025

batch("23-2025-10.ndjson", "2025-10-18T02:00:00.000Z",
      "Jul-Oct 2025: R1b inspections by the merged commission; two associations placed under the Fatherland Front; "
      "a merger after the suspension was lifted (not a finding); the on-request report task of seed 000 R5; "
      "Hội Sinh viên's monitoring assignment revoked and not replaced.")
for t, d in [("hoi-cuu-tnxp", "2025-07-22"), ("hoi-khuyen-hoc", "2025-08-12"), ("hoi-bao-tro-nkt-tmc", "2025-08-26"),
             ("hoi-nan-nhan-da-cam", "2025-09-09"), ("hoi-dong-y", "2025-09-23"), ("hoi-y-hoc", "2025-10-07"),
             ("lien-minh-htx", "2025-10-14")]:
    r1b(t, d, "ht:btgdv-tu")
for s in ["hoi-chu-thap-do", "hoi-nguoi-cao-tuoi"]:
    ev("organization.changed", "2025-09-15", CLERK_HT, {"org_id": "ht:" + s, "field": "parent", "value": "ht:mttq"})
register_doc("2024-10-08", CLERK_HT_TGDV, docref(K126, "Nghị định", "chinh-phu", "126/2024/NĐ-CP", issued_on="2024-10-08",
                                                 title="Quy định về tổ chức, hoạt động và quản lý hội"))
ev("organization.merged", "2025-10-01", CLERK_HT, {
    "sources": ["ht:hoi-truyen-thong-truong-son"], "into": "ht:hoi-cuu-tnxp", "mode": "sap_nhap",
    "basis": docref("ht:ubnd|2650/QĐ-UBND|2025", "Quyết định", "ht:ubnd", "2650/QĐ-UBND", issued_on="2025-09-26",
                    title=HYP + "Về việc sáp nhập Hội Truyền thống Trường Sơn – Đường Hồ Chí Minh tỉnh vào Hội Cựu "
                                "Thanh niên xung phong tỉnh (theo Nghị định 126/2024/NĐ-CP)")},
   note="HYPOTHETICAL: a merger after the suspension was lifted (not a finding)")
task("ht:t-000-r5-2025", "2025-10-01", CLERK_HT, "ht:btgdv-tu",
     "Báo cáo kết quả thực hiện Công văn triển khai Quyết định 118-QĐ/TW theo yêu cầu của Ban Tuyên giáo và Dân vận Trung ương.",
     req_ref=S000 + "#R5", reports_to="ht:btv-tu", due_within="P30D", deliverable="bao_cao")
ev("monitoring.revoked", "2025-10-15", CLERK_HT, {
    "assignment_id": "ht:a-382-hoi-sinh-vien",
    "reason": "Hội Sinh viên chuyển về Tỉnh đoàn hướng dẫn theo đề án sắp xếp; chưa phân công cơ quan theo dõi mới."})

# ============================================================================================
# 23: November 2025 - January 2026

batch("24-2026-01.ndjson", "2026-01-22T02:00:00.000Z",
      "Nov 2025-Jan 2026: the on-request report (late), R1b inspections, 2025 membership reports (now received by "
      "the merged commission), the 2025-H2 report, Cần Thơ's 2025 report by its merged commission.")
report("ht:rp-btgdv-118-2025", "2025-11-10", CLERK_HT_TGDV, "ht:btgdv-tu", "ht:btv-tu", S000 + "#R5",
       about=["ht:t-000-r5-2025"], summary="Báo cáo kết quả thực hiện Công văn (gửi muộn).")
for t, d in [("hoi-lam-vuon", "2025-11-04"), ("hoi-nguoi-khuyet-tat", "2025-11-18"), ("lhh-khkt", "2025-12-02")]:
    r1b(t, d, "ht:btgdv-tu")
report("ct:rp-btgdv-2025", "2026-01-12", CLERK_CT, "ct:btgdv-tu", "ct:tt-tu", K752 + "#R6", year_period(2025),
       summary="Báo cáo kết quả thực hiện Chỉ thị 17-CT/TW năm 2025 (Ban Tuyên giáo và Dân vận Thành ủy).")
for s in CTXH_MEMBERS:
    ht_member_report(2025, s, "ht:btgdv-tu")
report("ht:rp-btgdv-2025-h2", "2026-01-14", CLERK_HT_TGDV, "ht:btgdv-tu", "ht:tt-tu", S004 + "#R4", half(2025, 2),
       summary="Báo cáo 6 tháng cuối năm 2025.")

# ============================================================================================
# 24: An Giang register (initial load)

batch("25-register-an-giang.ndjson", "2026-03-01T01:00:00.000Z",
      "Initial load of An Giang after the 1 July 2025 provincial merger (province of seed 001 inferred): provincial "
      "bodies, CT-XH, three communes/special zone with their Fatherland Front committees and six chi bộ, and the "
      "membership figures at 31/12/2025 (two CT-XH below 60 %).", initial_load=True)
Y_AG = "2025-07-01"
org("ag:bch-tu", "Ban Chấp hành Đảng bộ tỉnh An Giang", "party_committee", "province", AG, Y_AG, LOADER)
for slug, name, kind in [
    ("ag:btv-tu", "Ban Thường vụ Tỉnh ủy An Giang", "party_board"),
    ("ag:tt-tu", "Thường trực Tỉnh ủy An Giang", "party_board"),
    ("ag:btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang", "party_commission"),
    ("ag:btc-tu", "Ban Tổ chức Tỉnh ủy An Giang", "party_commission"),
    ("ag:du-ubnd", "Đảng ủy Ủy ban nhân dân tỉnh An Giang", "party_committee"),
    ("ag:du-mttq-tinh", "Đảng ủy Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh An Giang", "party_committee"),
]:
    org(slug, name, kind, "province", AG, Y_AG, LOADER, parent="ag:bch-tu")
org("ag:ubnd", "Ủy ban nhân dân tỉnh An Giang", "government", "province", AG, Y_AG, LOADER)
org("ag:mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh An Giang", "ctxh", "province", AG, Y_AG, LOADER)
for s, name in CTXH[1:]:
    org("ag:" + s, name + " tỉnh An Giang", "ctxh", "province", AG, Y_AG, LOADER, parent="ag:mttq")
AG_COMMUNES = [("long-xuyen", "phường Long Xuyên", "du-phuong-long-xuyen", "mttq-phuong-long-xuyen"),
               ("phu-quoc", "đặc khu Phú Quốc", "du-dk-phu-quoc", "mttq-dk-phu-quoc"),
               ("tri-ton", "xã Tri Tôn", "du-xa-tri-ton", "mttq-xa-tri-ton")]
for _, place, du, mt in AG_COMMUNES:
    org("ag:" + du, "Đảng ủy " + place, "party_committee", "commune", AG, Y_AG, LOADER, parent="ag:bch-tu")
    org("ag:" + mt, "Ủy ban Mặt trận Tổ quốc Việt Nam " + place, "ctxh", "commune", AG, Y_AG, LOADER, parent="ag:mttq")
AG_CELLS = [("cb-long-xuyen-khom-1", "Chi bộ khóm 1, phường Long Xuyên", "du-phuong-long-xuyen"),
            ("cb-long-xuyen-khom-2", "Chi bộ khóm 2, phường Long Xuyên", "du-phuong-long-xuyen"),
            ("cb-phu-quoc-kp-1", "Chi bộ khu phố 1, đặc khu Phú Quốc", "du-dk-phu-quoc"),
            ("cb-phu-quoc-kp-2", "Chi bộ khu phố 2, đặc khu Phú Quốc", "du-dk-phu-quoc"),
            ("cb-tri-ton-ap-1", "Chi bộ ấp 1, xã Tri Tôn", "du-xa-tri-ton"),
            ("cb-tri-ton-ap-2", "Chi bộ ấp 2, xã Tri Tôn", "du-xa-tri-ton")]
for s, name, parent in AG_CELLS:
    org("ag:" + s, name, "party_cell", "grassroots", AG, Y_AG, LOADER, parent="ag:" + parent)
AG_MEMBERS = {   # [ASSUMED] (eligible, members) at 31/12/2025 and 30/6/2026
    "tinh-doan": ((612000, 287640), (612000, 300000)),
    "hoi-lhpn": ((905000, 606350), (905000, 615400)),
    "hoi-nong-dan": ((540000, 351000), (540000, 356400)),
    "hoi-ccb": ((61000, 55510), (61000, 55800)),
    "ldld": ((395000, 217250), (398000, 226860)),
}
for s, ((e, m), _) in AG_MEMBERS.items():
    membership("2026-01-15", "ag:" + s, "ag:" + s, "2025-12-31", m, eligible=e)

# ============================================================================================
# 25: seed 001

batch("26-seed-001.ndjson", "2026-03-25T03:00:00.000Z",
      "March 2026: the documents seed 001 cites (43-KL/TW, 25-NQ/TW, 160-TB/TW, 62-KL/TW, 23-QĐ/TW, 16-CTr/TU and the "
      "two congress resolutions) and seed 001 itself (Chỉ thị of the An Giang BTV, date ASSUMED 20/3/2026, 7 "
      "requirements); two Hà Tĩnh R1b inspections.")
register_doc("2009-12-08", CLERK_AG, docref(K62, "Kết luận", "bct-tw", "62-KL/TW", issuer_as_cited="Bộ Chính trị",
                                            title="Về đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"),
             summary="Seed 001 không ghi ngày; năm 2009 trong doc_key là thông tin chưa kiểm chứng [U].")
register_doc("2013-06-03", CLERK_AG, docref(K25, "Nghị quyết", "bch-tw", "25-NQ/TW",
                                            issuer_as_cited="Ban Chấp hành Trung ương (khóa XI)", issued_on="2013-06-03",
                                            title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"))
register_doc("2019-01-07", CLERK_AG, docref(K43, "Kết luận", "bbt-tw", "43-KL/TW", issuer_as_cited="Ban Bí thư",
                                            issued_on="2019-01-07",
                                            title="Về tiếp tục thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương (khóa XI)"),
             cites=[K25])
register_doc("2020-01-15", CLERK_AG, docref(K160, "Thông báo kết luận", "bct-tw", "160-TB/TW", issuer_as_cited="Bộ Chính trị",
                                            issued_on="2020-01-15",
                                            title="Về tiếp tục thực hiện Kết luận số 62-KL/TW của Bộ Chính trị"),
             cites=[K62])
register_doc("2021-07-30", CLERK_AG, docref(K23, "Quyết định", "bch-tw", "23-QĐ/TW",
                                            issuer_as_cited="Ban Chấp hành Trung ương", issued_on="2021-07-30",
                                            title="Về ban hành Quy chế công tác dân vận của hệ thống chính trị"))
register_doc("2025-09-01", CLERK_AG, docref(KAG1, "Nghị quyết Đại hội", "ag:bch-tu", None, type_abbr="NQ",
                                            issuer_as_cited="Đại hội Đảng bộ tỉnh lần thứ I", issued_on_not_before="2025-09-01",
                                            title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030"),
             summary="Không có số trong văn bản trích dẫn; ngày là cận dưới chưa kiểm chứng [U].")
register_doc("2026-01-01", CLERK_AG, docref(KXIV, "Nghị quyết Đại hội", "bch-tw", None, type_abbr="NQ",
                                            issuer_as_cited="Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
                                            issued_on_not_before="2026-01-01",
                                            title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"),
             summary="Không có số trong văn bản trích dẫn; ngày là cận dưới chưa kiểm chứng [U].")
register_doc("2026-03-05", CLERK_AG, docref(K16, "Chương trình hành động", "ag:bch-tu", "16-CTr/TU",
                                            issuer_as_cited="Ban Chấp hành Đảng bộ tỉnh", issued_on="2026-03-05",
                                            title="Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030 và Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"),
             cites=[KAG1, KXIV])
r1b("lhh-vhnt", "2026-03-10", "ht:btgdv-tu", kind="lam_viec")
AG_CTXH = ["ag:" + s for s in CTXH_MEMBERS]
R001 = [
    req("R1b", "mục 1, gạch đầu dòng 1",
        "Định kỳ 06 tháng, năm và khi cần thiết, Ban Thường vụ, Thường trực cấp ủy làm việc với Ban Tuyên giáo và Dân "
        "vận, Ban xây dựng Đảng, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội về công tác dân vận.",
        "periodic_report",
        {"event_type": "meeting.held", "participants": ["ag:btgdv-tu", "ag:btc-tu", "ag:mttq"],
         "schedule": "R/2026-01-01/P6M", "grace": "P30D"},
        {"event_type": "text", "participants": "text", "schedule": "text", "grace": "operator_default"},
        assignees=ids("ag:btv-tu")),
    req("R1d", "mục 1, gạch đầu dòng 2",
        "Bí thư đảng ủy, chủ tịch ủy ban nhân dân, chủ tịch ủy ban Mặt trận Tổ quốc xã, phường, đặc khu trực tiếp đối "
        "thoại và kịp thời giải quyết phù hợp những đề xuất, kiến nghị của đoàn viên, hội viên và Nhân dân.",
        "response_within",
        {"trigger": {"type": "recommendation.filed", "channel": "doi_thoai",
                     "addressee": {"kind": "party_committee", "level": "commune", "province": AG}},
         "responsible": {"kind": "party_committee", "level": "commune", "province": AG}, "within": "P30D"},
        {"trigger": "text", "responsible": "text", "within": "operator_default"}),
    req("R3b", "mục 3, đoạn 1",
        "Đảm bảo tỷ lệ tập hợp quần chúng vào các tổ chức chính trị - xã hội đạt tỷ lệ 60% số đối tượng theo Nghị quyết "
        "Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030.",
        "threshold_target",
        {"metric": "membership_rate", "op": ">=", "value": "0.60", "scope": ids(*AG_CTXH), "aggregation": "per_org",
         "deadline": "2030-06-30", "staleness": "P1Y", "checkpoints": "R/2026-12-31/P1Y"},
        {"metric": "text", "op": "text", "value": "text", "scope": "interpretation", "aggregation": "interpretation",
         "deadline": "interpretation", "staleness": "operator_default", "checkpoints": "operator_default"},
        assignees=ids("ag:du-mttq-tinh")),
    req("R4b", "mục 4, đoạn 2",
        "Ban thường vụ đảng ủy các xã, phường, đặc khu ... duy trì làm việc định kỳ với Mặt trận Tổ quốc, các tổ chức "
        "chính trị - xã hội theo quy chế.",
        "periodic_report",
        {"event_type": "meeting.held", "schedule": "R/2026-01-01/P3M", "grace": "P15D"},
        {"event_type": "text", "schedule": "operator_default", "grace": "operator_default"},
        assignees={"kind": "party_committee", "level": "commune", "province": AG}),
    req("R5", "mục 5",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp Đảng ủy Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh ... "
        "định kỳ hằng năm báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy.",
        "periodic_report",
        {"event_type": "report.submitted", "recipient": "ag:btv-tu", "schedule": "R/2026-01-01/P1Y", "grace": "P15D",
         "first_period": "containing_effective_from"},
        {"event_type": "text", "recipient": "text", "schedule": "text", "grace": "operator_default",
         "first_period": "interpretation"},
        assignees=ids("ag:btgdv-tu"), cooperating=ids("ag:du-mttq-tinh"), reports_to="ag:btv-tu"),
    req("R6", "đoạn cuối",
        "Chỉ thị này được tổ chức quán triệt và triển khai thực hiện đến chi bộ.",
        "coverage",
        {"universe": {"kind": "party_cell", "province": AG},
         "relation": {"kind": "dissemination", "doc_key": S001}, "grace": "P60D"},
        {"universe": "interpretation", "relation": "text", "grace": "operator_default"}),
]
ev("directive.issued", "2026-03-20", CLERK_AG, {
    "doc": docref(S001, "Chỉ thị", "ag:btv-tu", None, type_abbr="CT", issuer_as_cited="Ban Thường vụ Tỉnh ủy",
                  issued_on_not_before="2026-03-05", signer="Nguyễn Thanh Nhàn", signing_mode="TM",
                  title="Tiếp tục tăng cường công tác quản lý đoàn viên, hội viên và nâng cao chất lượng hoạt động các "
                        "chi đoàn, chi hội đáp ứng yêu cầu nhiệm vụ trong tình hình mới"),
    "source_kind": "directive",
    "effective_from": "2026-03-20",
    "cites": [K43, K25, K160, K62, K23, K16, KAG1, KXIV],
    "requirements": R001,
}, source=SEED_SRC["001"], note="ASSUMED: province An Giang (inferred) and date 2026-03-20 (the seed gives neither)")
r1b("hoi-nha-bao", "2026-03-24", "ht:btgdv-tu", kind="lam_viec")

# ============================================================================================
# 26: April-May 2026

batch("27-2026-05.ndjson", "2026-05-25T02:00:00.000Z",
      "Apr-May 2026: An Giang: commune working sessions for Q1 (one late, one missing), dissemination of seed 001 in "
      "four chi bộ, citizens' recommendations from dialogues (one resolved, one forwarded, one left unanswered); Hà "
      "Tĩnh R1b inspections.")
meeting("ag:m-long-xuyen-2026-q1", "2026-03-28", CLERK_AG, "ag:du-phuong-long-xuyen", ["ag:mttq-phuong-long-xuyen"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 1))
r1b("hoi-kien-truc-su", "2026-04-07", "ht:btgdv-tu")
disseminated("2026-04-08", "ag:cb-long-xuyen-khom-1", "ag:cb-long-xuyen-khom-1", S001, "quan_triet", 34)
rec_filed("ag:kn-long-xuyen-01", "2026-04-10", CLERK_AG, "ag:mttq-phuong-long-xuyen", "ag:du-phuong-long-xuyen",
          "Đề nghị sửa chữa tuyến đường nội ô khóm 2 bị sụt lún.", "doi_thoai")
rec_filed("ag:kn-long-xuyen-02", "2026-04-10", CLERK_AG, "ag:mttq-phuong-long-xuyen", "ag:du-phuong-long-xuyen",
          "Đề nghị hỗ trợ chuyển đổi nghề cho các hộ bị ảnh hưởng bởi dự án kè sông.", "doi_thoai")
disseminated("2026-04-15", "ag:cb-long-xuyen-khom-2", "ag:cb-long-xuyen-khom-2", S001, "quan_triet", 29)
rec_filed("ag:kn-tri-ton-01", "2026-04-18", CLERK_AG, "ag:mttq-xa-tri-ton", "ag:du-xa-tri-ton",
          "Đề nghị nạo vét kênh thủy lợi ấp 2 phục vụ sản xuất vụ Hè Thu.", "doi_thoai")
meeting("ag:m-phu-quoc-2026-q1", "2026-04-20", CLERK_AG, "ag:du-dk-phu-quoc", ["ag:mttq-dk-phu-quoc"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 1))
rec_forwarded("ag:kn-long-xuyen-02", "2026-04-20", CLERK_AG, "ag:du-phuong-long-xuyen", "ag:ubnd")
r1b("hoi-luat-gia", "2026-04-21", "ht:bnc-tu", kind="lam_viec")
disseminated("2026-04-22", "ag:cb-phu-quoc-kp-1", "ag:cb-phu-quoc-kp-1", S001, "quan_triet", 41)
rec_resolved("ag:kn-long-xuyen-01", "2026-04-30", CLERK_AG, "ag:du-phuong-long-xuyen", "accepted")
disseminated("2026-05-06", "ag:cb-phu-quoc-kp-2", "ag:cb-phu-quoc-kp-2", S001, "quan_triet", 27)
r1b("hoi-cuu-cand", "2026-05-12", "ht:bnc-tu")

# ============================================================================================
# 27: June-July 2026, recorded late

batch("28-2026-07-late.ndjson", "2026-07-20T02:00:00.000Z",
      "June-July 2026, recorded on 20 July (so 'as known at 2026-06-30' does not see the June events): a late "
      "dissemination, a forwarded recommendation answered late, Q2 commune sessions, the BTV's 2026-H1 working "
      "session, membership figures at 30/6/2026 (one with a typo, corrected in batch 30), Hà Tĩnh's 2026-H1 report.")
rec_resolved("ag:kn-long-xuyen-02", "2026-06-05", CLERK_AG, "ag:ubnd", "partially")
disseminated("2026-06-10", "ag:cb-tri-ton-ap-1", "ag:cb-tri-ton-ap-1", S001, "quan_triet", 22)
rec_filed("ag:kn-phu-quoc-01", "2026-06-12", CLERK_AG, "ag:mttq-dk-phu-quoc", "ag:du-dk-phu-quoc",
          "Đề nghị bố trí điểm sinh hoạt cho chi đoàn khu phố 2.", "doi_thoai")
meeting("ag:m-long-xuyen-2026-q2", "2026-06-20", CLERK_AG, "ag:du-phuong-long-xuyen", ["ag:mttq-phuong-long-xuyen"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 2))
meeting("ag:m-btv-2026-h1", "2026-06-25T14:00+07:00", CLERK_AG, "ag:btv-tu",
        ["ag:btgdv-tu", "ag:btc-tu", "ag:mttq"] + AG_CTXH, "lam_viec_dinh_ky", req_ref=S001 + "#R1b",
        period=half(2026, 1))
meeting("ag:m-phu-quoc-2026-q2", "2026-06-29", CLERK_AG, "ag:du-dk-phu-quoc", ["ag:mttq-dk-phu-quoc"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 2))
report("ht:rp-btgdv-2026-h1", "2026-07-09", CLERK_HT_TGDV, "ht:btgdv-tu", "ht:tt-tu", S004 + "#R4", half(2026, 1),
       summary="Báo cáo 6 tháng đầu năm 2026.")
for s, (_, (e, m)) in AG_MEMBERS.items():
    if s == "hoi-nong-dan":
        membership("2026-07-10", "ag:" + s, "ag:" + s, "2026-06-30", 35640, eligible=e, eid=EID_AG_TYPO)  # typo
    else:
        membership("2026-07-10", "ag:" + s, "ag:" + s, "2026-06-30", m, eligible=e)

# ============================================================================================
# 28: July-September 2026

batch("29-2026-09.ndjson", "2026-09-20T02:00:00.000Z",
      "Jul-Sep 2026: the Phú Quốc recommendation answered in time; Q3 session in Long Xuyên; the 60 % target's "
      "deadline amended by a provincial plan; Hà Tĩnh R1b inspections.")
rec_resolved("ag:kn-phu-quoc-01", "2026-07-08", CLERK_AG, "ag:du-dk-phu-quoc", "accepted")
r1b("hoi-cham-cuu", "2026-08-11", "ht:btgdv-tu")
ev("requirement.amended", "2026-08-10", CLERK_AG, {
    "req_ref": S001 + "#R3b", "params_patch": {"deadline": "2030-10-31"},
    "basis": docref("ag:btv-tu|27-KH/TU|2026", "Kế hoạch", "ag:btv-tu", "27-KH/TU", issued_on="2026-08-05",
                    title=HYP + "Kế hoạch thực hiện Chỉ thị của Ban Thường vụ Tỉnh ủy về quản lý đoàn viên, hội viên")},
   note="HYPOTHETICAL: a provincial plan fixes the end-of-term deadline")
r1b("doan-luat-su", "2026-08-25", "ht:bnc-tu")
r1b("hoi-bao-ve-quyen-tre-em", "2026-09-08", "ht:btgdv-tu")
meeting("ag:m-long-xuyen-2026-q3", "2026-09-12", CLERK_AG, "ag:du-phuong-long-xuyen", ["ag:mttq-phuong-long-xuyen"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 3))

# ============================================================================================
# 29: data audit

batch("30-data-audit.ndjson", "2026-11-20T02:00:00.000Z",
      "Oct-Nov 2026 and a data audit: Phú Quốc's Q3 session; the next congress appraisal of Hội Người cao tuổi; the "
      "typo in Hội Nông dân An Giang's 30/6/2026 figure corrected (event.corrected) and the duplicate 2022 Hội LHPN "
      "membership figure retracted (event.retracted).")
meeting("ag:m-phu-quoc-2026-q3", "2026-10-05", CLERK_AG, "ag:du-dk-phu-quoc", ["ag:mttq-dk-phu-quoc"],
        "lam_viec_dinh_ky", req_ref=S001 + "#R4b", period=quarter(2026, 3))
ev("congress.appraised", "2026-10-20", CLERK_HT, {"org_id": "ht:hoi-nguoi-cao-tuoi", "term": "2026-2031",
                                                  "appraiser": "ht:so-noi-vu", "result": "approved"})
ev("event.corrected", "2026-11-18", CLERK_AG, {
    "target_event_id": EID_AG_TYPO, "patch": {"payload": {"members": 356400}},
    "reason_vi": "Nhập thiếu một chữ số: số hội viên Hội Nông dân tỉnh tại 30/6/2026 là 356.400."}, eid=EID_CORRECTION)
ev("event.retracted", "2026-11-18", CLERK_HT_TGDV, {
    "target_event_id": EID_HT_LHPN_2022_DUP, "reason_vi": "trung_lap",
    "note_vi": "Số liệu hội viên năm 2022 của Hội LHPN tỉnh bị nhập hai lần."}, eid=EID_RETRACTION)

# ============================================================================================
# write


def main():
    for f in os.listdir(HERE):
        if f.endswith(".ndjson"):
            os.remove(os.path.join(HERE, f))
    manifest = {"timezone": "Asia/Ho_Chi_Minh", "origin": "demo.auditlog.example/log", "batches": []}
    total = 0
    for b in BATCHES:
        with open(os.path.join(HERE, b.file), "w", encoding="utf-8") as fh:
            for line in b.lines:
                fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        manifest["batches"].append({"file": b.file, "recorded_at": b.recorded_at, "note": nfc(b.note)})
        total += len(b.lines)
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print(f"{len(BATCHES)} batches, {total} events", file=sys.stderr)


if __name__ == "__main__":
    main()
