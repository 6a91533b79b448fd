"""Hostile `append` input through the real binary: huge lines, oversized entries, deep nesting,
invalid UTF-8, lone surrogates, overlong numbers, NUL bytes, a BOM, CR-only line ends, seeded
random bytes and every truncation of a valid line. For each: the exit code is 65 (or 0 where the
input is in fact valid, said per case), stderr is one UTF-8 line starting `auditlog: `, the
process did not die of a signal, and the database is exactly as before (no partial write).

The parser itself is fuzzed by tools/fuzz (libFuzzer); `test_parser_fuzzer` runs it when
AUDITLOG_FUZZ_SECONDS is set."""
import contextlib
import hashlib
import json
import os
import random
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ_DIR = ROOT / "tools" / "fuzz"

# The line appended before every hostile input, so that a partial write or a lost event shows.
SEED_LINE = {"type": "note.recorded", "occurred_at": "2025-12-01", "actor": "clerk-01",
             "subject": "org/hoi-0", "payload": {"text": "Hội Nông dân tỉnh"}}
RECORDED_AT = "2026-01-15T03:00:00.000Z"  # conftest's AUDITLOG_NOW


def line(payload=None, **fields):
    """A valid append line (compact JSON, raw UTF-8), as text."""
    value = {"type": "note.recorded", "occurred_at": "2025-12-01", "actor": "clerk-01",
             "subject": "org/hoi-1", "payload": {"n": 1} if payload is None else payload}
    value.update(fields)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def with_text(raw: bytes) -> bytes:
    """A valid line whose payload.t string holds `raw` verbatim (raw bytes or JSON escapes)."""
    return line({"t": "@@"}).encode().replace(b"@@", raw)


