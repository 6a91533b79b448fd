"""`auditlog import`: the rows of a CSV file (a spreadsheet's records) appended through a mapping,
as docs/import.md describes it, on both engines: a nightly re-run appends nothing, a changed row
is refused, every bad row is reported at once, an empty night is no error; CSV and NDJSON with a
byte-order mark; NFC; the documented event-id rule; the documented samples."""
import hashlib
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, Auditlog, query

SAMPLES = ROOT / "tools/samples/import"
DEMO_NOW = "2026-11-24T03:00:00.000Z"


@pytest.fixture
def log(engine_log):
    """Every test here runs on each engine (an SQLite file, a PostgreSQL database)."""
    return engine_log


def org(slug, name):
    return {"type": "organization.registered", "occurred_at": "2020-01-01", "actor": "clerk:btgdv-tu",
            "payload": {"org_id": slug, "name_vi": name, "kind": "ctxh", "level": "province", "province": "ha-tinh"}}


ORGS = [org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy"), org("hoi-nong-dan", "Hội Nông dân tỉnh"),
        org("hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh"), org("hoi-ccb", "Hội Cựu chiến binh tỉnh")]

MEMBERSHIP = {
    "type": "membership.reported",
    "natural_key": ["Đơn vị", "Ngày"],
    "date_format": "dd/mm/yyyy",
    "occurred_at": {"column": "Ngày", "as": "date"},
    "actor": {"value": "clerk:btgdv-tu"},
    "payload": {
        "org_id": {"column": "Đơn vị"},
        "as_of": {"column": "Ngày", "as": "date"},
        "members": {"column": "Hội viên", "as": "integer"},
        "eligible": {"column": "Đủ điều kiện", "as": "integer", "optional": True},
    },
}

REPORTS = {
    "type": "report.submitted",
    "natural_key": ["Mã"],
    "date_format": "dd/mm/yyyy",
    "occurred_at": {"column": "Ngày gửi", "as": "date"},
    "actor": {"value": "clerk:btgdv-tu"},
    "payload": {
        "report_id": {"column": "Mã"},
        "reporter": {"column": "Đơn vị"},
        "recipient": {"value": "btgdv-tu"},
        "metrics": {"object": {"ty_le": {"column": "Tỷ lệ", "as": "decimal", "optional": True}}, "optional": True},
        "summary_vi": {"column": "Trích yếu", "optional": True},
    },
}

MEMBERSHIP_CSV = (
    "Đơn vị,Ngày,Hội viên,Đủ điều kiện\n"
    "hoi-nong-dan,31/12/2025,167050,225000\n"
    "hoi-lhpn,31/12/2025,263400,403000\n"
    "hoi-ccb,31/12/2025,43750,\n"
)


def import_event_id(event_type, key_values):
    """docs/import.md, "The event id", written from the page."""
    data = bytes.fromhex("115982214c464424b82c34da3e0fc718")
    for text in [event_type, *key_values]:
        raw = unicodedata.normalize("NFC", text).strip(" \t\r\n\u00a0").encode("utf-8")
        data += len(raw).to_bytes(4, "big") + raw
    b = bytearray(hashlib.sha256(data).digest()[:16])
    b[6] = 0x80 | (b[6] & 0x0F)
    b[8] = 0x80 | (b[8] & 0x3F)
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def domain_log(log):
    log.init(catalogue="auditlog/v1")
    log.append_lines(ORGS)
    return log


def write(log, name, content):
    path = log.dir / name
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False, indent=2)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def run_import(log, csv, mapping=MEMBERSHIP, *extra, check=0, name="data.csv"):
    return log.run("import", *extra, write(log, "mapping.json", mapping), write(log, name, csv), check=check)


def entries(log):
    return [json.loads(bytes(e)) for (e,) in query(log.db, "SELECT entry FROM events ORDER BY seq")]


def imported(log):
    return [e for e in entries(log) if e["type"] != "organization.registered"]


def checkpoint(log):
    return log.run("checkpoint", check=0).stdout


def problem_lines(proc):
    return [line for line in proc.stderr.decode().splitlines() if line.startswith("auditlog: row ")]


