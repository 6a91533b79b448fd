#!/usr/bin/env python3
"""Helpers for tools/bench/run (Python standard library only).

    bench.py sql --db DB --lines FILE --recorded-at INSTANT --out FILE
        One `INSERT INTO events ...` statement per input line, each a complete row (entry bytes
        in the canonical form auditlog stores, leaf hash, query columns) that continues the log
        in DB: seq = size + k, subject_version = the subject's count + 1. For the sqlite3 CLI's
        one-durable-insert baseline of the single-event benchmark.
    bench.py preamble --vkey VKEY --out FILE
        The two lines a log needs before it can take lines signed with VKEY's key: an organisation
        of its own (the part of the signer's name before "/"), and the key registered for it, valid
        from 1990-01-01 (before anything gen_domain.py records).
    bench.py messages --signed FILE --out FILE
        For each line of `auditlog sign`'s output: its signature in hex, a space, and the canonical
        JSON of the members it signs (docs/authorship.md, "What is signed"), one a line: the input
        of ed25519.c, which signs the same bytes and checks that its signatures are auditlog's.
    bench.py report --samples FILE --out FILE
        Medians, ranges and percentiles from the samples the harness wrote ("key value" lines),
        as a Markdown table with a header line; printed and written to --out.
    bench.py growth --base FILE --samples FILE --out FILE
        How each cost grows from the run in --base (say 1,000,000 events) to the run in --samples
        (say 10,000,000): events/s of each operation at both sizes, and the peak RSS of each
        command beside the < 200 MiB target at the larger size.
"""

import argparse
import base64
import hashlib
import json
import sqlite3
import sys
import unicodedata
import uuid


def cmd_sql(a: argparse.Namespace) -> int:
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    size = con.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
    versions = dict(con.execute("SELECT subject, max(subject_version) FROM events GROUP BY subject"))
    con.close()

    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    out = []
    with open(a.lines, "rb") as f:
        for k, raw in enumerate(f, start=1):
            line = json.loads(raw)
            seq = size + k
            subject = line["subject"]
            versions[subject] = versions.get(subject, 0) + 1
            event_id = str(uuid.UUID(int=(0xB0 << 120) | seq, version=4))
            entry = {"v": 1, "seq": seq, "event_id": event_id, "type": line["type"], "subject": subject,
                     "subject_version": versions[subject], "occurred_at": line["occurred_at"],
                     "recorded_at": a.recorded_at, "actor": line["actor"], "payload": line["payload"]}
            b = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            assert unicodedata.is_normalized("NFC", b.decode())
            leaf = hashlib.sha256(b"\x00" + b).hexdigest()
            out.append(
                "INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, "
                f"recorded_at) VALUES ({seq}, X'{b.hex()}', X'{leaf}', {q(event_id)}, {q(line['type'])}, "
                f"{q(subject)}, {versions[subject]}, {q(line['occurred_at'])}, {q(a.recorded_at)});\n")
    with open(a.out, "w") as f:
        f.writelines(out)
    return 0


# The members an author signs (docs/authorship.md, "What is signed").
SIGNED_MEMBERS = ("actor", "event_id", "meta", "occurred_at", "payload", "subject", "type")


def cmd_preamble(a: argparse.Namespace) -> int:
    signer = a.vkey.split("+", 1)[0]
    org = signer.split("/", 1)[0]
    lines = [
        {"type": "organization.registered", "occurred_at": "1990-01-01", "actor": "clerk:bench",
         "payload": {"org_id": org, "name_vi": "Văn phòng ký số", "kind": "department", "level": "province",
                     "province": "ha-tinh"}},
        {"type": "signer.registered", "occurred_at": "1990-01-01", "actor": "clerk:bench",
         "payload": {"signer": signer, "org_id": org, "role_vi": "Văn thư", "vkey": a.vkey, "valid_from": "1990-01-01"}},
    ]
    with open(a.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in lines)
    return 0


def cmd_messages(a: argparse.Namespace) -> int:
    with open(a.signed, "rb") as f, open(a.out, "w", encoding="utf-8") as out:
        for raw in f:
            line = json.loads(raw)
            sig = base64.b64decode(line["author"]["sig"], validate=True)
            signed = {k: line[k] for k in SIGNED_MEMBERS if k in line}
            # The entry profile of canonical JSON; `sign` wrote the values in the stored form, and
            # these histories hold only integers and ASCII keys, where RFC 8785 and sort_keys agree.
            # (ed25519.c checks the bytes: Ed25519 is deterministic.)
            text = json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            out.write(f"{sig.hex()} {text}\n")
    return 0


