#!/usr/bin/env python3
"""Deterministic generator of realistic `auditlog append` input (NDJSON on stdout).

    gen.py --events N --seed S [--subjects 1000] [--event-ids]

Same arguments -> same bytes, on any Python 3 (the generator uses its own PRNG, splitmix64,
not `random`, whose algorithms may change between versions). Python standard library only.

Each line is one append input line:
    {"type":"report.submitted","occurred_at":"2025-03-14","actor":"so-noi-vu",
     "subject":"org/hoi-nong-dan-17","payload":{"period":"2025-Q1","summary":"…","members":12345}}
- about 1,000 subjects (`org/<kind>-<k>`), picked uniformly at random, so the unique
  (subject, subject_version) index is written at scattered positions, as in real use;
- five event types with type-specific payloads, Vietnamese free text in NFC (checked);
- input lines of about 290-480 bytes (410 on average), so that the stored entries (input plus the envelope
  that auditlog adds: v, seq, event_id, subject_version, recorded_at) are about 400-600 bytes,
  540 on average, the shape of real oversight events;
- all dates in 2025, so they are in the past of any AUDITLOG_NOW from 2026 on.
`--event-ids` adds a client-supplied "event_id" (a deterministic UUIDv4) to each line.
"""

import argparse
import json
import sys
import unicodedata

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        """Uniform in [0, n) (the modulo bias is negligible for the small n used here)."""
        return self.next() % n

    def between(self, lo: int, hi: int) -> int:
        return lo + self.below(hi - lo + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]


ORG_KINDS = [
    "hoi-nong-dan", "hoi-lien-hiep-phu-nu", "doan-thanh-nien", "hoi-cuu-chien-binh",
    "hoi-chu-thap-do", "hoi-nguoi-cao-tuoi", "hoi-khuyen-hoc", "hoi-luat-gia",
    "hoi-nha-bao", "lien-hiep-cac-hoi-khoa-hoc",
]

ACTORS = ["so-noi-vu", "ban-dan-van", "ban-to-chuc", "mat-tran-to-quoc", "ubnd-tinh", "ban-tuyen-giao"]

PHRASES = [
    "Hội đã tổ chức quán triệt Chỉ thị số 382-TB/TU đến toàn thể cán bộ, hội viên",
    "công tác tuyên truyền, vận động hội viên được triển khai thường xuyên",
    "số hội viên mới kết nạp trong kỳ tăng so với cùng kỳ năm trước",
    "Ban Thường vụ đã họp định kỳ và ban hành nghị quyết lãnh đạo",
    "phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh giám sát việc thực hiện",
    "một số chi hội ở vùng sâu, vùng xa còn gặp khó khăn về kinh phí hoạt động",
    "đề nghị Sở Nội vụ hướng dẫn thủ tục đại hội nhiệm kỳ 2025–2030",
    "phong trào thi đua yêu nước được đẩy mạnh, nhiều mô hình hay, cách làm hiệu quả",
    "đã hoàn thành việc rà soát, sắp xếp tổ chức bộ máy theo hướng tinh gọn",
    "kiến nghị của hội viên về chính sách hỗ trợ nông nghiệp đã được chuyển cơ quan chức năng",
    "tỷ lệ chi hội xếp loại khá, vững mạnh đạt trên tám mươi phần trăm",
    "công tác kiểm tra, giám sát được thực hiện theo đúng kế hoạch đề ra",
    "việc thu, chi hội phí bảo đảm công khai, minh bạch, đúng quy định",
    "tổ chức tập huấn nghiệp vụ cho cán bộ hội cấp cơ sở tại huyện Điện Biên Đông",
    "chưa có trường hợp vi phạm điều lệ hội bị xử lý kỷ luật trong kỳ báo cáo",
    "Ban Chấp hành thống nhất đề xuất khen thưởng tập thể, cá nhân tiêu biểu",
    "tiếp tục thực hiện Nghị định số 126/2024/NĐ-CP về tổ chức, hoạt động và quản lý hội",
    "hội viên tích cực tham gia xây dựng nông thôn mới, đô thị văn minh",
]

MEETING_TITLES = [
    "Hội nghị Ban Chấp hành lần thứ ba",
    "Họp Ban Thường vụ định kỳ quý",
    "Hội nghị sơ kết sáu tháng đầu năm",
    "Hội nghị tổng kết công tác năm",
    "Họp liên tịch với Ủy ban Mặt trận Tổ quốc",
]