def test_a_nightly_rerun_appends_nothing_and_keeps_the_root(log):
    domain_log(log)
    first = run_import(log, MEMBERSHIP_CSV)
    assert [line.split("\t")[2] for line in first.stdout.decode().splitlines()] == ["appended"] * 3
    count, signed = log.count(), checkpoint(log)
    assert count == len(ORGS) + 3
    again = run_import(log, MEMBERSHIP_CSV)
    assert [line.split("\t")[2] for line in again.stdout.decode().splitlines()] == ["duplicate"] * 3
    assert log.count() == count and checkpoint(log) == signed
    # The ids are the documented rule's, and what was stored is what the mapping says.
    got = imported(log)
    assert [e["event_id"] for e in got] == [
        import_event_id("membership.reported", [slug, "31/12/2025"]) for slug in ("hoi-nong-dan", "hoi-lhpn", "hoi-ccb")]
    assert got[0]["payload"] == {"org_id": "hoi-nong-dan", "as_of": "2025-12-31", "members": 167050, "eligible": 225000}
    assert got[2]["payload"] == {"org_id": "hoi-ccb", "as_of": "2025-12-31", "members": 43750}
    assert got[0]["occurred_at"] == "2025-12-31" and got[0]["subject"] == "org/hoi-nong-dan"
    log.run("verify", check=0)


def test_a_row_changed_since_it_was_imported_is_refused_with_exit_3_and_nothing_is_written(log):
    domain_log(log)
    run_import(log, MEMBERSHIP_CSV)
    count, signed = log.count(), checkpoint(log)
    changed = MEMBERSHIP_CSV.replace("263400", "263500") + "hoi-ccb,15/01/2026,43800,\n"
    proc = run_import(log, changed, check=3)
    lines = problem_lines(proc)
    seq = len(ORGS) + 2
    assert len(lines) == 1 and lines[0].startswith(f"auditlog: row 3: event_id: this row (natural key ")
    assert f"was imported before as seq {seq} (event_id {import_event_id('membership.reported', ['hoi-lhpn', '31/12/2025'])})" in lines[0]
    assert "event.corrected" in lines[0]
    assert log.count() == count and checkpoint(log) == signed  # the new row of row 5 is not appended either
    # --format json: one object per problem, with its row.
    out = run_import(log, changed, MEMBERSHIP, "--format", "json", check=3).stderr.decode().splitlines()
    assert [json.loads(line)["row"] for line in out] == [3]
    assert json.loads(out[0])["error"] == "precondition_failed" and json.loads(out[0])["exit_code"] == 3


def test_a_csv_and_an_ndjson_file_with_a_byte_order_mark_are_appended(log):
    domain_log(log)
    bom = b"\xef\xbb\xbf"
    # Excel's CSV UTF-8: a byte-order mark and CRLF; the mark is not part of the first column's name.
    run_import(log, bom + MEMBERSHIP_CSV.replace("\n", "\r\n").encode())
    assert [e["payload"]["org_id"] for e in imported(log)] == ["hoi-nong-dan", "hoi-lhpn", "hoi-ccb"]
    # NDJSON and a JSON array, from a file and from standard input.
    ndjson = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in [org("hoi-a", "Hội A"), org("hoi-b", "Hội B")])
    write(log, "orgs.ndjson", bom + ndjson.encode())
    log.run("append", log.dir / "orgs.ndjson", check=0)
    log.run("append", "-", input=bom + json.dumps([org("hoi-c", "Hội C")], ensure_ascii=False).encode(), check=0)
    log.run("append", "-", input=bom + (json.dumps(org("hoi-d", "Hội D"), ensure_ascii=False) + "\n").encode(), check=0)
    slugs = [e["payload"]["org_id"] for e in entries(log) if e["type"] == "organization.registered"]
    assert slugs[-4:] == ["hoi-a", "hoi-b", "hoi-c", "hoi-d"]
    # A mark elsewhere is still refused, with its line.
    later = "".join(json.dumps(org(slug, slug)) + "\n" for slug in ("hoi-e", "hoi-f")) + "\ufeff" + json.dumps(org("hoi-g", "G"))
    proc = log.run("append", "-", input=later.encode(), check=65)
    assert proc.stderr.decode().startswith("auditlog: line 3:")


