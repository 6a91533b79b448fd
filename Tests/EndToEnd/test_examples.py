"""Every example command the user is shown runs as written: the examples in `auditlog --help` and
`auditlog COMMAND --help`, and the `auditlog` lines of the fenced code blocks in README.md,
CONTRIBUTING.md, docs/*.md and tools/*/README.md.

The examples are extracted, not copied: from each help text, its indented lines that start with
`auditlog ` or pipe into it (a line ending in `\\` continues on the next); from each fenced block
of a document, its commands (`$ ` lines of a console block, every line of another block) that
start with `auditlog ` or pipe into it. A console block's other lines are the output the document
shows for the command above them: standard output, then standard error.

How they run, as a reader would type them:
- The examples of one help text, or all the blocks of one document, run top to bottom in one
  fresh directory, each with `bash -o pipefail -c`, with the built binary first on PATH.
- The directory starts from a setting. When the first example makes its log (`init` or
  `demo`), the setting is EMPTY: only `events.ndjson`, whose content is what README.md shows
  under `$ cat events.ndjson`. Otherwise it is DEMO: EMPTY plus the sample history as `audit.db`
  (`auditlog demo --db audit.db`, from tools/samples) and what the examples read beside it:
  `vkey.txt` and $VKEY (the vkey the demo prints for inspectors), `kept-2026-06-30.txt` (the
  checkpoint an inspector would have kept on 2026-06-30: the latest signed before that day, from
  the recorded_at of tools/samples/manifest.json), `receipt-42.tlog-proof` (`prove 42`) and
  `proof.txt` (`consistency --from` that checkpoint's size). A document's prose can name a demo
  log its examples use (README.md: `auditlog demo --db demo.db`); it is built first.
- The clock ($AUDITLOG_NOW) is the README tour's (2026-01-15T03:00:00Z) in EMPTY, and the day
  after the sample history's last batch (2026-11-24) in DEMO. In a document, `export NAME=VALUE`
  sets a variable for the lines after it and `$ cat FILE` with content under it writes FILE;
  other commands that are not `auditlog` (python3, swift, tools/...) are not run here. No
  example is skipped: every one runs in this setting.
- The absolute directories the examples write to (/backups, /exports, /secure, /tmp) are
  directories of the same name inside the test's directory ($TMPDIR too, for `auditlog demo`).
- A PostgreSQL URL on the documentation's host, `postgresql://USER@db.example/NAME[?…]`, is a
  database of the session's own server (tools/pgserver.py), made fresh for each help text or
  document (with the schema its `search_path` option names), reached as the server's superuser.

What is asserted: each example exits 0, or the code a `# exit N` comment on it or on its shown
output says; `check` may also exit 1 without one, since its status is its verdict (1: a
requirement violated or late, `check --help`), which depends on the log, not on whether the
example ran. Where a document shows output, the output is those lines (trailing blanks and
`  # ...` comments on them aside; a fresh key makes other vkeys and signatures, so a vkey's key
and a signed note's signature are compared by shape only). A listing (log, orgs, history,
directives, tasks) shown on the terminal lists at least one record: an empty list shows nothing
of what the example is for.
"""
import json
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT, binary_path, pgserver

DOCUMENTS = sorted(
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "tools").glob("*/README.md")]
)

README_CLOCK = "2026-01-15T03:00:00.000Z"
DEMO_CLOCK = "2026-11-24T03:00:00.000Z"
MAPPED_DIRS = ("backups", "exports", "secure", "tmp")
LISTING_COMMANDS = {"log", "orgs", "history", "directives", "tasks"}
TIMEOUT = 60


@dataclass
class Example:
    """One command as shown, where it was shown, and the output shown under it (if any)."""

    command: str
    where: str
    output: list[str] = field(default_factory=list)

    def is_auditlog(self) -> bool:
        return bool(re.match(r"auditlog\s", self.command) or re.search(r"[|&;]\s*auditlog\s", self.command))

    def subcommand(self) -> str | None:
        m = re.match(r"auditlog\s+(?:--db\s+\S+\s+)?([a-z][a-z-]*)", self.command)
        return m.group(1) if m else None

    def lists_on_the_terminal(self) -> bool:
        """A listing command whose output is neither piped nor redirected."""
        return self.subcommand() in LISTING_COMMANDS and not re.search(r"[|>]", self.command.split("  #")[0])

    def expected_exits(self) -> set[int]:
        said = re.search(r"#.*\bexit (\d+)", "\n".join([self.command, *self.output]))
        if said:
            return {int(said.group(1))}
        if self.subcommand() == "check":
            return {0, 1}
        return {0}


