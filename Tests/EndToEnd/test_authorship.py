"""Signed events and the key registry (docs/authorship.md) through the built binary: `keygen`,
`sign`, the registry events, the six rules at append (each refusal names its line and field and
writes nothing), `signers`, and `verify` catching authorship forged by an operator who holds the
log's key and rewrites history consistently."""
import base64
import contextlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Auditlog, query, verify_py


@pytest.fixture
def log(engine_log):
    """The module's tests run on each engine (an SQLite file, a PostgreSQL database); those about
    what only a file has take `sqlite_log`."""
    return engine_log


V = verify_py()                                       # hashing and signing, as a forger would use them

SIGNER = "ht:hoi-nong-dan/van-phong"
ORG = {"type": "organization.registered", "occurred_at": "2010-01-01", "actor": "so-noi-vu",
       "payload": {"org_id": "hoi-nong-dan", "name_vi": "Hội Nông dân tỉnh", "kind": "ctxh", "level": "province",
                   "province": "ha-tinh"}}


def eid(n):
    return f"0190f4c2-7b1e-7c3a-9d2e-{n:012x}"


def renamed(n, name="Hội Nông dân tỉnh Hà Tĩnh"):
    return {"type": "organization.renamed", "occurred_at": "2026-01-02", "actor": "hnd", "event_id": eid(n),
            "payload": {"org_id": "hoi-nong-dan", "new_name_vi": name}}


def registered(vkey, valid_from="2026-01-01", signer=SIGNER):
    return {"type": "signer.registered", "occurred_at": "2026-01-10", "actor": "so-noi-vu",
            "payload": {"signer": signer, "org_id": "hoi-nong-dan", "role_vi": "Văn phòng Hội", "vkey": vkey,
                        "valid_from": valid_from}}


def revoked(key_id, signer=SIGNER):
    return {"type": "signer.revoked", "occurred_at": "2026-01-12", "actor": "so-noi-vu",
            "payload": {"signer": signer, "key_id": key_id, "reason_vi": "Mất khóa", "effective_from": "2026-01-12"}}


def lines(*objs):
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


class Setup:
    """A v1 log with one association, and an author key file with its vkey."""

    def __init__(self, tmp_path):
        self.log = Auditlog(tmp_path)
        self.log.init(catalogue="auditlog/v1")
        self.log.append_lines([ORG])
        self.key = tmp_path / "hnd.key"
        self.vkey = self.keygen(SIGNER, self.key)
        self.key_id = self.vkey.split("+")[1]

    def keygen(self, signer, path):
        return self.log.run("keygen", "--signer", signer, "--out", path, db=False, check=0).stdout.decode().strip()

    def sign(self, *objs, key=None, check=0):
        return self.log.run("sign", "--key", key or self.key, "-", input=lines(*objs), db=False, check=check)

    def signed(self, *objs, key=None):
        return [json.loads(line) for line in self.sign(*objs, key=key).stdout.decode().splitlines()]

    def append(self, *objs, check=0, env=None):
        return self.log.run("append", "-", input=lines(*objs), check=check, env=env)


@pytest.fixture
def s(tmp_path):
    return Setup(tmp_path)


def refused(proc, field):
    err = json.loads(proc.stderr)
    assert proc.returncode == 65 and err["field"] == field, proc.stderr
    return err["message"]


def test_keygen_writes_a_private_key_only_its_owner_reads_and_prints_the_vkey(s, tmp_path):
    assert (s.key.stat().st_mode & 0o777) == 0o600
    name, key_id, key = s.vkey.split("+", 2)
    assert name == SIGNER and len(key_id) == 8 and len(base64.b64decode(key)) == 33
    assert s.key.read_text().startswith(f"PRIVATE+KEY+{SIGNER}+{key_id}+")
    again = s.log.run("keygen", "--signer", SIGNER, "--out", s.key, db=False)
    assert again.returncode == 64 and b"already exists" in again.stderr
    assert s.log.run("keygen", "--signer", "has space", db=False).returncode == 64


