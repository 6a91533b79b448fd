"""The v1 catalogue through the binary: subjects derived, payloads canonical, references
checked across lines and appends, NFD stored as NFC and found by search, `--catalogue none`."""
import json
import sqlite3
import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT, query


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


CATALOGUE = "auditlog/v1"


def line(type_, occurred, payload, **extra):
    return dict({"type": type_, "occurred_at": occurred, "actor": "clerk:btgdv-tu", "payload": payload}, **extra)


def org(slug, name, kind="hqc", **payload):
    return line("organization.registered", "2020-01-01",
                dict({"org_id": slug, "name_vi": name, "kind": kind, "level": "province", "province": "ha-tinh"}, **payload))


BASE = [
    org("btv-tu", "Ban Thường vụ Tỉnh ủy Hà Tĩnh", kind="party_board"),
    org("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_commission"),
    line("document.registered", "2021-12-03",
         {"doc": {"doc_key": "btv-tu|382-TB/TU|2021", "number": "Số 382 - TB/TU", "type_name": "Thông báo",
                  "issuer_org": "btv-tu", "issued_on": "2021-12-03"}}),
]


def domain_log(log):
    log.init(catalogue=CATALOGUE)
    log.append_lines(BASE)
    return log


def entries(log, *args):
    out = log.run("log", "--format", "ndjson", *args, check=0).stdout.decode()
    return [json.loads(x) for x in out.splitlines()]


def test_subjects_are_derived_and_numbers_stored_canonical(log):
    domain_log(log)
    got = entries(log)
    assert [e["subject"] for e in got] == ["org/btv-tu", "org/btgdv-tu", "doc/btv-tu|382-TB/TU|2021"]
    doc = got[2]["payload"]["doc"]
    assert (doc["number"], doc["style"], doc["type_abbr"]) == ("382-TB/TU", "party", "TB")


def test_nfd_input_is_stored_nfc_and_found_by_search_without_diacritics(log):
    domain_log(log)
    nfd = unicodedata.normalize("NFD", "Hội Nông dân tỉnh")
    assert nfd != unicodedata.normalize("NFC", nfd)
    log.append_lines([org("hoi-nong-dan", nfd, kind="ctxh")])
    stored = query(log.db, "SELECT entry FROM events WHERE subject = 'org/hoi-nong-dan'")[0][0].decode()
    assert "Hội Nông dân tỉnh" in stored and nfd not in stored
    for needle in ("hoi nong dan", "HỘI NÔNG DÂN", unicodedata.normalize("NFD", "nông dân")):
        found = entries(log, "--search", needle)
        assert [e["payload"]["org_id"] for e in found] == ["hoi-nong-dan"], needle
    assert entries(log, "--search", "hoi phu nu") == []


def test_references_to_unknown_ids_are_refused_with_line_and_field(log):
    domain_log(log)
    before = log.count()
    bad = line("monitoring.assigned", "2021-12-03", {"assignment_id": "a1", "monitor": "btgdv-tu", "target": "hoi-khong-co",
                                                     "role": "theo_doi", "basis": "btv-tu|382-TB/TU|2021"})
    proc = log.append_lines([org("hoi-a", "Hội A"), bad], check=65)
    assert proc.stderr.decode().startswith("auditlog: line 2: payload.target: \"hoi-khong-co\" is not a known organisation")
    assert log.count() == before


def test_a_retried_registration_is_a_duplicate_not_a_conflict(log):
    domain_log(log)
    eid = "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f"
    first = log.append_lines([dict(org("hoi-a", "Hội A"), event_id=eid)]).stdout.decode()
    again = log.append_lines([dict(org("hoi-a", unicodedata.normalize("NFD", "Hội A")), event_id=eid)]).stdout.decode()
    assert "appended" in first and "duplicate" in again
    proc = log.append_lines([org("hoi-a", "Hội A khác")], check=65)
    assert "payload.org_id" in proc.stderr.decode() and "already a known organisation" in proc.stderr.decode()


def test_unknown_type_refused_in_v1_accepted_with_catalogue_none(tmp_path, log):
    domain_log(log)
    note = line("note.recorded", "2025", {"text": "x"}, subject="org/btv-tu")
    proc = log.append_lines([note], check=65)
    assert "line 1: type: \"note.recorded\" is not an event type of the catalogue" in proc.stderr.decode()
    from conftest import Auditlog
    plain = Auditlog(tmp_path / "plain")
    (tmp_path / "plain").mkdir()
    plain.init()  # catalogue none
    plain.append_lines([note])
    assert query(plain.db, "SELECT catalogue FROM log_meta")[0][0] == "none"
    assert query(log.db, "SELECT catalogue FROM log_meta")[0][0] == CATALOGUE


def test_domain_index_is_rebuilt_after_being_dropped_and_both_verifiers_pass(sqlite_log):
    log = sqlite_log
    vkey = log.init(catalogue=CATALOGUE)
    log.append_lines(BASE)
    with sqlite3.connect(log.db) as con:
        con.executescript("DROP TABLE domain_keys; DROP TABLE domain_links; DROP TABLE domain_state;")
    proc = log.append_lines([org("btv-tu", "Trùng")], check=65)
    assert "already a known organisation" in proc.stderr.decode()
    log.append_lines([line("organization.renamed", "2025-03-01", {"org_id": "btgdv-tu", "new_name_vi": "Ban TG&DV"})])
    assert log.run("verify", "--vkey", vkey).returncode == 0
    check = subprocess.run([sys.executable, str(ROOT / "tools/verify.py"), "db", str(log.db), "--vkey", vkey],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_export_of_a_domain_log_re_appends_to_the_same_payloads(tmp_path, log):
    domain_log(log)
    log.append_lines([org("hoi-a", "Hội A"), line("organization.merged", "2025-03-01", {
        "sources": ["hoi-a"], "into": "btgdv-tu", "mode": "sap_nhap", "basis": "btv-tu|382-TB/TU|2021"})])
    exported = log.run("log", "--format", "ndjson", check=0).stdout
    from conftest import Auditlog
    (tmp_path / "copy").mkdir()
    copy = Auditlog(tmp_path / "copy")
    copy.init(catalogue=CATALOGUE)
    copy.run("append", "-", input=exported, check=0)
    assert [(e["event_id"], e["payload"]) for e in entries(copy)] == [(e["event_id"], e["payload"]) for e in entries(log)]


def test_document_numbers_in_nfd_are_parsed_and_stored_canonical_and_bad_ones_refused(log):
    domain_log(log)
    nfd_number = unicodedata.normalize("NFD", "Số: 118 - QĐ/TW")
    doc = {"doc_key": "bbt-tw|118-QĐ/TW|2023", "number": nfd_number, "type_name": "Quy định", "issuer_org": "btv-tu"}
    log.append_lines([line("document.registered", "2023-08-22", {"doc": doc})])
    stored = entries(log, "--type", "document.registered")[-1]["payload"]["doc"]
    assert (stored["number"], stored["style"], stored["type_abbr"]) == ("118-QĐ/TW", "party", "QĐ")
    for bad in ("382/TB/TU", "TB/TU", "abc", "382-TB"):
        proc = log.append_lines([line("document.registered", "2021", {"doc": dict(doc, doc_key="k-" + bad, number=bad)})], check=65)
        assert "line 1: payload.doc.number:" in proc.stderr.decode(), bad