# --- extraction -----------------------------------------------------------------------------

def help_text(*args: str, columns: int = 10000) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    env["COLUMNS"] = str(columns)  # the parser wraps help at the terminal's width
    proc = subprocess.run([str(binary_path()), *args, "--help"], capture_output=True, text=True, env=env, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def subcommands() -> list[str]:
    text = help_text()
    section = text.split("SUBCOMMANDS:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z-]*)\s", section, re.M)]


def joined(lines: list[str]) -> list[str]:
    """Lines with their `\\` continuations joined."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].strip() + " "
            continue
        out.append(pending + line.strip() if pending else line)
        pending = ""
    if pending:
        out.append(pending.strip())
    return out


def help_examples(command: str | None, columns: int = 10000) -> list[Example]:
    text = help_text(*([command] if command else []), columns=columns)
    discussion = text.split("\nUSAGE:", 1)[0]
    indented = [line for line in discussion.splitlines() if line.startswith((" ", "\t"))]
    where = f"auditlog {command + ' ' if command else ''}--help"
    found = [Example(line.strip(), where) for line in joined(indented)]
    return [e for e in found if e.is_auditlog()]


FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


def fenced_blocks(path: Path):
    """(language, first line number, lines) of every fenced block, the fence's indent removed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, language, start = len(m.group(1)), m.group(2), i + 2
        body = []
        i += 1
        while i < len(lines) and not FENCE.match(lines[i]):
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        i += 1
        yield language, start, body


def document_commands(path: Path) -> list[Example]:
    """Every command of every fenced block, in order, with the output a console block shows."""
    rel = path.relative_to(ROOT).as_posix()
    commands: list[Example] = []
    for language, start, body in fenced_blocks(path):
        if language == "console":
            current = None
            for n, line in enumerate(body):
                if line.startswith("$ "):
                    current = Example(line[2:], f"{rel}:{start + n}")
                    commands.append(current)
                elif current is not None:
                    if current.command.rstrip().endswith("\\"):
                        current.command = current.command.rstrip()[:-1] + " " + line.strip()
                    else:
                        current.output.append(line)
        else:
            for n, line in enumerate(joined(body)):
                if line.strip() and not line.lstrip().startswith("#"):
                    commands.append(Example(line.strip(), f"{rel}:{start + n}"))
    return commands


def shown_file(name: str) -> str:
    """The content README.md shows for `$ cat NAME`."""
    for c in document_commands(ROOT / "README.md"):
        if c.command.strip() == f"cat {name}":
            return "".join(line + "\n" for line in c.output)
    raise AssertionError(f"README.md shows no `$ cat {name}`")


def prose_demo_logs(path: Path) -> list[str]:
    """The demo logs a document's prose says its examples run on (`auditlog demo --db NAME`)."""
    return re.findall(r"`auditlog demo --db ([^`\s]+)`", path.read_text(encoding="utf-8"))


# --- the settings -----------------------------------------------------------------------------

class Setting(NamedTuple):
    """A directory to copy, its clock, the vkey of its audit.db (if any), and the directory whose
    `auditlog` is the binary under test."""

    directory: Path
    clock: str
    vkey: str | None
    bindir: Path


