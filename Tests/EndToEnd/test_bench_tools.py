"""The benchmark's own tools (tools/bench): its generators must be deterministic, write input the
binary accepts, and refuse what they cannot make; its growth table must judge the RSS target."""
import subprocess
import sys

from conftest import ROOT, query

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
    assert row(rss, "`verify`") == "| `verify` | 29.3 MiB | 29.3 MiB | < 200 MiB | yes |"
    assert row(rss, "`check` (JSON report)") == "| `check` (JSON report) | 150.0 MiB | 300.0 MiB | < 200 MiB | **no** |"
