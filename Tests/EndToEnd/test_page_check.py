"""`verify`'s page check: what SQLite's own check covers by default and with `--pages`.

By default `verify` runs SQLite's quick_check on every table but `events` (whose rows it reads
and checks itself) and walks and counts every index of `events`; `--pages` runs quick_check on
the whole file. Each test damages a copy of one log through Python's sqlite3 or by writing bytes
into the file, as a failing disk or a careless operator would, and reads what `verify` says.
"""
import contextlib
import json
import sqlite3

import pytest

from conftest import Auditlog, event

PAGE_TYPE_BYTE = {"table_leaf": 0x0D, "index_leaf": 0x0A}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A log of two append transactions whose events fill many pages."""
    log = Auditlog(tmp_path_factory.mktemp("pages"))
    log.init("so-noi-vu.example.vn/audit", catalogue="none")
    log.append_lines([event(i, payload={"n": i, "text": f"Báo cáo của Hội Nông dân xã số {i} " * 8})
                      for i in range(1, 301)])
    log.append_lines([event(i) for i in range(301, 311)])
    return log


@pytest.fixture
def log(built, tmp_path):
    """A consistent copy of the built log (WAL folded in), with its own Auditlog runner."""
    copy = Auditlog(tmp_path)
    with contextlib.closing(sqlite3.connect(built.db)) as s, contextlib.closing(sqlite3.connect(copy.db)) as d:
        s.backup(d)
    return copy


def verify(log, *extra):
    proc = log.run("verify", "--format", "json", *extra)
    return proc.returncode, json.loads(proc.stdout)


def pages_of(db, name, pagetype):
    with contextlib.closing(sqlite3.connect(db)) as con:
        size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno", (name, pagetype))]
    assert pages, f"no {pagetype} page of {name}"
    return size, pages


def poke(db, offset, data):
    with open(db, "r+b") as f:
        f.seek(offset)
        f.write(data)


def test_clean_log_reports_which_pages_were_checked(log):
    code, report = verify(log)
    assert code == 0 and report["ok"] and report["pages"] == "unread", report
    code, report = verify(log, "--pages")
    assert code == 0 and report["ok"] and report["pages"] == "whole_file", report
    text = log.run("verify", check=0).stdout.decode()
    assert "quick_check of the tables and indexes not read above" in text


@pytest.mark.parametrize("flag", [(), ("--pages",)])
def test_index_that_lost_an_entry_is_reported_in_both_modes(log, flag):
    # The index is rebuilt without one row, then its definition is put back as it was: SQLite's
    # quick_check does not compare an index with its table, the count does.
    with contextlib.closing(sqlite3.connect(log.db)) as con:
        original = con.execute("SELECT sql FROM sqlite_schema WHERE name = 'events_type'").fetchone()[0]
        con.execute("DROP INDEX events_type")
        con.execute("CREATE INDEX events_type ON events (type) WHERE seq != 7")
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_schema SET sql = ? WHERE name = 'events_type'", (original,))
        con.commit()
    code, report = verify(log, *flag)
    assert code == 1 and not report["ok"], report
    message = report["problem"]["message"]
    assert "damaged" in message and "index events_type holds 309 entries, index events_event_id 310" in message, message


def test_garbage_in_an_index_page_is_reported(log):
    size, pages = pages_of(log.db, "events_event_id", "leaf")
    poke(log.db, (pages[0] - 1) * size, b"\x00" * 16)
    code, report = verify(log)
    assert code == 1 and "the database file is damaged (SQLite page check:" in report["problem"]["message"], report


def test_damaged_page_of_a_table_verify_does_not_read_is_reported(log):
    with contextlib.closing(sqlite3.connect(log.db)) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.executemany("INSERT INTO notes (body) VALUES (?)", [("Ghi chú " * 40,)] * 50)
        con.commit()
    assert verify(log)[0] == 0
    size, pages = pages_of(log.db, "notes", "leaf")
    poke(log.db, (pages[-1] - 1) * size, b"\x00")  # not a page type SQLite knows
    code, report = verify(log)
    assert code == 1 and report["problem"]["message"].startswith("the database file is damaged (SQLite page check: table notes:"), report


def test_free_space_damage_in_an_events_page_needs_pages(log):
    # A freeblock pointer past the end of one events page: no row changes, so the entry scan
    # reads every row intact; only SQLite's walk of that page's free space sees it.
    size, pages = pages_of(log.db, "events", "leaf")
    offset = (pages[1] - 1) * size
    with open(log.db, "rb") as f:
        f.seek(offset)
        assert f.read(1)[0] == PAGE_TYPE_BYTE["table_leaf"]
    poke(log.db, offset + 1, (size - 2).to_bytes(2, "big"))
    code, report = verify(log)
    assert code == 0 and report["ok"], report
    code, report = verify(log, "--pages")
    assert code == 1 and report["problem"]["message"].startswith("the database file is damaged (SQLite page check:"), report
