"""The benchmark's own tools (tools/bench): its generators must be deterministic, write input the
binary accepts, and refuse what they cannot make; its growth table must judge the RSS target; its
signed rows must sign what the log accepts and report what they measured."""
import base64
import json
import re
import shutil
import subprocess
import sys

from pathlib import Path

from conftest import ROOT, query, verify_py

BENCH = ROOT / "tools" / "bench"


def generate(script, *args):
    proc = subprocess.run([sys.executable, str(BENCH / script), *map(str, args)], capture_output=True, timeout=120)
    return proc


def test_gen_domain_is_deterministic_and_the_seed_matters():
    # 20 associations per province, so that 3,000 events reach the random history
    a = generate("gen_domain.py", "--events", 3000, "--seed", 7, "--orgs", 20)
    b = generate("gen_domain.py", "--events", 3000, "--seed", 7, "--orgs", 20)
    c = generate("gen_domain.py", "--events", 3000, "--seed", 8, "--orgs", 20)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout
    assert len(a.stdout.splitlines()) == 3000


def test_gen_domain_history_appends_into_a_v1_log(log):
    lines = generate("gen_domain.py", "--events", 4000, "--orgs", 20).stdout
    log.init(catalogue="auditlog/v1")
    log.run("append", "--quiet", "-", input=lines, check=0)
    assert log.count() == 4000
    kinds = dict(query(log.db, "SELECT type, count(*) FROM events GROUP BY type"))
    # 4 provinces x (3 bodies + 20 associations); the history holds every kind of fact
    assert kinds["organization.registered"] == 4 * 23
    for kind in ("directive.issued", "monitoring.assigned", "report.submitted", "membership.reported"):
        assert kinds.get(kind, 0) > 0, kind
    log.run("verify", check=0)


def test_gen_domain_refuses_a_history_too_few_associations_cannot_fill():
    # Mergers thin the associations out: 4 of them can never fill 20,000 events. It once looped
    # forever here (above ~4.7M events with the default 2,000 associations).
    p = generate("gen_domain.py", "--events", 20000, "--orgs", 1)
    assert p.returncode == 2
    assert b"cannot fill 20000 events" in p.stderr
    assert p.stdout == b""


def test_gen_domain_default_associations_grow_past_a_million_events():
    sys.path.insert(0, str(BENCH))
    try:
        import gen_domain
    finally:
        sys.path.remove(str(BENCH))
    assert gen_domain.default_orgs(1_000_000) == 500
    assert gen_domain.default_orgs(10_000_000) == 5000
    assert gen_domain.default_orgs(10) == 500


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_gen_domain_event_ids_give_every_line_one_and_change_nothing_else():
    # 20 associations per province: 5,000 events reach a correction, whose target carries an id already
    plain = generate("gen_domain.py", "--events", 5000, "--seed", 7, "--orgs", 20)
    ids = generate("gen_domain.py", "--events", 5000, "--seed", 7, "--orgs", 20, "--event-ids")
    again = generate("gen_domain.py", "--events", 5000, "--seed", 7, "--orgs", 20, "--event-ids")
    assert ids.returncode == 0, ids.stderr
    assert ids.stdout == again.stdout
    before = [json.loads(x) for x in plain.stdout.splitlines()]
    after = [json.loads(x) for x in ids.stdout.splitlines()]
    assert len(after) == len(before) == 5000
    had = [b["event_id"] for b in before if "event_id" in b]
    assert had, "the history should hold a correction (its target's id is drawn by the generator)"
    added = []
    for b, a in zip(before, after):
        assert UUID.match(a["event_id"]), a["event_id"]
        if "event_id" in b:
            assert a == b                       # an id the line had is kept
        else:
            added.append(a.pop("event_id"))
            assert a == b                       # nothing else changes
    assert len(set(added + had)) == 5000
    assert added == sorted(added)               # time-ordered, as the store's own ids