def test_a_signed_line_is_stored_with_its_author_and_verifies(s):
    s.append(registered(s.vkey))
    [line] = s.signed(renamed(1))
    assert line["author"]["signer"] == SIGNER and line["author"]["key_id"] == s.key_id
    assert line["subject"] == "org/hoi-nong-dan"     # derived before signing: the signature covers it
    s.log.run("append", "-", input=json.dumps(line, ensure_ascii=False) + "\n", check=0)
    [(entry,)] = query(s.log.db, "SELECT entry FROM events WHERE event_id = ?", eid(1))
    assert json.loads(entry)["author"] == line["author"]
    out = s.log.run("verify", "--format", "json", check=0).stdout
    assert json.loads(out)["signed_entries"] == 1 and json.loads(out)["ok"]
    # The same signed line again is a duplicate, not a second event.
    again = s.log.run("append", "-", input=json.dumps(line) + "\n", check=0)
    assert b"duplicate" in again.stdout


def test_what_is_signed_is_the_documented_bytes(s):
    """The signature verifies, with an independent Ed25519, over the context line and the
    canonical JSON of the seven members, and over nothing else."""
    [line] = s.signed(renamed(2))
    pub = base64.b64decode(s.vkey.split("+", 2)[2])[1:]
    members = {k: line[k] for k in ("actor", "event_id", "occurred_at", "payload", "subject", "type")}
    message = b"auditlog/v1 signed event\n" + json.dumps(members, sort_keys=True, separators=(",", ":"),
                                                          ensure_ascii=False).encode()
    sig = base64.b64decode(line["author"]["sig"])
    assert V.ed25519_verify(pub, message, sig)
    assert not V.ed25519_verify(pub, message.replace("Hà Tĩnh".encode(), "Hà Nội".encode()), sig)


@pytest.mark.parametrize("case, field, words", [
    ("unregistered", "author.key_id", "is not registered before this event"),
    ("bad signature", "author.sig", "does not verify"),
    ("other content", "author.sig", "does not verify"),
    ("revoked", "author.key_id", "was revoked at seq"),
    ("not yet valid", "author.key_id", "is valid only from 2026-02-01"),
    ("no event id", "event_id", "required on a signed line"),
    ("unknown member", "author.extra", "unknown field"),
])
def test_append_refuses_a_signature_that_does_not_count_and_writes_nothing(s, case, field, words):
    if case != "unregistered":
        s.append(registered(s.vkey, valid_from="2026-02-01" if case == "not yet valid" else "2026-01-01"))
    if case == "revoked":
        s.append(revoked(s.key_id))
    [line] = s.signed(renamed(3))
    if case == "bad signature":
        sig = bytearray(base64.b64decode(line["author"]["sig"]))
        sig[0] ^= 1
        line["author"]["sig"] = base64.b64encode(bytes(sig)).decode()
    elif case == "other content":
        line["payload"]["new_name_vi"] = "Hội khác"
    elif case == "no event id":
        del line["event_id"]
    elif case == "unknown member":
        line["author"]["extra"] = "x"
    before = s.log.count()
    proc = s.log.run("append", "-", "--format", "json", input=lines(renamed(90), line), check=65)
    assert words in refused(proc, field) and json.loads(proc.stderr)["line"] == 2
    assert s.log.count() == before


def test_the_registry_refuses_what_cannot_be_true(s, tmp_path):
    other = s.keygen("ht:hoi-nong-dan/khac", tmp_path / "other.key")
    proc = s.append(registered(other), check=65, env=None)
    assert b"payload.vkey" in proc.stderr and b"not of the signer" in proc.stderr
    s.append(registered(s.vkey))
    assert b"already registered" in s.append(registered(s.vkey), check=65).stderr
    assert b"has no registered key" in s.append(revoked("00000000"), check=65).stderr
    s.append(revoked(s.key_id))
    assert b"already revoked" in s.append(revoked(s.key_id), check=65).stderr
    # Registry events are not corrected or retracted: a key change is a new event.
    [(reg_id,)] = query(s.log.db, "SELECT event_id FROM events WHERE type = 'signer.registered'")
    retract = {"type": "event.retracted", "occurred_at": "2026-01-13", "actor": "so-noi-vu",
               "payload": {"target_event_id": reg_id, "reason_vi": "nhap_sai"}}
    assert b"key registry or authorship rule event" in s.append(retract, check=65).stderr