def test_check_reports_every_bad_row_at_once_with_its_row_and_column(log):
    domain_log(log)
    rows = [f"hoi-nong-dan,{day:02d}/01/2026,{1000 + day}," for day in range(1, 11)]
    rows[1] = "hoi-nong-dan,31/02/2026,1002,"       # row 3: no such date
    rows[4] = "hoi-nong-dan,05/01/2026,1.005,"      # row 6: a thousands separator
    rows[7] = "hoi-nong-dam,08/01/2026,1008,"       # row 9: no such organisation (only the log can tell)
    csv = "Đơn vị,Ngày,Hội viên,Đủ điều kiện\n" + "\n".join(rows) + "\n"
    for extra in (["--check"], []):
        proc = run_import(log, csv, MEMBERSHIP, *extra, check=65)
        lines = problem_lines(proc)
        found = {(int(m.group(1)), m.group(2)) for m in (re.match(r'auditlog: row (\d+): column "([^"]+)"', l) for l in lines)}
        assert found == {(3, "Ngày"), (6, "Hội viên"), (9, "Đơn vị")}, lines
        assert any("(payload.org_id)" in l and "hoi-nong-dam" in l for l in lines)
        assert proc.stderr.decode().splitlines()[-1] == "auditlog: import: 3 of 10 rows refused; nothing appended"
        assert proc.stdout == b""
        assert log.count() == len(ORGS)
    # The good rows alone go in; --check first says so and writes nothing.
    good = "Đơn vị,Ngày,Hội viên,Đủ điều kiện\n" + "\n".join(r for i, r in enumerate(rows) if i not in (1, 4, 7)) + "\n"
    assert run_import(log, good, MEMBERSHIP, "--check").stdout.decode() == \
        "dry run: 7 events valid; 7 would be appended, 0 already in the log; nothing written\n"
    assert log.count() == len(ORGS)
    run_import(log, good)
    assert log.count() == len(ORGS) + 7


def test_rows_of_one_file_with_one_key_and_other_values_are_refused(log):
    domain_log(log)
    csv = MEMBERSHIP_CSV + "hoi-lhpn,31/12/2025,263400,403000\n" + "hoi-ccb,31/12/2025,43751,\n"
    lines = problem_lines(run_import(log, csv, check=65))
    assert lines == ["auditlog: row 6: event_id: the natural key (\"Đơn vị\" = \"hoi-ccb\", \"Ngày\" = \"31/12/2025\") "
                     "is also row 4's, with other values; a key identifies one row"]
    assert log.count() == len(ORGS)


@pytest.mark.parametrize("content", ["Đơn vị,Ngày,Hội viên,Đủ điều kiện\r\n", "", "\ufeff", "Đơn vị,Ngày,Hội viên,Đủ điều kiện\n,,,\n\n"],
                         ids=["header-only", "empty", "bom-only", "blank-rows"])
def test_an_empty_night_is_a_note_and_exit_0(log, content):
    domain_log(log)
    signed = checkpoint(log)
    proc = run_import(log, content, name="dem-nay.csv")
    assert proc.stdout == b""
    assert proc.stderr.decode() == f"import: no rows in {log.dir / 'dem-nay.csv'}; nothing appended\n"
    assert log.count() == len(ORGS) and checkpoint(log) == signed
    proc = log.run("import", write(log, "mapping.json", MEMBERSHIP), "-", input=content, check=0)
    assert proc.stderr.decode() == "import: no rows in standard input; nothing appended\n"


def test_a_header_without_a_mapped_column_is_refused_even_with_no_rows(log):
    domain_log(log)
    proc = run_import(log, "Đơn vị,Ngày,Số hội viên,Đủ điều kiện\n", check=65)
    assert proc.stderr.decode().splitlines() == [
        f'auditlog: payload.members: column "Hội viên" is not in the header of {log.dir / "data.csv"} '
        '(its columns: "Đơn vị", "Ngày", "Số hội viên", "Đủ điều kiện")']
    proc = run_import(log, MEMBERSHIP_CSV, {**MEMBERSHIP, "natural_key": ["Đơn vị", "Ngày"], "actor": {"colum": "x"}}, check=65)
    assert proc.stderr.decode().startswith("auditlog: mapping ") and '"colum" is not an option' in proc.stderr.decode()


