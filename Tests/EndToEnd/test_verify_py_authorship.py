"""tools/verify.py on signed events and the key registry (docs/authorship.md).

Two halves. The first builds logs here, from Schemas/sql/001_log.sql, with entries signed by
keys made here (the signed bytes written out from the spec, not taken from verify.py), so every
rule can be broken on purpose: the `author` member's shape, a key registered after the entry or
by the entry itself, a revoked key, a key not yet valid on the entry's date in the log's time
zone, a signature over other bytes, a signed entry in a log without the catalogue, and registry
events that append would have refused. The second half makes a log with the `auditlog` binary
(`keygen`, `sign`, `append`), checks that verify.py accepts it, then stages the operator's
tampering with sqlite3 and re-signs the checkpoints with the log's own key, so only the author's
signature and the registry can tell.

Then the authorship rules ("Who may record what", "In verify"): logs built here under
authorship.rule_set (clerks, the responsible body, successors through the four kinds of link, a
correction's target, a task's assignee), and a log made by the binary under the rules, forged
against them in the same way; on each, `auditlog verify` and verify.py must agree, word for word
when the rule is what breaks.
"""
import base64
import contextlib
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VERIFY_PY as VERIFY, Auditlog, verify_py

V = verify_py()


# ---------------------------------------------------------------- keys and signatures, from the spec
LOG_ORIGIN = "so-noi-vu.example.vn/audit"
LOG_SEED = hashlib.sha256(b"log key").digest()
SIGNER = "ht:hoi-nong-dan/van-phong"
SEED = hashlib.sha256(b"hoi-nong-dan author key").digest()
OTHER_SEED = hashlib.sha256(b"another key").digest()


def b64(raw):
    return base64.b64encode(raw).decode()


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def public(seed):
    return V.ed25519_public_key(seed)[2]


def key_id(name, seed):
    """C2SP signed-note key id: SHA-256(name || 0x0A || 0x01 || public key)[:4], in hex."""
    return hashlib.sha256(name.encode() + b"\n\x01" + public(seed)).digest()[:4].hex()


def vkey(name, seed):
    return f"{name}+{key_id(name, seed)}+{b64(bytes([1]) + public(seed))}"


def signed_bytes(obj):
    """docs/authorship.md "What is signed": the context line, then the canonical JSON of actor,
    event_id, meta (when present), occurred_at, payload, subject and type."""
    members = ("actor", "event_id", "meta", "occurred_at", "payload", "subject", "type")
    return b"auditlog/v1 signed event\n" + canon({k: obj[k] for k in members if k in obj})


def signed(obj, seed=SEED, signer=SIGNER, kid=None):
    """`obj` with an `author` member: `signer`'s signature with `seed` (named as key `kid`)."""
    sig = V.ed25519_sign(seed, signed_bytes(obj))
    return dict(obj, author={"key_id": kid or key_id(signer, seed), "sig": b64(sig), "signer": signer})


# ---------------------------------------------------------------- events of a log built here
RECORDED = "2026-01-15T03:00:00.000Z"        # 10:00 on 2026-01-15 in Asia/Ho_Chi_Minh (UTC+7)
_ids = iter(range(1, 1 << 20))


def ev(type_, subject, payload, recorded_at=RECORDED, **extra):
    """An entry without v, seq and subject_version (the builder fills them in)."""
    return dict({"event_id": f"019bbf98-7b80-7000-8000-{next(_ids):012x}", "type": type_, "subject": subject,
                 "occurred_at": "2026-01-10", "recorded_at": recorded_at, "actor": "so-noi-vu",
                 "payload": payload}, **extra)


def org(org_id="hoi-nong-dan"):
    return ev("organization.registered", f"org/{org_id}",
              {"org_id": org_id, "name_vi": "Hội Nông dân tỉnh Hà Tĩnh", "kind": "ctxh", "level": "province",
               "province": "ha-tinh"})


def registered(seed=SEED, signer=SIGNER, valid_from="2026-01-01", name=None, **extra):
    return ev("signer.registered", f"signer/{signer}",
              {"signer": signer, "org_id": "hoi-nong-dan", "role_vi": "Văn phòng Hội",
               "vkey": vkey(name or signer, seed), "valid_from": valid_from}, **extra)


def revoked(seed=SEED, signer=SIGNER, kid=None):
    return ev("signer.revoked", f"signer/{signer}",
              {"signer": signer, "key_id": kid or key_id(signer, seed), "reason_vi": "Thay khóa",
               "effective_from": "2026-01-15"})


def report(n=1, **extra):
    return ev("report.submitted", f"report/rp-hnd-{n}",
              {"report_id": f"rp-hnd-{n}", "reporter": "hoi-nong-dan", "recipient": "mttq-tinh",
               "period": {"key": "2025", "start": "2025-01-01", "end": "2025-12-31"},
               "summary_vi": f"Báo cáo tổng kết năm 2025 (bản {n})"}, **extra)


def number(objs):
    """Adds v, seq and subject_version, in order."""
    versions, out = {}, []
    for seq, obj in enumerate(objs, 1):
        versions[obj["subject"]] = versions.get(obj["subject"], 0) + 1
        out.append(dict(obj, v=1, seq=seq, subject_version=versions[obj["subject"]]))
    return out


def seal(con, entries, seed):
    """Writes `entries` (canonical bytes) as the whole log: rows, the Merkle cache, and one
    checkpoint at the log's size signed with `seed`, the log's key. What an operator holding
    the log's key can always produce."""
    for t in ("events_no_update", "events_no_delete", "checkpoints_no_update", "checkpoints_no_delete",
              "merkle_nodes_no_update", "log_meta_no_update"):
        con.execute(f"DROP TRIGGER IF EXISTS {t}")
    for table in ("events", "merkle_nodes", "checkpoints"):
        con.execute(f"DELETE FROM {table}")
    tree = V.Frontier()
    for raw in entries:
        o = json.loads(raw)
        con.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                    (o["seq"], raw, V.leaf_hash(raw), o["event_id"], o["type"], o["subject"],
                     o["subject_version"], o["occurred_at"], o["recorded_at"]))
        tree.push(V.leaf_hash(raw), lambda level, idx, node: con.execute(
            "INSERT INTO merkle_nodes VALUES (?, ?, ?)", (level, idx, node)))
    origin = con.execute("SELECT origin FROM log_meta").fetchone()[0]
    text = f"{origin}\n{tree.size}\n{b64(tree.root())}\n"
    blob = bytes.fromhex(key_id(origin, seed)) + V.ed25519_sign(seed, text.encode())
    con.execute("INSERT INTO checkpoints VALUES (?, ?)", (tree.size, f"{text}\n\u2014 {origin} {b64(blob)}\n"))