def test_bench_signed_history_signs_appends_and_verifies(log, tmp_path):
    """What run's signed rows do, at a small size: keygen, sign the history, the preamble, append
    (every signature checked against the registry), verify; and the messages the C baseline signs
    are the bytes auditlog signed (docs/authorship.md, "What is signed")."""
    history = generate("gen_domain.py", "--events", 300, "--orgs", 20, "--event-ids").stdout
    (tmp_path / "domain.ndjson").write_bytes(history)
    key = tmp_path / "author.key"
    vkey = log.run("keygen", "--signer", "bench:van-phong-ky-so/van-thu", "--out", key, db=False, check=0).stdout.decode().strip()
    signed = log.run("sign", "--key", key, tmp_path / "domain.ndjson", db=False, check=0).stdout
    assert len(signed.splitlines()) == 300
    p = subprocess.run([sys.executable, str(BENCH / "bench.py"), "preamble", "--vkey", vkey, "--out", tmp_path / "pre.ndjson"],
                       capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    log.init(catalogue="auditlog/v1")
    log.run("append", "--quiet", tmp_path / "pre.ndjson", check=0)
    log.run("append", "--quiet", "-", input=signed, check=0)
    assert log.count() == 302
    assert query(log.db, "SELECT count(*) FROM events WHERE json_extract(entry, '$.author.signer') IS NOT NULL")[0][0] == 300
    assert log.run("verify", check=0).stdout.decode().splitlines()[-1] == "OK"

    (tmp_path / "signed.ndjson").write_bytes(signed)
    p = subprocess.run([sys.executable, str(BENCH / "bench.py"), "messages", "--signed", tmp_path / "signed.ndjson",
                        "--out", tmp_path / "messages.txt"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    messages = (tmp_path / "messages.txt").read_text(encoding="utf-8").splitlines()
    assert len(messages) == 300
    # Ed25519 is deterministic: the seed of the key file signs each message into auditlog's signature.
    V = verify_py()
    # PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>: the base64 may hold "+" too
    seed = base64.b64decode(key.read_text().strip().split("+", 4)[4])[1:]
    for m, line in list(zip(messages, signed.splitlines()))[:5]:
        sig_hex, text = m.split(" ", 1)
        assert sig_hex == base64.b64decode(json.loads(line)["author"]["sig"]).hex()
        assert V.ed25519_sign(seed, b"auditlog/v1 signed event\n" + text.encode()).hex() == sig_hex
    if shutil.which("cc") and (Path("/usr/include/openssl/evp.h")).exists():
        exe = tmp_path / "ed25519"
        subprocess.run(["cc", "-O2", "-o", exe, BENCH / "ed25519.c", "-lcrypto"], check=True, timeout=120)
        c = subprocess.run([exe, "--key", key, "--messages", tmp_path / "messages.txt"], capture_output=True, timeout=60)
        assert c.returncode == 0, c.stderr
        assert json.loads(c.stdout)["events"] == 300


def report(tmp_path, extra):
    path = tmp_path / "samples.txt"
    path.write_text("date 2026-01-01T00:00Z\ncommit abc\nrepeat 2\nevents 1000\n" + extra, encoding="utf-8")
    out = tmp_path / "results.md"
    p = subprocess.run([sys.executable, str(BENCH / "bench.py"), "report", "--samples", path, "--out", out],
                       capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return out.read_text(encoding="utf-8")


def test_report_rows_of_signed_events(tmp_path):
    text = report(tmp_path, "domain_append_s 1.0\ndomain_append_s 1.0\nsign_s 2.0\nsign_s 2.0\n"
                            "c_sign_s 0.5\nc_sign_s 0.5\nsigned_append_s 4.0\nsigned_append_s 4.0\n"
                            "ids_append_s 2.0\nids_append_s 2.0\nsigned_verify_s 0.8\nsigned_verify_s 0.8\n"
                            "domain_verify_s 0.4\ndomain_verify_s 0.4\nc_signed_scan_s 0.2\nc_signed_scan_s 0.2\n"
                            "c_ed25519_verify_s 0.4\nc_ed25519_verify_s 0.4\nrss_sign_kb 2048\n")

    def row(start):
        found = [line for line in text.splitlines() if line.startswith(f"| {start}")]
        assert len(found) == 1, (start, text)
        return found[0].split(" | ")

    # ratio = the baseline's time / auditlog's: 1,000 lines signed in 2 s against 0.5 s of raw Ed25519
    assert row("sign 1,000 v1 lines")[1:4] == ["500 ev/s (500–500, 2 runs)", "2.0k ev/s (2.0k–2.0k, 2 runs)", "0.25"]
    assert row("append 1,000 signed v1 lines (signer registered")[3] == "0.25"      # 1 s unsigned / 4 s
    assert row("append 1,000 signed v1 lines vs the same lines")[3] == "0.50"      # 2 s with ids / 4 s
    assert row("verify a log of 1,000 signed v1 events")[3] == "0.50"              # 0.4 s / 0.8 s
    assert row("verify of the signed log vs the C scan + SHA-256")[3] == "0.25"    # 0.2 s / 0.8 s
    assert row("verify of the signed log vs the C scan plus Ed25519")[3] == "0.75" # (0.2 + 0.4) s / 0.8 s
    assert row("peak RSS: `sign`")[1] == "2.0 MiB"


def test_report_without_signed_samples_has_no_signed_rows(tmp_path):
    # BENCH_SIGNED=0: the run records none of these samples, and the report says nothing of them
    text = report(tmp_path, "domain_append_s 1.0\nverify_s 1.0\nscan_s 0.5\n")
    assert "signed" not in text and "| sign " not in text and "Ed25519" not in text
    assert "| verify 1,000 events" in text


def test_report_judges_the_ratios_against_the_performance_targets(tmp_path):
    text = report(tmp_path, "bulk_s 10\nc_insert_s 8.5\nverify_s 1.0\nscan_s 0.7\nrebuild_s 2.0\n"
                            "c_domain_scan_s 1.3\nsingle_ms 7.0\nsqlite_single_ms 3.6\n")

    def row(start):
        found = [line for line in text.splitlines() if line.startswith(f"| {start}")]
        assert len(found) == 1, (start, text)
        return found[0].split(" | ")[3:]

    assert row("append 1,000 events, one process") == ["0.85", "≥ 0.8 (#26)", "yes |"]      # 8.5 s / 10 s
    assert row("verify 1,000 events") == ["0.70", "≥ 0.8 (#26)", "**no** |"]                # 0.7 s / 1 s
    assert row("rebuild the projections") == ["0.65", "≥ 0.6 (#26)", "yes |"]               # 1.3 s / 2 s
    assert row("single-event append") == ["0.51", "≥ 0.5 (#26)", "yes |"]                   # at most 2 × sqlite3


def test_gen_is_deterministic():
    a = generate("gen.py", "--events", 500, "--seed", 3)
    b = generate("gen.py", "--events", 500, "--seed", 3)
    assert a.returncode == 0 and a.stdout == b.stdout
    assert len(a.stdout.splitlines()) == 500


def samples(path, events, rss_check_kb, check_s):
    path.write_text(
        f"date 2026-01-01T00:00Z\ncommit abc\nrepeat 1\nevents {events}\nverify_s 2.0\nscan_s 1.0\n"
        f"check_s {check_s}\nrss_verify_kb 30000\nrss_check_kb {rss_check_kb}\ndb_bytes {events * 1000}\n",
        encoding="utf-8")


def test_growth_table_compares_rates_and_judges_rss(tmp_path):
    samples(tmp_path / "small.txt", 1_000_000, 150 * 1024, 3.0)
    samples(tmp_path / "large.txt", 10_000_000, 300 * 1024, 60.0)
    out = tmp_path / "growth.md"
    p = subprocess.run([sys.executable, str(BENCH / "bench.py"), "growth", "--base", tmp_path / "small.txt",
                        "--samples", tmp_path / "large.txt", "--out", out], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    rates, rss = text.split("| peak RSS |")

    def row(table, name):
        found = [line for line in table.splitlines() if line.startswith(f"| {name} |")]
        assert len(found) == 1, (name, table)
        return found[0]

    # verify: 2 s at both sizes, so 10 times the events per second at 10M
    assert row(rates, "`verify`").startswith("| `verify` | 500.0k | 5.00M | 10.00 | 2.0 s |")
    # check: 3 s at 1M, 60 s at 10M: half the events per second
    assert "| 333.3k | 166.7k | 0.50 | 60.0 s |" in row(rates, "`check` at one (T, K) (events read per second)")
    # check's own growth: 20 times the time for 10 times the events, and over 6 s
    assert row(rates, "JSON report") == "| JSON report | 3.00 s | 60.00 s | 20.0 × | ≤ 10 ×, < 6 s | **no** |"
    assert row(rss, "`verify`") == "| `verify` | 29.3 MiB | 29.3 MiB | < 200 MiB | yes |"
    assert row(rss, "`check` (JSON report)") == "| `check` (JSON report) | 150.0 MiB | 300.0 MiB | < 200 MiB | **no** |"
