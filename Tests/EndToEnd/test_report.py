"""The inspection report (`auditlog report`, docs/report.md), checked against the check's own JSON
and against the log's bytes: the matrix shows each organisation's worst verdict per requirement,
every non-satisfied obligation is a finding with its evidence, every piece of evidence cited has an
RFC 9162 inclusion proof that reaches the signed checkpoint in the header (recomputed here with
tools/verify.py's hashing, not the product's), the same request gives the same bytes, and the
words are Vietnamese (NFC) unless English is asked for. What a person sees in a browser and on
paper is tested in test_report_browser.py."""
import html.parser
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, Auditlog, query, verify_py

AS_OF = "2026-06-30"
SEVERITY = {"not_applicable": -1, "satisfied": 0, "pending": 1, "indeterminate": 2, "late": 3, "violated": 4}
FINDING_VERDICTS = {"violated", "late", "indeterminate"}


class ReportReader(html.parser.HTMLParser):
    """The parts of a report a test compares: header facts, summary counts, matrix cells,
    findings with their evidence seqs, proofs, and the visible text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.facts, self.summary, self.matrices, self.findings, self.proofs = {}, {}, [], [], {}
        self.text = []
        self._fact = self._verdict_row = None
        self._cells = None
        self._matrix = self._row = self._finding = self._proof = None
        self._in = []
        self.feed(text)
        self.visible = " ".join(self.text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "")
        self._in.append(tag)
        if tag == "tr" and a.get("id", "").startswith("fact-"):
            self._fact = a["id"][5:]
            self.facts[self._fact] = ""
        if tag == "tr" and "data-verdict" in a:
            self._verdict_row = a["data-verdict"]
            self._cells = []
        if tag == "table" and "matrix" in cls.split():
            self._matrix = {"reqs": [], "rows": []}
            self.matrices.append(self._matrix)
        if self._matrix is not None:
            if tag == "th" and "data-req" in a:
                self._matrix["reqs"].append(a["data-req"])
            if tag == "th" and "data-org" in a:
                self._row = {"org": a["data-org"], "cells": []}
                self._matrix["rows"].append(self._row)
            if tag == "td" and self._row is not None:
                verdict = next((c[2:].replace("-", "_") for c in cls.split() if c.startswith("v-")), None)
                self._row["cells"].append(verdict)
        if tag == "article" and "finding" in cls.split():
            verdict = next(c[2:].replace("-", "_") for c in cls.split() if c.startswith("v-"))
            self._finding = {"req": a["data-req"], "org": a["data-org"], "key": a["data-key"], "verdict": verdict, "seqs": []}
            self.findings.append(self._finding)
        if tag == "td" and self._verdict_row is not None and "num" in cls.split():
            self._in[-1] = "num"
        if tag == "tr" and "data-seq" in a and self._finding is not None:
            self._finding["seqs"].append(int(a["data-seq"]))
        if tag == "div" and "proof" in cls.split():
            self._proof = {"leaf": None, "path": []}
            self.proofs[int(a["data-seq"])] = self._proof
        if tag == "code" and self._proof is not None and self._proof["leaf"] is None:
            self._in[-1] = "leaf"
        if tag == "li" and self._proof is not None:
            self._in[-1] = "path"

    def handle_endtag(self, tag):
        while self._in:
            top = self._in.pop()
            if top == tag or (top, tag) in (("leaf", "code"), ("path", "li"), ("num", "td")):
                break
        if tag == "table":
            self._matrix = None
        if tag == "tr":
            if self._verdict_row is not None and len(self._cells) >= 1:
                self.summary[self._verdict_row] = int(re.sub(r"\D", "", self._cells[0]))
            self._fact = self._verdict_row = self._row = None
        if tag == "article":
            self._finding = None
        if tag == "div" and self._proof is not None and "div" not in self._in:
            self._proof = None

    def handle_data(self, data):
        if self._in and self._in[-1] in ("style", "title") and "svg" not in self._in:
            return
        self.text.append(data)
        if self._fact and "td" in self._in:
            self.facts[self._fact] += data
        if self._verdict_row is not None and self._in and self._in[-1] == "num":
            self._cells.append(data)
        if self._proof is not None and self._in:
            if self._in[-1] == "leaf":
                self._proof["leaf"] = data.strip()
            elif self._in[-1] == "path":
                self._proof["path"].append(data.strip())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    log = Auditlog(tmp_path_factory.mktemp("report"))
    log.run("demo", "--db", log.db, db=False, check=0)
    return log


def report(log, *args, check=0, env=None):
    return log.run("report", "--as-of", AS_OF, *args, check=check, env=env).stdout.decode()


def check_json(log, *args):
    return json.loads(log.run("check", "--as-of", AS_OF, "--format", "json", *args).stdout)


def worst(verdicts):
    judged = [v for v in verdicts if v != "not_applicable"]
    return max(judged, key=SEVERITY.get) if judged else "not_applicable"


def expected_cells(result):
    cells = {}
    for r in result["requirements"]:
        for i in r["instances"]:
            cells.setdefault((i["assignee"], r["req_ref"]), []).append(i["verdict"])
    return {k: worst(v) for k, v in cells.items()}


def shown_cells(reader):
    cells = {}
    for m in reader.matrices:
        for row in m["rows"]:
            assert len(row["cells"]) == len(m["reqs"]), row
            for req, verdict in zip(m["reqs"], row["cells"]):
                if verdict is not None:
                    assert (row["org"], req) not in cells, f"cell {row['org']} × {req} shown twice"
                    cells[(row["org"], req)] = verdict
    return cells


def test_the_matrix_shows_each_organisations_worst_verdict_per_requirement(demo):
    reader = ReportReader(report(demo))
    expected = expected_cells(check_json(demo))
    assert shown_cells(reader) == expected
    assert len(expected) > 50


def test_the_summary_counts_every_obligation_by_verdict(demo):
    reader = ReportReader(report(demo))
    counts = {}
    for r in check_json(demo)["requirements"]:
        for i in r["instances"]:
            counts[i["verdict"]] = counts.get(i["verdict"], 0) + 1
    assert reader.summary == counts


def test_every_obligation_not_met_is_a_finding_with_its_evidence(demo):
    reader = ReportReader(report(demo))
    expected = {(r["req_ref"], i["assignee"], i["key"]): (i["verdict"], i["evidence"])
                for r in check_json(demo)["requirements"] for i in r["instances"] if i["verdict"] in FINDING_VERDICTS}
    shown = {(f["req"], f["org"], f["key"]): (f["verdict"], f["seqs"]) for f in reader.findings}
    assert shown == expected
    assert any(seqs for _, seqs in expected.values()), "the demo has findings with evidence"
    # Worst first: no violated finding after a late one.
    order = [SEVERITY[f["verdict"]] for f in reader.findings]
    assert order == sorted(order, reverse=True)


def checkpoint_of(log):
    note = log.run("checkpoint").stdout.decode()
    origin, size, root = note.split("\n")[:3]
    return origin, int(size), root, note


def test_every_piece_of_evidence_cited_has_a_proof_that_reaches_the_signed_root(demo):
    v = verify_py()
    reader = ReportReader(report(demo))
    origin, size, root, _ = checkpoint_of(demo)
    cited = {s for f in reader.findings for s in f["seqs"]}
    assert cited and set(reader.proofs) == cited
    for seq, proof in reader.proofs.items():
        entry = query(demo.db, "SELECT entry FROM events WHERE seq = ?", seq)[0][0]
        leaf = v.leaf_hash(bytes(entry))
        assert v.b64(leaf) == proof["leaf"], f"seq {seq}: the leaf hash is not SHA-256(0x00 ‖ entry)"
        path = [v.b64_strict(p, "path") for p in proof["path"]]
        assert v.verify_inclusion(seq - 1, size, leaf, path, v.b64_strict(root, "root")), f"seq {seq}: the proof does not reach the root"
    # A proof is not decoration: a wrong sibling fails.
    seq, proof = next((s, p) for s, p in reader.proofs.items() if p["path"])
    entry = query(demo.db, "SELECT entry FROM events WHERE seq = ?", seq)[0][0]
    broken = [v.b64_strict(p, "path") for p in proof["path"]]
    broken[0] = bytes(32)
    assert not v.verify_inclusion(seq - 1, size, v.leaf_hash(bytes(entry)), broken, v.b64_strict(root, "root"))


def test_the_header_names_the_log_its_checkpoint_and_whether_the_signature_verified(demo, tmp_path):
    origin, size, root, _ = checkpoint_of(demo)
    vkey = query(demo.db, "SELECT vkey FROM log_meta")[0][0]
    facts = ReportReader(report(demo)).facts
    assert facts["origin"].strip() == origin
    assert facts["size"].strip() == f"{size:,}".replace(",", ".")
    assert facts["root"].strip() == root
    assert facts["checkpoint"].strip().endswith(root)
    assert "chưa kiểm tra" in facts["signature"]
    assert "hợp lệ với khóa" in ReportReader(report(demo, "--vkey", vkey)).facts["signature"]
    other = Auditlog(tmp_path)
    other_vkey = other.init("demo.auditlog.example/log")  # same origin, another key
    refused = ReportReader(report(demo, "--vkey", other_vkey)).facts["signature"]
    assert "KHÔNG HỢP LỆ" in refused
    bad = demo.run("report", "--vkey", "not-a-key", check=64)
    assert len(bad.stderr.decode().strip().splitlines()) == 1 and b"--vkey" in bad.stderr
    assert "0.1.0" in ReportReader(report(demo)).facts["made"]


def test_the_same_request_gives_the_same_bytes_and_only_the_day_made_differs(demo):
    a = report(demo)
    assert report(demo) == a
    later = report(demo, env={"AUDITLOG_NOW": "2026-03-01T03:00:00.000Z"})
    assert later != a
    strip = lambda text: re.sub(r'<tr id="fact-made">.*?</tr>', "", text)
    assert strip(later) == strip(a)
    assert "01/03/2026" in ReportReader(later).facts["made"]


CODES = ["satisfied", "violated", "not_applicable", "periodic_report", "one_off_task", "recurring_inspection",
         "report.submitted", "inspection.conducted", "kiem_tra", "party_committee"]


def test_vietnamese_by_default_in_nfc_and_english_on_request(demo):
    vi = report(demo)
    text = ReportReader(vi).visible
    assert unicodedata.is_normalized("NFC", vi)
    for words in ["Không đạt", "Chậm", "Đạt", "Chưa đến hạn", "Ma trận tuân thủ", "Thực trạng", "Tiêu chí", "Bằng chứng",
                  "Tính đến ngày 30/06/2026", "Hà Tĩnh", "Số 752-CV/TU ngày 12/10/2012"]:
        assert words in text, words
    for code in CODES:
        assert not re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-])", text), f"the code {code} is shown to people"
    body = text.rsplit("Phụ lục", 1)[0]
    assert not re.search(r"(?<![\d/])20\d\d-\d\d-\d\d(?!\d)", body), "an ISO date is shown before the appendix"
    for english in ["overdue", "nothing by", "due", "inspected", "grace", "schedule", "resolution", "lag"]:
        assert not re.search(rf"\b{english}\b", body), f"the English {english!r} is shown in the Vietnamese report"
    en = ReportReader(report(demo, "--lang", "en")).visible
    for words in ["Violated", "Late", "Satisfied", "Compliance matrix", "Condition", "Criteria", "Evidence", "As of 2026-06-30"]:
        assert words in en, words
    assert demo.run("report", "--lang", "fr", check=64).stderr.decode().count("\n") == 1


def test_the_filters_narrow_what_is_shown(demo):
    only = ReportReader(report(demo, "--directive", "seed-004"))
    reqs = {req for m in only.matrices for req in m["reqs"]} | {f["req"] for f in only.findings}
    assert reqs and all(r.startswith("seed-004#") for r in reqs)
    orgs = json.loads(demo.run("orgs", "--as-of", AS_OF, "--format", "json").stdout)
    province = {o["org_id"]: o["province"]["value"] for o in orgs}
    by_province = ReportReader(report(demo, "--province", "an-giang"))
    rows = {row["org"] for m in by_province.matrices for row in m["rows"]}
    assert rows and all(province[o.split(" ")[0]] == "an-giang" for o in rows)
    all_rows = {row["org"] for m in ReportReader(report(demo)).matrices for row in m["rows"]}
    assert rows < all_rows
    one = ReportReader(report(demo, "--org", "ht:hoi-nong-dan"))
    expected = expected_cells(check_json(demo, "--org", "ht:hoi-nong-dan"))
    assert expected and shown_cells(one) == expected
    # Names the log does not know are refused, not reported as "nothing required".
    for option, value in [("--org", "ht:no-such-org"), ("--directive", "no-such-doc"), ("--province", "atlantis")]:
        proc = demo.run("report", "--as-of", AS_OF, option, value, check=66)
        assert proc.stdout == b"" and len(proc.stderr.decode().strip().splitlines()) == 1 and value.encode() in proc.stderr
    # Data-quality findings follow the directive chosen.
    seed4 = ReportReader(report(demo, "--directive", "seed-004"))
    dq = seed4.visible.split("Chất lượng dữ liệu")[-1]
    assert "seed-004#" in dq and "ct:btv-tu|752-CV/TU|2012#" not in dq


def test_a_large_selection_is_split_into_pages_of_organisations(tmp_path):
    log = Auditlog(tmp_path)
    log.init("example.org/pages", catalogue="auditlog/v1")
    history = subprocess.run([sys.executable, str(ROOT / "tools/bench/gen_domain.py"), "--events", "4000", "--provinces", "2",
                              "--orgs", "70"], capture_output=True, check=True, timeout=120).stdout
    log.run("append", "-", input=history, check=0)
    result = json.loads(log.run("check", "--as-of", AS_OF, "--format", "json").stdout)
    assignees = {i["assignee"] for r in result["requirements"] for i in r["instances"]}
    assert len(assignees) > 100
    pages = [ReportReader(report(log, "--page", str(p))) for p in (1, 2)]
    rows = [{row["org"] for m in page.matrices for row in m["rows"]} for page in pages]
    assert rows[0] and rows[1] and not rows[0] & rows[1]
    assert rows[0] | rows[1] == assignees
    assert pages[0].summary == pages[1].summary
    assert "2/2" in pages[1].facts["page"]
    assert all(f["org"] in rows[1] for f in pages[1].findings)
    # Each page shows its organisations' cells and findings as the check judged them, whichever
    # order the check met the organisations in.
    expected = expected_cells(result)
    for page, orgs in zip(pages, rows):
        assert shown_cells(page) == {k: v for k, v in expected.items() if k[0] in orgs}
        due = {(r["req_ref"], i["assignee"], i["key"]) for r in result["requirements"] for i in r["instances"]
               if i["assignee"] in orgs and i["verdict"] in FINDING_VERDICTS}
        shown = {(f["req"], f["org"], f["key"]) for f in page.findings}
        assert shown <= due and len(shown) == min(len(due), 300)
    # Past the last page: the last page.
    past = ReportReader(report(log, "--page", "9"))
    assert past.facts["page"] == pages[1].facts["page"]
    assert past.matrices == pages[1].matrices and past.findings == pages[1].findings
    assert log.run("report", "--page", "0", check=64).stderr.count(b"\n") == 1


def test_a_log_without_directives_reports_that_nothing_is_required(tmp_path):
    log = Auditlog(tmp_path)
    log.init("example.org/empty", catalogue="auditlog/v1")
    text = ReportReader(report(log)).visible
    assert "Không có yêu cầu nào" in text


def test_the_report_goes_to_a_file_whole_and_pdf_without_chromium_is_one_line(demo, tmp_path):
    out = tmp_path / "r.html"
    proc = demo.run("report", "--as-of", AS_OF, "-o", out, check=0)
    assert proc.stdout == b"" and out.read_text(encoding="utf-8") == report(demo)
    missing = demo.run("report", "--as-of", AS_OF, "-o", tmp_path / "s.html", "--pdf", tmp_path / "r.pdf",
                       env={"AUDITLOG_CHROMIUM": str(tmp_path / "no-such-chromium")}, check=69)
    assert len(missing.stderr.decode().strip().splitlines()) == 1 and b"Chromium" in missing.stderr
    assert not (tmp_path / "r.pdf").exists()
    unwritable = demo.run("report", "-o", tmp_path / "no-such-dir" / "r.html", check=74)
    assert len(unwritable.stderr.decode().strip().splitlines()) == 1


def test_the_report_has_the_same_bytes_on_postgresql(demo, pg_log):
    demo.run("copy", pg_log.db, check=0)
    assert report(pg_log) == report(demo)


def test_an_organisations_dossier_has_its_identity_history_and_duties(demo):
    page = demo.run("org", "ht:hoi-nong-dan", "--as-of", AS_OF, "--format", "html", check=0).stdout.decode()
    reader = ReportReader(page)
    assert unicodedata.is_normalized("NFC", page)
    assert "Hồ sơ tổ chức" in reader.visible and "Quá trình hoạt động" in reader.visible
    history = json.loads(demo.run("history", "ht:hoi-nong-dan", "--to", AS_OF, "--as-of", AS_OF, "--format", "json").stdout)
    shown_history = [int(m) for m in re.findall(r'<tr data-seq="(\d+)"><td>', page.split('id="history"')[1].split("</section>")[0])]
    assert history and shown_history == [h["seq"] for h in history]
    expected = expected_cells(check_json(demo, "--org", "ht:hoi-nong-dan"))
    assert expected and shown_cells(reader) == expected


def test_a_dossier_of_an_unknown_organisation_is_one_line_and_exit_66(demo):
    proc = demo.run("org", "ht:no-such-org", "--as-of", AS_OF, "--format", "html", check=66)
    assert proc.stdout == b"" and len(proc.stderr.decode().strip().splitlines()) == 1
    before = demo.run("org", "ht:hoi-nong-dan", "--as-of", "1900-01-01", "--format", "html", check=66)
    assert b"ht:hoi-nong-dan" in before.stderr


def test_a_tree_that_no_longer_matches_the_signed_checkpoint_is_shown_in_capitals(demo, tmp_path):
    import shutil
    import sqlite3
    copy = Auditlog(tmp_path)
    shutil.copy(demo.db, copy.db)
    con = sqlite3.connect(copy.db)
    con.execute("DROP TRIGGER IF EXISTS merkle_nodes_no_update")
    # The 256-leaf subtree at the left of the 408-entry tree: the root and most proofs go through it.
    assert con.execute("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 8 AND idx = 0").rowcount == 1
    con.commit()
    con.close()
    vkey = query(demo.db, "SELECT vkey FROM log_meta")[0][0]
    facts = ReportReader(report(copy, "--vkey", vkey)).facts
    assert "KHÔNG KHỚP" in facts["signature"]
    assert "KHÔNG KHỚP" not in ReportReader(report(demo, "--vkey", vkey)).facts["signature"]


def test_pdf_never_replaces_a_directory_and_replaces_a_file_whole(demo, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    proc = demo.run("report", "--as-of", AS_OF, "--pdf", folder, check=64)
    assert len(proc.stderr.decode().strip().splitlines()) == 1 and (folder / "keep.txt").read_text() == "keep"
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    out = demo.run("report", "--as-of", AS_OF, "--pdf", target, check=0)
    assert out.stdout == b"", "with --pdf alone the PDF is the output"
    assert target.read_bytes().startswith(b"%PDF-")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".auditlog-pdf-")]
