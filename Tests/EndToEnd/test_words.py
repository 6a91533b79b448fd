"""The words at the terminal (docs/reference.md, "Languages"): the table and Markdown output of
`org`, `orgs`, `tasks`, `directive`, `directives`, `history` and `check` are in the log's
language, Vietnamese unless `init --lang en` recorded English, `--lang` (or $AUDITLOG_LANG) for
one command. In Vietnamese they show labels, not codes; numbers grouped with dots and a decimal
comma (152.340; 37,16 %); dates as day/month/year at the precision recorded (15/03/2024,
tháng 03/2024, năm 2024). In English, English labels and ISO dates. JSON, NDJSON and CSV are the
same bytes in every language. An invalid language is a usage error; a log made before
`log_meta` had the column opens, in Vietnamese.

The expected labels are those the task names and docs/reference.md lists (verdicts), and the
Vietnamese terms of the domain for the kinds, statuses and templates the demo log uses; the
expected numbers and dates are computed here from the JSON of the same command."""
import contextlib
import json
import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import Auditlog, pgserver, query

NOW = {"AUDITLOG_NOW": "2026-11-24T03:00:00Z"}
AS_OF = "2026-06-30"

VERDICT_VI = {"satisfied": "Đạt", "late": "Chậm", "violated": "Không đạt", "pending": "Chưa đến hạn",
              "indeterminate": "Chưa đủ căn cứ", "not_applicable": "Không áp dụng"}
VERDICT_EN = {"satisfied": "Satisfied", "late": "Late", "violated": "Violated", "pending": "Pending",
              "indeterminate": "Indeterminate", "not_applicable": "Not applicable"}
WORST_FIRST = ["violated", "late", "indeterminate", "pending", "satisfied", "not_applicable"]
KIND_VI = {"party_committee": "Cấp ủy", "party_board": "Ban đảng", "party_commission": "Ban cán sự, đảng đoàn",
           "party_office": "Văn phòng cấp ủy", "party_cell": "Chi bộ", "government": "Chính quyền", "department": "Sở, ngành",
           "ctxh": "Tổ chức chính trị - xã hội", "hqc": "Hội quần chúng", "other": "Khác"}
STATUS_VI = {"active": "Đang hoạt động", "suspended": "Tạm đình chỉ", "merged": "Đã sáp nhập", "dissolved": "Đã giải thể",
             "split": "Đã chia, tách"}
TASK_VI = {"open": "Đang thực hiện", "completed": "Đã hoàn thành", "cancelled": "Đã hủy"}
TEMPLATE_VI = {"periodic_report": "Báo cáo định kỳ", "one_off_task": "Nhiệm vụ cụ thể",
               "recurring_inspection": "Kiểm tra, giám sát định kỳ", "threshold_target": "Chỉ tiêu",
               "prohibition_window": "Việc bị cấm trong thời hạn", "coverage": "Phân công theo dõi",
               "response_within": "Trả lời trong thời hạn", "precedence": "Trình tự thực hiện"}
STATE_VI = {"in force": "Đang có hiệu lực", "lifted": "Đã bãi bỏ", "not yet effective": "Chưa có hiệu lực", "ended": "Hết hiệu lực"}
RATING_VI = {"tot": "Tốt", "kha": "Khá", "trung_binh": "Trung bình", "yeu": "Yếu"}
INSPECTION_VI = {"kiem_tra": "Kiểm tra", "giam_sat": "Giám sát", "thanh_tra": "Thanh tra", "lam_viec": "Làm việc"}

# Codes the human formats must not show in Vietnamese: positions, ratings, kinds of inspection and
# of organisation, verdicts, templates, event types, parameter sources, findings, states.
CODES = re.compile(r"(?<![\w:.#/-])(chu_tich|pho_chu_tich|trung_binh|kiem_tra|giam_sat|lam_viec|theo_doi|party_committee|"
                   r"party_commission|party_board|party_cell|hqc|ctxh|satisfied|violated|not_applicable|indeterminate|pending|"
                   r"periodic_report|one_off_task|recurring_inspection|prohibition_window|response_within|precedence|coverage|"
                   r"organization\.registered|organization\.merged|report\.submitted|meeting\.held|operator default|"
                   r"operator_default|interpretation|late_recording|in force|completed|cancelled|active|merged)(?![\w-])")
