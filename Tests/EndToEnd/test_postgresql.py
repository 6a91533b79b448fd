"""The PostgreSQL engine through the binary, on a real server started by the test session:

- a history appended on PostgreSQL gives the same root, `check`, `orgs`, `tasks` and `signers`
  as its copy on SQLite; a log copied SQLite → PostgreSQL → SQLite has the original root and
  passes tools/verify.py;
- retries by event_id are no-ops, expected_version conflicts exit 3, a dry run writes nothing;
- four writers and two readers at once: seqs dense from 1, every reader's snapshot a prefix;
- faults, each one line and its exit code with nothing written: the server unreachable (69), a
  role without INSERT (77), the writers' lock held past lock_timeout (75), a log of a newer
  format (65), the connection cut mid-append (69, then a retry completes it);
- crashes: SIGKILL of the client mid-append leaves nothing; SIGKILL of the server leaves a log
  that verifies with every acknowledged append in it;
- libpq is loaded only by a command on a PostgreSQL log: the binary does not link it;
- a log of several chunks is verified, checked and rebuilt on worker connections that share the
  command's snapshot, with the answers of one connection (a role allowed only one reads alone)."""
import json
import os
import signal
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from conftest import ROOT, PostgresAuditlog, event, pgserver, verify_py

MANIFEST = json.loads((ROOT / "tools" / "samples" / "manifest.json").read_text(encoding="utf-8"))
LATE_NOW = "2026-12-01T03:00:00.000Z"


def one_line_error(proc):
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditlog: "), proc.stderr
    return lines[0]


def append_samples(log):
    """The sample history, batch by batch at its recording times (as test_samples.py does)."""
    for batch in MANIFEST["batches"]:
        log.run("append", "--quiet", ROOT / "tools" / "samples" / batch["file"], env={"AUDITLOG_NOW": batch["recorded_at"]}, check=0)


def generic_lines(n, start=0, prefix="w"):
    return [event(i, subject=f"org/{prefix}-{i % 5}", event_id=None) for i in range(start, start + n)]


def ndjson(lines):
    return "".join(json.dumps({k: v for k, v in line.items() if v is not None}, ensure_ascii=False) + "\n" for line in lines)


def seqs(log):
    proc = log.run("log", "--format", "ndjson", check=0)
    return [json.loads(l)["seq"] for l in proc.stdout.decode().splitlines()]


def test_a_history_on_postgresql_reads_the_same_as_its_copy_on_sqlite(pg_log, tmp_path):
    pg_log.init(catalogue="auditlog/v1")
    append_samples(pg_log)
    copy = tmp_path / "copy.db"
    out = pg_log.run("copy", copy, check=0).stdout.decode()
    assert "verified    OK" in out
    sqlite = lambda *a: pg_log.run("--db", copy, *a, db=False, env={"AUDITLOG_NOW": LATE_NOW}, check=None)
    for command in (["check", "--format", "json"], ["orgs", "--format", "json"], ["tasks", "--format", "json"],
                    ["directives", "--format", "json"], ["signers"], ["checkpoint"]):
        on_pg = pg_log.run(*command, env={"AUDITLOG_NOW": LATE_NOW})
        on_file = sqlite(*command)
        assert on_pg.returncode == on_file.returncode
        assert on_pg.stdout == on_file.stdout, command
    assert len(pg_log.run("check", "--format", "json", env={"AUDITLOG_NOW": LATE_NOW}).stdout) > 1000