def build(path, objs, catalogue="auditlog/v1", timezone="Asia/Ho_Chi_Minh",
          created_at="2026-01-01T00:00:00.000Z"):
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA synchronous = OFF")              # a test file: no need to wait for the disk
        con.executescript((ROOT / "Schemas/sql/001_log.sql").read_text())
        con.execute("PRAGMA user_version = 1")
        con.execute("INSERT INTO log_meta (id, format, origin, vkey, timezone, created_at, catalogue) VALUES (1, 'auditlog/v1', ?, ?, ?, ?, ?)",
                    (LOG_ORIGIN, vkey(LOG_ORIGIN, LOG_SEED), timezone, created_at, catalogue))
        seal(con, [canon(o) for o in number(objs)], LOG_SEED)
        con.commit()
    return path


def run(*args):
    proc = subprocess.run([sys.executable, str(VERIFY), *map(str, args)], capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def verify(path):
    """verify.py's report on a log, in-process (so the backend fixture applies)."""
    report = {"entries": 0, "checkpoints": 0, "inspector_checkpoints": 0, "signed_entries": 0, "warnings": []}
    try:
        V.verify_db(str(path), vkey(LOG_ORIGIN, LOG_SEED), [], report)
        return None, report
    except V.Problem as e:
        return str(e), report


# ---------------------------------------------------------------- the author member's shape
def stored(obj):
    return canon(number([obj])[0])


GOOD_SIGNED = signed(report())
GOOD_AUTHOR = GOOD_SIGNED["author"]
BAD_AUTHORS = {
    "not an object": ("x", "exactly key_id, sig and signer"),
    "extra member": (dict(GOOD_AUTHOR, role="x"), "exactly key_id, sig and signer"),
    "sig missing": ({k: v for k, v in GOOD_AUTHOR.items() if k != "sig"}, "exactly key_id, sig and signer"),
    "upper-case key id": (dict(GOOD_AUTHOR, key_id=GOOD_AUTHOR["key_id"].upper() if
                               GOOD_AUTHOR["key_id"].upper() != GOOD_AUTHOR["key_id"] else "ABCDEF01"),
                          "author.key_id"),
    "short key id": (dict(GOOD_AUTHOR, key_id="1f2e3d"), "author.key_id"),
    "key id a number": (dict(GOOD_AUTHOR, key_id=12345678), "author.key_id"),
    "63-byte sig": (dict(GOOD_AUTHOR, sig=b64(bytes(63))), "author.sig"),
    "unpadded sig": (dict(GOOD_AUTHOR, sig=b64(bytes(64)).rstrip("=")), "author.sig"),
    "url-safe sig": (dict(GOOD_AUTHOR, sig=b64(b"\xfb" * 64).replace("+", "-")), "author.sig"),
    "empty signer": (dict(GOOD_AUTHOR, signer=""), "author.signer"),
    "signer with a space": (dict(GOOD_AUTHOR, signer="hoi nong dan"), "author.signer"),
    "signer with plus": (dict(GOOD_AUTHOR, signer="hoi+nong-dan"), "author.signer"),
}


def test_an_author_with_exactly_key_id_sig_and_signer_is_a_valid_envelope_field():
    assert V.check_entry(stored(GOOD_SIGNED))["author"] == GOOD_AUTHOR


@pytest.mark.parametrize("name", sorted(BAD_AUTHORS))
def test_a_malformed_author_is_an_envelope_problem(name):
    author, words = BAD_AUTHORS[name]
    with pytest.raises(V.Problem, match=words.replace(".", r"\.")):
        V.check_entry(stored(dict(report(), author=author)))


def test_other_unknown_envelope_fields_are_still_refused():
    with pytest.raises(V.Problem, match="unexpected envelope field signature"):
        V.check_entry(stored(dict(report(), signature="x")))


# ---------------------------------------------------------------- the registry and the six rules
def test_a_signed_log_verifies_and_counts_its_signed_entries(tmp_path, backend):
    objs = [org(), registered(), signed(report(1)), report(2), signed(report(3, meta={"batch": "2026-01"}))]
    db = build(tmp_path / "a.db", objs)
    problem, rep = verify(db)
    assert problem is None and rep["signed_entries"] == 2 and rep["entries"] == 5
    code, out = run("db", db, "--vkey", vkey(LOG_ORIGIN, LOG_SEED), "--json")
    assert code == 0 and json.loads(out)["signed_entries"] == 2, out
    code, out = run("db", db, "--vkey", vkey(LOG_ORIGIN, LOG_SEED))
    assert code == 0 and "authors      2 signed entries checked" in out, out


def test_only_envelope_members_the_author_cannot_know_are_outside_the_signature(tmp_path, backend):
    """v, seq, subject_version and recorded_at are the log's: a signed line keeps its signature
    wherever the log puts it. Every signed member changed breaks it."""
    base = signed(report())
    moved = [org(), registered(), report(7), dict(base, recorded_at="2026-01-15T09:00:00.000Z")]
    problem, rep = verify(build(tmp_path / "moved.db", moved))
    assert problem is None and rep["signed_entries"] == 1
    changes = {"actor": "clerk-02", "event_id": "019bbf98-7b80-7000-8000-ffffffffffff", "meta": {"x": "y"},
               "occurred_at": "2026-01-11", "payload": dict(base["payload"], summary_vi="Báo cáo đã sửa"),
               "subject": "report/rp-hnd-99", "type": "report.amended"}
    for member, value in changes.items():
        db = build(tmp_path / f"{member}.db", [org(), registered(), dict(base, **{member: value})])
        kid = key_id(SIGNER, SEED)
        assert verify(db)[0] == f"seq 3: author signature does not verify (signer {SIGNER}, key {kid})", member


def test_a_signature_by_another_key_under_the_registered_key_id_does_not_verify(tmp_path, backend):
    kid = key_id(SIGNER, SEED)
    db = build(tmp_path / "a.db", [org(), registered(), signed(report(), seed=OTHER_SEED, kid=kid)])
    assert verify(db)[0] == f"seq 3: author signature does not verify (signer {SIGNER}, key {kid})"


def test_a_key_must_be_registered_at_an_earlier_seq(tmp_path):
    kid = key_id(SIGNER, SEED)
    cases = {
        "never registered": (2, [org(), signed(report())]),
        "registered after the entry": (2, [org(), signed(report()), registered()]),
        "registered for another signer": (3, [org(), registered(signer="ht:hoi-nong-dan/chu-tich"), signed(report())]),
        "another key id": (3, [org(), registered(seed=OTHER_SEED), signed(report())]),
        # the registration itself signed with the key it registers: not registered *before* it
        "registered by itself": (2, [org(), signed(registered())]),
    }
    for name, (seq, objs) in cases.items():
        problem, _ = verify(build(tmp_path / f"{name}.db", objs))
        assert problem == f"seq {seq}: author key {kid} of {SIGNER} is not registered before this entry", name


def test_a_key_revoked_at_an_earlier_seq_is_refused_and_one_revoked_later_is_not(tmp_path):
    kid = key_id(SIGNER, SEED)
    db = build(tmp_path / "before.db", [org(), registered(), revoked(), signed(report())])
    assert verify(db)[0] == f"seq 4: author key {kid} of {SIGNER} was revoked at seq 3"
    db = build(tmp_path / "after.db", [org(), registered(), signed(report()), revoked()])
    problem, rep = verify(db)
    assert problem is None and rep["signed_entries"] == 1
    # rotation: a new key registered, the old one revoked; the new key signs on
    rotated = [org(), registered(), signed(report(1)), registered(seed=OTHER_SEED), revoked(),
               signed(report(2), seed=OTHER_SEED)]
    problem, rep = verify(build(tmp_path / "rotated.db", rotated))
    assert problem is None and rep["signed_entries"] == 2
    stale = rotated + [signed(report(3))]
    assert verify(build(tmp_path / "stale.db", stale))[0] == f"seq 7: author key {kid} of {SIGNER} was revoked at seq 5"


def test_valid_from_is_compared_with_the_civil_date_of_recorded_at_in_the_logs_zone(tmp_path):
    """2026-01-14T17:00Z is 2026-01-15 00:00 at UTC+7 (Asia/Ho_Chi_Minh) but still 2026-01-14 in
    UTC; a millisecond earlier it is 2026-01-14 in both."""
    kid = key_id(SIGNER, SEED)
    late = "2026-01-15"
    midnight, before = "2026-01-14T17:00:00.000Z", "2026-01-14T16:59:59.999Z"

    def log(name, recorded_at, timezone):
        objs = [dict(org(), recorded_at="2026-01-01T00:00:00.000Z"),
                dict(registered(valid_from=late), recorded_at="2026-01-01T00:00:00.000Z"),
                signed(report(recorded_at=recorded_at))]
        return verify(build(tmp_path / f"{name}.db", objs, timezone=timezone))[0]

    refused = f"seq 3: author key {kid} of {SIGNER} is valid only from {late}"
    assert log("hcm-midnight", midnight, "Asia/Ho_Chi_Minh") is None
    assert log("hcm-before", before, "Asia/Ho_Chi_Minh") == refused
    assert log("utc-midnight", midnight, "UTC") == refused
    assert log("utc-day", "2026-01-15T00:00:00.000Z", "UTC") is None


def test_the_zone_offset_is_the_one_at_the_logs_creation():
    """docs/decisions.md "One UTC offset for business dates": Europe/Paris is UTC+1 in January and
    UTC+2 in July; a log created in January reads July instants at UTC+1."""
    winter = V.zone_offset("Europe/Paris", "2026-01-01T00:00:00.000Z")
    summer = V.zone_offset("Europe/Paris", "2026-07-01T00:00:00.000Z")
    assert winter.total_seconds() == 3600 and summer.total_seconds() == 7200
    assert V.civil_date("2026-07-10T22:30:00.000Z", winter) == "2026-07-10"
    assert V.civil_date("2026-07-10T22:30:00.000Z", summer) == "2026-07-11"
    assert V.zone_offset("Asia/Ho_Chi_Minh", "2026-01-01T00:00:00.000Z").total_seconds() == 7 * 3600


def test_the_first_failing_entry_is_the_one_reported(tmp_path):
    kid = key_id(SIGNER, SEED)
    bad_sig = dict(signed(report(1)), payload=report(9)["payload"])
    objs = [org(), registered(), signed(report(2)), bad_sig, revoked(), signed(report(3))]
    assert verify(build(tmp_path / "a.db", objs))[0] == \
        f"seq 4: author signature does not verify (signer {SIGNER}, key {kid})"


def test_a_log_without_the_catalogue_has_no_registry_and_no_signed_entry(tmp_path):
    objs = [org(), registered(), signed(report())]
    problem, _ = verify(build(tmp_path / "none.db", objs, catalogue="none"))
    assert problem == "seq 3: signed entry in a log without the catalogue (log_meta.catalogue is none: no key registry)"
    # its registry-looking events are free-form there: not read as a registry
    objs = [org(), dict(registered(), payload={"anything": 1}), revoked(kid="00000000")]
    assert verify(build(tmp_path / "free.db", objs, catalogue="none"))[0] is None
    assert verify(build(tmp_path / "v1.db", objs))[0] is not None


def test_registry_events_append_would_refuse_are_problems_of_their_entry(tmp_path):
    kid = key_id(SIGNER, SEED)
    cases = {
        "vkey of another name": ([org(), registered(name="ht:khac")],
                                 f"seq 2: signer.registered: vkey is named ht:khac, not {SIGNER}"),
        "vkey malformed": ([org(), dict(registered(), payload=dict(registered()["payload"], vkey="x+y"))],
                           "seq 2: signer.registered: malformed vkey"),
        "valid_from not a date": ([org(), registered(valid_from="2026-02-30")],
                                  "seq 2: signer.registered: valid_from is not a date"),
        "registered twice": ([org(), registered(), registered()],
                             f"seq 3: key {kid} of {SIGNER} is registered again (first at seq 2)"),
        "revoking an unknown key": ([org(), revoked()],
                                    f"seq 2: signer.revoked names key {kid} of {SIGNER}, which is not registered before it"),
        "revoking twice": ([org(), registered(), revoked(), revoked()],
                           f"seq 4: signer.revoked: key {kid} of {SIGNER} was already revoked at seq 3"),
    }
    for name, (objs, words) in cases.items():
        problem, _ = verify(build(tmp_path / f"{name}.db", objs))
        assert problem is not None and problem.startswith(words), (name, problem)


def test_history_problems_of_an_entry_come_before_its_signature(tmp_path):
    """An edited entry whose leaf hash was not recomputed is reported as that, not as a bad
    signature: the signature is checked on the bytes the tree covers."""
    db = build(tmp_path / "a.db", [org(), registered(), signed(report())])
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE events SET entry = CAST(replace(CAST(entry AS TEXT), 'bản 1', 'bản 2') AS BLOB) "
                    "WHERE seq = 3")
        con.commit()
    assert verify(db)[0] == "seq 3: stored leaf_hash mismatch"