def clean_env(directory: Path, clock: str, bindir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_") and k != "VKEY"}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env["AUDITLOG_NOW"] = clock
    env["TMPDIR"] = str(directory / "tmp")
    env["LC_ALL"] = "C.UTF-8"
    return env


MAPPED = re.compile(r"(?<![\w.~/-])/(" + "|".join(MAPPED_DIRS) + r")(?=/)")


DOCUMENTED_SERVER = re.compile(r"postgresql://\w+@db\.example/(\w+)(\?[^'\"\s]*)?")
#: The session's PostgreSQL server (set by the `server` fixture) and the databases made on it.
SERVER: dict[str, object] = {"url": None, "made": set()}


def on_session_server(m: re.Match, directory: Path) -> str:
    name, query = m.group(1), m.group(2) or ""
    database = f"{name}_{abs(hash(str(directory))) % 10**8}"
    url = pgserver().with_database(SERVER["url"], database)
    if database not in SERVER["made"]:
        pgserver().createdb(SERVER["url"], database)
        SERVER["made"].add(database)
    if schema := re.search(r"search_path%3D(\w+)", query):
        pgserver().psql(url, f"CREATE SCHEMA IF NOT EXISTS {schema.group(1)}")
    return url + ("&" + query[1:] if query else "")


@pytest.fixture(scope="module", autouse=True)
def server(pg_server):
    SERVER["url"] = pg_server


def mapped(text: str, directory: Path) -> str:
    """TEXT with the absolute directories and the documentation's server mapped into the test's."""
    text = MAPPED.sub(lambda m: str(directory / m.group(1)), text)
    return DOCUMENTED_SERVER.sub(lambda m: on_session_server(m, directory), text)


def run_shell(command: str, directory: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = mapped(command, directory)
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=directory, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def must(command: str, directory: Path, env: dict[str, str]) -> str:
    proc = run_shell(command, directory, env)
    assert proc.returncode == 0, f"setting: {command}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def build_demo_log(directory: Path, name: str, env: dict[str, str]) -> str:
    """`auditlog demo --db NAME`; returns the vkey it prints for inspectors."""
    out = must(f"auditlog demo --db {name}", directory, env)
    return re.search(r"^vkey \(give this to inspectors\): (\S+)$", out, re.M).group(1)


def checkpoint_size_before(day: str) -> int:
    """The size of the latest checkpoint the sample history signed before DAY (one per batch)."""
    manifest = json.loads((ROOT / "tools/samples/manifest.json").read_text(encoding="utf-8"))
    size = 0
    for batch in manifest["batches"]:
        if batch["recorded_at"] >= day:
            break
        size += sum(1 for line in (ROOT / "tools/samples" / batch["file"]).read_text(encoding="utf-8").splitlines() if line.strip())
    return size


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """The EMPTY and DEMO settings, built once; each test copies one."""
    base = tmp_path_factory.mktemp("settings")
    bindir = base / "bin"
    bindir.mkdir()
    (bindir / "auditlog").symlink_to(binary_path().resolve())
    empty = base / "empty"
    empty.mkdir()
    for name in MAPPED_DIRS:
        (empty / name).mkdir()
    (empty / "events.ndjson").write_text(shown_file("events.ndjson"), encoding="utf-8")
    demo = base / "demo"
    shutil.copytree(empty, demo)
    env = clean_env(demo, DEMO_CLOCK, bindir)
    vkey = build_demo_log(demo, "audit.db", env)
    (demo / "vkey.txt").write_text(vkey + "\n", encoding="utf-8")
    kept = checkpoint_size_before("2026-06-30")
    assert kept > 42
    must(f"auditlog --db audit.db checkpoint --size {kept} > kept-2026-06-30.txt", demo, env)
    must("auditlog --db audit.db prove 42 > receipt-42.tlog-proof", demo, env)
    must(f"auditlog --db audit.db consistency --from {kept} > proof.txt", demo, env)
    return {"empty": Setting(empty, README_CLOCK, None, bindir), "demo": Setting(demo, DEMO_CLOCK, vkey, bindir)}


def creates_its_log(first: Example) -> bool:
    return bool(re.match(r"auditlog\s+(--db\s+\S+\s+)?(init|demo)\b", first.command))


# --- running ------------------------------------------------------------------------------------

KEY = re.compile(r"([^\s+()]+)\+[0-9a-f]{8}\+[A-Za-z0-9+/]{40,}={0,2}")
SIGNATURE = re.compile(r"^— (\S+) [A-Za-z0-9+/]{40,}={0,2}$")
COMMENT = re.compile(r"\s{2,}#\s.*$")


def normalized(lines: list[str]) -> list[str]:
    out = [SIGNATURE.sub(r"— \1 <signature>", KEY.sub(r"\1+<key>", line)).rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def listed_something(stdout: str) -> bool:
    """Whether a listing printed a record: more than a header line (table, csv), or a non-empty
    JSON array, or an NDJSON line."""
    text = stdout.strip()
    if text.startswith("["):
        return json.loads(text) != []
    lines = text.splitlines()
    return len(lines) >= (1 if text.startswith("{") else 2)


def run_session(commands: list[Example], setting: Setting, work: Path, demo_logs=()) -> list[str]:
    """Runs the auditlog examples among COMMANDS in order; returns what went wrong, one entry each."""
    shutil.copytree(setting.directory, work, symlinks=True)
    env = clean_env(work, setting.clock, setting.bindir)
    if setting.vkey:
        env["VKEY"] = setting.vkey
    for name in demo_logs:
        build_demo_log(work, name, env)
    failures = []
    for c in commands:
        if m := re.fullmatch(r"export (\w+)=(\S+)(\s+#.*)?", c.command.strip()):
            env[m.group(1)] = mapped(m.group(2), work)
            continue
        if (m := re.fullmatch(r"cat (\S+)", c.command.strip())) and c.output:
            (work / m.group(1)).write_text("".join(line + "\n" for line in c.output), encoding="utf-8")
            continue
        if not c.is_auditlog():
            continue
        proc = run_shell(c.command, work, env)
        out = proc.stdout + proc.stderr
        wanted = c.expected_exits()
        problems = []
        if proc.returncode not in wanted:
            problems.append(f"exit {proc.returncode}, wanted {' or '.join(map(str, sorted(wanted)))}")
        if c.lists_on_the_terminal() and not c.output and not listed_something(proc.stdout):
            problems.append("lists nothing")
        if c.output:
            shown = normalized([COMMENT.sub("", line) for line in c.output])
            got = normalized(out.splitlines())
            if got != shown:
                problems.append("output differs from the one shown:\n  shown: " + "\n         ".join(shown)
                                + "\n  got:   " + "\n         ".join(got))
        if problems:
            failures.append(f"{c.where}: {c.command}\n  " + "\n  ".join(problems)
                            + ("" if c.output else "\n  output: " + out[-1500:].replace("\n", "\n          ")))
    return failures


HELPS = [None, *subcommands()]


def cells(line: str) -> int:
    """The terminal cells LINE takes (East Asian wide characters two, combining marks none)."""
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("command", HELPS, ids=[c or "auditlog" for c in HELPS])
def test_help_fits_80_columns_with_every_example_whole(command):
    """At 80 columns (the argument parser's default, and the width it wraps to) every line of the
    help fits, and no example is broken by the wrapping: an example longer than 78 columns is
    written with `\\` continuations, each continuation indented 4 more spaces. The USAGE synopsis
    is the one line the parser never wraps, whatever the width: it is left out of the width check."""
    args = [command] if command else []
    text = help_text(*args, columns=80)
    discussion, usage = text.split("\nUSAGE:", 1)
    lines = discussion.splitlines() + usage.split("\n", 1)[1].splitlines()
    assert not [line for line in lines if cells(line) > 80], "lines wider than 80 columns"
    shown = discussion.splitlines()
    # An example's line leaves the two columns of a terminal's margin free.
    assert not [line for line in shown if line.startswith(" ") and cells(line) > 78], "example lines wider than 78 columns"
    for before, line in zip(shown, shown[1:]):
        if before.startswith(" ") and line.strip():
            # A line after an example's line is the next example, or its continuation: never a
            # piece of it wrapped to the margin.
            assert line.startswith("  "), f"wrapped example: {before!r} then {line!r}"
            continued = before.rstrip().endswith("\\")
            assert line.startswith("      ") == continued, f"continuation not indented 4 more: {before!r} then {line!r}"
    # The examples read at 80 columns are the ones read on a line without limit.
    assert [e.command for e in help_examples(command, columns=80)] == [e.command for e in help_examples(command)]


@pytest.mark.parametrize("command", HELPS, ids=[c or "auditlog" for c in HELPS])
def test_help_examples_run_as_written(command, settings, tmp_path):
    examples = help_examples(command)
    assert examples, f"`auditlog {command or ''} --help` shows no example"
    setting = settings["empty" if creates_its_log(examples[0]) else "demo"]
    failures = run_session(examples, setting, tmp_path / "work")
    assert not failures, "\n\n".join(failures)


DOCUMENTED = [d for d in DOCUMENTS if any(c.is_auditlog() for c in document_commands(d))]


@pytest.mark.parametrize("document", DOCUMENTED, ids=[d.relative_to(ROOT).as_posix() for d in DOCUMENTED])
def test_documented_examples_run_as_written(document, settings, tmp_path):
    commands = document_commands(document)
    first = next(c for c in commands if c.is_auditlog())
    setting = settings["empty" if creates_its_log(first) else "demo"]
    failures = run_session(commands, setting, tmp_path / "work", prose_demo_logs(document))
    assert not failures, "\n\n".join(failures)


def test_extraction_finds_shown_output_pipes_and_continued_lines():
    """The extraction itself: a change of fence, prompt or help layout would otherwise leave
    examples silently untested."""
    names = {d.relative_to(ROOT).as_posix() for d in DOCUMENTED}
    assert {"README.md", "docs/inspectors.md", "docs/compliance.md"} <= names
    readme = [c for c in document_commands(ROOT / "README.md") if c.is_auditlog()]
    assert any(c.output for c in readme) and any("| auditlog" in c.command for c in readme)
    helps = [e for c in HELPS for e in help_examples(c)]
    assert any(e.command.startswith("echo ") and e.command.endswith("| auditlog --db audit.db append -")
               for e in help_examples("append"))  # one example, joined from its continued lines
    assert not [e.command for e in helps if e.command.endswith("\\")]
    assert any("verify" in e.command and "--checkpoint" in e.command for e in help_examples("backup"))
