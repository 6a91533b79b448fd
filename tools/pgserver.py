#!/usr/bin/env python3
"""A throwaway PostgreSQL server in a directory, for the tests and the benchmarks.

    tools/pgserver.py start DIR     # initdb + pg_ctl start; prints the server's URL
    tools/pgserver.py stop DIR      # pg_ctl stop (fast) and nothing else
    tools/pgserver.py restart DIR   # pg_ctl start on the cluster made before; prints the URL
    tools/pgserver.py url DIR       # prints the URL again

The server listens only on a Unix socket in DIR/socket (no TCP port), with trust
authentication for the local user. `initdb` refuses to run as root: as root, the cluster is made
and run as the `postgres` user (created by Debian's postgresql package; when there is none, a
system user `auditlog-pg` is created for it), and DIR is given to it.
The URL names the user `postgres` and the database `postgres`; `createdb(url, name)` makes more.
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

PORT = 5432


def _bindir():
    """Where initdb and pg_ctl are: PATH first, then Debian's versioned directory."""
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return None
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise RuntimeError("PostgreSQL server programs (initdb, pg_ctl) not found: run tools/setup --tests")


def _cmd(name):
    bindir = _bindir()
    return str(bindir / name) if bindir else name


def _server_user():
    """The user the server runs as when we are root: postgres, else a system user made for it."""
    import pwd
    for name in ("postgres", "auditlog-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            pass
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "auditlog-pg"],
                   check=True, capture_output=True)
    return "auditlog-pg"


def _as_server_user(argv):
    """argv run as the server's user: unchanged unless we are root."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", _server_user(), "--"] + argv


def url(directory):
    socket = Path(directory).resolve() / "socket"
    return "postgresql://postgres@/postgres?host=" + urllib.parse.quote(str(socket), safe="") + f"&port={PORT}"


def start(directory, *settings):
    """Creates and starts a cluster in `directory` (which must not hold one); returns its URL.
    `settings` are extra `-c name=value` server settings."""
    d = Path(directory).resolve()
    data, socket = d / "data", d / "socket"
    d.mkdir(parents=True, exist_ok=True)
    socket.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        user = _server_user()
        shutil.chown(d, user, user)
        shutil.chown(socket, user, user)
        # The server's user must reach DIR through its parents (a tmp_path under /tmp is 0700).
        for parent in d.parents:
            if parent == Path("/"):
                break
            mode = parent.stat().st_mode
            if not mode & 0o001:
                os.chmod(parent, mode | 0o001)
    subprocess.run(_as_server_user([_cmd("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                    "-E", "UTF8", "--locale=C", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-c listen_addresses='' -c unix_socket_directories='{socket}' -c port={PORT} -c fsync=on"
    for s in settings:
        options += f" -c {s}"
    (d / "options").write_text(options)
    return restart(d)


def restart(directory):
    """Starts the cluster of `directory` again (after a stop or a crash); returns its URL."""
    d = Path(directory).resolve()
    options = (d / "options").read_text()
    subprocess.run(_as_server_user([_cmd("pg_ctl"), "-D", str(d / "data"), "-l", str(d / "server.log"), "-o", options,
                                    "-w", "-t", "60", "start"]), check=True, capture_output=True)
    return url(d)


def stop(directory, mode="fast"):
    data = Path(directory).resolve() / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(_as_server_user([_cmd("pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]),
                       capture_output=True)


def psql(server_url, sql, database=None):
    """Runs `sql` with psql; returns its unaligned, tuples-only output."""
    target = server_url if database is None else with_database(server_url, database)
    out = subprocess.run(["psql", target, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout


def with_database(server_url, name):
    """The URL of database `name` on the server of `server_url`."""
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def createdb(server_url, name):
    """Creates database `name`; returns its URL."""
    psql(server_url, f'CREATE DATABASE "{name}"')
    return with_database(server_url, name)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("start", "stop", "restart", "url"):
        print("\n".join(__doc__.strip().splitlines()[2:6]), file=sys.stderr)
        return 64
    if argv[1] == "start":
        print(start(argv[2]))
    elif argv[1] == "restart":
        print(restart(argv[2]))
    elif argv[1] == "stop":
        stop(argv[2])
    else:
        print(url(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