def test_rotation_in_one_input_and_the_signers_listing(s, tmp_path):
    s.append(registered(s.vkey))
    new_key = tmp_path / "new.key"
    new_vkey = s.keygen(SIGNER, new_key)
    [signed_new] = s.signed(renamed(4), key=new_key)
    # Register the new key, revoke the old, and a line signed with the new key: one input.
    s.append(registered(new_vkey), revoked(s.key_id), signed_new)
    [signed_old] = s.signed(renamed(5))
    assert "was revoked" in refused(s.log.run("append", "-", "--format", "json", input=lines(signed_old)), "author.key_id")
    rows = json.loads(s.log.run("signers", "--format", "json", check=0).stdout)
    assert [(r["key_id"], "revoked" in r) for r in rows] == [(s.key_id, True), (new_vkey.split("+")[1], False)]
    assert rows[0]["revoked"]["reason_vi"] == "Mất khóa"
    # As of a day before the revocation takes effect, the old key shows as live.
    early = json.loads(s.log.run("signers", "--as-of", "2026-01-11", "--format", "json", check=0).stdout)
    assert [("revoked" in r) for r in early] == [False, False]
    assert json.loads(s.log.run("signers", "--org", "nobody", "--format", "json", check=0).stdout) == []


def test_a_signed_history_with_a_rotated_key_verifies_on_either_engine(log, tmp_path):
    """verify checks signatures where it reads the entries, and the key registry in seq order
    (docs/authorship.md, "In verify"): entries signed with a key, then with its replacement after
    the rotation, all count, on a file and on a server."""
    log.init(catalogue="auditlog/v1")
    log.append_lines([ORG])
    keygen = lambda name: log.run("keygen", "--signer", SIGNER, "--out", tmp_path / name, db=False, check=0).stdout.decode().strip()
    sign = lambda path, *objs: log.run("sign", "--key", path, "-", input=lines(*objs), db=False, check=0).stdout
    old, new = keygen("old.key"), keygen("new.key")
    log.run("append", "-", input=lines(registered(old)), check=0)
    log.run("append", "-", input=sign(tmp_path / "old.key", *[renamed(n, f"Tên {n}") for n in range(20, 30)]), check=0)
    log.run("append", "-", input=lines(registered(new), revoked(old.split("+")[1])), check=0)
    log.run("append", "-", input=sign(tmp_path / "new.key", *[renamed(n, f"Tên {n}") for n in range(30, 35)]), check=0)
    report = json.loads(log.run("verify", "--format", "json", check=0).stdout)
    assert report["ok"] and report["signed_entries"] == 15, report


def test_a_log_without_the_catalogue_refuses_signed_lines(tmp_path):
    log = Auditlog(tmp_path)
    log.init()
    log.run("keygen", "--signer", "a", "--out", tmp_path / "a.key", db=False, check=0)
    line = {"type": "x.y", "occurred_at": "2025", "actor": "a", "subject": "s", "event_id": eid(6), "payload": {}}
    signed = log.run("sign", "--catalogue", "none", "--key", tmp_path / "a.key", "-", input=lines(line), db=False, check=0)
    proc = log.run("append", "-", "--format", "json", input=signed.stdout, check=65)
    assert "no key registry" in refused(proc, "author")


def test_sign_refuses_a_line_it_cannot_put_in_the_stored_form_and_prints_nothing(s):
    bad = renamed(7)
    bad["payload"]["org_id"] = "Not A Slug"
    proc = s.sign(renamed(8), bad, check=65)
    assert proc.stdout == b"" and b"line 2: payload.org_id" in proc.stderr
    no_id = renamed(9)
    del no_id["event_id"]
    assert b"line 1: event_id" in s.sign(no_id, check=65).stderr
    [line] = s.signed(renamed(10))
    assert b"already signed" in s.log.run("sign", "--key", s.key, "-", input=json.dumps(line), db=False, check=65).stderr


