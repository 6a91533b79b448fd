"""Shared fixtures for the end-to-end tests: they run the built `auditlog` binary on real SQLite
files in temporary directories, and on a real PostgreSQL server that the session starts in a
temporary directory (tools/pgserver.py) and stops at its end. `tools/test` builds the binary and
exports AUDITLOG_BIN."""
import functools
import importlib.util
import json
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXED_NOW = "2026-01-15T03:00:00.000Z"
VERIFY_PY = ROOT / "tools" / "verify.py"


@functools.cache
def verify_py():
    """tools/verify.py as a module, loaded once: the independent verifier's functions (hashing,
    Ed25519, canonical JSON) for tests that check it in-process or use it as a forger's toolkit."""
    spec = importlib.util.spec_from_file_location("auditlog_verify_py", VERIFY_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=[True] + ([False] if verify_py().crypto_available() else []),
                ids=lambda pure: "pure" if pure else "cryptography")
def backend(request):
    """verify.py's Ed25519 backend for the test: the pure implementation, then `cryptography`
    when it is installed."""
    verify_py().set_backend(request.param)
    yield request.param
    verify_py().set_backend(False)


def binary_path() -> Path:
    env = os.environ.get("AUDITLOG_BIN")
    if env:
        return Path(env)
    for candidate in (ROOT / ".build/debug/auditlog", ROOT / ".build/release/auditlog"):
        if candidate.exists():
            return candidate
    raise RuntimeError("auditlog binary not built: run tools/test (or set AUDITLOG_BIN)")


class Auditlog:
    """Runs the binary against one database in a temporary directory."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.db = directory / "audit.db"
        self.key = directory / "audit.db.key"
        self.binary = binary_path()
        #: Environment a test adds when it runs the binary itself (the key of a server's log).
        self.env = {}

    def run(self, *args, input=None, env=None, check=None, db=True):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
        full_env["AUDITLOG_NOW"] = FIXED_NOW
        if env:
            full_env.update(env)
        argv = [str(self.binary)]
        if db:
            argv += ["--db", str(self.db)]
        argv += [str(a) for a in args]
        if isinstance(input, str):
            input = input.encode()
        proc = subprocess.run(argv, input=input, capture_output=True, env=full_env, timeout=120)
        if check is not None:
            assert proc.returncode == check, (
                f"exit {proc.returncode}, wanted {check}\nstdout: {proc.stdout.decode(errors='replace')}"
                f"\nstderr: {proc.stderr.decode(errors='replace')}"
            )
        return proc

    def init(self, origin="example.org/test-log", *extra, catalogue="none"):
        """Creates the log. The event-log core's tests use the catalogue `none` (any dotted type,
        free payloads); the domain's tests pass catalogue="auditlog/v1" (the default of `init`)."""
        proc = self.run("init", "--origin", origin, "--catalogue", catalogue, *extra, check=0)
        return proc.stdout.decode().strip()

    def append_lines(self, lines, *extra, check=0, env=None):
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        return self.run("append", "-", *extra, input=text, check=check, env=env)

    def count(self):
        return query(self.db, "SELECT count(*) FROM events")[0][0]


class PostgresAuditlog(Auditlog):
    """Runs the binary against one log in a database of its own on the session's PostgreSQL
    server; the signing key is a file in the test's directory (AUDITLOG_KEY)."""

    def __init__(self, directory: Path, url: str):
        super().__init__(directory)
        self.db = url
        self.key = directory / "pg.key"
        self.env = {"AUDITLOG_KEY": str(self.key)}

    def run(self, *args, input=None, env=None, check=None, db=True):
        full = dict(self.env)
        if env:
            full.update(env)
        return super().run(*args, input=input, env=full, check=check, db=db)


@functools.cache
def pgserver():
    """tools/pgserver.py as a module."""
    spec = importlib.util.spec_from_file_location("auditlog_pgserver", ROOT / "tools" / "pgserver.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """The URL of a PostgreSQL server of this test session (initdb and pg_ctl in a temporary
    directory, Unix socket only), stopped at the session's end."""
    directory = tmp_path_factory.mktemp("postgresql")
    url = pgserver().start(directory)
    yield url
    pgserver().stop(directory)


@pytest.fixture
def pg_log(tmp_path, pg_server):
    """A log's place on the session's server: a new, empty database."""
    name = "t_" + uuid.uuid4().hex[:16]
    return PostgresAuditlog(tmp_path, pgserver().createdb(pg_server, name))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_log(request, tmp_path):
    """The same test on each engine: an SQLite file, then a database on the session's server."""
    if request.param == "sqlite":
        return Auditlog(tmp_path)
    return request.getfixturevalue("pg_log")


def query(db, sql, *params):
    """Rows of one query, on a connection that is closed afterwards: SQLite's for a file, psql's
    for a PostgreSQL URL (there `?` takes each parameter as a literal, and a column reads back as
    an int, bytes for a bytea, or text)."""
    if str(db).startswith("postgresql"):
        return _pg_rows(str(db), sql, params)
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql, params).fetchall()


def _pg_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool) or isinstance(value, int):
        return str(int(value))
    if isinstance(value, (bytes, bytearray)):
        return "'\\x" + bytes(value).hex() + "'::bytea"
    return "'" + str(value).replace("'", "''") + "'"


def _pg_rows(url, sql, params):
    parts = sql.split("?")
    assert len(parts) == len(params) + 1, "one ? per parameter"
    text = parts[0] + "".join(_pg_literal(p) + rest for p, rest in zip(params, parts[1:]))
    null = "\x01NULL\x01"
    out = subprocess.run(["psql", url, "-X", "-q", "-At", "-F", "\x1f", "-R", "\x1e", "-P", f"null={null}",
                          "-v", "ON_ERROR_STOP=1", "-c", text], check=True, capture_output=True, text=True).stdout
    body = out[:-1] if out.endswith("\n") else out  # psql's one newline after the last record
    rows = []
    for record in (body.split("\x1e") if body else []):
        fields = []
        for field in record.split("\x1f"):
            if field == null:
                fields.append(None)
            elif re.fullmatch(r"-?[0-9]+", field):
                fields.append(int(field))
            elif field.startswith("\\x") and re.fullmatch(r"\\x[0-9a-f]*", field):
                fields.append(bytes.fromhex(field[2:]))
            else:
                fields.append(field)
        rows.append(tuple(fields))
    return rows


@pytest.fixture
def log(tmp_path):
    return Auditlog(tmp_path)


@pytest.fixture
def sqlite_log(tmp_path):
    """A log in an SQLite file, for a test of what only a file has (pages, locks, permissions,
    the file's bytes) in a module whose other tests run on both engines."""
    return Auditlog(tmp_path)


def event(i=1, subject=None, **fields):
    """A generic valid append input line."""
    line = {
        "type": "note.recorded",
        "occurred_at": "2025-12-01",
        "actor": "clerk-01",
        "subject": subject or f"org/hoi-{i % 7}",
        "payload": {"n": i, "text": f"Ghi chép số {i}"},
    }
    line.update(fields)
    return line