ISO_DAY = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
DMY = re.compile(r"(?<!\d)\d{2}/\d{2}/\d{4}(?!\d)")

# The seven commands' human outputs on the demo log (check in its table, its Markdown and an explanation).
HUMAN = {
    "orgs": ("orgs", "--as-of", AS_OF),
    "org": ("org", "ht:hoi-khuyen-hoc", "--as-of", AS_OF),
    "org with members": ("org", "ht:hoi-nong-dan", "--as-of", AS_OF),
    "tasks": ("tasks", "--as-of", AS_OF),
    "directives": ("directives", "--as-of", AS_OF),
    "directive": ("directive", "seed-004", "--as-of", AS_OF),
    "history": ("history", "ht:hoi-nguoi-mu"),
    "check": ("check", "--as-of", AS_OF),
    "check markdown": ("check", "--as-of", AS_OF, "--format", "markdown"),
    "check explain": ("check", "--as-of", AS_OF, "--explain", "seed-004#R3.4"),
}
MACHINE = [(*args, "--format", fmt) for args in [("orgs",), ("tasks",), ("directives",), ("directive", "seed-004"),
                                                   ("history", "ht:hoi-nguoi-mu"), ("check",)] for fmt in ("json", "ndjson", "csv")] \
    + [("org", "ht:hoi-nong-dan", "--format", fmt) for fmt in ("json", "ndjson", "csv")] \
    + [("check", "--explain", "seed-004#R3.4", "--format", fmt) for fmt in ("json", "csv")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    log = Auditlog(tmp_path_factory.mktemp("words"))
    log.run("demo", "--db", log.db, db=False, check=0, env=NOW)
    return log


def run(log, *args, env=None):
    proc = log.run(*args, env={**NOW, **(env or {})})
    assert proc.returncode in (0, 1), proc.stderr  # check exits 1 for a violated or late requirement
    return proc.stdout.decode()


def as_json(log, *args):
    return json.loads(run(log, *args, "--format", "json"))


def dmy(iso):
    """A day as Vietnamese write it."""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def grouped(n, mark="."):
    return f"{n:,}".replace(",", mark)


def percent_vi(part, whole):
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole_part, fraction = str(value).split(".")
    return f"{grouped(int(whole_part))},{fraction} %"


def row(text, first):
    """The table row whose first cell is `first`."""
    found = [line for line in text.splitlines() if line.startswith(first + " ")]
    assert len(found) == 1, (first, found)
    return found[0]


# ---------------------------------------------------------------------------------- Vietnamese
@pytest.mark.parametrize("name", HUMAN)
def test_vietnamese_shows_labels_and_dates_day_first_never_codes_or_iso_days(demo, name):
    text = run(demo, *HUMAN[name])
    assert text.strip()
    assert not CODES.search(text), (name, CODES.search(text).group(0), text[max(0, CODES.search(text).start() - 80):][:160])
    assert not ISO_DAY.search(text), (name, ISO_DAY.search(text).group(0))
    assert DMY.search(text), name
    # --lang vi says the same as the log's own language, and so does $AUDITLOG_LANG=vi.
    assert run(demo, *HUMAN[name], "--lang", "vi") == text == run(demo, *HUMAN[name], env={"AUDITLOG_LANG": "vi"})


def test_orgs_show_kinds_statuses_and_members_in_vietnamese(demo):
    text = run(demo, *HUMAN["orgs"])
    assert text.splitlines()[0].split("  ")[0] == "Tổ chức" and "Trạng thái" in text.splitlines()[0]
    with_members = 0
    for o in as_json(demo, *HUMAN["orgs"]):
        line = row(text, o["org_id"])
        assert KIND_VI[o["kind"]["value"]] in line and STATUS_VI[o["status"]["value"]] in line, line
        m = o.get("membership")
        if m and m.get("eligible"):
            with_members += 1
            assert f"{grouped(m['members'])} ({percent_vi(m['members'], m['eligible'])})" in line, line
        if o.get("last_report"):
            assert dmy(o["last_report"]["on"]) in line
    assert with_members >= 3  # the demo's socio-political organisations report their members


def test_org_shows_leaders_inspections_and_membership_in_vietnamese(demo):
    text = run(demo, *HUMAN["org"])
    o = as_json(demo, *HUMAN["org"])
    leader = o["leaders"]["chu_tich"]["value"]
    assert re.search(rf"^Lãnh đạo +Chủ tịch: {re.escape(leader)}", text, re.M), text
    i = o["last_inspection"]
    assert f"{INSPECTION_VI[i['kind']]}, {dmy(i['on'])}, xếp loại {RATING_VI[i['rating']]} (seq {i['seq']})" in text
    assert re.search(rf"^Trạng thái +{STATUS_VI[o['status']['value']]} từ ", text, re.M)
    text = run(demo, *HUMAN["org with members"])
    m = as_json(demo, *HUMAN["org with members"])["membership"]
    assert re.search(rf"^Hội viên +{re.escape(grouped(m['members']))} / {re.escape(grouped(m['eligible']))} "
                     rf"\({re.escape(percent_vi(m['members'], m['eligible']))}\) tính đến {dmy(m['as_of'])}$", text, re.M), text
    assert m["members"] >= 1000 and "." in grouped(m["members"])  # the grouping is there to see


def test_tasks_directives_and_directive_show_states_templates_and_days_in_vietnamese(demo):
    text = run(demo, *HUMAN["tasks"])
    assert text.splitlines()[0].split()[:2] == ["Nhiệm", "vụ"] and " Hạn " in text.splitlines()[0]
    for t in as_json(demo, *HUMAN["tasks"]):
        line = row(text, t["task_id"])
        assert TASK_VI[t["status"]["value"]] in line and dmy(t["assigned_on"]) in line, line
        if t.get("due"):
            assert dmy(t["due"]) in line
    text = run(demo, *HUMAN["directives"])
    for d in as_json(demo, *HUMAN["directives"]):
        line = row(text, d["doc_key"])
        issued = d["doc"].get("issued_on") or d["doc"].get("issued_on_not_before")
        assert dmy(issued) in line, line
    text = run(demo, *HUMAN["directive"])
    assert text.splitlines()[0].startswith("seed-004  ") and "do ht:tt-tu ban hành, hiệu lực từ " in text.splitlines()[0]
    for r in as_json(demo, *HUMAN["directive"]):
        line = row(text, r["req_ref"])
        assert TEMPLATE_VI[r["template"]] in line and STATE_VI[r["state"]] in line, line


def test_history_shows_event_labels_and_both_times_in_vietnamese(demo):
    text = run(demo, *HUMAN["history"])
    assert text.splitlines()[0].split("  ")[0] == "Seq" and "Sự kiện" in text.splitlines()[0]
    for item in as_json(demo, *HUMAN["history"]):
        line = row(text, str(item["seq"]))
        recorded = item["recorded_at"]
        assert f"{dmy(recorded[:10])} {recorded[11:16]} UTC" in line, line
        if item["type"] == "organization.registered":
            assert "Thành lập, đăng ký tổ chức" in line
        if len(item["occurred_at"]) == 4:
            assert f"năm {item['occurred_at']}" in line


def test_check_table_and_markdown_show_verdict_labels_a_summary_and_sections(demo):
    report = as_json(demo, *HUMAN["check"])
    text = run(demo, *HUMAN["check"])
    assert text.startswith(f"Kiểm tra việc thực hiện tính đến {dmy(AS_OF)}")
    for r in report["requirements"]:
        assert f"\n{VERDICT_VI[r['verdict']].upper()}  {r['req_ref']}  ({TEMPLATE_VI[r['template']]})\n" in text
    summary = ", ".join(f"{VERDICT_VI[v]} {report['summary'][v]}" for v in WORST_FIRST if v in report["summary"])
    assert text.rstrip().endswith("Tổng hợp: " + summary)
    md = run(demo, *HUMAN["check markdown"])
    lines = md.splitlines()
    assert lines[0].startswith("# ") and lines[2].startswith(f"Tính đến **{dmy(AS_OF)}**, theo những gì đã biết đến **mới nhất**")
    assert f"sổ gồm {report['log']['size']} bản ghi, gốc `{report['log']['root']}`" in lines[2]
    counts = [(v, report["summary"][v]) for v in WORST_FIRST if v in report["summary"]]
    table = "\n".join(["| Kết quả | Số yêu cầu |", "|---|---:|", *(f"| {VERDICT_VI[v]} | {n} |" for v, n in counts),
                       f"| **Tổng cộng** | **{sum(n for _, n in counts)}** |"])
    assert f"## Tổng hợp\n\n{table}\n" in md
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == ["Tổng hợp", *(f"{VERDICT_VI[v]} ({n})" for v, n in counts),
                        "Nội dung các yêu cầu", "Phát hiện về chất lượng dữ liệu"]
    # Each requirement's rows are in its verdict's section.
    section = None
    for line in lines:
        if line.startswith("## "):
            section = line[3:].rsplit(" (", 1)[0]
        elif line.startswith("| ") and line.split(" | ")[0][2:] in {r["req_ref"] for r in report["requirements"]}:
            req = next(r for r in report["requirements"] if r["req_ref"] == line.split(" | ")[0][2:])
            assert section == VERDICT_VI[req["verdict"]] and f"| {TEMPLATE_VI[req['template']]} |" in line


# -------------------------------------------------------------------------------------- English
@pytest.mark.parametrize("name", HUMAN)
def test_lang_en_shows_english_labels_and_iso_days(demo, name):
    text = run(demo, *HUMAN[name], "--lang", "en")
    assert text == run(demo, *HUMAN[name], env={"AUDITLOG_LANG": "en"})
    assert ISO_DAY.search(text) and not DMY.search(text), name
    assert not re.search(r"Trạng thái|KHÔNG ĐẠT|Không đạt|Đã hoàn thành|Đang hoạt động|Đang có hiệu lực|Thành lập, đăng ký|Tổng hợp", text), name


def test_english_labels_of_each_command(demo):
    orgs = run(demo, *HUMAN["orgs"], "--lang", "en")
    assert orgs.splitlines()[0].split()[:3] == ["Org", "Name", "Kind"]
    assert "mass association" in orgs and "socio-political organisation" in orgs and " merged → " in orgs
    o = as_json(demo, *HUMAN["org with members"])["membership"]
    assert f"{grouped(o['members'], ',')} of {grouped(o['eligible'], ',')} (" in run(demo, *HUMAN["org with members"], "--lang", "en")
    assert re.search(r"^Leaders +chair: ", run(demo, *HUMAN["org"], "--lang", "en"), re.M)
    assert "completed 20" in run(demo, *HUMAN["tasks"], "--lang", "en")
    assert "periodic report" in run(demo, *HUMAN["directive"], "--lang", "en")
    assert "organisation registered" in run(demo, *HUMAN["history"], "--lang", "en")
    check = run(demo, *HUMAN["check"], "--lang", "en")
    assert check.startswith(f"compliance as of {AS_OF}, known at latest; log size ") and "\nVIOLATED  " in check
    md = run(demo, *HUMAN["check markdown"], "--lang", "en")
    assert md.startswith("# Compliance report\n") and "## Summary\n\n| Verdict | Requirements |" in md and "\n## Violated (" in md


# ------------------------------------------------------------------------------ machine formats
@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_json_ndjson_and_csv_are_the_same_bytes_in_every_language(demo, args):
    vi = run(demo, *args, "--lang", "vi")
    assert vi.strip()
    assert run(demo, *args, "--lang", "en") == vi == run(demo, *args) == run(demo, *args, env={"AUDITLOG_LANG": "en"})
    assert not DMY.search(vi)


# ----------------------------------------------------------------- choosing and recording the language
def test_an_invalid_language_is_a_usage_error_on_one_line(demo, tmp_path):
    for args, env in [(("--lang", "fr", "orgs"), None), (("orgs", "--lang", "EN-us"), None), (("check",), {"AUDITLOG_LANG": "de"}),
                      (("org", "ht:hoi-nong-dan", "--lang", ""), None)]:
        proc = demo.run(*args, env={**NOW, **(env or {})})
        err = proc.stderr.decode()
        assert proc.returncode == 64 and proc.stdout == b"" and err.count("\n") == 1, (args, err)
        assert ("--lang" in err) if env is None else ("AUDITLOG_LANG" in err), err
    fresh = Auditlog(tmp_path)
    proc = fresh.run("init", "--origin", "example.org/x", "--lang", "fr")
    assert proc.returncode == 64 and proc.stderr.decode().count("\n") == 1 and "--lang" in proc.stderr.decode()
    assert not fresh.db.exists() and not fresh.key.exists()


def small_log(log, *init_args):
    log.init("example.org/words", *init_args, catalogue="auditlog/v1")
    log.append_lines([{"type": "organization.registered", "occurred_at": "2021-07", "actor": "clerk", "payload": {
        "org_id": "hoi-a", "name_vi": "Hội A", "kind": "hqc", "level": "province", "province": "ha-tinh"}}])
    return log


def test_init_lang_en_makes_english_the_logs_language_and_lang_vi_overrides_it(engine_log, tmp_path):
    log = small_log(engine_log, "--lang", "en")
    assert query(log.db, "SELECT language FROM log_meta") == [("en",)]
    english = run(log, "orgs")
    assert english.splitlines()[0].split()[:3] == ["Org", "Name", "Kind"] and "mass association" in english
    assert re.search(r"^Registered +2021-07$", run(log, "org", "hoi-a"), re.M)
    vietnamese = run(log, "orgs", "--lang", "vi")
    assert vietnamese.splitlines()[0].startswith("Tổ chức") and "Hội quần chúng" in vietnamese
    assert run(log, "orgs", env={"AUDITLOG_LANG": "vi"}) == vietnamese
    assert re.search(r"^Thành lập +tháng 07/2021$", run(log, "--lang", "vi", "org", "hoi-a"), re.M)
    # A copy is in the language of its source.
    copy = Auditlog(tmp_path / "copy")
    copy.dir.mkdir()
    log.run("copy", copy.db, check=0)
    assert query(copy.db, "SELECT language FROM log_meta") == [("en",)]
    assert run(copy, "orgs") == english


def test_init_records_vietnamese_unless_told(engine_log):
    log = small_log(engine_log)
    assert query(log.db, "SELECT language FROM log_meta") == [("vi",)]
    assert run(log, "orgs").splitlines()[0].startswith("Tổ chức")


def without_the_language_column(log):
    """Makes log_meta as it was before the column `language`: on SQLite, the table of the first
    release rebuilt from the row (its trigger refuses updates, and a rebuilt table needs its
    trigger again); on PostgreSQL, the column dropped (the triggers refuse changes of rows only)."""
    if str(log.db).startswith("postgresql"):
        pgserver().psql(log.db, "ALTER TABLE log_meta DROP COLUMN language")
        return
    with contextlib.closing(sqlite3.connect(log.db)) as con:
        con.executescript("""
            BEGIN;
            CREATE TABLE log_meta_before (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                format     TEXT    NOT NULL CHECK (format = 'auditlog/v1'),
                origin     TEXT    NOT NULL,
                vkey       TEXT    NOT NULL,
                timezone   TEXT    NOT NULL,
                created_at TEXT    NOT NULL,
                catalogue  TEXT    NOT NULL CHECK (catalogue IN ('auditlog/v1', 'none'))
            ) STRICT;
            INSERT INTO log_meta_before SELECT id, format, origin, vkey, timezone, created_at, catalogue FROM log_meta;
            DROP TABLE log_meta;
            ALTER TABLE log_meta_before RENAME TO log_meta;
            CREATE TRIGGER log_meta_no_update BEFORE UPDATE ON log_meta
            BEGIN SELECT RAISE(ABORT, 'auditlog: log_meta is written once'); END;
            COMMIT;
            """)


def test_a_log_made_before_the_language_column_opens_in_vietnamese(engine_log, tmp_path):
    log = small_log(engine_log, "--lang", "en")
    vkey = query(log.db, "SELECT vkey FROM log_meta")[0][0]
    without_the_language_column(log)
    columns = {r[0] for r in query(log.db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'log_meta'")} \
        if str(log.db).startswith("postgresql") else {r[1] for r in query(log.db, "PRAGMA table_info(log_meta)")}
    assert "language" not in columns and "catalogue" in columns
    assert run(log, "orgs").splitlines()[0].startswith("Tổ chức")
    assert run(log, "orgs", "--lang", "en").splitlines()[0].startswith("Org")
    log.run("verify", "--vkey", vkey, check=0)
    log.append_lines([{"type": "organization.registered", "occurred_at": "2022", "actor": "clerk", "payload": {
        "org_id": "hoi-b", "name_vi": "Hội B", "kind": "hqc", "level": "province", "province": "ha-tinh"}}])
    copy = Auditlog(tmp_path / "copy")
    copy.dir.mkdir()
    log.run("copy", copy.db, check=0)
    assert query(copy.db, "SELECT language FROM log_meta") == [("vi",)]
