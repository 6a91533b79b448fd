"""Tables that fit the terminal (docs/reference.md, "Tables").

The query commands run on the demo log (`auditlog demo`) with standard output on a pseudo-terminal
of 80 and of 120 columns (standard error a pipe): every line fits, in terminal cells measured here
from Unicode's East Asian widths, not by the binary's own measure. Ids and seqs are never cut: each
id and seq the JSON output lists is shown whole; a cut cell is the start of its value and `…`.
`--wide` on the terminal, and any output to a pipe, is the full-width table: every cell whole, the
same bytes whatever $COLUMNS says. The scripts' formats (JSON, NDJSON, CSV, Markdown) are the same
bytes on a terminal as in a pipe.
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import termios
import threading
import time
import unicodedata

import pytest

from conftest import binary_path

CLOCK = "2026-11-24T03:00:00.000Z"  # the day after the sample history's last batch
TIMEOUT = 120
ELLIPSIS = "\u2026"


def cells(text: str) -> int:
    """The terminal cells TEXT takes: East Asian wide or fullwidth two, combining and format
    characters none, controls none, the rest one."""
    total = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf", "Cc"):
            continue
        total += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return total


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_") and k not in ("COLUMNS", "LINES")}
    env["AUDITLOG_NOW"] = CLOCK
    return env


def on_terminal(args, columns: int, env=None) -> tuple[int, str, str]:
    """Runs the binary with standard output on a pseudo-terminal COLUMNS wide (no output
    translation: lines end in \\n as written) and standard error on a pipe; reads the terminal
    while the command runs, until it closes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    proc = subprocess.Popen([str(binary_path()), *map(str, args)], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=env or environment())
    os.close(slave)
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))
    reader.start()
    out = bytearray()
    deadline = time.monotonic() + TIMEOUT
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                proc.kill()
                raise AssertionError(f"{args}: no end after {TIMEOUT} s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        os.close(master)
    proc.wait(timeout=TIMEOUT)
    reader.join(timeout=TIMEOUT)
    return proc.returncode, out.decode(), b"".join(errors).decode(errors="replace")


def in_pipe(args, env=None) -> tuple[int, str]:
    proc = subprocess.run([str(binary_path()), *map(str, args)], capture_output=True, env=env or environment(),
                          timeout=TIMEOUT)
    return proc.returncode, proc.stdout.decode()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo log, and the small signed log `demo` makes beside it."""
    path = tmp_path_factory.mktemp("widths") / "demo.db"
    code, _ = in_pipe(["demo", "--db", path])
    assert code == 0
    return {"demo": path, "authorship": path.parent / "demo.db-authorship.db"}


# The table commands: (name, arguments after --db, which log); check's exit is its verdict.
TABLES = [
    ("orgs", ["orgs"], "demo"),
    ("orgs-en", ["orgs", "--lang", "en"], "demo"),
    ("org", ["org", "ht:hoi-nong-dan"], "demo"),
    ("tasks", ["tasks"], "demo"),
    ("directives", ["directives", "--all"], "demo"),
    ("directive", ["directive", "seed-004"], "demo"),
    ("history", ["history", "ht:hoi-nong-dan"], "demo"),
    ("log", ["log"], "demo"),
    ("log-follow", ["log", "--follow", "--limit", "40"], "demo"),
    ("signers", ["signers"], "authorship"),
    ("check", ["check"], "demo"),
    ("check-en", ["check", "--lang", "en"], "demo"),
    ("check-explain", ["check", "--explain", "seed-004#R3.4"], "demo"),
]
EXITS = {"check": {0, 1}, "check-en": {0, 1}, "check-explain": {0, 1}}


def argv(demo, table):
    _, args, log = table
    return ["--db", demo[log], *args]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("table", TABLES, ids=[t[0] for t in TABLES])
def test_a_table_on_a_terminal_fits_its_width(demo, table, columns):
    code, out, err = on_terminal(argv(demo, table), columns)
    assert code in EXITS.get(table[0], {0}), err
    lines = out.split("\n")
    assert len(lines) > 2, out
    wide = [(cells(line), line) for line in lines if cells(line) > columns]
    assert not wide, f"{len(wide)} lines wider than {columns}: {wide[:3]}"
    assert not [line for line in lines if line.endswith(" ")], "trailing spaces on a fitted line"


@pytest.mark.parametrize("table", TABLES, ids=[t[0] for t in TABLES])
def test_wide_on_a_terminal_and_a_pipe_print_the_full_width_table(demo, table):
    code, piped = in_pipe(argv(demo, table))
    assert code in EXITS.get(table[0], {0})
    _, wide, _ = on_terminal(["--wide", *argv(demo, table)], 80)
    assert wide == piped
    # $COLUMNS is the width of a terminal that reports none: a pipe has no width.
    assert in_pipe(argv(demo, table), dict(environment(), COLUMNS="40"))[1] == piped


def test_the_full_width_table_has_every_cell_whole(demo):
    _, piped = in_pipe(["--db", demo["demo"], "orgs"])
    orgs = json.loads(in_pipe(["--db", demo["demo"], "orgs", "--format", "json"])[1])
    lines = piped.splitlines()
    assert max(cells(line) for line in lines) > 200
    assert ELLIPSIS not in piped
    for org in orgs:
        assert any(line.startswith(org["org_id"] + " ") and org["name"]["value"] in line for line in lines), org["org_id"]


def column_starts(heading: str) -> list[int]:
    """The cell where each column of a fitted table starts: its heading after two spaces or more
    (the first one's heading may be aligned to the right)."""
    return [0] + [m.end() for m in re.finditer(r" {2,}", heading.rstrip()) if m.start() > 0]


def cells_of(line: str, starts: list[int]) -> list[str]:
    """LINE cut into its columns at STARTS (cell offsets)."""
    out, position, current = [""] * len(starts), 0, 0
    for c in line:
        while current + 1 < len(starts) and position >= starts[current + 1]:
            current += 1
        out[current] += c
        position += cells(c)
    return [cell.strip() for cell in out]


def rows_of(out: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the rows of a fitted table (a wrapped last cell joined with spaces)."""
    lines = out.rstrip("\n").split("\n")
    starts = column_starts(lines[0])
    rows: list[list[str]] = []
    for line in lines[1:]:
        parts = cells_of(line, starts)
        if rows and not any(parts[:-1]):
            rows[-1][-1] += " " + parts[-1]
        else:
            rows.append(parts)
    return cells_of(lines[0], starts), rows


def shown_as(value: str, cell: str) -> bool:
    """Whether CELL is VALUE whole, or its start cut with an ellipsis."""
    return cell == value or (cell.endswith(ELLIPSIS) and value.startswith(cell[:-1]) and len(cell) > 1)


@pytest.mark.parametrize("columns", [80, 120])
def test_orgs_keep_their_ids_whole_and_cut_names_with_an_ellipsis(demo, columns):
    orgs = json.loads(in_pipe(["--db", demo["demo"], "orgs", "--format", "json"])[1])
    names = {o["org_id"]: o["name"]["value"] for o in orgs}
    _, out, _ = on_terminal(["--db", demo["demo"], "orgs"], columns)
    headings, rows = rows_of(out)
    assert headings[:2] == ["Tổ chức", "Tên"]
    assert [r[0] for r in rows] == [o["org_id"] for o in orgs]  # every id, whole, in order
    cut = [r for r in rows if r[1] != names[r[0]]]
    assert cut, "no name was cut: the test shows nothing at this width"
    assert all(shown_as(names[r[0]], r[1]) for r in rows), [r[:2] for r in rows if not shown_as(names[r[0]], r[1])][:3]


def test_tasks_keep_their_ids_and_dates_whole(demo):
    tasks = json.loads(in_pipe(["--db", demo["demo"], "tasks", "--format", "json"])[1])
    _, out, _ = on_terminal(["--db", demo["demo"], "tasks", "--lang", "en"], 80)
    headings, rows = rows_of(out)
    assert headings[0] == "Task" and "Due" in headings
    due = headings.index("Due")
    assert [r[0] for r in rows] == [t["task_id"] for t in tasks]
    assert [r[due] for r in rows] == [t.get("due") or "" for t in tasks]


@pytest.mark.parametrize("columns", [80, 120])
def test_log_keeps_every_seq_whole(demo, columns):
    entries = [json.loads(line) for line in in_pipe(["--db", demo["demo"], "log", "--format", "ndjson"])[1].splitlines()]
    _, out, _ = on_terminal(["--db", demo["demo"], "log"], columns)
    headings, rows = rows_of(out)
    assert headings[0] == "SEQ"
    assert [int(r[0]) for r in rows] == [e["seq"] for e in entries]
    types = headings.index("TYPE")
    assert all(shown_as(e["type"], r[types]) for e, r in zip(entries, rows))
    # The subject is the last column shown at 80 columns: wrapped, never cut.
    if headings[-1] == "SUBJECT":
        assert [r[-1].replace(" ", "") for r in rows] == [e["subject"].replace(" ", "") for e in entries]


def test_history_keeps_its_seqs_whole(demo):
    items = json.loads(in_pipe(["--db", demo["demo"], "history", "ht:hoi-nong-dan", "--format", "json"])[1])
    _, out, _ = on_terminal(["--db", demo["demo"], "history", "ht:hoi-nong-dan"], 80)
    _, rows = rows_of(out)
    assert [int(r[0]) for r in rows] == [i["seq"] for i in items]


def test_the_sheet_of_an_organisation_wraps_each_value_under_itself(demo):
    _, full = in_pipe(["--db", demo["demo"], "org", "ht:hoi-nong-dan"])
    _, out, _ = on_terminal(["--db", demo["demo"], "org", "ht:hoi-nong-dan"], 60)
    lines = out.rstrip("\n").split("\n")
    assert len(lines) > len(full.splitlines()), "nothing wrapped at 60 columns"
    margin = len(full.splitlines()[0]) - len(full.splitlines()[0].split("  ")[-1].lstrip())
    facts: list[str] = []
    for line in lines:
        assert cells(line) <= 60
        if line.startswith(" "):
            assert line[:margin].strip() == "" and line[margin] != " ", line
            facts[-1] += " " + line[margin:]
        else:
            facts.append(line)
    assert facts == full.splitlines()


@pytest.mark.parametrize("args", [
    ["orgs", "--format", "csv"], ["orgs", "--format", "json"], ["tasks", "--format", "ndjson"],
    ["log", "--format", "csv"], ["check", "--format", "markdown"], ["check", "--format", "csv"],
    ["check", "--explain", "seed-004#R3.4", "--format", "markdown"], ["org", "ht:hoi-nong-dan", "--format", "csv"],
], ids=lambda a: "-".join(a[:1] + a[-1:]))
def test_the_scripts_formats_are_the_same_bytes_on_a_terminal(demo, args):
    _, piped = in_pipe(["--db", demo["demo"], *args])
    _, shown, _ = on_terminal(["--db", demo["demo"], *args], 80)
    assert shown == piped
    assert max(cells(line) for line in piped.splitlines()) > 80  # wide enough to have been fitted