def test_an_unknown_zone_is_a_usage_error_only_when_a_date_is_needed(tmp_path):
    objs = [org(), registered()]
    assert verify(build(tmp_path / "unsigned.db", objs, timezone="Mars/Olympus_Mons"))[0] is None
    db = build(tmp_path / "signed.db", objs + [signed(report())], timezone="Mars/Olympus_Mons")
    code, out = run("db", db, "--vkey", vkey(LOG_ORIGIN, LOG_SEED))
    assert code == 2 and "Mars/Olympus_Mons" in out, out


# ---------------------------------------------------------------- end to end, with the binary
REPORT_FIXTURE = [json.loads(line) for line in
                  (ROOT / "Tests/Fixtures/valid/report.submitted.ndjson").read_text().splitlines()]
ORGS = [o for o in REPORT_FIXTURE if o["type"] == "organization.registered"
        and o["payload"]["org_id"] in ("hoi-nong-dan", "mttq-tinh")]
REPORT = REPORT_FIXTURE[-1]                                 # a report.submitted line with its event_id


class SignedLog:
    """A v1 log made by the binary: two organisations, an author key from `keygen` registered
    with signer.registered, and a report signed with `auditlog sign` and appended; with the
    signed line, the author's key id and the log's key seed (for re-signing checkpoints)."""