def load_samples(path: str) -> dict[str, list[str]]:
    s: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            key, _, value = line.partition(" ")
            s.setdefault(key, []).append(value)
    return s


def median(xs: list[float]) -> float:
    ys = sorted(xs)
    n = len(ys)
    return ys[n // 2] if n % 2 else (ys[n // 2 - 1] + ys[n // 2]) / 2


def pct(xs: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ys = sorted(xs)
    k = max(1, -(-len(ys) * p // 100))  # ceil(n * p / 100)
    return ys[int(k) - 1]


def rate(n: float, secs: float) -> str:
    r = n / secs
    return f"{r / 1e6:.2f}M" if r >= 1e6 else f"{r / 1e3:.1f}k" if r >= 1e3 else f"{r:.0f}"


def rate_cell(n: int, secs: list[float]) -> str:
    """Median rate, with the range over the runs (fastest run = max rate)."""
    if len(secs) == 1:
        return f"{rate(n, secs[0])} ev/s"
    return f"{rate(n, median(secs))} ev/s ({rate(n, max(secs))}–{rate(n, min(secs))}, {len(secs)} runs)"


def mib(kb: float) -> str:
    return f"{kb / 1024:.1f} MiB"


def cmd_report(a: argparse.Namespace) -> int:
    s = load_samples(a.samples)

    def one(key: str, default: str = "?") -> str:
        return s.get(key, [default])[-1]

    def nums(key: str) -> list[float]:
        return [float(x) for x in s.get(key, [])]

    n = int(one("events"))
    batch = int(one("batch_size", "1000"))
    rows = []

    def verdict(ratio: float, targets: tuple[tuple[float, str], ...]) -> tuple[str, str]:
        # Each target with the issue that set it (the performance issue, #26, is the latest).
        marks = [(f"≥ {t:.2g}" + (f" ({issue})" if issue else ""), "yes" if ratio >= t else "**no**")
                 for t, issue in targets]
        if not marks:
            return "—", "—"
        return ", ".join(m[0] for m in marks), ", ".join(m[1] for m in marks)

    def add(op: str, ours: str, theirs: str, ratio: float | None, *targets: tuple[float, str], note: str = "") -> None:
        t, met = verdict(ratio, targets) if ratio is not None else ("—", "—")
        r = f"{ratio:.2f}" if ratio is not None else "—"
        rows.append((op + note, ours, theirs, r, t, met))

    bulk, cins = nums("bulk_s"), nums("c_insert_s")
    if bulk and cins:
        add(f"append {n:,} events, one process, one transaction (C: one reused INSERT, SHA-256 in the loop)",
            rate_cell(n, bulk), rate_cell(n, cins), median(cins) / median(bulk), (0.8, "#26"))
    bat, cbat = nums("batch_s"), nums("c_batch_s")
    if bat and cbat:
        add(f"append {n:,} events in {batch:,}-event batches, one process per batch "
            f"(C: one process, COMMIT every {batch:,})",
            rate_cell(n, bat), rate_cell(n, cbat), median(cbat) / median(bat))
    one_a, one_s = nums("single_ms"), nums("sqlite_single_ms")
    if one_a and one_s:
        add(f"single-event append, a new process each, durable (p50, p99 over {len(one_a)} runs; "
            "ratio = p50 sqlite3 / p50 auditlog)",
            f"{median(one_a):.2f} ms, p99 {pct(one_a, 99):.2f} ms",
            f"sqlite3 CLI INSERT: {median(one_s):.2f} ms, p99 {pct(one_s, 99):.2f} ms",
            median(one_s) / median(one_a), (0.5, "#26"))
    ver, scan, sha = nums("verify_s"), nums("scan_s"), nums("sha256sum_s")
    if ver and scan:
        add(f"verify {n:,} events (C: scan in seq order, SHA-256 each, RFC 9162 root)",
            rate_cell(n, ver), rate_cell(n, scan), median(scan) / median(ver), (0.8, "#26"))
    ver_pages = nums("verify_pages_s")
    if ver_pages and scan:
        add(f"verify --pages {n:,} events (also SQLite's quick_check of every page of the file)",
            rate_cell(n, ver_pages), rate_cell(n, scan), median(scan) / median(ver_pages))
    if ver and sha:
        add("verify vs `sha256sum` of the concatenated entry bytes (one hash, no database)",
            rate_cell(n, ver), rate_cell(n, sha), median(sha) / median(ver))
    exp, cexp = nums("export_s"), nums("c_export_s")
    if exp and cexp:
        add(f"export {n:,} events: `log --format ndjson` to /dev/null (C: the entry bytes in seq order)",
            rate_cell(n, exp), rate_cell(n, cexp), median(cexp) / median(exp))
    dapp, reb, dscan, chk = nums("domain_append_s"), nums("rebuild_s"), nums("c_domain_scan_s"), nums("check_s")
    es_batch, es_replay, es_each = nums("es_save_batched_rate"), nums("es_replay_rate"), nums("es_save_each_rate")
    if dapp:
        add(f"append {n:,} v1-catalogue events (gen_domain.py: validation, references, inline projections), "
            "beside eventsourcing's batched saves of the generic events",
            rate_cell(n, dapp), f"{rate(median(es_batch), 1)} ev/s (eventsourcing, 1,000 per save)" if es_batch else "—",
            (n / median(dapp)) / median(es_batch) if es_batch else None, (10, ""))
    if bulk and es_batch:
        add(f"append {n:,} generic events (the core) vs eventsourcing's batched saves",
            rate_cell(n, bulk), f"{rate(median(es_batch), 1)} ev/s (eventsourcing)", (n / median(bulk)) / median(es_batch), (10, ""))
    if reb and dscan:
        add(f"rebuild the projections of {n:,} v1 events (C: full scan + SHA-256 of the same table)",
            rate_cell(n, reb), rate_cell(n, dscan), median(dscan) / median(reb), (0.6, "#26"))
    if reb and es_replay:
        add("rebuild vs eventsourcing replaying every aggregate (generic events, same count)",
            rate_cell(n, reb), f"{rate(median(es_replay), 1)} ev/s (eventsourcing)", (n / median(reb)) / median(es_replay), (5, ""))
    sign, csign, cver = nums("sign_s"), nums("c_sign_s"), nums("c_ed25519_verify_s")
    if sign and csign:
        add(f"sign {n:,} v1 lines: `auditlog sign` (parse, canonical form, Ed25519) "
            "(C: Ed25519 of the same messages, OpenSSL EVP)",
            rate_cell(n, sign), rate_cell(n, csign), median(csign) / median(sign))
    sapp, iapp = nums("signed_append_s"), nums("ids_append_s")
    if sapp and dapp:
        add(f"append {n:,} signed v1 lines (signer registered; each signature checked against the registry) "
            "vs the unsigned append of the same history (the v1-catalogue append row)",
            rate_cell(n, sapp), rate_cell(n, dapp), median(dapp) / median(sapp))
    if sapp and iapp:
        add(f"append {n:,} signed v1 lines vs the same lines with their event_id but no `author`, "
            "into the same two-line preamble",
            rate_cell(n, sapp), rate_cell(n, iapp), median(iapp) / median(sapp))
    sver, dver, sscan = nums("signed_verify_s"), nums("domain_verify_s"), nums("c_signed_scan_s")
    if sver and dver:
        add(f"verify a log of {n:,} signed v1 events (every signature against the registry) "
            "vs `verify` of the unsigned v1 log",
            rate_cell(n, sver), rate_cell(n, dver), median(dver) / median(sver))
    if sver and sscan:
        add("verify of the signed log vs the C scan + SHA-256 + RFC 9162 root of it",
            rate_cell(n, sver), rate_cell(n, sscan), median(sscan) / median(sver))
    if sver and sscan and cver:
        both = [a + b for a, b in zip(sscan, cver)]
        add("verify of the signed log vs the C scan plus Ed25519 verification of every signature (OpenSSL EVP; "
            "the sum of the two, run by run)",
            rate_cell(n, sver), rate_cell(n, both), median(both) / median(sver))
    if es_each:
        rows.append(("eventsourcing, one save per event (first events of the generic stream)", "—",
                     f"{rate(median(es_each), 1)} ev/s", "—", "—", "—"))
    if chk:
        inst = one("domain_instances", "?")
        if "domain_orgs" in s:
            inst = f"{int(one('domain_orgs')):,} organisations, {int(inst):,}"
        met = ("yes" if median(chk) < 5 else "**no**") + ", " + ("yes" if median(chk) < 3 else "**no**") if n == 1_000_000 else "—"
        rows.append((f"check at one (T, K) over {n:,} v1 events ({inst} instances, JSON)", f"{median(chk):.2f} s "
                     f"({min(chk):.2f}–{max(chk):.2f})", "—", "—", "< 5 s, < 3 s (#7) at 1M", met))
    rep = nums("report_s")
    if rep:
        size = nums("report_bytes")
        met = ("yes" if median(rep) < 10 else "**no**") if n == 1_000_000 else "—"
        rows.append((f"report at one (T, K) over {n:,} v1 events: HTML, first page of organisations"
                     + (f" ({median(size) / 1048576:.1f} MiB)" if size else ""),
                     f"{median(rep):.2f} s ({min(rep):.2f}–{max(rep):.2f})", "—", "—", "< 10 s at 1M (#24)", met))
    db, cdb, eb = one("db_bytes", ""), one("c_db_bytes", ""), one("entry_bytes", "")
    if db and cdb and eb:
        rows.append((f"database size per event (entries average {int(eb) / n:.0f} B; ratio = C / auditlog)",
                     f"{int(db) / n:.0f} B", f"{int(cdb) / n:.0f} B (events table only)",
                     f"{int(cdb) / int(db):.2f}", "—", "—"))
    for key, op, ckey, cnote in [
        ("rss_init_kb", "peak RSS: `init`", None, ""),
        ("rss_bulk_kb", f"peak RSS: `append` of {n:,} events", "rss_c_insert_kb",
         " (holds every entry in memory by design)"),
        ("rss_batch_kb", f"peak RSS: `append` of {batch:,} events (max over batches)", None, ""),
        ("rss_single_kb", "peak RSS: `append` of one event", "rss_sqlite_single_kb", " (sqlite3 CLI)"),
        ("rss_verify_kb", f"peak RSS: `verify` of {n:,} events", "rss_c_scan_kb", " (C scan)"),
        ("rss_domain_append_kb", f"peak RSS: `append` of {n:,} v1 events", "rss_es_kb", " (eventsourcing, max over its phases)"),
        ("rss_rebuild_kb", f"peak RSS: `rebuild` of {n:,} v1 events", None, ""),
        ("rss_check_kb", f"peak RSS: `check` of {n:,} v1 events (target < 256 MiB at 1M)", None, ""),
        ("rss_report_kb", f"peak RSS: `report` of {n:,} v1 events (target < 300 MiB at 1M)", None, ""),
        ("rss_sign_kb", f"peak RSS: `sign` of {n:,} v1 lines", "rss_c_sign_kb", " (C: one message at a time)"),
        ("rss_signed_append_kb", f"peak RSS: `append` of {n:,} signed v1 lines", None, ""),
        ("rss_signed_verify_kb", f"peak RSS: `verify` of {n:,} signed v1 events", None, ""),
        ("rss_export_kb", f"peak RSS: `log --format ndjson` of {n:,} events", None, ""),
    ]:
        v = nums(key)
        if v:
            c = nums(ckey) if ckey else []
            rows.append((op, mib(max(v)), (mib(max(c)) + cnote) if c else "—", "—", "—", "—"))

    header = (f"{one('date')} · `nproc` {one('nproc')} · CPU {one('cpu')} · SQLite {one('sqlite')} · "
              f"{one('auditlog_version')} (commit {one('commit')}, {one('linkage')}) · {n:,} events, seed {one('seed')}, "
              f"{one('repeat')} runs each")
    lines = [header, "",
             "| operation | auditlog | C / raw SQLite | ratio | target | met? |",
             "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", "Rates are medians with (slowest–fastest) over the runs. Ratio = auditlog's speed ÷ the "
              "baseline's (higher is better; 1.0 = as fast as the baseline).", ""]
    text = "\n".join(lines)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


# (samples key holding seconds per run over the whole log, what it measures)
GROWTH_RATES = [
    ("bulk_s", "`append` of generic events, one transaction"),
    ("c_insert_s", "C insert of the same rows"),
    ("verify_s", "`verify`"),
    ("verify_pages_s", "`verify --pages`"),
    ("scan_s", "C scan + SHA-256 + root"),
    ("export_s", "`log --format ndjson`"),
    ("domain_append_s", "`append` of v1-catalogue events"),
    ("rebuild_s", "`rebuild`"),
    ("c_domain_scan_s", "C scan of the v1 log"),
    ("check_s", "`check` at one (T, K) (events read per second)"),
    ("report_s", "`report` at one (T, K), first page (events read per second)"),
]
GROWTH_RSS = [
    ("rss_bulk_kb", "`append` of every generic event"),
    ("rss_verify_kb", "`verify`"),
    ("rss_verify_pages_kb", "`verify --pages`"),
    ("rss_export_kb", "`log --format ndjson`"),
    ("rss_domain_append_kb", "`append` of every v1 event"),
    ("rss_rebuild_kb", "`rebuild`"),
    ("rss_check_kb", "`check` (JSON report)"),
    ("rss_report_kb", "`report` (HTML, first page)"),
]
RSS_TARGET_MIB = 200


def cmd_growth(a: argparse.Namespace) -> int:
    small, large = load_samples(a.base), load_samples(a.samples)
    n1, n2 = int(small["events"][-1]), int(large["events"][-1])

    def nums(s: dict[str, list[str]], key: str) -> list[float]:
        return [float(x) for x in s.get(key, [])]

    lines = [f"{large['date'][-1]} · growth from {n1:,} events (run of {small['date'][-1]}, commit "
             f"{small['commit'][-1]}) to {n2:,} events (commit {large['commit'][-1]}, {large['repeat'][-1]} run(s))", "",
             f"| operation | events/s at {n1:,} | events/s at {n2:,} | ratio | time at {n2:,} |",
             "|---|---|---|---|---|"]
    for key, what in GROWTH_RATES:
        a1, a2 = nums(small, key), nums(large, key)
        if not (a1 and a2):
            continue
        r1, r2 = n1 / median(a1), n2 / median(a2)
        lines.append(f"| {what} | {rate(r1, 1)} | {rate(r2, 1)} | {r2 / r1:.2f} | {median(a2):.1f} s |")
    for key, what in (("db_bytes", "database size per event"),):
        if key in small and key in large:
            lines.append(f"| {what} | {int(small[key][-1]) / n1:.0f} B | {int(large[key][-1]) / n2:.0f} B | — | "
                         f"{int(large[key][-1]) / 2**30:.1f} GiB |")
    c1, c2 = nums(small, "check_s"), nums(large, "check_s")
    if c1 and c2:
        t1, t2 = median(c1), median(c2)
        grows, limit = t2 / t1, n2 / n1
        met = "yes" if grows <= limit and t2 < 6 else "**no**"
        lines += ["", f"| `check` at one (T, K) | time at {n1:,} | time at {n2:,} | growth | target (#26) | met? |",
                  "|---|---|---|---|---|---|",
                  f"| JSON report | {t1:.2f} s | {t2:.2f} s | {grows:.1f} × | ≤ {limit:.0f} ×, < 6 s | {met} |"]
    lines += ["", f"| peak RSS | at {n1:,} | at {n2:,} | target at {n2:,} | met? |", "|---|---|---|---|---|"]
    for key, what in GROWTH_RSS:
        v1, v2 = nums(small, key), nums(large, key)
        if not (v1 and v2):
            continue
        lines.append(f"| {what} | {mib(max(v1))} | {mib(max(v2))} | < {RSS_TARGET_MIB} MiB | "
                     f"{'yes' if max(v2) / 1024 < RSS_TARGET_MIB else '**no**'} |")
    lines += ["", "Ratio = events/s at the larger size ÷ at the smaller (1.0: the cost per event does not grow).", ""]
    text = "\n".join(lines)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sql")
    p.add_argument("--db", required=True)
    p.add_argument("--lines", required=True)
    p.add_argument("--recorded-at", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("preamble")
    p.add_argument("--vkey", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("messages")
    p.add_argument("--signed", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("--samples", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("growth")
    p.add_argument("--base", required=True)
    p.add_argument("--samples", required=True)
    p.add_argument("--out", required=True)
    a = ap.parse_args()
    return {"sql": cmd_sql, "preamble": cmd_preamble, "messages": cmd_messages, "report": cmd_report, "growth": cmd_growth}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