RATINGS = ["dat", "dat_co_khuyet_diem", "chua_dat"]

for _s in PHRASES + MEETING_TITLES:
    assert unicodedata.is_normalized("NFC", _s), _s


def text(rng: SplitMix64, lo: int, hi: int) -> str:
    """Vietnamese text of lo..hi UTF-8 bytes (cut at a phrase boundary, then trimmed)."""
    target = rng.between(lo, hi)
    parts: list[str] = []
    size = 0
    while size < target:
        p = rng.choice(PHRASES)
        if not parts:
            p = p[0].upper() + p[1:]
        parts.append(p)
        size += len(p.encode()) + 2
    s = ", ".join(parts)
    b = s.encode()
    if len(b) > hi:  # trim to at most hi bytes, on a character boundary, at a word
        s = b[:hi].decode("utf-8", errors="ignore")
        s = s[: s.rfind(" ")] if " " in s else s
    return s.rstrip(" ,") + "."


def date(rng: SplitMix64) -> str:
    month = rng.between(1, 12)
    return f"2025-{month:02d}-{rng.between(1, 28):02d}"


def uuid4(rng: SplitMix64) -> str:
    hi, lo = rng.next(), rng.next()
    hi = (hi & ~0xF000) | 0x4000                        # version 4
    lo = (lo & ~(0xC << 60)) | (0x8 << 60)              # variant 10
    h = f"{hi:016x}{lo:016x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def event(rng: SplitMix64, subjects: int, with_id: bool) -> dict:
    k = rng.below(subjects)
    kind = ORG_KINDS[k % len(ORG_KINDS)]
    org = f"{kind}-{k // len(ORG_KINDS) + 1}"
    subject = f"org/{org}"
    roll = rng.below(100)
    if roll < 40:
        quarter = rng.between(1, 4)
        t, occurred = "report.submitted", date(rng)
        payload = {"period": f"2025-Q{quarter}", "summary": text(rng, 125, 265),
                   "members": rng.between(50, 250000)}
        actor = rng.choice(ACTORS)
    elif roll < 60:
        t, occurred = "membership.reported", f"2025-{rng.between(1, 12):02d}"
        payload = {"members": rng.between(50, 250000), "new_members": rng.between(0, 5000),
                   "left_members": rng.between(0, 2000), "note": text(rng, 115, 245)}
        actor = org
    elif roll < 80:
        t, occurred = "meeting.held", date(rng)
        payload = {"title": rng.choice(MEETING_TITLES), "attendees": rng.between(5, 300),
                   "minutes": text(rng, 105, 225)}
        actor = org
    elif roll < 90:
        t, occurred = "inspection.conducted", date(rng)
        payload = {"inspector": rng.choice(ACTORS), "rating": rng.choice(RATINGS),
                   "findings": text(rng, 125, 255)}
        actor = rng.choice(ACTORS)
    else:
        t, occurred = "task.completed", date(rng)
        payload = {"task_ref": f"doc/382-tb-tu-2025#r{rng.between(1, 9)}",
                   "summary": text(rng, 125, 265)}
        actor = org
    line = {"type": t, "occurred_at": occurred, "actor": actor, "subject": subject, "payload": payload}
    if with_id:
        line["event_id"] = uuid4(rng)
    return line


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, required=True, help="number of lines")
    ap.add_argument("--seed", type=int, default=1, help="PRNG seed (default 1)")
    ap.add_argument("--subjects", type=int, default=1000, help="number of distinct subjects (default 1000)")
    ap.add_argument("--event-ids", action="store_true", help="add a deterministic client event_id to each line")
    a = ap.parse_args()
    if a.events < 0 or a.subjects < 1:
        ap.error("--events must be >= 0 and --subjects >= 1")
    rng = SplitMix64(a.seed * 0x2545F4914F6CDD1D + 1)
    out = sys.stdout.buffer
    buf = []
    for i in range(a.events):
        buf.append(json.dumps(event(rng, a.subjects, a.event_ids), ensure_ascii=False,
                              separators=(",", ":")).encode() + b"\n")
        if len(buf) >= 4096:
            out.write(b"".join(buf))
            buf.clear()
    out.write(b"".join(buf))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