def test_dates_written_dd_mm_yyyy_and_yyyy_mm_dd(log):
    domain_log(log)
    run_import(log, "Đơn vị,Ngày,Hội viên,Đủ điều kiện\nhoi-nong-dan,5/1/2026,1,\nhoi-lhpn,2025-12-31,2,\nhoi-ccb,09.01.2026,3,\n")
    got = imported(log)
    assert [e["occurred_at"] for e in got] == ["2026-01-05", "2025-12-31", "2026-01-09"]
    assert [e["payload"]["as_of"] for e in got] == ["2026-01-05", "2025-12-31", "2026-01-09"]
    # A month is a date of the mapping, and a good occurred_at, but the catalogue wants a day for
    # as_of: its refusal names the column.
    lines = problem_lines(run_import(log, "Đơn vị,Ngày,Hội viên,Đủ điều kiện\nhoi-ccb,12/2025,3,\n", check=65))
    assert lines == ['auditlog: row 2: column "Ngày" (payload.as_of): "2025-12" is not a date YYYY-MM-DD']
    # With yyyy-mm-dd a day-first date is not guessed.
    iso = {**MEMBERSHIP, "date_format": "yyyy-mm-dd"}
    lines = problem_lines(run_import(log, "Đơn vị,Ngày,Hội viên,Đủ điều kiện\nhoi-ccb,05/01/2026,4,\n", iso, check=65))
    assert lines[0] == "auditlog: row 2: column \"Ngày\" (occurred_at): \"05/01/2026\" is not a date in the mapping's date_format, yyyy-mm-dd"


def test_a_semicolon_file_is_read_by_its_header_or_by_delimiter(log):
    domain_log(log)
    # As Excel writes CSV in a Vietnamese locale: ; between cells, a decimal comma, dates day first.
    csv = "Mã;Đơn vị;Ngày gửi;Tỷ lệ;Trích yếu\nBC-01;hoi-nong-dan;10/01/2026;0,86;Báo cáo năm 2025, kèm phụ lục\n"
    run_import(log, csv, REPORTS)
    report = imported(log)[0]
    assert report["payload"]["metrics"] == {"ty_le": "0.86"}
    assert report["payload"]["summary_vi"] == "Báo cáo năm 2025, kèm phụ lục"
    # A header with more commas than semicolons needs --delimiter (or the mapping's delimiter).
    csv = "Mã;Đơn vị;Ngày gửi;Tỷ lệ;Trích yếu, ghi chú, khác, nữa\nBC-02;hoi-lhpn;11/01/2026;0,5;x\n"
    assert 'is not in the header' in run_import(log, csv, REPORTS, check=65).stderr.decode()
    mapping = {**REPORTS, "payload": {**REPORTS["payload"], "summary_vi": {"column": "Trích yếu, ghi chú, khác, nữa"}}}
    run_import(log, csv, mapping, "--delimiter", ";")
    run_import(log, csv.replace("BC-02", "BC-03"), {**mapping, "delimiter": ";"})
    assert [e["payload"]["report_id"] for e in imported(log)] == ["BC-01", "BC-02", "BC-03"]


def test_vietnamese_text_fed_in_nfd_is_stored_in_nfc(log):
    domain_log(log)
    nfd = lambda s: unicodedata.normalize("NFD", s)
    summary = "Báo cáo tình hình hoạt động của Hội Nông dân"
    csv = nfd("Mã,Đơn vị,Ngày gửi,Tỷ lệ,Trích yếu\n") + f"{nfd('BC-Hội-1')},hoi-nong-dan,10/01/2026,,  {nfd(summary)}  \n"
    assert nfd(summary) != summary
    run_import(log, csv, {**REPORTS, "natural_key": ["Mã"], "payload": {**REPORTS["payload"], "report_id": {"value": "BC-1"}}})
    (report,) = imported(log)
    assert report["payload"]["summary_vi"] == summary and unicodedata.is_normalized("NFC", report["payload"]["summary_vi"])
    assert report["event_id"] == import_event_id("report.submitted", ["BC-Hội-1"]) == import_event_id("report.submitted", [nfd("BC-Hội-1")])
    raw = bytes(query(log.db, "SELECT entry FROM events ORDER BY seq DESC LIMIT 1")[0][0])
    assert summary.encode() in raw


