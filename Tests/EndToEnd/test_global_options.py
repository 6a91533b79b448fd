"""Where the database is named: `--db` before or after the subcommand's name (the argument
parser's own handling of the root's options), `--db=PATH`, `$AUDITLOG_DB`, and ./auditlog.db."""

import os
import subprocess

from conftest import Auditlog


def size_of(proc):
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.decode().splitlines()[1])


def test_db_may_come_before_or_after_the_subcommand(tmp_path):
    one, two = Auditlog(tmp_path), Auditlog(tmp_path)
    two.db = tmp_path / "two.db"
    one.init()
    two.init("example.org/two")
    two.append_lines([{"type": "x.y", "occurred_at": "2025", "actor": "a", "subject": "s", "payload": {}}])
    run = lambda *argv: one.run(*argv, db=False)
    assert size_of(run("--db", one.db, "checkpoint")) == 0
    assert size_of(run("checkpoint", "--db", two.db)) == 1
    assert size_of(run(f"--db={two.db}", "checkpoint")) == 1
    # Given in both places, the last one wins.
    assert size_of(run("--db", one.db, "checkpoint", "--db", two.db)) == 1
    assert size_of(run("--db", two.db, "checkpoint", "--db", one.db)) == 0


def test_the_environment_and_the_default_name_the_database_when_db_is_not_given(tmp_path):
    log = Auditlog(tmp_path)
    log.init()
    assert size_of(log.run("checkpoint", db=False, env={"AUDITLOG_DB": str(log.db)})) == 0
    # --db overrides the environment.
    missing = log.run("--db", tmp_path / "none.db", "checkpoint", db=False, env={"AUDITLOG_DB": str(log.db)})
    assert missing.returncode == 66 and b"none.db not found" in missing.stderr
    # Neither: ./auditlog.db in the working directory (none here).
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    proc = subprocess.run([str(log.binary), "checkpoint"], cwd=tmp_path, capture_output=True, env=env)
    assert proc.returncode == 66 and b"auditlog.db not found" in proc.stderr


def test_db_without_a_value_is_a_usage_error(tmp_path):
    proc = Auditlog(tmp_path).run("--db", db=False)
    assert proc.returncode == 64 and b"Missing value for '--db" in proc.stderr
