#!/usr/bin/env python3
"""Writes the seed corpus of the parser fuzzer into tools/fuzz/corpus/ (committed; rerun after
editing this list, then commit the result). Each seed is small; the whole corpus stays < 200 KB."""
import json
import random
import shutil
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus"

TOUR = [
    '{"type":"organization.registered","occurred_at":"2023-03-01","actor":"so-noi-vu","subject":"org/hoi-nong-dan","payload":{"name":"Hội Nông dân tỉnh","kind":"socio_political"}}',
    '{"type":"report.submitted","occurred_at":"2025-12-31","actor":"hoi-nong-dan","subject":"org/hoi-nong-dan","payload":{"period":"2025","summary":"Báo cáo tổng kết năm 2025"}}',
    '{"event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","type":"inspection.conducted","occurred_at":"2026-01","actor":"ban-dan-van","subject":"org/hoi-nong-dan","payload":{"rating":"dat_yeu_cau"}}',
]
STORED = '{"actor":"so-noi-vu","event_id":"019bbf98-7b80-708b-a272-95fc2ed1cab8","occurred_at":"2023-03-01","payload":{"kind":"socio_political","name":"Hội Nông dân tỉnh"},"recorded_at":"2026-01-15T03:00:00.000Z","seq":1,"subject":"org/hoi-nong-dan","subject_version":1,"type":"organization.registered","v":1}'

VI = "Hội Liên hiệp Phụ nữ Việt Nam — Đoàn Thanh niên Cộng sản Hồ Chí Minh; Mặt trận Tổ quốc"