def test_a_log_copied_to_postgresql_and_back_keeps_its_root_and_verifies_independently(log, pg_log, tmp_path):
    log.init(catalogue="auditlog/v1")
    append_samples(log)
    root = log.run("checkpoint", check=0).stdout.decode().splitlines()[2]
    log.run("copy", pg_log.db, check=0)
    assert pg_log.run("checkpoint", check=0).stdout.decode().splitlines()[2] == root
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")
    back = tmp_path / "back.db"
    pg_log.run("copy", back, check=0)
    assert pg_log.run("--db", back, "checkpoint", db=False, check=0).stdout.decode().splitlines()[2] == root
    proc = subprocess.run(["python3", str(ROOT / "tools" / "verify.py"), "db", str(back)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Byte for byte: every entry of the copy is the original's.
    original = log.run("export", check=0).stdout
    assert pg_log.run("export", check=0).stdout == original
    # A copy refuses to overwrite: a schema that already holds a log, a file that exists.
    assert "already holds a log" in one_line_error(log.run("copy", pg_log.db, check=64))
    log.run("copy", back, check=64)


def test_retries_conflicts_and_dry_runs_behave_as_on_sqlite(pg_log):
    pg_log.init()
    lines = [event(i, event_id=f"0190a8e0-0000-7000-8000-{i:012d}") for i in range(1, 6)]
    pg_log.append_lines(lines)
    assert pg_log.count() == 5
    retry = pg_log.append_lines(lines + [event(6)])
    assert pg_log.count() == 6
    assert retry.stdout.decode().count("duplicate") == 5
    changed = dict(lines[0], payload={"n": 99})
    assert "different content" in one_line_error(pg_log.append_lines([changed], check=3))
    stale = event(7, subject="org/hoi-1", expected_version=0)
    assert "expected_version" in one_line_error(pg_log.append_lines([stale], check=3))
    pg_log.append_lines([event(8), event(9)], "--dry-run")
    assert pg_log.count() == 6
    assert seqs(pg_log) == list(range(1, 7))


def test_four_writers_and_two_readers_see_dense_seqs_and_prefixes(pg_log):
    pg_log.init()
    writers, appends, per_append = 4, 12, 5
    stop = threading.Event()
    problems = []

    def reader():
        while not stop.is_set():
            seen = seqs(pg_log)
            if seen != list(range(1, len(seen) + 1)):
                problems.append(seen)

    def writer(w):
        for a in range(appends):
            lines = generic_lines(per_append, start=a * per_append, prefix=f"w{w}")
            proc = pg_log.run("append", "-", input=ndjson(lines))
            if proc.returncode != 0:
                problems.append(proc.stderr.decode())

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    assert problems == []
    total = writers * appends * per_append
    assert seqs(pg_log) == list(range(1, total + 1))
    checkpoints = pgserver().psql(pg_log.db, "SELECT count(*) FROM checkpoints").strip()
    assert int(checkpoints) == writers * appends + 1
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")


def libraries_loaded(log, *args):
    """The shared objects the dynamic loader opened while `log` ran `args` (LD_DEBUG=files)."""
    proc = log.run(*args, env={"LD_DEBUG": "files"}, check=0)
    opened = set()
    for line in proc.stderr.decode(errors="replace").splitlines():
        if "file=" in line and ("needed by" in line or "dynamically loaded by" in line):
            opened.add(line.split("file=", 1)[1].split()[0])
    return opened


def test_libpq_is_loaded_only_for_a_log_on_postgresql(log, pg_log):
    needed = subprocess.run(["readelf", "-d", str(log.binary)], capture_output=True, text=True, check=True).stdout
    assert "libsqlite3" in needed and "libpq" not in needed
    log.init()
    log.run("append", "-", input=ndjson(generic_lines(1)), check=0)
    on_sqlite = libraries_loaded(log, "verify")
    assert any(name.startswith("libsqlite3") for name in on_sqlite)
    assert not any(name.startswith("libpq") for name in on_sqlite)
    pg_log.init()
    assert any(name.startswith("libpq") for name in libraries_loaded(pg_log, "verify"))


def installed_libpq():
    """The file the dynamic loader opens for `libpq.so.5` on this machine (from its cache)."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths = [line.split("=>", 1)[1].strip() for line in listing.splitlines() if line.strip().startswith("libpq.so.5 ")]
    assert paths, "libpq.so.5 is not installed: tools/setup --tests installs it"
    return os.path.realpath(paths[0])


def test_a_machine_without_libpq_is_exit_69_naming_the_library(tmp_path):
    # The loader's failure path, reached by hiding libpq: in a mount namespace of its own (a user
    # namespace, so no privilege is needed), /dev/null is bound over the library's file.
    missing = urllib.parse.quote(str(tmp_path / "no-server"), safe="")
    url = f"postgresql://postgres@/auditlog?host={missing}&port=5432"
    hidden = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
              'mount --bind /dev/null "$0" && exec "$@"', installed_libpq()]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    for args in (["log"], ["verify"]):
        proc = subprocess.run(hidden + [str(PostgresAuditlog(tmp_path, url).binary), "--db", url, *args],
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 69, proc.stderr.decode(errors="replace")
        error = one_line_error(proc)
        assert "libpq" in error and "libpq.so.5" in error and "could not be loaded" in error
        assert "try again" not in error.lower()
    # The same binary outside the namespace loads libpq and only then fails to reach the server.
    proc = PostgresAuditlog(tmp_path, url).run("log", check=69)
    assert "cannot reach the PostgreSQL server" in one_line_error(proc)


def test_an_unreachable_server_is_exit_69(tmp_path):
    missing = urllib.parse.quote(str(tmp_path / "no-server"), safe="")
    log = PostgresAuditlog(tmp_path, f"postgresql://postgres@/auditlog?host={missing}&port=5432")
    for args in (["log"], ["append", "--dry-run", "-"], ["verify"], ["check"]):
        proc = log.run(*args, input=ndjson([event(1)]), check=69)
        assert "cannot reach the PostgreSQL server" in one_line_error(proc)


def test_a_role_that_may_not_insert_is_exit_77_and_nothing_is_written(pg_log):
    pg_log.init()
    pg_log.append_lines([event(1)])
    name = pg_log.db.split("/")[3].split("?")[0]
    pgserver().psql(pg_log.db, f"CREATE ROLE reader_{name} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader_{name}")
    as_reader = PostgresAuditlog(pg_log.dir, pg_log.db.replace("postgresql://postgres@", f"postgresql://reader_{name}@"))
    assert [json.loads(l)["seq"] for l in as_reader.run("log", "--format", "ndjson", check=0).stdout.decode().splitlines()] == [1]
    proc = as_reader.append_lines([event(2)], check=77)
    assert "permission denied" in one_line_error(proc)
    assert pg_log.count() == 1


def test_the_writers_lock_held_past_lock_timeout_is_exit_75(pg_log):
    pg_log.init()
    key = pgserver().psql(pg_log.db, "SELECT (x'6175646900000000'::bigint | 'log_meta'::regclass::oid::bigint)").strip()
    holder = subprocess.Popen(["psql", pg_log.db, "-X", "-q", "-c", f"BEGIN; SELECT pg_advisory_xact_lock({key}); SELECT pg_sleep(20); COMMIT"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        slow = PostgresAuditlog(pg_log.dir, pg_log.db + "&options=-c%20lock_timeout%3D300")
        started = time.monotonic()
        proc = slow.append_lines([event(1)], check=75)
        assert time.monotonic() - started < 10
        assert "timed out" in one_line_error(proc)
        assert pg_log.count() == 0
        # Readers never wait for the writers' lock.
        assert seqs(pg_log) == []
    finally:
        holder.kill()
        holder.wait()


def test_a_write_sent_without_waiting_that_fails_is_the_error_reported(pg_log):
    # The domain index's rows go to the server without waiting for its answer. One that waits
    # past lock_timeout (another session holds the same key, uncommitted) fails after the append
    # has gone on to a later line, which is refused on its own; the failure that came first is
    # the one reported (busy, exit 75), as when each row waited for its answer.
    pg_log.init(catalogue="auditlog/v1")

    def org(org_id, **extra):
        payload = {"org_id": org_id, "name_vi": "Hội thử", "kind": "party_board", "level": "province", "province": "ha-tinh"}
        return dict({"type": "organization.registered", "occurred_at": "2020-01-01", "actor": "clerk:test", "payload": payload}, **extra)

    holder = subprocess.Popen(["psql", pg_log.db, "-X", "-q", "-c",
                               "BEGIN; INSERT INTO domain_keys (kind, key, seq) VALUES ('org', 'blocked-org', 999999); "
                               "SELECT pg_sleep(20); ROLLBACK"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        slow = PostgresAuditlog(pg_log.dir, pg_log.db + "&options=-c%20lock_timeout%3D1500")
        proc = slow.append_lines([org("blocked-org"), org("other-org", expected_version=5)], check=75)
        assert "timed out" in one_line_error(proc)
        assert pg_log.count() == 0
        # Alone, the later line is refused for itself.
        assert "expected_version" in one_line_error(slow.append_lines([org("other-org", expected_version=5)], check=3))
    finally:
        holder.kill()
        holder.wait()


def test_a_log_of_a_newer_format_is_refused_with_exit_65(pg_log):
    pg_log.init()
    pgserver().psql(pg_log.db, "ALTER TABLE log_meta DISABLE TRIGGER USER; UPDATE log_meta SET schema_version = 2")
    for args in (["log"], ["verify"]):
        assert "newer than this auditlog" in one_line_error(pg_log.run(*args, check=65))
    assert "holds no auditlog log" in one_line_error(
        PostgresAuditlog(pg_log.dir, pgserver().createdb(pg_log.db, "empty_" + os.urandom(4).hex())).run("log", check=66))


def test_a_postgresql_log_needs_a_named_key_and_init_refuses_a_second_log(pg_log):
    proc = pg_log.run("init", "--origin", "example.org/x", env={"AUDITLOG_KEY": ""}, check=64)
    assert "--key-file" in one_line_error(proc)
    pg_log.init()
    assert "already holds a log" in one_line_error(pg_log.run("init", "--origin", "example.org/y", check=64))


def big_input(n, prefix):
    return ndjson([event(i, subject=f"org/{prefix}-{i % 97}", event_id=f"0190a8e0-0000-7000-8000-{i:012d}") for i in range(n)])


def test_a_connection_cut_mid_append_writes_nothing_and_a_retry_completes_it(pg_log):
    pg_log.init()
    pg_log.append_lines([event(1)])
    data = big_input(30000, "cut")
    proc = subprocess.Popen([str(pg_log.binary), "--db", pg_log.db, "append", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "AUDITLOG_KEY": str(pg_log.key), "AUDITLOG_NOW": "2026-01-15T03:00:00.000Z"})
    proc.stdin.write(data[: len(data) // 2].encode())
    proc.stdin.flush()
    time.sleep(1.0)
    # The append's transaction is open (half its input read): cut its connection.
    killed = pgserver().psql(pg_log.db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE application_name = 'auditlog' AND pid <> pg_backend_pid()").strip()
    assert killed == "1"
    try:
        proc.stdin.write(data[len(data) // 2:].encode())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.wait(timeout=120)
    assert proc.returncode == 69, proc.stderr
    assert pg_log.count() == 1
    pg_log.run("append", "-", input=data, check=0)
    assert pg_log.count() == 30001
    again = pg_log.run("append", "-", input=data, check=0)
    assert pg_log.count() == 30001 and b"duplicate" in again.stdout
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")


def test_a_retry_just_after_the_rows_are_flushed_is_still_a_duplicate(pg_log):
    # Every 32 MiB of rows the append ends its COPY and forgets the rows it sent; the ids it
    # looked up a batch at a time must still know them. Each line past the 7,000th is followed
    # by a retry of the line before it: some retry falls just past the flush.
    pg_log.init()
    text = "ă" * 2_000  # entries of about 4.2 kB: 32 MiB after some 7,900 lines
    lines = []
    for i in range(9_000):
        line = event(i, subject=f"org/big-{i % 13}", event_id=f"0190a8e0-0000-7000-8000-{i:012d}", payload={"t": text})
        lines.append(line)
        if i > 7_000:
            lines.append(previous)
        previous = line
    proc = pg_log.run("append", "-", input=ndjson(lines), check=0)
    assert proc.stdout.decode().count("\tduplicate") == 8_999 - 7_000
    assert pg_log.count() == 9_000
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")


def test_sigkill_of_the_client_mid_append_leaves_nothing(pg_log):
    pg_log.init()
    pg_log.append_lines([event(1)])
    proc = subprocess.Popen([str(pg_log.binary), "--db", pg_log.db, "append", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "AUDITLOG_KEY": str(pg_log.key), "AUDITLOG_NOW": "2026-01-15T03:00:00.000Z"})
    data = big_input(20000, "kill")
    proc.stdin.write(data[: len(data) // 2].encode())
    proc.stdin.flush()
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The server notices the closed socket and rolls the transaction back.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        busy = pgserver().psql(pg_log.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'auditlog'").strip()
        if busy == "0":
            break
        time.sleep(0.2)
    assert pg_log.count() == 1
    assert seqs(pg_log) == [1]
    pg_log.append_lines([event(2)])
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")


def test_sigkill_of_the_server_keeps_every_acknowledged_append(tmp_path):
    directory = tmp_path / "server"
    url = pgserver().start(directory)
    try:
        log = PostgresAuditlog(tmp_path, pgserver().createdb(url, "crash"))
        log.init()
        acknowledged = 0
        stop = threading.Event()

        def writer():
            nonlocal acknowledged
            i = 0
            while not stop.is_set():
                proc = log.run("append", "-", input=ndjson(generic_lines(20, start=i, prefix="crash")))
                if proc.returncode == 0:
                    acknowledged += 20
                i += 20

        t = threading.Thread(target=writer)
        t.start()
        time.sleep(2.0)
        pid = int((directory / "data" / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        stop.set()
        t.join()
        # The postmaster's children end with it; start the cluster again on the same data.
        for _ in range(50):
            alive = subprocess.run(["pgrep", "-f", f"{directory}/data"], capture_output=True).stdout.strip()
            if not alive:
                break
            time.sleep(0.2)
        # A killed postmaster may stay a zombie where no init reaps it: its lock files would look taken.
        (directory / "data" / "postmaster.pid").unlink(missing_ok=True)
        (directory / "socket" / ".s.PGSQL.5432.lock").unlink(missing_ok=True)
        pgserver().restart(directory)
        assert acknowledged > 0
        n = log.count()
        assert n >= acknowledged and n % 20 == 0
        assert seqs(log) == list(range(1, n + 1))
        assert log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")
        log.append_lines([event(1)])
        assert log.count() == n + 1
    finally:
        pgserver().stop(directory, mode="immediate")


def test_a_writer_with_the_documented_grants_appends_and_an_unknown_role_is_refused(pg_log):
    pg_log.init(catalogue="auditlog/v1")
    name = pg_log.db.split("/")[3].split("?")[0]
    writer = f"writer_{name}"
    pgserver().psql(pg_log.db, f"""
        CREATE ROLE {writer} LOGIN;
        GRANT SELECT, INSERT ON events, merkle_nodes, checkpoints TO {writer};
        GRANT SELECT ON log_meta TO {writer};
        GRANT SELECT, INSERT, UPDATE, DELETE ON domain_keys, domain_links, domain_attested, domain_state,
            proj_organizations, proj_documents, proj_tasks, proj_assignments, proj_recommendations, proj_state TO {writer};
        REVOKE CREATE ON SCHEMA public FROM PUBLIC""")
    as_writer = PostgresAuditlog(pg_log.dir, pg_log.db.replace("postgresql://postgres@", f"postgresql://{writer}@"))
    first = MANIFEST["batches"][0]
    as_writer.run("append", ROOT / "tools" / "samples" / first["file"], env={"AUDITLOG_NOW": first["recorded_at"]}, check=0)
    assert pg_log.count() > 0
    assert as_writer.run("orgs", "--format", "json", check=0).stdout.strip().startswith(b"[")
    # The writer may not rewrite history: the triggers refuse it, and so do the grants.
    refused = subprocess.run(["psql", as_writer.db, "-X", "-q", "-c", "UPDATE events SET type = 'x.y' WHERE seq = 1"],
                             capture_output=True, text=True)
    assert refused.returncode != 0
    # A role the server does not know, with a password in the URL: refused (77), the password not shown.
    stranger = PostgresAuditlog(pg_log.dir, pg_log.db.replace("postgresql://postgres@", "postgresql://nobody_here@")
                                + "&password=s3cret-pass")
    line = one_line_error(stranger.run("log", check=77))
    assert "s3cret-pass" not in line and "nobody_here" in line


def test_a_large_domain_append_reads_and_writes_its_tables_while_its_rows_stream(pg_log, tmp_path):
    # Large enough that rows are sent while the domain's checks still read the log and its
    # tables (the COPY must end before each of those statements).
    pg_log.init(catalogue="auditlog/v1")
    history = tmp_path / "domain.ndjson"
    with history.open("w") as out:
        subprocess.run(["python3", str(ROOT / "tools" / "bench" / "gen_domain.py"), "--events", "6000", "--seed", "3"],
                       stdout=out, check=True)
    assert history.stat().st_size > 3 * 256 * 1024
    now = {"AUDITLOG_NOW": "2026-12-01T00:00:00.000Z"}
    pg_log.run("append", "--quiet", history, env=now, check=0)
    assert pg_log.count() == 6000
    copy = tmp_path / "copy.db"
    pg_log.run("copy", copy, check=0)
    # The projections made again from the events, which a rebuild reads on worker connections
    # (two chunks), must be those the appends kept and those the copy makes.
    pg_log.run("rebuild", check=0)
    pg_log.run("--db", copy, "rebuild", db=False, check=0)
    for command in (["check", "--format", "json"], ["orgs", "--format", "json"], ["tasks", "--format", "json"]):
        on_pg = pg_log.run(*command, env=now)
        on_file = pg_log.run("--db", copy, *command, db=False, env=now)
        assert on_pg.stdout == on_file.stdout and on_pg.returncode == on_file.returncode, command
    assert pg_log.run("verify", check=0).stdout.decode().rstrip().endswith("OK")


def sessions_opened_by(log, *args, check):
    """The output of one command, and how many sessions it opened on the server."""
    count = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
    before = int(pgserver().psql(log.db, count))
    proc = log.run(*args, check=check)
    # The second psql counts the first one's session, and no other.
    return proc, int(pgserver().psql(log.db, count)) - before - 1


def test_a_log_of_several_chunks_is_verified_on_worker_connections_as_on_one(pg_log):
    # Three chunks of entries: verify exports its snapshot to a connection per worker thread.
    # A role allowed one connection reads alone, one allowed two reads with one worker at most;
    # the answers are the same. (That the workers read the command's snapshot, not a later one,
    # is PostgresSnapshotTests'.)
    pg_log.init()
    pg_log.run("append", "--quiet", "-", input=ndjson(generic_lines(10_000)), check=0)
    name = pg_log.db.split("/")[3].split("?")[0]
    roles = {}
    for limit in (1, 2):
        role = f"limit{limit}_{name}"
        pgserver().psql(pg_log.db, f"CREATE ROLE {role} LOGIN CONNECTION LIMIT {limit}; "
                        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        roles[limit] = PostgresAuditlog(pg_log.dir, pg_log.db.replace("postgresql://postgres@", f"postgresql://{role}@"))
    shared, opened = sessions_opened_by(pg_log, "verify", check=0)
    assert opened >= 2, opened  # its own, and one per worker
    assert shared.stdout.decode().rstrip().endswith("OK") and "10000 checked" in shared.stdout.decode()
    for limit, reader in roles.items():
        proc, opened = sessions_opened_by(reader, "verify", check=0)
        # The server counts a role's connections loosely: two that start together may both be
        # refused, and the command then reads alone.
        assert 1 <= opened <= limit, (limit, opened)
        assert proc.stdout == shared.stdout
    # An entry of the second chunk rewritten: the same first problem, whoever reads it.
    pgserver().psql(pg_log.db, "SET session_replication_role = replica; "
                    "UPDATE events SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'Ghi', 'Gho'), 'UTF8') WHERE seq = 6000")
    shared = pg_log.run("verify", check=1)
    assert "seq 6000" in shared.stdout.decode() + shared.stderr.decode()
    for reader in roles.values():
        proc = reader.run("verify", check=1)
        assert (proc.stdout, proc.stderr) == (shared.stdout, shared.stderr)
