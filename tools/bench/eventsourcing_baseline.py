#!/usr/bin/env python3
"""The peer baseline: the Python `eventsourcing` library (9.5.6) with its SQLite or PostgreSQL persistence.

    python3 tools/bench/eventsourcing_baseline.py [--events 100000] [--seed 1] [--input FILE]
        [--repeat 3] [--single-limit 5000] [--batch 1000] [--postgres URL]

Reads the harness's input (NDJSON from `gen.py --events N --seed S`, or `--input FILE`), keeps one
`Organisation` aggregate per subject, and measures, each `--repeat` times on a fresh database:
  save_each     load (or create) the aggregate, record one event, `app.save()`: one committed
                transaction per event, for the first `--single-limit` events;
  save_batched  all N events applied to in-memory aggregates, `app.save(*touched)` every
                `--batch` events (one transaction per batch);
  replay        `app.repository.get(id)` of every aggregate of the last save_batched database,
                which reads and re-applies all N events.
Rates are input events per second (median, min, max over the runs). Each phase runs in its own
process, so that its peak RSS (`resource.getrusage`, ru_maxrss) is its own.

By default the events go to SQLite files in a temporary directory. With `--postgres URL` (a libpq
URL or key=value string; PGHOST, PGPORT, PGUSER, PGDATABASE fill what it leaves out) they go to
eventsourcing's PostgreSQL persistence (PERSISTENCE_MODULE=eventsourcing.postgres, psycopg 3) in
that database: a "fresh database" is then the schema `eventsourcing_<phase>`, dropped (CASCADE)
and created again before each save run and dropped at the end.

The first run creates the virtualenv tools/bench/.venv (git-ignored) and installs
eventsourcing==9.5.6 into it from PyPI (and, the first time --postgres is used, psycopg[binary]
and psycopg-pool; exit 2 when that fails), then the script re-executes itself inside it. stdout
is one JSON object; progress goes to stderr. Python 3.11, no other dependencies.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn
from uuid import NAMESPACE_URL, UUID, uuid5

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
VERSION = "9.5.6"
REQUIREMENT = f"eventsourcing=={VERSION}"
# What eventsourcing's "postgres" extra asks for (psycopg[pool] >= 3.2), with libpq inside the
# wheel (psycopg[binary]). psycopg 3.2.10 exactly: from 3.2.11 on (3.3.9 included) a pipeline whose
# one INSERT carries a large parameter (eventsourcing sends a save's events as one array of
# composites: about 1 MB for 1,000 events) never finishes sending it on a Unix socket: the client
# waits in Pipeline.sync() and the server in ClientRead, for ever.
PSYCOPG_VERSION = "3.2.10"
POSTGRES_REQUIREMENTS = [f"psycopg[binary]=={PSYCOPG_VERSION}", "psycopg-pool==3.3.3"]


def say(msg: str) -> None:
    print(f"eventsourcing_baseline: {msg}", file=sys.stderr, flush=True)


def die(msg: str, code: int = 1) -> NoReturn:
    say(msg)
    sys.exit(code)


# --- 0. the virtualenv --------------------------------------------------------------------------

def installed_version(python: Path) -> str | None:
    """The eventsourcing version installed for `python`, or None."""
    r = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('eventsourcing'))"],
        capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def has_psycopg(python: Path) -> bool:
    """Whether psycopg PSYCOPG_VERSION (with a libpq) and psycopg_pool import for `python`."""
    r = subprocess.run([str(python), "-c", "import psycopg, psycopg_pool; psycopg.pq.version(); "
                        "print(psycopg.__version__)"], capture_output=True, text=True)
    return r.returncode == 0 and r.stdout.strip() == PSYCOPG_VERSION


def pip_install(requirements: list[str], ok) -> None:
    say(f"pip install {' '.join(requirements)} into {VENV}")
    r = subprocess.run(
        [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
         "--retries", "1", "--timeout", "20", *requirements],
        capture_output=True, text=True)
    if r.returncode != 0 or not ok():
        last = (r.stderr.strip().splitlines() or ["no output"])[-1]
        die(f"cannot install {' '.join(requirements)} from PyPI (unreachable?): {last}", 2)


def enter_venv() -> None:
    """Create tools/bench/.venv and install eventsourcing into it if needed, then re-exec there."""
    if not VENV_PYTHON.exists():
        say(f"creating {VENV}")
        r = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
        if r.returncode != 0:
            die(f"python3 -m venv {VENV} failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
    if installed_version(VENV_PYTHON) != VERSION:
        pip_install([REQUIREMENT], lambda: installed_version(VENV_PYTHON) == VERSION)
    if "--postgres" in sys.argv[1:] and not has_psycopg(VENV_PYTHON):
        pip_install(POSTGRES_REQUIREMENTS, lambda: has_psycopg(VENV_PYTHON))
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


if __name__ == "__main__" and Path(sys.prefix).resolve() != VENV.resolve():
    enter_venv()  # does not return

# Only importable inside the venv, hence after enter_venv().
from eventsourcing.application import AggregateNotFoundError, Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402


# --- 1. the model -------------------------------------------------------------------------------
# Module-level classes on purpose: eventsourcing stores each event with the topic of its class
# ("__main__:Organisation.Recorded") and resolves that topic again when it reads the event back,
# so the classes must not be local to a function.

class Organisation(Aggregate):
    """One aggregate per subject ("org/<kind>-<k>")."""

    @staticmethod
    def create_id(subject: str) -> UUID:
        # A deterministic ID (UUIDv5 of the subject), so a command finds the aggregate of a
        # subject without a lookup table; eventsourcing calls this with the __init__ arguments.
        return uuid5(NAMESPACE_URL, subject)

    def __init__(self, subject: str) -> None:
        # Creating an aggregate triggers (and stores) eventsourcing's own Organisation.Created
        # event, with the subject: one row per subject beside the N recorded events.
        self.subject = subject
        self.recorded = 0
        self.last_type: str | None = None
        self.last_occurred_at: str | None = None

    # The one domain event class, Organisation.Recorded, generated by @event from this
    # method's signature: calling record() creates the event and applies this body to the
    # aggregate; replay applies the same body to each stored event.
    @event("Recorded")
    def record(self, type: str, occurred_at: str, actor: str, payload: dict) -> None:  # noqa: A002
        self.recorded += 1
        self.last_type = type
        self.last_occurred_at = occurred_at


class AuditApp(Application):
    """Defaults kept: no aggregate cache, no snapshots, the JSON transcoder, no compression."""


SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


class SqliteStore:
    """A database per phase: the file WORK/<name>.db."""

    def __init__(self, work: Path) -> None:
        self.work = work

    def path(self, name: str) -> Path:
        return self.work / f"{name}.db"

    def open_app(self, name: str) -> AuditApp:
        return AuditApp(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(self.path(name))})

    def reset(self, name: str) -> None:
        remove_db(self.path(name))

    drop = reset

    def rows(self, name: str) -> int:
        return stored_rows(self.path(name))

    def ids(self, name: str) -> list[UUID]:
        with sqlite3.connect(self.path(name)) as con:
            return [UUID(h) for (h,) in con.execute("SELECT DISTINCT originator_id FROM stored_events")]

    def settings(self, app: AuditApp) -> dict:
        return sqlite_settings(app)


class PostgresStore:
    """A database per phase: the schema eventsourcing_<name> of the --postgres database."""

    def __init__(self, url: str) -> None:
        from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415 (only with --postgres)

        d = conninfo_to_dict(url)
        user = d.get("user") or os.environ.get("PGUSER") or os.environ.get("USER") or "postgres"
        self.params = {
            "host": str(d.get("host") or os.environ.get("PGHOST") or "/var/run/postgresql"),
            "port": str(d.get("port") or os.environ.get("PGPORT") or "5432"),
            "user": str(user),
            "dbname": str(d.get("dbname") or os.environ.get("PGDATABASE") or user),
            "password": str(d.get("password") or os.environ.get("PGPASSWORD") or ""),
        }

    @staticmethod
    def schema(name: str) -> str:
        return f"eventsourcing_{name}"

    def table(self, name: str) -> str:
        # eventsourcing names the table after the application: AuditApp -> auditapp_events.
        return f"{self.schema(name)}.auditapp_events"

    def connect(self):
        import psycopg  # noqa: PLC0415

        return psycopg.connect(autocommit=True, **self.params)

    def open_app(self, name: str) -> AuditApp:
        p = self.params
        return AuditApp(env={"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": p["dbname"],
                             "POSTGRES_HOST": p["host"], "POSTGRES_PORT": p["port"], "POSTGRES_USER": p["user"],
                             "POSTGRES_PASSWORD": p["password"], "POSTGRES_SCHEMA": self.schema(name)})

    def drop(self, name: str) -> None:
        with self.connect() as con:
            con.execute("SET client_min_messages = warning")
            con.execute(f"DROP SCHEMA IF EXISTS {self.schema(name)} CASCADE")

    def reset(self, name: str) -> None:
        self.drop(name)
        with self.connect() as con:
            con.execute(f"CREATE SCHEMA {self.schema(name)}")

    def rows(self, name: str) -> int:
        with self.connect() as con:
            return con.execute(f"SELECT count(*) FROM {self.table(name)}").fetchone()[0]

    def ids(self, name: str) -> list[UUID]:
        with self.connect() as con:
            rows = con.execute(f"SELECT DISTINCT originator_id FROM {self.table(name)}").fetchall()
        return [r[0] if isinstance(r[0], UUID) else UUID(str(r[0])) for r in rows]

    def settings(self, app: AuditApp) -> dict:
        """The server's version and durability settings, as the app's own connection sees them."""
        import psycopg  # noqa: PLC0415

        out = {"psycopg": psycopg.__version__}
        with app.recorder.datastore.get_connection() as conn, conn.cursor() as c:
            for key in ("server_version", "synchronous_commit", "fsync", "wal_sync_method"):
                c.execute(f"SHOW {key}")
                out[key] = next(iter(c.fetchone().values()))
        return out


def open_store(a: argparse.Namespace, work: Path):
    return PostgresStore(a.postgres) if a.postgres else SqliteStore(work)


def sqlite_settings(app: AuditApp) -> dict:
    """journal_mode and synchronous as eventsourcing leaves them on its writing connection."""
    # eventsourcing's SQLite datastore opens connections with isolation_level=None and issues
    # BEGIN / COMMIT itself; on a file database it sets PRAGMA journal_mode=WAL and sets no
    # synchronous, so that is SQLite's compiled-in default. Read both from the connection that
    # commits the events (commit=True takes the pool's writer connection).
    with app.recorder.datastore.transaction(commit=True) as c:
        c.execute("PRAGMA journal_mode")
        journal_mode = c.fetchone()[0]
        c.execute("PRAGMA synchronous")
        synchronous = c.fetchone()[0]
    return {"version": sqlite3.sqlite_version, "journal_mode": journal_mode,
            "synchronous": f"{SYNCHRONOUS.get(synchronous, '?')} ({synchronous})"}


def stored_rows(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM stored_events").fetchone()[0]


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def read_input(path: Path, limit: int | None = None) -> list[dict]:
    events = []
    with path.open("rb") as f:
        for line in f:
            if limit is not None and len(events) >= limit:
                break
            if line.strip():
                events.append(json.loads(line))
    return events


# --- 2. the phases (each in its own worker process) ---------------------------------------------

def phase_save_each(events: list[dict], repeat: int, store) -> dict:
    """One app.save() per event: load the aggregate from the database (or create it), record."""
    subjects = len({e["subject"] for e in events})
    seconds, cpu, settings = [], [], None
    for r in range(repeat):
        store.reset("save_each")
        app = store.open_app("save_each")  # creates the table: not timed, as auditlog's `init` is not
        settings = settings or store.settings(app)
        t0, c0 = time.perf_counter(), time.process_time()
        for e in events:
            try:
                # No cache is configured, so this selects the aggregate's events and replays them.
                org = app.repository.get(Organisation.create_id(e["subject"]))
            except AggregateNotFoundError:
                org = Organisation(e["subject"])
            org.record(e["type"], e["occurred_at"], e["actor"], e["payload"])
            app.save(org)  # BEGIN; INSERT the pending event(s); COMMIT
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        app.close()
        if (n := store.rows("save_each")) != len(events) + subjects:
            die(f"save_each: {n} rows stored, expected {len(events)} + {subjects} Created")
        say(f"save_each run {r + 1}/{repeat}: {len(events)} events in {seconds[-1]:.2f} s")
        store.drop("save_each")
    return {"seconds": seconds, "cpu": cpu, "events": len(events), "settings": settings}


def phase_save_batched(events: list[dict], repeat: int, store, batch: int) -> dict:
    """All events applied in memory; app.save(*aggregates touched) every `batch` events."""
    subjects = len({e["subject"] for e in events})
    # The last run's database ("batched") stays for the replay phase.
    seconds, cpu = [], []
    for r in range(repeat):
        store.reset("batched")
        app = store.open_app("batched")
        t0, c0 = time.perf_counter(), time.process_time()
        orgs: dict[str, Organisation] = {}
        touched: dict[str, Organisation] = {}
        for i, e in enumerate(events, 1):
            subject = e["subject"]
            org = orgs.get(subject)
            if org is None:
                org = orgs[subject] = Organisation(subject)
            org.record(e["type"], e["occurred_at"], e["actor"], e["payload"])
            touched[subject] = org
            if i % batch == 0:
                # One save = one transaction holding the pending events of all these aggregates.
                app.save(*touched.values())
                touched.clear()
        if touched:
            app.save(*touched.values())
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        app.close()
        del orgs, touched
        if (n := store.rows("batched")) != len(events) + subjects:
            die(f"save_batched: {n} rows stored, expected {len(events)} + {subjects} Created")
        say(f"save_batched run {r + 1}/{repeat}: {len(events)} events in {seconds[-1]:.2f} s")
    return {"seconds": seconds, "cpu": cpu, "events": len(events)}


def phase_replay(n_events: int, repeat: int, store) -> dict:
    """app.repository.get(id) of every aggregate: reads and applies every stored event."""
    # The aggregate IDs, and the row count to check against (not timed).
    ids, rows = store.ids("batched"), store.rows("batched")
    seconds, cpu = [], []
    for r in range(repeat):
        app = store.open_app("batched")
        t0, c0 = time.perf_counter(), time.process_time()
        recorded = versions = 0
        for oid in ids:
            # One SELECT ... WHERE originator_id=? ORDER BY originator_version per aggregate;
            # every row is decoded into its event object and applied (no cache, no snapshots).
            org = app.repository.get(oid)
            recorded += org.recorded
            versions += org.version
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        app.close()
        if recorded != n_events or versions != rows:
            die(f"replay: applied {recorded} Recorded events of {n_events}, "
                f"{versions} rows of {rows}")
        say(f"replay run {r + 1}/{repeat}: {n_events} events ({len(ids)} aggregates) "
            f"in {seconds[-1]:.2f} s")
    return {"seconds": seconds, "cpu": cpu, "events": n_events, "aggregates": len(ids),
            "rows": rows}


def worker(a: argparse.Namespace) -> int:
    store, path = open_store(a, Path(a.workdir)), Path(a.input)
    if a.worker == "save_each":
        out = phase_save_each(read_input(path, a.single_limit), a.repeat, store)
    elif a.worker == "save_batched":
        out = phase_save_batched(read_input(path), a.repeat, store, a.batch)
    else:
        out = phase_replay(a.events, a.repeat, store)
        store.drop("batched")
    out["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps(out))
    return 0


# --- 3. the run ---------------------------------------------------------------------------------

def summary(phase: dict) -> dict:
    rates = [phase["events"] / s for s in phase["seconds"]]
    return {"median": round(statistics.median(rates), 1), "min": round(min(rates), 1),
            "max": round(max(rates), 1), "events": phase["events"],
            "runs_s": [round(s, 3) for s in phase["seconds"]],
            "cpu_s": [round(s, 3) for s in phase["cpu"]], "peak_rss_kb": phase["peak_rss_kb"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100000, help="events to generate (default 100000)")
    ap.add_argument("--seed", type=int, default=1, help="gen.py seed (default 1)")
    ap.add_argument("--input", help="NDJSON input file instead of running gen.py")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    ap.add_argument("--single-limit", type=int, default=5000,
                    help="events appended one save each in save_each (default 5000)")
    ap.add_argument("--batch", type=int, default=1000, help="events per save in save_batched (default 1000)")
    ap.add_argument("--postgres", metavar="URL",
                    help="store in this PostgreSQL database (eventsourcing.postgres) instead of SQLite files")
    ap.add_argument("--worker", choices=["save_each", "save_batched", "replay"], help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        return worker(a)
    for name in ("events", "repeat", "single_limit", "batch"):
        if getattr(a, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be a positive integer")

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="eventsourcing-baseline."))
    try:
        if a.input:
            path = Path(a.input)
        else:
            say(f"generating {a.events} events (gen.py --seed {a.seed})")
            path = work / "events.ndjson"
            with path.open("wb") as f:
                subprocess.run([sys.executable, str(HERE / "gen.py"), "--events", str(a.events),
                                "--seed", str(a.seed)], stdout=f, check=True)
        with path.open("rb") as f:
            n = sum(1 for line in f if line.strip())
        if n == 0:
            die(f"no events in {path}")
        single = min(a.single_limit, n)

        phases = {}
        for phase in ("save_each", "save_batched", "replay"):
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", phase,
                   "--workdir", str(work), "--input", str(path), "--events", str(n),
                   "--repeat", str(a.repeat), "--single-limit", str(single), "--batch", str(a.batch)]
            if a.postgres:
                cmd += ["--postgres", a.postgres]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # stderr: progress, as is
            if r.returncode != 0:
                die(f"{phase} failed (exit {r.returncode})")
            phases[phase] = json.loads(r.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    settings = phases["save_each"]["settings"]
    if a.postgres:
        storage = (
            f"PostgreSQL {settings['server_version']} (eventsourcing.postgres, psycopg "
            f"{settings['psycopg']}), the --postgres database, a schema per phase "
            "dropped and created again before each save run. Durability is the server's, kept: "
            f"synchronous_commit={settings['synchronous_commit']}, fsync={settings['fsync']}, "
            f"wal_sync_method={settings['wal_sync_method']}, as auditlog's PostgreSQL engine uses "
            "it; every app.save() is one transaction (LOCK TABLE ... IN EXCLUSIVE MODE, NOTIFY, "
            "one INSERT ... SELECT FROM unnest() of the save's events as an array of composites, "
            "in a pipeline, COMMIT). The server runs on the same machine "
            "and its CPU time is not in cpu_s.")
        waiting = "waiting for the server and its WAL flushes"
    else:
        storage = (
            f"SQLite {settings['version']}, a temp dir on local disk, a fresh database per save run. "
            f"Durability is eventsourcing's default, kept: it sets journal_mode="
            f"{settings['journal_mode'].upper()} itself and leaves synchronous at SQLite's default, "
            f"here {settings['synchronous']}, as auditlog (WAL, FULL); every app.save() is one "
            "BEGIN..COMMIT.")
        waiting = "waiting for fdatasync"
    result = {
        "library": f"eventsourcing {VERSION}",
        "python": platform.python_version(),
        "events": n,
        "seed": None if a.input else a.seed,
        "repeat": a.repeat,
        "save_each": summary(phases["save_each"]),
        "save_batched": summary(phases["save_batched"]),
        "replay": summary(phases["replay"]) | {"aggregates": phases["replay"]["aggregates"],
                                               "rows": phases["replay"]["rows"]},
        "peak_rss_kb": max(p["peak_rss_kb"] for p in phases.values()),
        "postgres" if a.postgres else "sqlite": settings,
        "wall_s": round(time.perf_counter() - started, 1),
        "notes": (
            f"Rates are input events per second (median, min, max over {a.repeat} runs). "
            f"{storage} Model: one Organisation aggregate per subject (ID = UUIDv5 of the "
            "subject), one event class Organisation.Recorded(type, occurred_at, actor, payload); "
            "creating an aggregate also stores eventsourcing's Organisation.Created event, so the "
            f"database holds N + {phases['replay']['aggregates']} rows. Input parsing (json.loads) "
            "is not timed. save_each: per event repository.get() from the database (no cache; "
            "AggregateNotFoundError -> create), record, app.save(), starting from an empty "
            f"database, first {single} events. save_batched: all events applied to in-memory "
            f"aggregates, app.save(*touched) every {a.batch} events. replay: "
            "app.repository.get(id) of every aggregate ID of the last save_batched database, one "
            "SELECT per aggregate, every event decoded and applied (not the notification log). "
            "Each phase runs in its own process; peak_rss_kb of a phase is that process's "
            "ru_maxrss (it includes the parsed input for the save phases); the top-level "
            "peak_rss_kb is the largest. runs_s: wall clock of each run; cpu_s: the process's "
            f"user+sys CPU time in it (the difference is mostly {waiting})."
        ),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