def nested(levels: int, open_=b'{"a":', close=b"}") -> bytes:
    """A line nested `levels` deep in all (the top object is level 1, payload level 2)."""
    inner = open_ * (levels - 2) + b"1" + close * (levels - 2)
    return line({"x": 0}).encode().replace(b'{"x":0}', b'{"x":' + inner + b"}")


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def snapshot(db):
    """Everything an append can change: events, checkpoints, Merkle nodes, the stored bytes."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        entries = hashlib.sha256()
        for (entry,) in con.execute("SELECT entry FROM events ORDER BY seq"):
            entries.update(bytes(entry))
        return {
            "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
            "checkpoints": con.execute("SELECT count(*) FROM checkpoints").fetchone()[0],
            "merkle_nodes": con.execute("SELECT count(*) FROM merkle_nodes").fetchone()[0],
            "entries_sha256": entries.hexdigest(),
        }


@pytest.fixture
def seeded(log):
    """A log holding one event (and two checkpoints: init's and the append's)."""
    log.init()
    log.append_lines([SEED_LINE])
    before = snapshot(log.db)
    assert before["events"] == 1 and before["checkpoints"] == 2
    return log


def append(log, data: bytes):
    proc = log.run("append", "-", input=data)
    # A negative code is a signal (subprocess), >= 128 a shell-style signal exit: a crash.
    assert 0 <= proc.returncode < 128, f"auditlog died: {proc.returncode}\n{proc.stderr[-2000:]!r}"
    return proc


def assert_refused(log, data: bytes, before, words=None):
    """Exit 65, one clean line on stderr, nothing on stdout, the database untouched."""
    proc = append(log, data)
    err = proc.stderr.decode("utf-8")  # the message must be valid UTF-8 whatever the input was
    assert proc.returncode == 65, f"exit {proc.returncode} for {data[:120]!r}...\nstderr: {err[:500]}"
    assert err.startswith("auditlog: ") and err.endswith("\n") and err.count("\n") == 1, repr(err[:500])
    assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in err[:-1]), f"control character in {err[:500]!r}"
    assert len(err) < 2000, f"an error line of {len(err)} characters"
    if words:
        assert words in err, err
    assert proc.stdout == b""
    assert snapshot(log.db) == before
    return err


def assert_appended(log, data: bytes, before, count=1):
    proc = append(log, data)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[:500]
    assert proc.stderr == b""
    after = snapshot(log.db)
    assert after["events"] == before["events"] + count
    assert after["checkpoints"] == before["checkpoints"] + 1
    return proc


TWO_MIB = 2 << 20

# (id, input bytes, expected exit, words in the error). Exit 0 only where the input is valid.
CASES = [
    # Lines past the 1 MiB line limit are refused before parsing, wherever they are.
    ("line-2mib", line({"t": "x" * TWO_MIB}).encode() + b"\n", 65, "line 1: line is longer than 1048576 bytes"),
    ("line-2mib-after-valid-line", (line() + "\n" + line({"t": "ạ" * (TWO_MIB // 3)}) + "\n").encode(), 65,
     "line 2: line is longer than"),
    ("line-2mib-no-newline", b'{"t":"' + b"y" * TWO_MIB, 65, "line 1: line is longer than"),
    # A line under 1 MiB whose entry is over 65,535 bytes.
    ("entry-70kb", (line({"t": "x" * 70_000}) + "\n").encode(), 65, "the limit is 65535"),
    ("entry-70kb-vietnamese", (line({"t": "Ộ" * 23_500}) + "\n").encode(), 65, "the limit is 65535"),
    ("entry-70kb-in-array", ("[" + line({"t": "x" * 70_000}) + "]").encode(), 65, "the limit is 65535"),
    # Nesting: 32 levels is the documented limit (README "nesting depth 32"), so 32 is valid.
    ("depth-32-valid", nested(32), 0, None),
    ("depth-33", nested(33), 65, "nested deeper than 32 levels"),
    ("depth-40", nested(40), 65, "nested deeper than 32 levels"),
    ("depth-10000-objects", nested(10_000), 65, "nested deeper than 32 levels"),
    ("depth-10000-arrays", nested(10_000, b"[", b"]"), 65, "nested deeper than 32 levels"),
    ("depth-10000-unclosed", b"[" * 10_000, 65, "nested deeper than 32 levels"),
    # Invalid UTF-8 (RFC 3629): in a string, in a key, outside any string.
    ("utf8-overlong-slash", with_text(b"\xc0\xaf"), 65, "not valid UTF-8"),
    ("utf8-overlong-3byte", with_text(b"\xe0\x80\xaf"), 65, "not valid UTF-8"),
    ("utf8-encoded-surrogate", with_text(b"\xed\xa0\x80"), 65, "not valid UTF-8"),
    ("utf8-above-10ffff", with_text(b"\xf4\x90\x80\x80"), 65, "not valid UTF-8"),
    ("utf8-f5-ff", with_text(b"\xf5\xff"), 65, "not valid UTF-8"),
    ("utf8-lone-continuation", with_text(b"a\x80b"), 65, "not valid UTF-8"),
    ("utf8-truncated-sequence", with_text(b"\xe1\xbb"), 65, "not valid UTF-8"),
    ("utf8-latin1-text", with_text("Hội".encode("utf-8").replace(b"\xe1\xbb\x99", b"\xf4")), 65, "not valid UTF-8"),
    ("utf8-invalid-in-key", line({"k": 1}).encode().replace(b'"k"', b'"k\xc3"'), 65, None),
    ("utf8-invalid-outside-string", line().encode() + b"\xff\n", 65, "unexpected text"),
    # Lone surrogates in \u escapes; a proper pair is a real character (U+1F600) and valid.
    ("surrogate-high-alone", with_text(b"\\ud800"), 65, "lone surrogate"),
    ("surrogate-low-alone", with_text(b"\\udc00"), 65, "lone surrogate"),
    ("surrogate-high-then-bmp", with_text(b"\\ud800\\u0041"), 65, "lone surrogate"),
    ("surrogate-two-highs", with_text(b"\\udbff\\udbff"), 65, "lone surrogate"),
    ("surrogate-high-at-end-of-input", b'{"t":"\\ud800', 65, None),
    ("surrogate-pair-valid", with_text(b"\\ud83d\\ude00"), 0, None),
    # Numbers: integers up to 2^53 - 1 (README "Limits"); anything longer is refused, not rounded.
    ("number-400-digits", line({"n": 0}).encode().replace(b'"n":0', b'"n":' + b"9" * 400), 65, "out of range"),
    ("number-minus-400-digits", line({"n": 0}).encode().replace(b'"n":0', b'"n":-' + b"1" * 400), 65, "out of range"),
    ("number-2pow53", line({"n": 9007199254740992}).encode(), 65, "out of range"),
    ("number-2pow53-minus-1-valid", line({"n": 9007199254740991}).encode(), 0, None),
    ("number-400-digit-fraction", line({"n": 0}).encode().replace(b'"n":0', b'"n":0.' + b"5" * 400), 65, "decimal"),
    ("number-400-digit-exponent", line({"n": 0}).encode().replace(b'"n":0', b'"n":1e' + b"9" * 400), 65, "decimal"),
    # NUL: raw inside a string, escaped, raw between tokens, raw after the value, alone.
    ("nul-raw-in-string", with_text(b"a\x00b"), 65, "U+0000 is not allowed"),
    ("nul-escaped", with_text(b"\\u0000"), 65, "U+0000 is not allowed"),
    ("nul-escaped-in-envelope", line().replace('"clerk-01"', '"clerk\\u0000"').encode(), 65, "U+0000"),
    ("nul-raw-between-tokens", line().encode().replace(b'","actor"', b'",\x00"actor"'), 65, None),
    ("nul-raw-after-value", line().encode() + b"\x00\n", 65, "unexpected text"),
    ("nul-only", b"\x00", 65, "line 1"),
    # A UTF-8 byte order mark (RFC 8259 §8.1 lets a parser ignore one) is skipped at the start of
    # the input, where Excel and Notepad write it; anywhere else it is not JSON whitespace: refused,
    # naming its line.
    ("bom-first-line-valid", b"\xef\xbb\xbf" + line().encode() + b"\n", 0, None),
    ("bom-second-line", (line() + "\n").encode() + b"\xef\xbb\xbf" + line().encode() + b"\n", 65, "line 2"),
    ("bom-before-array-valid", b"\xef\xbb\xbf[" + line().encode() + b"]", 0, None),
    ("bom-twice", b"\xef\xbb\xbf\xef\xbb\xbf" + line().encode() + b"\n", 65, "line 1"),
    # Only LF ends an NDJSON line. CR-only input is one line holding several values: refused.
    # CRLF is fine (a CR before the LF is JSON whitespace), so three lines are appended.
    ("cr-only-line-ends", ("\r".join(line({"n": i}) for i in range(3)) + "\r").encode(), 65,
     "unexpected text after the JSON value"),
    ("crlf-line-ends-valid", ("\r\n".join(line({"n": i}) for i in range(3)) + "\r\n").encode(), 0, None),
]


@pytest.mark.parametrize("name,data,expected,words", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(seeded, name, data, expected, words):
    before = snapshot(seeded.db)
    if expected == 0:
        count = data.count(b"\n") if data.endswith(b"\r\n") else 1
        assert_appended(seeded, data, before, count=count)
    else:
        assert_refused(seeded, data, before, words)


def test_entry_size_limit_is_exactly_65535_bytes(seeded):
    """The limit applies to the canonical entry the store writes, envelope included: an entry of
    exactly 65,535 bytes is appended, one of 65,536 is refused."""
    event_id = "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f"

    def stored_size(text, seq):
        envelope = {"v": 1, "seq": seq, "event_id": event_id, "type": "note.recorded", "subject": "org/size",
                    "subject_version": 1, "occurred_at": "2025-12-01", "recorded_at": RECORDED_AT,
                    "actor": "clerk-01", "payload": {"t": text}}
        return len(canonical(envelope))

    pad = 65_535 - stored_size("", 2)
    too_big = line({"t": "ộ" * (pad // 3) + "x" * (pad % 3 + 1)}, subject="org/size", event_id=event_id)
    before = snapshot(seeded.db)
    assert_refused(seeded, too_big.encode(), before, "the entry is 65536 bytes; the limit is 65535")
    just_fits = line({"t": "ộ" * (pad // 3) + "x" * (pad % 3)}, subject="org/size", event_id=event_id)
    assert_appended(seeded, just_fits.encode(), before)
    with contextlib.closing(sqlite3.connect(seeded.db)) as con:
        assert con.execute("SELECT length(entry) FROM events WHERE seq = 2").fetchone()[0] == 65_535


def test_seeded_random_bytes_are_refused_200_times(seeded):
    rng = random.Random(20260115)
    before = snapshot(seeded.db)
    for i in range(200):
        size = rng.choice([1, 2, 3, 7, 64, 500, 4096])
        data = bytes(rng.randrange(256) for _ in range(size))
        if i % 4 == 1:  # start like JSON, so the parser gets further in
            data = b'{"type":"' + data
        elif i % 4 == 2:
            data = b"[" + data
        if not data.strip(b" \t\r\n"):
            data = b"\x01"
        assert_refused(seeded, data, before)


TRUNCATED = line({"tên": 1}).replace('"tên":1', '"ten":"Hội Nông dân \\u0041\\ud83d\\ude00\\n","n":-12345,"ok":[true,false,null]')


def test_every_truncation_of_a_valid_line_is_refused(seeded):
    data = TRUNCATED.encode()
    before = snapshot(seeded.db)
    for cut in range(len(data)):
        # cut 0 is empty input: "the input holds no events", also 65.
        assert_refused(seeded, data[:cut], before)
    assert_appended(seeded, data, before)


def test_every_truncation_of_a_valid_array_is_refused(seeded):
    data = ("[\n" + TRUNCATED + ",\n" + line({"n": 2}) + "\n]").encode()
    before = snapshot(seeded.db)
    for cut in range(1, len(data), 3):
        assert_refused(seeded, data[:cut], before)
    assert_appended(seeded, data, before, count=2)


# Found by this file once (tools/fuzz/README.md, "Findings"), fixed since: input echoed in an
# error message is escaped and cut to 40 characters, so the error stays one line and harmless.
ECHOES = [
    ("newline-in-key", b'{"a\\nb":1}'),
    ("newline-in-occurred-at", line(occurred_at="20\n25").encode()),
    ("escape-sequence-in-occurred-at", line(occurred_at="2025-13\u001b[2J").encode()),
    ("huge-occurred-at", line(occurred_at="2025-13" + "x" * 500_000).encode()),
    ("huge-bad-time-of-day", line(occurred_at="2025-01-01T25:00:00+07:00" + "x" * 500_000).encode()),
]


@pytest.mark.parametrize("data", [pytest.param(data, id=name) for name, data in ECHOES])
def test_input_echoed_in_errors_is_escaped_and_short(seeded, data):
    err = assert_refused(seeded, data, snapshot(seeded.db))
    assert len(err) < 400, err[:400]
    assert "\\n" in err or "\\u001b" in err or "\u2026" in err, err  # escaped, or cut with an ellipsis


def test_entry_nested_32_deep_is_also_valid_in_array_input(seeded):
    """README: input is NDJSON or one JSON array, and 32 levels is the limit: the same 32-level
    entry is accepted in both (the array's own level does not count)."""
    before = snapshot(seeded.db)
    assert_appended(seeded, b"[" + nested(32) + b"]", before)


def test_parser_fuzzer():
    """With AUDITLOG_FUZZ_SECONDS=N: build tools/fuzz and fuzz the parser for N seconds (exit 0 is
    no crash). Without it: check the committed seed corpus is there and fits -max_len."""
    corpus = FUZZ_DIR / "corpus"
    assert corpus.is_dir()
    files = [p for p in corpus.iterdir() if p.is_file()]
    assert len(files) >= 30
    sizes = {p.name: p.stat().st_size for p in files}
    assert all(size < 70_000 for size in sizes.values()), {n: s for n, s in sizes.items() if s >= 70_000}
    assert sum(sizes.values()) < 200_000
    seconds = os.environ.get("AUDITLOG_FUZZ_SECONDS")
    if seconds:
        proc = subprocess.run([str(FUZZ_DIR / "run"), str(int(seconds))], capture_output=True,
                              timeout=int(seconds) + 900)
        out = (proc.stdout + proc.stderr).decode(errors="replace")
        assert proc.returncode == 0, out[-6000:]
        assert "== no crash" in out, out[-3000:]