@pytest.fixture(scope="module")
def signed_log(tmp_path_factory):
    log = Auditlog(tmp_path_factory.mktemp("signed"))
    s = SignedLog()
    s.log, s.vkey = log, log.init(LOG_ORIGIN, catalogue="auditlog/v1")
    log.append_lines(ORGS)
    key_file = log.dir / "hnd.key"
    out = log.run("keygen", "--signer", SIGNER, "--out", key_file, db=False, check=0).stdout.decode()
    s.author_vkey = next(w for w in out.split() if w.startswith(SIGNER + "+"))
    s.kid = s.author_vkey.split("+")[1]
    log.append_lines([{"type": "signer.registered", "occurred_at": "2026-01-10", "actor": "so-noi-vu",
                       "payload": {"signer": SIGNER, "org_id": "hoi-nong-dan", "role_vi": "Văn phòng Hội",
                                   "vkey": s.author_vkey, "valid_from": "2026-01-01"}}])
    line = json.dumps(REPORT, ensure_ascii=False) + "\n"
    s.signed_line = log.run("sign", "--key", key_file, "-", input=line, db=False, check=0).stdout.decode()
    log.run("append", "-", input=s.signed_line, check=0)
    s.log_seed = base64.b64decode(log.key.read_text().strip().split("+", 4)[4])[1:]
    return s


def copy_of(s, tmp_path):
    dst = tmp_path / "copy.db"
    with contextlib.closing(sqlite3.connect(s.log.db)) as src, contextlib.closing(sqlite3.connect(dst)) as d:
        src.backup(d)
    return dst


def entries_of(db):
    with contextlib.closing(sqlite3.connect(db)) as con:
        return [json.loads(e) for (e,) in con.execute("SELECT entry FROM events ORDER BY seq")]