def canonical(value):
    """RFC 8785 for the profile (ASCII keys, integers only): what json.dumps gives sorted and tight."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def line(payload, **extra):
    fields = {"type": "note.recorded", "occurred_at": "2025-12-01", "actor": "clerk-01", "subject": "org/hoi-1",
              "payload": payload}
    fields.update(extra)
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def nest(depth, inner="1"):
    """An append line nested `depth` levels deep (the top object is level 1)."""
    return '{"type":"note.recorded","occurred_at":"2025","actor":"a","subject":"s","payload":' + \
        '{"a":' * (depth - 1) + inner + "}" * (depth - 1) + "}"


def seeds():
    s = {}
    for i, t in enumerate(TOUR, 1):
        s[f"tour-line-{i}.ndjson"] = t.encode()
    s["tour-events.ndjson"] = ("\n".join(TOUR) + "\n").encode()
    s["tour-array.json"] = ("[\n" + ",\n".join(TOUR) + "\n]\n").encode()
    s["tour-bad-date.ndjson"] = b'{"type":"organization.registered","occurred_at":"2023-02-30","actor":"x","subject":"org/a","payload":{}}\n'
    s["stored-entry-canonical.json"] = STORED.encode()
    stored = json.loads(STORED)
    stored["meta"] = {"note": "tab\t nl\n q\" bs\\ \u001f \u007f \b\f\r /"}
    s["stored-entry-escapes.json"] = canonical(stored).encode()
    s["vi-nfc.ndjson"] = line({"name": unicodedata.normalize("NFC", VI)}).encode() + b"\n"
    s["vi-nfd.ndjson"] = line({"name": unicodedata.normalize("NFD", VI)}).encode() + b"\n"
    s["vi-nfd-escaped.ndjson"] = line({"name": unicodedata.normalize("NFD", "Hội Nông dân")}).encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00") + b"\n"
    s["vi-combining-escape.ndjson"] = line({"x": "PLACEHOLDER"}).replace("PLACEHOLDER", "Ho\\u0302\\u0323i").encode()
    s["vi-mixed-lines.ndjson"] = (line({"a": unicodedata.normalize("NFC", "Đà Nẵng")}) + "\r\n" + line({"a": unicodedata.normalize("NFD", "Đà Nẵng")}) + "\n\n  \t\n").encode()
    s["meta-all.ndjson"] = line({"n": 1}, meta={"correlation_id": "c", "causation_id": "d", "source": "s", "note": "n", "backfill_reason": "b"}, expected_version=0, event_id="0190F4C2-7B1E-7C3A-9D2E-5A6B7C8D9E0F").encode()
    s["occurred-instant.ndjson"] = line({}, occurred_at="2025-12-01T08:30:15+07:00").encode()
    s["occurred-z.ndjson"] = line({}, occurred_at="2025-12-01T08:30Z").encode()
    s["export-fields.ndjson"] = line({}, v=1, seq=7, recorded_at="2026-01-15T03:00:00.000Z", subject_version=3).encode()
    s["values.json"] = b'{"payload":{"a":[true,false,null,0,-1,9007199254740991,-9007199254740991,"",[],{}]},"x":1}'
    # Hostile kinds.
    s["huge-line.ndjson"] = line({"text": "Nội dung dài " * 4100}).encode()  # about 66 KB: past the entry limit
    s["long-key-line.ndjson"] = ('{"' + "k" * 3000 + '":1}').encode()
    s["depth-32.ndjson"] = nest(32).encode()  # 32 levels: the most an entry may have
    s["depth-33.ndjson"] = nest(33).encode()
    s["depth-40.ndjson"] = nest(40).encode()
    s["depth-2000-arrays.json"] = b"[" * 2000 + b"]" * 2000
    s["depth-32-in-array.json"] = ("[" + nest(32) + "]").encode()
    s["invalid-utf8-overlong.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"\xc0\xaf")
    s["invalid-utf8-surrogate.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"\xed\xa0\x80")
    s["invalid-utf8-f5.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"\xf5\x80\x80\x80")
    s["invalid-utf8-truncated.ndjson"] = line({"t": "X"}).encode().replace(b'X"', b'\xe1\xbb"')
    s["invalid-utf8-continuation.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"\x80\xbf")
    s["invalid-utf8-above-10ffff.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"\xf4\x90\x80\x80")
    s["invalid-utf8-in-key.ndjson"] = b'{"k\xc3":1}'
    s["invalid-utf8-outside-string.ndjson"] = b'{"a":1}\xff'
    s["lone-surrogate-high.ndjson"] = line({"t": "X"}).replace("X", "\\ud800").encode()
    s["lone-surrogate-low.ndjson"] = line({"t": "X"}).replace("X", "\\udc00").encode()
    s["lone-surrogate-high-then-bmp.ndjson"] = line({"t": "X"}).replace("X", "\\ud800\\u0041").encode()
    s["lone-surrogate-high-at-end.ndjson"] = b'{"t":"\\ud800'
    s["surrogate-pair.ndjson"] = line({"t": "X"}).replace("X", "\\uD83D\\uDE00 \\ud83c\\udff3").encode()
    s["number-400-digits.ndjson"] = line({"n": 0}).replace('"n":0', '"n":' + "9" * 400).encode()
    s["number-limits.json"] = b'[9007199254740991,-9007199254740991,9007199254740992,-9007199254740992,99999999999999999]'
    s["number-forms.json"] = b'[-0,0123,1.0,1e5,1E+2,-,--1,0x10,+1,.5]'
    s["number-minus-zero-stored.json"] = b'{"a":-0}'
    s["nul-raw-in-string.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"a\x00b")
    s["nul-raw-outside.ndjson"] = line({}).encode() + b"\x00\n"
    s["nul-escaped.ndjson"] = line({"t": "X"}).replace("X", "\\u0000").encode()
    s["bom.ndjson"] = b"\xef\xbb\xbf" + TOUR[0].encode() + b"\n"
    s["cr-only.ndjson"] = ("\r".join(TOUR) + "\r").encode()
    s["crlf.ndjson"] = ("\r\n".join(TOUR) + "\r\n").encode()
    s["controls-raw.ndjson"] = line({"t": "X"}).encode().replace(b"X", b"a\x01b\x1fc\x7f")
    s["controls-escaped.ndjson"] = line({"t": "X"}).replace("X", "\\b\\f\\n\\r\\t\\u0001\\u001F\\/").encode()
    s["bad-escapes.ndjson"] = line({"t": "X"}).replace("X", "\\x41\\u12\\U0041\\'").encode()
    s["duplicate-keys.ndjson"] = b'{"a":1,"a":2}'
    s["bad-keys.json"] = b'{"A":1,"a-b":2,"\xc3\xa9":3,"":4}'
    s["unsorted-canonical-like.json"] = b'{"b":1,"a":2}'
    s["truncated.ndjson"] = TOUR[0][: len(TOUR[0]) // 2].encode()
    s["array-trailing.json"] = b'[{"a":1},{"b":2}] x'
    s["array-missing-comma.json"] = b'[{"a":1}\n{"b":2}]'
    s["literals.json"] = b'[true,false,null,tru,nul,fals]'
    s["whitespace-only.ndjson"] = b" \t\r\n \n"
    s["empty-array.json"] = b" [ ] "
    s["empty"] = b""
    rng = random.Random(20260115)
    s["random-bytes.bin"] = bytes(rng.randrange(256) for _ in range(512))
    return s


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    total = 0
    for name, data in sorted(seeds().items()):
        assert len(data) < 70_000, name
        (OUT / name).write_bytes(data)
        total += len(data)
    assert total < 200_000, total
    print(f"{len(seeds())} seeds, {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