def forge(db, seq, change):
    """The operator, who holds the log's key, changes entry `seq` and rewrites everything after it
    consistently: leaf hashes, the Merkle cache and every checkpoint re-signed."""
    key_text = Path(str(db) + ".key").read_text().strip()
    parts = key_text.split("+", 4)
    origin, seed = parts[2], base64.b64decode(parts[4])[1:]
    with contextlib.closing(sqlite3.connect(db)) as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
        entries = [bytes(e) for (e,) in con.execute("SELECT entry FROM events ORDER BY seq")]
        obj = json.loads(entries[seq - 1])
        change(obj)
        entries[seq - 1] = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        leaves = [V.leaf_hash(e) for e in entries]
        con.execute("UPDATE events SET entry = ?, leaf_hash = ?, type = ?, subject = ?, subject_version = ? WHERE seq = ?",
                    (entries[seq - 1], leaves[seq - 1], obj["type"], obj["subject"], obj["subject_version"], seq))
        con.execute("DELETE FROM merkle_nodes")
        level = 1
        while (1 << level) <= len(leaves):
            width = 1 << level
            for idx in range(len(leaves) // width):
                nodes = leaves[idx * width:(idx + 1) * width]
                while len(nodes) > 1:
                    nodes = [V.node_hash(nodes[i], nodes[i + 1]) for i in range(0, len(nodes), 2)]
                con.execute("INSERT INTO merkle_nodes VALUES (?, ?, ?)", (level, idx, nodes[0]))
            level += 1
        sizes = [size for (size,) in con.execute("SELECT size FROM checkpoints")]
        tree, roots = V.Frontier(), {0: V.EMPTY_ROOT}
        for i, leaf in enumerate(leaves, 1):
            tree.push(leaf)
            roots[i] = tree.root()
        pub = V.ed25519_public_key(seed)[2]
        con.execute("DELETE FROM checkpoints")
        for size in sizes:
            text = f"{origin}\n{size}\n{base64.b64encode(roots[size]).decode()}\n"
            blob = V.key_id(origin, pub) + V.ed25519_sign(seed, text.encode())
            con.execute("INSERT INTO checkpoints VALUES (?, ?)", (size, f"{text}\n\u2014 {origin} {base64.b64encode(blob).decode()}\n"))
        con.commit()


@pytest.mark.parametrize("change, words", [
    (lambda o: o["payload"].update(new_name_vi="Hội bị sửa"), "does not verify"),
    (lambda o: o.update(actor="someone-else"), "does not verify"),
    (lambda o: o["author"].update(key_id="00000000"), "is not registered before this event"),
])
def test_verify_catches_authorship_an_operator_forged_with_the_logs_own_key(s, change, words):
    s.append(registered(s.vkey))
    [line] = s.signed(renamed(11))
    s.log.run("append", "-", input=json.dumps(line, ensure_ascii=False) + "\n", check=0)
    [(seq,)] = query(s.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(11))
    forge(s.log.db, seq, change)
    proc = s.log.run("verify", "--format", "json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["problem"]["seq"] == seq and words in report["problem"]["message"], proc.stdout


def test_verify_catches_a_signature_added_to_an_unsigned_entry(s):
    """An operator adds an author member to an entry that was appended unsigned: a signature
    cannot be made without the author's key, so it does not verify."""
    s.append(registered(s.vkey))
    s.append(renamed(12))
    [(seq,)] = query(s.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(12))
    fake = {"signer": SIGNER, "key_id": s.key_id, "sig": base64.b64encode(bytes(64)).decode()}
    forge(s.log.db, seq, lambda o: o.update(author=fake))
    report = json.loads(s.log.run("verify", "--format", "json", check=1).stdout)
    assert report["problem"]["seq"] == seq and "does not verify" in report["problem"]["message"]


# ---------------------------------------------------------------- who may record what
def org(slug, name):
    return {"type": "organization.registered", "occurred_at": "2010-01-01", "actor": "so-noi-vu",
            "payload": {"org_id": slug, "name_vi": name, "kind": "ctxh", "level": "province", "province": "ha-tinh"}}


def rule(event_type, mode, clerks=None):
    payload = {"event_type": event_type, "mode": mode}
    if clerks:
        payload["clerks"] = clerks
    return {"type": "authorship.rule_set", "occurred_at": "2026-01-11", "actor": "so-noi-vu", "payload": payload}


def report(n, reporter="hoi-nong-dan"):
    return {"type": "report.submitted", "occurred_at": "2026-01-05", "actor": "x", "event_id": eid(n),
            "payload": {"report_id": f"bc-{n}", "reporter": reporter, "recipient": "btv-tu"}}


class Rules(Setup):
    """The setup, with a second association and its own registered signer, the recipient, and
    the key of a clerk of the Sở Nội vụ."""

    def __init__(self, tmp_path):
        super().__init__(tmp_path)
        self.append(org("hoi-khac", "Hội khác"), org("btv-tu", "Ban Thường vụ"), org("so-noi-vu", "Sở Nội vụ"))
        self.other_key, self.clerk_key = tmp_path / "other.key", tmp_path / "clerk.key"
        other = self.keygen("ht:hoi-khac/vp", self.other_key)
        clerk = self.keygen("ht:so-noi-vu/van-thu", self.clerk_key)
        self.append(registered(self.vkey),
                    {**registered(other, signer="ht:hoi-khac/vp"), "payload": {**registered(other, signer="ht:hoi-khac/vp")["payload"], "org_id": "hoi-khac"}},
                    {**registered(clerk, signer="ht:so-noi-vu/van-thu"), "payload": {**registered(clerk, signer="ht:so-noi-vu/van-thu")["payload"], "org_id": "so-noi-vu"}})

    def append_signed(self, obj, key=None, check=0):
        [line] = self.signed(obj, key=key)
        return self.log.run("append", "-", "--format", "json", input=json.dumps(line, ensure_ascii=False) + "\n", check=check)


@pytest.fixture
def r(tmp_path):
    return Rules(tmp_path)


def forbidden(proc):
    err = json.loads(proc.stderr)
    assert proc.returncode == 77 and err["error"] == "not_permitted" and err["field"] == "author", proc.stderr
    return err["message"]


def test_under_enforce_only_the_responsible_bodys_signers_and_the_clerks_record_a_type(r):
    r.append(rule("report.submitted", "enforce", clerks=["ht:so-noi-vu/van-thu"]))
    before = r.log.count()
    assert "unsigned" in forbidden(r.log.run("append", "-", "--format", "json", input=lines(report(20)), check=77))
    assert "acts for \"hoi-khac\", and it is \"hoi-nong-dan\"'s to record" in forbidden(r.append_signed(report(21), key=r.other_key, check=77))
    assert r.log.count() == before
    r.append_signed(report(22))                                  # the reporter's own signer
    r.append_signed(report(23), key=r.clerk_key)                 # a clerk of the rule
    r.append_signed(report(24, reporter="hoi-khac"), key=r.other_key)
    # Other types are not ruled: unsigned lines go in as before.
    r.append(renamed(25))
    assert json.loads(r.log.run("verify", "--format", "json", check=0).stdout)["ok"]


def test_a_successor_records_for_the_body_it_took_over(r):
    doc = {"type": "document.registered", "occurred_at": "2026-01-03", "actor": "so-noi-vu",
           "payload": {"doc": {"doc_key": "qd-1", "number": "1-QĐ/UBND", "type_name": "Quyết định", "issuer_org": "btv-tu"}}}
    merged = {"type": "organization.merged", "occurred_at": "2026-01-04", "actor": "so-noi-vu",
              "payload": {"sources": ["hoi-nong-dan"], "into": "hoi-khac", "mode": "sap_nhap", "basis": "qd-1"}}
    r.append(doc, merged, rule("report.submitted", "enforce"))
    # A report of hoi-nong-dan, now merged into hoi-khac, signed by hoi-khac's signer.
    r.append_signed(report(26, reporter="hoi-nong-dan"), key=r.other_key)
    # The other way round is not a succession.
    assert "to record" in forbidden(r.append_signed(report(27, reporter="hoi-khac"), check=77))


def test_a_rule_is_set_again_not_corrected_or_retracted(r):
    r.append(rule("report.submitted", "warn"))
    [(rule_id,)] = query(r.log.db, "SELECT event_id FROM events WHERE type = 'authorship.rule_set'")
    fix = {"type": "event.corrected", "occurred_at": "2026-01-13", "actor": "so-noi-vu",
           "payload": {"target_event_id": rule_id, "patch": {"payload": {"mode": "off"}}, "reason_vi": "Sai"}}
    retract = {"type": "event.retracted", "occurred_at": "2026-01-13", "actor": "so-noi-vu",
               "payload": {"target_event_id": rule_id, "reason_vi": "nhap_sai"}}
    for line in (fix, retract):
        assert b"set the rule again" in r.append(line, check=65).stderr


def test_under_warn_a_line_that_breaks_the_rule_goes_in_with_a_warning(r):
    r.append(rule("report.submitted", "warn"))
    proc = r.log.run("append", "-", input=lines(report(30)), check=0)
    assert b"auditlog: warning: line 1: author: the line is unsigned" in proc.stderr
    assert query(r.log.db, "SELECT count(*) FROM events WHERE event_id = ?", eid(30)) == [(1,)]
    # Back to off: no warning.
    r.append(rule("report.submitted", "off"))
    assert b"warning" not in r.log.run("append", "-", input=lines(report(31)), check=0).stderr


def test_a_correction_is_recorded_by_the_original_author_or_a_clerk(r):
    r.append(rule("event.corrected", "enforce", clerks=["ht:so-noi-vu/van-thu"]))
    r.append_signed(report(40))
    fix = {"type": "event.corrected", "occurred_at": "2026-01-13", "actor": "x", "event_id": eid(41),
           "payload": {"target_event_id": eid(40), "patch": {"occurred_at": "2026-01-06"}, "reason_vi": "Sai ngày"}}
    assert "to record" in forbidden(r.append_signed(fix, key=r.other_key, check=77))
    r.append_signed(fix)                                         # the author of the report
    fix2 = {**fix, "event_id": eid(42), "payload": {**fix["payload"], "patch": {"occurred_at": "2026-01-07"}}}
    r.append_signed(fix2, key=r.clerk_key)


def test_verify_finds_an_unsigned_entry_forged_under_an_enforced_rule(r):
    r.append(rule("report.submitted", "warn"))
    r.log.run("append", "-", input=lines(report(50)), check=0)   # admitted under warn
    [(rule_seq,)] = query(r.log.db, "SELECT seq FROM events WHERE type = 'authorship.rule_set'")
    assert json.loads(r.log.run("verify", "--format", "json", check=0).stdout)["ok"]
    # The operator rewrites the rule to enforce, as if it had always been: the report, unsigned,
    # now stands against a rule then in force.
    forge(r.log.db, rule_seq, lambda o: o["payload"].update(mode="enforce"))
    problem = json.loads(r.log.run("verify", "--format", "json", check=1).stdout)["problem"]
    assert problem["seq"] == rule_seq + 1 and "recorded against the authorship rule" in problem["message"]


def test_verify_refuses_a_registry_event_append_would_refuse(s):
    """A key registered a second time (to lift its revocation) is reported, not taken in."""
    s.append(registered(s.vkey))
    s.append(revoked(s.key_id))
    s.append(renamed(60))
    [(seq,)] = query(s.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(60))
    forge(s.log.db, seq, lambda o: (o.update(type="signer.registered", subject=f"signer/{SIGNER}", subject_version=3),
                                    o.update(payload=registered(s.vkey)["payload"])))
    problem = json.loads(s.log.run("verify", "--format", "json", check=1).stdout)["problem"]
    assert problem["seq"] == seq and "already registered" in problem["message"]


# ---------------------------------------------------------------- attested evidence in check
def directive(*requirements):
    return {"type": "directive.issued", "occurred_at": "2025-01-01", "actor": "so-noi-vu",
            "payload": {"doc": {"doc_key": "btv-tu|1-CT/TU|2025", "number": "1-CT/TU", "type_name": "Chỉ thị",
                                "issuer_org": "btv-tu", "issued_on": "2025-01-01", "title": "Báo cáo hằng năm"},
                        "source_kind": "directive", "requirements": list(requirements)}}


def yearly(req_id, **extra):
    return {"req_id": req_id, "text_vi": "Báo cáo hằng năm", "template": "periodic_report",
            "assignees": {"ids": ["hoi-nong-dan"]}, "reports_to": "btv-tu",
            "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2025-01-01/P1Y", "grace": "P15D"},
            "param_source": "text", **extra}


def yearly_report(n, req_id):
    line = report(n)
    line["payload"].update(req_ref=f"btv-tu|1-CT/TU|2025#{req_id}", period={"key": "2025", "start": "2025-01-01", "end": "2025-12-31"})
    return line


def instance(log, req_id):
    proc = log.run("check", "--as-of", "2026-06-30", "--format", "json", env={"AUDITLOG_NOW": "2026-07-01T00:00:00Z"})
    [r] = [r for r in json.loads(proc.stdout)["requirements"] if r["req_ref"].endswith("#" + req_id)]
    return r["instances"][0]


def test_check_marks_attested_evidence_and_a_requirement_can_demand_it(r):
    r.append(directive(yearly("R1"), yearly("R2", evidence="attested"), yearly("R3", evidence="attested")))
    r.append(yearly_report(70, "R1"))                             # unsigned
    r.append_signed(yearly_report(71, "R2"))                      # signed by the reporter's signer
    r.append_signed(yearly_report(72, "R3"), key=r.other_key)     # signed, but not by the reporter's
    seqs = dict(query(r.log.db, "SELECT event_id, seq FROM events WHERE type = 'report.submitted'"))
    one, two, three = instance(r.log, "R1"), instance(r.log, "R2"), instance(r.log, "R3")
    assert one["verdict"] == "satisfied" and one["evidence"] == [seqs[eid(70)]] and "attested" not in one
    assert two["verdict"] == "satisfied" and two["attested"] == [seqs[eid(71)]]
    # R3 counts only attested evidence: its report is signed by another body's signer.
    assert three["verdict"] == "violated" and three["evidence"] == []
    # The table marks attested evidence.
    table = r.log.run("check", "--as-of", "2026-06-30", env={"AUDITLOG_NOW": "2026-07-01T00:00:00Z"}).stdout.decode()
    assert f"{seqs[eid(71)]}✓" in table and f"{seqs[eid(70)]}✓" not in table


def test_the_attested_events_are_the_same_when_the_domain_index_is_rebuilt(r):
    r.append(rule("report.submitted", "warn", clerks=["ht:so-noi-vu/van-thu"]))
    r.append_signed(report(80))                                   # attested: the reporter's signer
    r.append_signed(report(81), key=r.clerk_key)                  # attested: a clerk of the rule
    r.append_signed(report(82), key=r.other_key)                  # admitted with a warning, not attested
    r.append_signed(renamed(83))                                  # no responsible body, no rule: not attested
    kept = query(r.log.db, "SELECT seq, signer FROM domain_attested ORDER BY seq")
    assert [signer for _, signer in kept] == [SIGNER, "ht:so-noi-vu/van-thu"]
    with contextlib.closing(sqlite3.connect(r.log.db)) as con:
        con.execute("DELETE FROM domain_state")                   # the next append rebuilds the index
        con.commit()
    r.append(report(84))
    assert query(r.log.db, "SELECT seq, signer FROM domain_attested ORDER BY seq") == kept


def test_a_ruled_registry_takes_keys_only_from_the_organisation_or_a_clerk(r, tmp_path):
    clerk = ["ht:so-noi-vu/van-thu"]
    r.append(rule("signer.registered", "enforce", clerks=clerk), rule("authorship.rule_set", "enforce", clerks=clerk))
    mallory = tmp_path / "mallory.key"
    # A new key under the clerk's name, registered unsigned or by another body: refused.
    stolen = r.keygen("ht:so-noi-vu/van-thu", mallory)
    stolen_line = {**registered(stolen, signer="ht:so-noi-vu/van-thu"),
                   "payload": {**registered(stolen, signer="ht:so-noi-vu/van-thu")["payload"], "org_id": "so-noi-vu"}}
    assert "unsigned" in forbidden(r.log.run("append", "-", "--format", "json", input=lines(stolen_line), check=77))
    assert "to record" in forbidden(r.append_signed({**stolen_line, "event_id": eid(90)}, key=r.other_key, check=77))
    # The organisation's own signer registers a second key for it; the clerk registers one too.
    second = r.keygen(SIGNER, tmp_path / "second.key")
    r.append_signed({**registered(second), "event_id": eid(91)})
    third = r.keygen("ht:hoi-nong-dan/chu-tich", tmp_path / "third.key")
    r.append_signed({**registered(third, signer="ht:hoi-nong-dan/chu-tich"), "event_id": eid(92)}, key=r.clerk_key)
    # Rules now change only by a clerk.
    assert "only its clerks" in forbidden(r.append_signed({**rule("report.submitted", "off"), "event_id": eid(93)}, check=77))
    # A signer acts for one organisation.
    elsewhere = r.keygen(SIGNER, tmp_path / "elsewhere.key")
    moved = registered(elsewhere)
    moved["payload"]["org_id"] = "hoi-khac"
    assert b"a signer acts for one organisation" in r.append_signed({**moved, "event_id": eid(94)}, key=r.clerk_key, check=65).stderr
    # Both verifiers judge the ruled registry as append did.
    assert json.loads(r.log.run("verify", "--format", "json", check=0).stdout)["ok"]
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "verify.py"), "db", str(r.log.db)], capture_output=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_unsigned_correction_takes_the_attested_mark_off_what_it_changes(r):
    r.append(directive(yearly("R2", evidence="attested")))
    late = yearly_report(100, "R2")
    late["occurred_at"] = "2026-02-20"                            # after the due day 2026-01-15: late
    later = {"AUDITLOG_NOW": "2026-03-02T00:00:00Z"}
    [signed] = r.signed(late)
    r.log.run("append", "-", input=json.dumps(signed, ensure_ascii=False) + "\n", env=later, check=0)
    assert instance(r.log, "R2")["verdict"] == "late" and instance(r.log, "R2")["attested"]
    fix = {"type": "event.corrected", "occurred_at": "2026-03-01", "actor": "x",
           "payload": {"target_event_id": eid(100), "patch": {"occurred_at": "2026-01-05"}, "reason_vi": "Sai ngày"}}
    r.append(fix, env=later)                                      # unsigned
    after = instance(r.log, "R2")
    assert after["verdict"] == "violated" and "attested" not in after