def rewrite(db, objs, seed):
    """The operator rewrites the entries and re-signs a checkpoint with the log's own key."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        seal(con, [canon(o) for o in objs], seed)
        con.commit()


def renumber(objs):
    return [dict(o, seq=i) for i, o in enumerate(objs, 1)]


def python_verify(db, s):
    return run("db", db, "--vkey", s.vkey, "--json")


def test_a_log_signed_with_the_binary_verifies(signed_log):
    s = signed_log
    code, out = python_verify(s.log.db, s)
    rep = json.loads(out)
    assert code == 0 and rep["ok"] and rep["signed_entries"] == 1, out
    last = entries_of(s.log.db)[-1]
    assert last["author"] == json.loads(s.signed_line)["author"]
    assert last["author"]["signer"] == SIGNER and last["author"]["key_id"] == s.kid


def test_a_changed_signature_is_reported_even_after_the_log_is_resigned(signed_log, tmp_path):
    s = signed_log
    db, objs = copy_of(s, tmp_path), entries_of(s.log.db)
    sig = base64.b64decode(objs[-1]["author"]["sig"])
    objs[-1]["author"]["sig"] = b64(sig[:10] + bytes([sig[10] ^ 1]) + sig[11:])
    rewrite(db, objs, s.log_seed)
    code, out = python_verify(db, s)
    n = len(objs)
    assert code == 1 and json.loads(out)["problem"] == \
        f"seq {n}: author signature does not verify (signer {SIGNER}, key {s.kid})", out


def test_a_changed_payload_is_reported_even_after_the_log_is_resigned(signed_log, tmp_path):
    s = signed_log
    db, objs = copy_of(s, tmp_path), entries_of(s.log.db)
    objs[-1]["payload"]["period"]["key"] = "2025-H2"
    rewrite(db, objs, s.log_seed)
    code, out = python_verify(db, s)
    assert code == 1 and json.loads(out)["problem"] == \
        f"seq {len(objs)}: author signature does not verify (signer {SIGNER}, key {s.kid})", out
    # the same rewrite with the signature left out passes: unsigned entries prove no author
    del objs[-1]["author"]
    rewrite(db, objs, s.log_seed)
    assert python_verify(db, s)[0] == 0


def test_a_registration_moved_after_the_entry_it_would_vouch_for_is_reported(signed_log, tmp_path):
    s = signed_log
    db, objs = copy_of(s, tmp_path), entries_of(s.log.db)
    reg = next(i for i, o in enumerate(objs) if o["type"] == "signer.registered")
    objs = renumber(objs[:reg] + objs[reg + 1:] + [objs[reg]])
    rewrite(db, objs, s.log_seed)
    code, out = python_verify(db, s)
    assert code == 1 and json.loads(out)["problem"] == \
        f"seq {reg + 1}: author key {s.kid} of {SIGNER} is not registered before this entry", out


def test_a_revocation_before_the_entry_is_reported(signed_log, tmp_path):
    s = signed_log
    db, objs = copy_of(s, tmp_path), entries_of(s.log.db)
    revocation = dict(objs[-2], event_id="019bbf98-7b80-7000-8000-00000000beef", type="signer.revoked",
                      subject_version=2, payload={"signer": SIGNER, "key_id": s.kid, "reason_vi": "Mất khóa",
                                                  "effective_from": "2026-01-15"})
    objs = renumber(objs[:-1] + [revocation, objs[-1]])
    rewrite(db, objs, s.log_seed)
    code, out = python_verify(db, s)
    assert code == 1 and json.loads(out)["problem"] == \
        f"seq {len(objs)}: author key {s.kid} of {SIGNER} was revoked at seq {len(objs) - 1}", out


def test_a_registration_valid_only_later_is_reported(signed_log, tmp_path):
    s = signed_log
    db, objs = copy_of(s, tmp_path), entries_of(s.log.db)
    reg = next(o for o in objs if o["type"] == "signer.registered")
    reg["payload"]["valid_from"] = "2026-01-16"            # the log's clock says 2026-01-15 (UTC+7)
    rewrite(db, objs, s.log_seed)
    code, out = python_verify(db, s)
    assert code == 1 and json.loads(out)["problem"] == \
        f"seq {len(objs)}: author key {s.kid} of {SIGNER} is valid only from 2026-01-16", out


# ---------------------------------------------------------------- who may record what, on logs built here
OTHER_SIGNER, CLERK = "ht:hoi-khac/vp", "ht:so-noi-vu/van-thu"
CLERK_SEED = hashlib.sha256(b"clerk key").digest()
RULED = "so-noi-vu.example.vn/rules"


def acting(org_id, seed, signer):
    """signer.registered: `signer`, with the key from `seed`, acts for `org_id`."""
    reg = registered(seed=seed, signer=signer)
    return dict(reg, payload=dict(reg["payload"], org_id=org_id))


def rule_set(event_type, mode, clerks=None):
    payload = {"event_type": event_type, "mode": mode, **({"clerks": clerks} if clerks else {})}
    return ev("authorship.rule_set", f"authorship/{event_type}", payload)


def reported(n, reporter):
    return dict(report(n), payload=dict(report(n)["payload"], reporter=reporter))


def ruled_log(*objs):
    """Three organisations, a signer for each (hoi-nong-dan, hoi-khac, and the Sở Nội vụ's clerk),
    then `objs`; seq 7 is the first of them."""
    return [org(), org("hoi-khac"), org("so-noi-vu"), registered(), acting("hoi-khac", OTHER_SEED, OTHER_SIGNER),
            acting("so-noi-vu", CLERK_SEED, CLERK), *objs]


def against(seq, why):
    return f"seq {seq}: recorded against the authorship rule: {why} (FORGED authorship or a rule bypassed)"


def test_under_enforce_the_reporter_and_the_clerks_record_and_others_are_reported(tmp_path):
    rule = rule_set("report.submitted", "enforce", clerks=[CLERK])
    ok = [rule, signed(report(1)), signed(report(2), seed=CLERK_SEED, signer=CLERK),
          signed(reported(3, "hoi-khac"), seed=OTHER_SEED, signer=OTHER_SIGNER), org("btv-tu")]
    problem, rep = verify(build(tmp_path / "ok.db", ruled_log(*ok)))
    assert problem is None and rep["ruled_entries"] == 3 and rep["signed_entries"] == 3
    cases = {
        "unsigned": (report(4), "the line is unsigned; its type is recorded only signed (rule at seq 7)"),
        "another body's signer": (signed(report(4), seed=OTHER_SEED, signer=OTHER_SIGNER),
                                  f'"{OTHER_SIGNER}" acts for "hoi-khac", and it is "hoi-nong-dan"\'s to record '
                                  "(rule at seq 7)"),
    }
    for name, (bad, why) in cases.items():
        assert verify(build(tmp_path / f"{name}.db", ruled_log(rule, bad)))[0] == against(8, why), name


def test_warn_and_off_judge_nothing_and_the_latest_rule_for_a_type_is_the_one_in_force(tmp_path):
    objs = [rule_set("report.submitted", "warn"), report(1), rule_set("report.submitted", "enforce"),
            rule_set("report.submitted", "off"), report(2), rule_set("membership.reported", "enforce"), report(3)]
    problem, rep = verify(build(tmp_path / "a.db", ruled_log(*objs)))
    assert problem is None and rep["ruled_entries"] == 0
    # The rule judges the entries after it, not itself or those before it.
    objs = [report(1), rule_set("report.submitted", "enforce"), report(2)]
    assert verify(build(tmp_path / "b.db", ruled_log(*objs)))[0] == \
        against(9, "the line is unsigned; its type is recorded only signed (rule at seq 8)")


def test_a_type_without_a_responsible_body_is_recorded_only_by_the_clerks(tmp_path):
    rename = ev("organization.renamed", "org/hoi-nong-dan", {"org_id": "hoi-nong-dan", "new_name_vi": "Hội mới"})
    rule = rule_set("organization.renamed", "enforce", clerks=[CLERK])
    assert verify(build(tmp_path / "ok.db", ruled_log(rule, signed(rename, seed=CLERK_SEED, signer=CLERK))))[0] is None
    assert verify(build(tmp_path / "bad.db", ruled_log(rule, signed(rename))))[0] == against(
        8, f'"{SIGNER}" acts for "hoi-nong-dan", and only its clerks record this type (rule at seq 7)')


def test_a_successor_through_mergers_splits_dissolutions_and_designations_records_for_its_predecessor(tmp_path):
    """hoi-nong-dan merges into hoi-khac, hoi-khac splits into so-noi-vu: the Sở Nội vụ's signer
    reaches hoi-nong-dan through two links. Never the other way."""
    merged = ev("organization.merged", "org/hoi-khac", {"sources": ["hoi-nong-dan"], "into": "hoi-khac"})
    split = ev("organization.split", "org/hoi-khac", {"source": "hoi-khac", "into": ["so-noi-vu", "btv-tu"]})
    rule = rule_set("report.submitted", "enforce")
    by_clerk = signed(report(1), seed=CLERK_SEED, signer=CLERK)
    assert verify(build(tmp_path / "chain.db", ruled_log(merged, split, rule, by_clerk)))[0] is None
    assert verify(build(tmp_path / "half.db", ruled_log(merged, rule, by_clerk)))[0] == against(
        9, f'"{CLERK}" acts for "so-noi-vu", and it is "hoi-nong-dan"\'s to record (rule at seq 8)')
    backwards = signed(reported(1, "hoi-khac"))
    assert verify(build(tmp_path / "back.db", ruled_log(merged, rule, backwards)))[0] == against(
        9, f'"{SIGNER}" acts for "hoi-nong-dan", and it is "hoi-khac"\'s to record (rule at seq 8)')
    by_other = signed(report(1), seed=OTHER_SEED, signer=OTHER_SIGNER)
    dissolved = ev("organization.dissolved", "org/hoi-nong-dan", {"org_id": "hoi-nong-dan", "successor": "hoi-khac"})
    designated = ev("successor.designated", "org/hoi-nong-dan", {"predecessor": "hoi-nong-dan", "successor": "hoi-khac"})
    for name, link in {"dissolved": dissolved, "designated": designated}.items():
        assert verify(build(tmp_path / f"{name}.db", ruled_log(link, rule, by_other)))[0] is None, name
    no_successor = dict(dissolved, payload={"org_id": "hoi-nong-dan"})
    assert verify(build(tmp_path / "none.db", ruled_log(no_successor, rule, by_other)))[0] is not None


def test_successor_links_are_taken_as_first_recorded(tmp_path):
    """A correction of the merger (into another organisation) does not move the link."""
    merged = ev("organization.merged", "org/hoi-khac", {"sources": ["hoi-nong-dan"], "into": "hoi-khac"})
    fix = ev("event.corrected", f"event/{merged['event_id']}",
             {"target_event_id": merged["event_id"], "patch": {"payload": {"into": "so-noi-vu"}}, "reason_vi": "Sai"})
    rule = rule_set("report.submitted", "enforce")
    assert verify(build(tmp_path / "a.db", ruled_log(merged, fix, rule,
                                                     signed(report(1), seed=OTHER_SEED, signer=OTHER_SIGNER))))[0] is None
    assert verify(build(tmp_path / "b.db", ruled_log(merged, fix, rule,
                                                     signed(report(1), seed=CLERK_SEED, signer=CLERK))))[0] is not None


def test_a_correction_is_its_targets_authors_or_its_targets_responsible_bodys(tmp_path):
    target = signed(report(1))
    rule = rule_set("event.corrected", "enforce")

    def fix(seed, signer, kind="event.corrected"):
        payload = {"target_event_id": target["event_id"], "reason_vi": "Sai"}
        payload.update({"patch": {"occurred_at": "2026-01-06"}} if kind == "event.corrected" else {})
        return signed(ev(kind, f"event/{target['event_id']}", payload), seed=seed, signer=signer)

    assert verify(build(tmp_path / "author.db", ruled_log(target, rule, fix(SEED, SIGNER))))[0] is None
    # signed by the clerk: not the target's signer, and the Sở Nội vụ is not the reporter
    assert verify(build(tmp_path / "clerk.db", ruled_log(target, rule, fix(CLERK_SEED, CLERK))))[0] == against(
        9, f'"{CLERK}" acts for "so-noi-vu", and it is "hoi-nong-dan"\'s to record (rule at seq 8)')
    # an unsigned target: its responsible body's signer (here the successor of its reporter)
    merged = ev("organization.merged", "org/hoi-khac", {"sources": ["hoi-nong-dan"], "into": "hoi-khac"})
    target = report(2)
    assert verify(build(tmp_path / "succ.db", ruled_log(target, merged, rule, fix(OTHER_SEED, OTHER_SIGNER))))[0] is None
    # a retraction is judged by the rule for retractions, the same way
    retract_rule = rule_set("event.retracted", "enforce")
    assert verify(build(tmp_path / "ret.db", ruled_log(target, retract_rule,
                                                        fix(CLERK_SEED, CLERK, "event.retracted"))))[0] is not None


def test_a_completed_task_is_its_assignees(tmp_path):
    assigned = ev("task.assigned", "task/tk-1", {"task_id": "tk-1", "assignee": "hoi-khac", "description_vi": "Rà soát"})
    done = ev("task.completed", "task/tk-1", {"task_id": "tk-1"})
    rule = rule_set("task.completed", "enforce")
    problem, rep = verify(build(tmp_path / "ok.db", ruled_log(
        assigned, rule, signed(done, seed=OTHER_SEED, signer=OTHER_SIGNER))))
    assert problem is None and rep["ruled_entries"] == 1
    assert verify(build(tmp_path / "bad.db", ruled_log(assigned, rule, signed(done))))[0] == against(
        9, f'"{SIGNER}" acts for "hoi-nong-dan", and it is "hoi-khac"\'s to record (rule at seq 8)')
    # without a known assignee, only the clerks
    assert verify(build(tmp_path / "none.db", ruled_log(rule, signed(done))))[0] == against(
        8, f'"{SIGNER}" acts for "hoi-nong-dan", and only its clerks record this type (rule at seq 7)')


def test_names_in_the_message_are_echoed_quoted_and_escaped():
    assert V.echoed('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert V.echoed("\u202e" + "x" * 50) == '"\\u202e' + "x" * 39 + '\u2026"'


# ---------------------------------------------------------------- who may record what, end to end
ORG_LINES = [{"type": "organization.registered", "occurred_at": "2010-01-01", "actor": "so-noi-vu",
              "payload": {"org_id": slug, "name_vi": name, "kind": "ctxh", "level": "province", "province": "ha-tinh"}}
             for slug, name in (("hoi-nong-dan", "Hội Nông dân tỉnh"), ("hoi-khac", "Hội khác"),
                                ("btv-tu", "Ban Thường vụ"), ("so-noi-vu", "Sở Nội vụ"))]


def line_id(n):
    return f"0190f4c2-7b1e-7c3a-9d2e-{n:012x}"


def rule_line(event_type, mode, clerks=None):
    return {"type": "authorship.rule_set", "occurred_at": "2026-01-11", "actor": "so-noi-vu",
            "payload": {"event_type": event_type, "mode": mode, **({"clerks": clerks} if clerks else {})}}


def report_line(n, reporter="hoi-nong-dan"):
    return {"type": "report.submitted", "occurred_at": "2026-01-05", "actor": "x", "event_id": line_id(n),
            "payload": {"report_id": f"bc-{n}", "reporter": reporter, "recipient": "btv-tu"}}


class RuledLog:
    """A v1 log made by the binary under authorship rules, every line legitimate: seq by name
    (`seq["report 2"]`), the signers' keys (`keys[signer]` = (file, seed)), and the lines
    appended under an enforce rule (`judged`)."""

    def __init__(self, directory):
        self.log = Auditlog(directory)
        self.vkey = self.log.init(RULED, catalogue="auditlog/v1")
        self.seq, self.judged, self.keys = {}, 0, {}
        self.add("orgs", *ORG_LINES)
        for signer, org_id in ((SIGNER, "hoi-nong-dan"), (OTHER_SIGNER, "hoi-khac"), (CLERK, "so-noi-vu")):
            path = directory / f"{org_id}.key"
            vk = self.log.run("keygen", "--signer", signer, "--out", path, db=False, check=0).stdout.decode().strip()
            self.keys[signer] = (path, base64.b64decode(path.read_text().strip().split("+", 4)[4])[1:])
            self.add(f"key {signer}", {"type": "signer.registered", "occurred_at": "2026-01-10", "actor": "so-noi-vu",
                                       "payload": {"signer": signer, "org_id": org_id, "role_vi": "Văn phòng",
                                                   "vkey": vk, "valid_from": "2026-01-01"}})

    def add(self, name, *objs, signer=None, judged=False):
        text = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)
        if signer:
            text = self.log.run("sign", "--key", self.keys[signer][0], "-", input=text, db=False, check=0).stdout
        self.log.run("append", "-", input=text, check=0)
        self.seq[name] = self.log.count()
        self.judged += len(objs) if judged else 0


@pytest.fixture(scope="module")
def ruled(tmp_path_factory):
    r = RuledLog(tmp_path_factory.mktemp("ruled"))
    r.add("warn rule", rule_line("report.submitted", "warn"))
    r.add("report 1", report_line(1))                                      # unsigned, admitted with a warning
    r.add("enforce rule", rule_line("report.submitted", "enforce", clerks=[CLERK]))
    r.add("report 2", report_line(2), signer=SIGNER, judged=True)           # the reporter's signer
    r.add("report 3", report_line(3), signer=CLERK, judged=True)            # a clerk
    r.add("merger", {"type": "document.registered", "occurred_at": "2026-01-03", "actor": "so-noi-vu",
                     "payload": {"doc": {"doc_key": "qd-1", "number": "1-QĐ/UBND", "type_name": "Quyết định",
                                         "issuer_org": "btv-tu"}}},
          {"type": "organization.merged", "occurred_at": "2026-01-04", "actor": "so-noi-vu",
           "payload": {"sources": ["hoi-nong-dan"], "into": "hoi-khac", "mode": "sap_nhap", "basis": "qd-1"}})
    r.add("report 4", report_line(4), signer=OTHER_SIGNER, judged=True)     # the successor after the merger
    r.add("correction rule", rule_line("event.corrected", "enforce"))
    r.add("correction", {"type": "event.corrected", "occurred_at": "2026-01-13", "actor": "x", "event_id": line_id(5),
                         "payload": {"target_event_id": line_id(2), "patch": {"occurred_at": "2026-01-06"},
                                     "reason_vi": "Sai ngày"}}, signer=SIGNER, judged=True)   # the original author
    r.add("rename rule", rule_line("organization.renamed", "enforce", clerks=[CLERK]))
    r.add("rename", {"type": "organization.renamed", "occurred_at": "2026-01-02", "actor": "so-noi-vu",
                     "event_id": line_id(6), "payload": {"org_id": "btv-tu", "new_name_vi": "Ban Thường vụ Tỉnh ủy"}},
          signer=CLERK, judged=True)
    return r


def both_verifiers(directory, vkey):
    """(exit, problem) of `auditlog verify` and of verify.py on the log in `directory`; the Swift
    problem written as verify.py writes its own, `seq N: message`."""
    swift = Auditlog(directory).run("verify", "--format", "json")
    problem = json.loads(swift.stdout).get("problem")
    code, out = run("db", directory / "audit.db", "--vkey", vkey, "--json")
    ours = json.loads(out)
    return ((swift.returncode, problem and f"seq {problem['seq']}: {problem['message']}"),
            (code, ours["problem"], ours["ruled_entries"]))


def forged_copy(r, tmp_path, name, change):
    """A copy of the log (and of its key) where the operator changed entry `r.seq[name]` and
    re-signed every checkpoint."""
    db = tmp_path / "audit.db"
    with contextlib.closing(sqlite3.connect(r.log.db)) as src, contextlib.closing(sqlite3.connect(db)) as dst:
        src.backup(dst)
    (tmp_path / "audit.db.key").write_bytes(r.log.key.read_bytes())
    forge(db, r.seq[name], change)
    return tmp_path


def forge(db, seq, change):
    """The operator, holding the log's key, changes entry `seq` and rewrites everything after it
    consistently: leaf hash, the Merkle cache and every stored checkpoint, re-signed."""
    seed = base64.b64decode(Path(str(db) + ".key").read_text().strip().split("+", 4)[4])[1:]
    with contextlib.closing(sqlite3.connect(db)) as con:
        entries = [bytes(e) for (e,) in con.execute("SELECT entry FROM events ORDER BY seq")]
        sizes = [size for (size,) in con.execute("SELECT size FROM checkpoints ORDER BY size")]
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
        obj = json.loads(entries[seq - 1])
        change(obj)
        entries[seq - 1] = canon(obj)
        con.execute("UPDATE events SET entry = ?, leaf_hash = ?, type = ?, subject = ? WHERE seq = ?",
                    (entries[seq - 1], V.leaf_hash(entries[seq - 1]), obj["type"], obj["subject"], seq))
        con.execute("DELETE FROM merkle_nodes")
        con.execute("DELETE FROM checkpoints")
        tree, origin = V.Frontier(), con.execute("SELECT origin FROM log_meta").fetchone()[0]
        for size, raw in enumerate(entries, 1):
            tree.push(V.leaf_hash(raw), lambda level, idx, node: con.execute(
                "INSERT INTO merkle_nodes VALUES (?, ?, ?)", (level, idx, node)))
            if size in sizes:
                text = f"{origin}\n{size}\n{b64(tree.root())}\n"
                blob = bytes.fromhex(key_id(origin, seed)) + V.ed25519_sign(seed, text.encode())
                con.execute("INSERT INTO checkpoints VALUES (?, ?)", (size, f"{text}\n\u2014 {origin} {b64(blob)}\n"))
        con.commit()


def test_both_verifiers_pass_a_log_recorded_under_the_rules(ruled):
    (swift, swift_problem), (code, problem, judged) = both_verifiers(ruled.log.dir, ruled.vkey)
    assert (swift, swift_problem) == (0, None) and (code, problem) == (0, None)
    assert judged == ruled.judged == 5


def resigned(r, signer):
    """Replaces an entry's signature with `signer`'s, over the same signed bytes: a signature that
    counts, by someone the rule does not let record the entry."""
    def change(obj):
        obj.update(signed({k: v for k, v in obj.items() if k != "author"}, seed=r.keys[signer][1], signer=signer))
    return change


FORGERIES = {
    # (entry changed, the change, entry reported, why: from the seqs by name, or None for a bad signature)
    # the rule made enforce as if it always had been: the report admitted unsigned under warn
    "warn made enforce": ("warn rule", lambda r: lambda o: o["payload"].update(mode="enforce"), "report 1",
                          lambda seq: f"the line is unsigned; its type is recorded only signed (rule at seq {seq['warn rule']})"),
    # another reporter on a signed report: the signature no longer verifies (checked first)
    "reporter swapped": ("report 2", lambda r: lambda o: o["payload"].update(reporter="hoi-khac"), "report 2", None),
    # re-signed by hoi-khac's signer before the merger: not yet its successor
    "report by another body": ("report 2", lambda r: resigned(r, OTHER_SIGNER), "report 2",
                               lambda seq: f'"{OTHER_SIGNER}" acts for "hoi-khac", and it is "hoi-nong-dan"\'s to '
                                           f"record (rule at seq {seq['enforce rule']})"),
    # the correction of report 2 re-signed by the clerk, who is no clerk of the correction rule
    "correction by the clerk": ("correction", lambda r: resigned(r, CLERK), "correction",
                                lambda seq: f'"{CLERK}" acts for "so-noi-vu", and it is "hoi-nong-dan"\'s to record '
                                            f"(rule at seq {seq['correction rule']})"),
    "rename by an association": ("rename", lambda r: resigned(r, SIGNER), "rename",
                                 lambda seq: f'"{SIGNER}" acts for "hoi-nong-dan", and only its clerks record this '
                                             f"type (rule at seq {seq['rename rule']})"),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_both_verifiers_report_authorship_forged_against_a_rule(ruled, tmp_path, name):
    entry, change, at, why = FORGERIES[name]
    directory = forged_copy(ruled, tmp_path, entry, change(ruled))
    (swift, swift_problem), (code, problem, _) = both_verifiers(directory, ruled.vkey)
    assert swift == 1 and code == 1, (swift_problem, problem)
    seq = ruled.seq[at]
    if why is None:
        assert problem.startswith(f"seq {seq}: author signature does not verify"), problem
        assert swift_problem.startswith(f"seq {seq}: ") and "does not verify" in swift_problem, swift_problem
    else:
        assert problem == swift_problem == against(seq, why(ruled.seq)), (problem, swift_problem)