def test_a_huge_cell_or_text_that_is_not_utf8_gives_one_line_naming_the_row(log):
    domain_log(log)
    header = "Đơn vị,Ngày,Hội viên,Đủ điều kiện\n"
    huge = header + "hoi-ccb,01/01/2026,1,\n" + "hoi-lhpn,01/01/2026,\"" + "9" * (2 << 20) + "\",\n"
    proc = run_import(log, huge, check=65)
    assert proc.stderr.decode().splitlines() == [
        "auditlog: row 3: longer than 1 MiB; is a quote left open (a cell that starts with \" and never ends)?"]
    unclosed = header + "hoi-ccb,01/01/2026,1,\n" + "hoi-lhpn,\"01/01/2026,2,\n" + "hoi-nong-dan,01/01/2026,3,\n"
    assert run_import(log, unclosed, check=65).stderr.decode().splitlines() == [
        "auditlog: row 3: a quoted cell is not closed: the file ends inside it (a \" too many, or one missing)"]
    # A Windows code page (a file saved as "CSV (Comma delimited)" rather than "CSV UTF-8"): the
    # row and its column. "Hà" in Windows-1258 is 48 E0, not UTF-8.
    latin1 = header.encode() + b"hoi-ccb,01/01/2026,1,\n" + "Hà Tĩnh,01/01/2026,2,\n".encode("cp1258", errors="replace")
    assert b"\xe0" in latin1
    proc = run_import(log, latin1, check=65)
    lines = proc.stderr.decode().splitlines()
    assert lines[0].startswith('auditlog: row 3: column "Đơn vị": not UTF-8 text; save the file as "CSV UTF-8 (Comma delimited)"')
    assert lines[1:] == ["auditlog: import: 1 of 2 rows refused; nothing appended"]
    assert log.count() == len(ORGS)


def shown_files():
    """The files docs/import.md shows with `$ cat NAME` in a console block, with their content."""
    files, current, lines, in_console = {}, None, [], False
    for line in (ROOT / "docs/import.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            if current:
                files[current] = "".join(l + "\n" for l in lines)
            current, lines = None, []
            continue
        if not in_console:
            continue
        if line.startswith("$ "):
            if current:
                files[current] = "".join(l + "\n" for l in lines)
            m = re.fullmatch(r"\$ cat (\S+)", line)
            current, lines = (m.group(1) if m else None), []
        elif current:
            lines.append(line)
    return files


def test_the_documented_samples_are_the_files_in_tools_samples_import():
    shown = shown_files()
    samples = sorted(p.name for p in SAMPLES.iterdir())
    assert len(samples) >= 14
    for name in samples:
        assert name in shown, f"docs/import.md does not show {name}"
        assert shown[name] == (SAMPLES / name).read_text(encoding="utf-8"), name
    types = {json.loads((SAMPLES / n).read_text(encoding="utf-8"))["type"] for n in samples if n.endswith(".mapping.json")}
    assert {"report.submitted", "meeting.held", "inspection.conducted", "membership.reported", "task.completed",
            "recommendation.filed", "recommendation.resolved"} <= types


def test_the_samples_import_onto_the_demo_history_with_the_same_root_on_either_engine(pg_log, tmp_path):
    demo = Auditlog(tmp_path / "file")
    demo.dir.mkdir()
    demo.run("demo", "--db", demo.db, db=False, check=0)
    demo.run("copy", pg_log.db, check=0)
    shutil.copy(demo.key, pg_log.key)
    order = ["report-submitted", "meeting-held", "inspection-conducted", "membership-reported", "task-completed",
             "recommendation-filed", "recommendation-resolved"]
    for engine in (demo, pg_log):
        for name in order:
            args = ["import", SAMPLES / f"{name}.mapping.json", SAMPLES / f"{name}.csv"]
            out = engine.run(*args, env={"AUDITLOG_NOW": DEMO_NOW}, check=0).stdout.decode().splitlines()
            assert out and all(line.endswith("\tappended") for line in out), (name, out)
            again = engine.run(*args, env={"AUDITLOG_NOW": DEMO_NOW}, check=0).stdout.decode().splitlines()
            assert all(line.endswith("\tduplicate") for line in again)
    assert checkpoint(pg_log) == checkpoint(demo)
    assert pg_log.run("export", check=0).stdout == demo.run("export", check=0).stdout