def test_verify_finds_an_attested_mark_added_to_the_domain_index(r):
    r.append(directive(yearly("R3", evidence="attested")))
    r.append(yearly_report(101, "R3"))                            # unsigned: R3 is violated
    [(seq,)] = query(r.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(101))
    with contextlib.closing(sqlite3.connect(r.log.db)) as con:
        con.execute("INSERT INTO domain_attested VALUES (?, ?)", (seq, SIGNER))
        con.commit()
    assert instance(r.log, "R3")["verdict"] == "satisfied"       # check believes the index...
    problem = json.loads(r.log.run("verify", "--format", "json", check=1).stdout)["problem"]
    assert problem["seq"] == seq and "domain index marks this entry attested" in problem["message"]
    r.log.run("rebuild", "--index", check=0)                      # ...until the index is made afresh
    assert instance(r.log, "R3")["verdict"] == "violated"
    assert json.loads(r.log.run("verify", "--format", "json", check=0).stdout)["ok"]


def test_append_and_verify_judge_a_successor_by_the_same_links(r):
    """A merger's sources widened by a correction: the successor links stay as first recorded for
    the authorship rules, at append and in verify alike."""
    doc = {"type": "document.registered", "occurred_at": "2026-01-03", "actor": "so-noi-vu",
           "payload": {"doc": {"doc_key": "qd-2", "number": "2-QĐ/UBND", "type_name": "Quyết định", "issuer_org": "btv-tu"}}}
    r.append(org("hoi-c", "Hội C"), doc)
    merged = {"type": "organization.merged", "occurred_at": "2026-01-04", "actor": "so-noi-vu", "event_id": eid(102),
              "payload": {"sources": ["hoi-c"], "into": "hoi-khac", "mode": "sap_nhap", "basis": "qd-2"}}
    r.append(merged)
    widen = {"type": "event.corrected", "occurred_at": "2026-01-05", "actor": "so-noi-vu",
             "payload": {"target_event_id": eid(102), "patch": {"payload": {"sources": ["hoi-c", "hoi-nong-dan"]}}, "reason_vi": "Thiếu"}}
    r.append(widen, rule("report.submitted", "enforce"))
    # hoi-khac's signer for hoi-nong-dan: only the correction made it a successor; refused.
    assert "to record" in forbidden(r.append_signed(report(103), key=r.other_key, check=77))
    r.append_signed(report(104, reporter="hoi-c"), key=r.other_key)   # a successor as first recorded
    assert json.loads(r.log.run("verify", "--format", "json", check=0).stdout)["ok"]
