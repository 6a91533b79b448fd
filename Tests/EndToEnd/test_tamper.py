"""The tamper suite (scenarios S1-S27, each named below) through the real binary.

A log is built once with `auditlog` (five append transactions, so signed checkpoints at sizes 0,
3, 8, 10, 14 and 20; Vietnamese text). Each scenario copies it, stages the operator's tampering
with Python's sqlite3 (dropping the guard-rail triggers first; re-signing with the log's own key
file where the scenario says so), and asserts that BOTH verifiers report it:
`auditlog verify` and the independent `tools/verify.py db`, each exiting 1 and naming the problem,
in the same words where the two say the same thing, and of the same kind (auditlog's TAMPERING,
CHECK INPUT or DAMAGED is verify.py's `FAIL (tampering)`, `FAIL (input)` or `FAIL (damage)`).
The authorship cases (forged signers, keys and rules) are in test_tamper_authorship.py.
Receipts and consistency proofs cross between the two implementations both ways, and their
mutations fail in both.

Not staged here: S25 (crash between sign and commit) is test_reliability.py::
test_sigkill_at_random_moments_leaves_whole_batches_and_a_verifying_log; S26 (concurrent writers)
is test_reliability.py::test_eight_writers_with_versions_and_retries_and_consistent_readers and
test_append.py::test_two_appenders_at_once_keep_seq_dense. S27 (attachment swap) cannot be
staged: auditlog/v1 entries have no attachment references and neither verifier has an
attachments check yet.
"""
import base64
import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXED_NOW, ROOT, VERIFY_PY, Auditlog, binary_path, event, query, verify_py

V = verify_py()                                       # used as the attacker's toolkit: hashing, signing

ORIGIN = "so-noi-vu.example.vn/audit"
BATCHES = (3, 5, 2, 4, 6)                            # checkpoints at 0, 3, 8, 10, 14, 20
SIZES = (0, 3, 8, 10, 14, 20)
TEXTS = ("Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ Việt Nam", "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
         "Báo cáo tổng kết năm 2025", "Kiểm tra việc thực hiện Chỉ thị số 42-CT/TU", "Mặt trận Tổ quốc")


# ---------------------------------------------------------------- the log and the attacker's tools
class Base:
    """The untouched log, its vkey, its key seed, golden checkpoints and a size-10 snapshot."""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    log = Auditlog(tmp_path_factory.mktemp("base"))
    b = Base()
    b.dir, b.db, b.vkey = log.dir, log.db, log.init(ORIGIN)
    seq = 0
    for n in BATCHES:
        lines = []
        for _ in range(n):
            seq += 1
            lines.append(event(seq, subject=f"org/hoi-{seq % 4}",
                               payload={"n": seq, "text": f"{TEXTS[seq % len(TEXTS)]} (lần {seq})"}))
        log.append_lines(lines)
        if seq == 10:
            b.snapshot10 = copy_db(log.db, log.dir / "at10.db")
    key = log.key.read_text().strip().split("+", 4)
    assert key[:3] == ["PRIVATE", "KEY", ORIGIN]
    b.seed = base64.b64decode(key[4])[1:]
    b.key_id = bytes.fromhex(key[3])
    b.golden = {}
    for size in SIZES:
        path = log.dir / f"golden-{size}.txt"
        path.write_bytes(log.run("checkpoint", "--size", size, check=0).stdout)
        b.golden[size] = path
    return b


def copy_db(src, dst):
    """A consistent copy with the WAL folded in (the sqlite3 backup API)."""
    with contextlib.closing(sqlite3.connect(src)) as s, contextlib.closing(sqlite3.connect(dst)) as d:
        s.backup(d)
    return Path(dst)


@pytest.fixture
def db(base, tmp_path):
    return copy_db(base.db, tmp_path / "tampered.db")


TRIGGERS = ("events_no_update", "events_no_delete", "checkpoints_no_update", "checkpoints_no_delete",
            "merkle_nodes_no_update", "log_meta_no_update")


def sql(path, *statements):
    """Runs statements (text or (text, params)) with the guard-rail triggers dropped."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        for t in TRIGGERS:
            con.execute(f"DROP TRIGGER IF EXISTS {t}")
        for s in statements:
            con.execute(*s) if isinstance(s, tuple) else con.execute(s)
        con.commit()


def rows(path, query, *params):
    with contextlib.closing(sqlite3.connect(path)) as con:
        return con.execute(query, params).fetchall()


def entries(path):
    return [bytes(e) for (e,) in rows(path, "SELECT entry FROM events ORDER BY seq")]


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(text, seed, name=ORIGIN, key_id=None):
    """A signed note over `text` (which ends in a newline)."""
    pub = V.ed25519_public_key(seed)[2]
    blob = (key_id or V.key_id(name, pub)) + V.ed25519_sign(seed, text.encode())
    return f"{text}\n\u2014 {name} {base64.b64encode(blob).decode()}\n"


def checkpoint_note(size, root, seed, origin=ORIGIN, **kw):
    return sign(f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n", seed, **kw)


def roots(entry_list):
    tree, out = V.Frontier(), {0: V.EMPTY_ROOT}
    for i, e in enumerate(entry_list, 1):
        tree.push(V.leaf_hash(e))
        out[i] = tree.root()
    return out


def rewrite(path, entry_list, seed=None, sizes=SIZES):
    """The operator rewrites history: new rows (leaf hashes and query columns recomputed), a new
    Merkle cache and, when `seed` is given, every checkpoint re-signed with that key."""
    statements = ["DELETE FROM events", "DELETE FROM merkle_nodes"]
    leaves = []
    for seq, raw in enumerate(entry_list, 1):
        o = json.loads(raw)
        leaves.append(V.leaf_hash(raw))
        statements.append(("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                           (seq, raw, leaves[-1], o.get("event_id"), o.get("type"), o.get("subject"),
                            o.get("subject_version"), o.get("occurred_at"), o.get("recorded_at"))))
    statements += cache_rows(leaves, range(1, len(leaves).bit_length()))   # every level >= 1
    if seed is not None:
        r = roots(entry_list)
        statements.append("DELETE FROM checkpoints")
        for size in sizes:
            if size <= len(entry_list):
                statements.append(("INSERT INTO checkpoints VALUES (?, ?)",
                                   (size, checkpoint_note(size, r[size], seed))))
    sql(path, *statements)


def cache_rows(leaves, levels):
    """The statements that store every perfect subtree of `leaves` at `levels` in merkle_nodes."""
    return [("INSERT INTO merkle_nodes VALUES (?, ?, ?)", (level, idx, perfect(leaves[idx << level:(idx + 1) << level])))
            for level in levels for idx in range(len(leaves) >> level)]


def perfect(leaves):
    while len(leaves) > 1:
        leaves = [V.node_hash(leaves[i], leaves[i + 1]) for i in range(0, len(leaves), 2)]
    return leaves[0]


def edited(raw, old, new):
    obj = json.loads(raw)
    obj["payload"]["text"] = obj["payload"]["text"].replace(old, new)
    return canon(obj)


# ---------------------------------------------------------------- running both verifiers
def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("AUDITLOG_")}
    e["AUDITLOG_NOW"] = FIXED_NOW
    return e


def swift(*args):
    proc = subprocess.run([str(binary_path()), *map(str, args)], capture_output=True, env=env(), timeout=120)
    return proc.returncode, (proc.stdout + proc.stderr).decode(errors="replace")


def python(*args):
    proc = subprocess.run([sys.executable, str(VERIFY_PY), *map(str, args)], capture_output=True,
                          env=env(), timeout=300)
    return proc.returncode, (proc.stdout + proc.stderr).decode(errors="replace")


def verify_both(path, vkey=None, checkpoints=()):
    extra = (["--vkey", vkey] if vkey else []) + [a for c in checkpoints for a in ("--checkpoint", c)]
    return swift("--db", path, "verify", *extra), python("db", path, *extra)


def problem_line(out, prefix):
    """The verifier's verdict line: `TAMPERING ...` (or `CHECK INPUT ...`, `DAMAGED ...`) from
    auditlog, `FAIL (tampering): ...` (or `FAIL (input): ...`, `FAIL (damage): ...`) from verify.py."""
    found = [line for line in out.splitlines() if line.startswith(prefix)]
    return found[-1] if found else ""


# What each of auditlog's labels is called in verify.py (docs/inspectors.md "Reading verify's answer").
KINDS = {"TAMPERING": "tampering", "DAMAGED": "damage", "CHECK INPUT": "input"}


def problems(results):
    """The problem each verifier printed, without its label: (auditlog's, verify.py's), each as
    (label or kind, message)."""
    (_, s_out), (_, p_out) = results
    s_line = next((line for line in reversed(s_out.splitlines()) if line.startswith(tuple(KINDS))), "")
    s_label = next((label for label in KINDS if s_line.startswith(label)), None)
    p = re.match(r"FAIL \((\w+)\): (.*)", problem_line(p_out, "FAIL"))
    return ((s_label, s_line[len(s_label or ""):].strip()), (p and p.group(1), p and p.group(2)))


def assert_detected(results, swift_words, python_words, swift_label="TAMPERING"):
    """Both verifiers exit 1 naming the problem; auditlog labels it `swift_label` (TAMPERING for
    evidence of tampering, CHECK INPUT when what the inspector gave does not fit the log) and
    verify.py gives it the same kind (`FAIL (tampering): ...`, `FAIL (input): ...`)."""
    (s_code, s_out), (p_code, p_out) = results
    if os.environ.get("TAMPER_SHOW"):
        print(f"\n  auditlog: {problem_line(s_out, swift_label)}\n  verify.py: {problem_line(p_out, 'FAIL')}")
    assert s_code == 1 and re.search(swift_words, problem_line(s_out, swift_label)), \
        f"auditlog verify: exit {s_code}\n{s_out}"
    assert p_code == 1 and re.search(python_words, problem_line(p_out, "FAIL")), \
        f"verify.py: exit {p_code}\n{p_out}"
    assert problems(results)[1][0] == KINDS[swift_label], f"verify.py's kind is not {KINDS[swift_label]}\n{p_out}"


def assert_same_problem(results, label="TAMPERING"):
    """Both verifiers exit 1 and say the same words: auditlog's message after its label is
    verify.py's after `FAIL (kind): `, and the label is the kind's."""
    (s_code, _), (p_code, _) = results
    (s_label, s_message), (p_kind, p_message) = problems(results)
    assert (s_code, p_code, s_label, p_kind) == (1, 1, label, KINDS[label]), results
    assert s_message and s_message == p_message, results
    return s_message


def assert_ok(results):
    for who, (code, out) in zip(("auditlog verify", "verify.py"), results):
        assert code == 0 and out.rstrip().endswith("OK"), f"{who}: exit {code}\n{out}"


# ---------------------------------------------------------------- the untouched log
def test_clean_log_verifies_in_both_with_the_same_root(base):
    results = verify_both(base.db, base.vkey, base.golden.values())
    assert_ok(results)
    s = json.loads(swift("--db", base.db, "verify", "--vkey", base.vkey, "--format", "json")[1])
    p = json.loads(python("db", base.db, "--vkey", base.vkey, "--json",
                          *[a for g in base.golden.values() for a in ("--checkpoint", g)])[1])
    assert (s["size"], s["root"], s["ok"]) == (p["size"], p["root"], p["ok"]) == (20, s["root"], True)
    assert p["checkpoints"] == len(SIZES) and p["inspector_checkpoints"] == len(SIZES)
    assert python("db", base.db, "--vkey", base.vkey, "--pure")[0] == 0
    assert "Hội Liên hiệp Phụ nữ Việt Nam".encode() in b"".join(entries(base.db))


# ---------------------------------------------------------------- S1-S18
def test_s1_entry_bytes_edited(base, db):
    raw = entries(db)[4]
    sql(db, ("UPDATE events SET entry = ? WHERE seq = 5", (edited(raw, "lần", "lần thứ"),)))
    assert_detected(verify_both(db, base.vkey), r"seq 5\b.*leaf_hash", r"seq 5: stored leaf_hash mismatch")


@pytest.mark.parametrize("damage", ["leaf_hash", "column", "entry"])
def test_entries_checked_stop_before_the_first_bad_one(base, db, damage):
    # verify's count of entries is the good prefix: a bad entry in the middle of a chunk is
    # neither counted nor folded into the tree (its hash would change the roots checked next),
    # whether its stored hash, a query column or its bytes are wrong.
    raw = entries(db)[4]
    if damage == "leaf_hash":
        sql(db, ("UPDATE events SET leaf_hash = ? WHERE seq = 5", (bytes(32),)))
    elif damage == "column":
        sql(db, "UPDATE events SET type = 'x.y' WHERE seq = 5")
    else:
        spaced = b"{ " + raw[1:]
        sql(db, ("UPDATE events SET entry = ?, leaf_hash = ? WHERE seq = 5", (spaced, V.leaf_hash(spaced))))
    code, out = swift("--db", db, "verify", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["problem"]["seq"] == 5 and report["entries"] == 4, out
    words = {"leaf_hash": "leaf_hash", "column": "query column type", "entry": "not canonical"}[damage]
    assert words in report["problem"]["message"], out


def test_s2_entry_edited_and_hashes_recomputed(base, db):
    e = entries(db)
    e[4] = edited(e[4], "lần", "lần thứ")
    rewrite(db, e)                                   # leaf hash and Merkle cache, not the signatures
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint 8: root mismatch",
                    r"seq 8: stored checkpoint 8: root mismatch")


def test_a_root_mismatch_says_where_history_first_differs(base, db, tmp_path):
    """The entry at seq 5 edited and its leaf hash recomputed. Verify names the entries between
    the last stored checkpoint that still matches (size 3) and the first that does not (size 8);
    or, with the Merkle node cache left as it was (it still holds what was signed), the entries
    under the first wrong cached node when they are fewer: the cache of this log starts at level
    4 (16 entries, more than the checkpoints' 5), while one written by an older auditlog holds
    level 1 too, whose node (1, 2) is the hash over seqs 5 and 6. With the cache rebuilt, only
    the checkpoints tell. Both verifiers say it in the same words."""
    older = copy_db(db, tmp_path / "older.db")
    sql(older, *old_cache_levels(older, 20))
    e = entries(db)
    e[4] = edited(e[4], "lần", "lần thứ")
    by_checkpoints = "the first changed entry is in seq 4…8 (the stored checkpoint at size 3 still matches)"
    for path in (db, older):
        sql(path, ("UPDATE events SET entry = ?, leaf_hash = ? WHERE seq = 5", (e[4], V.leaf_hash(e[4]))))
    message = assert_same_problem(verify_both(db, base.vkey))
    assert message.endswith(by_checkpoints), message
    message = assert_same_problem(verify_both(older, base.vkey))
    assert message == ("seq 8: stored checkpoint 8: root mismatch: the entries are not what was signed (history "
                       "rewritten); the first changed entry is seq 5…6: the Merkle node cache still holds the hash "
                       "that was signed over them"), message
    rewrite(older, e)
    message = assert_same_problem(verify_both(older, base.vkey))
    assert message.endswith(by_checkpoints), message


def test_s3_s4_rewritten_and_resigned_needs_a_kept_checkpoint(base, db):
    e = entries(db)
    e[4] = edited(e[4], "lần", "lần thứ")
    rewrite(db, e, seed=base.seed)
    # S3: undetectable from the database alone, even with the right vkey
    assert_ok(verify_both(db, base.vkey))
    assert_ok(verify_both(db, base.vkey, [base.golden[3]]))   # a kept checkpoint before the edit
    # S4: the inspector kept the checkpoint of size 10: two signed roots for one size
    for size in (10, 20):
        results = verify_both(db, base.vkey, [base.golden[size]])
        assert_detected(results, rf"FORK.*\b{size}\b", rf"seq {size}: FORK: kept checkpoint \S+ signs another root for size {size}\b")
        assert_same_problem(results)


def test_s5_row_deleted(base, db):
    sql(db, "DELETE FROM events WHERE seq = 12")
    assert_detected(verify_both(db, base.vkey), r"seq gap.*12|12.*seq gap", r"seq 13: seq gap/reorder \(expected seq 12\)")


def test_s6_row_deleted_and_later_rows_renumbered(base, db):
    sql(db, "DELETE FROM events WHERE seq = 12",
        *[f"UPDATE events SET seq = {s - 1} WHERE seq = {s}" for s in range(13, 21)])
    assert_detected(verify_both(db, base.vkey), r"seq 12\b.*envelope seq", r"seq 12: envelope seq differs")


def test_s7_two_rows_swapped(base, db):
    sql(db, "UPDATE events SET seq = 1000 WHERE seq = 4", "UPDATE events SET seq = 4 WHERE seq = 6",
        "UPDATE events SET seq = 6 WHERE seq = 1000")
    assert_detected(verify_both(db, base.vkey), r"seq 4\b.*envelope seq", r"seq 4: envelope seq differs")


def test_s8_tail_truncated_checkpoints_kept(base, db):
    sql(db, "DELETE FROM events WHERE seq > 15")
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint size 20 > log size 15",
                    r"stored checkpoint size 20 > log size 15 \(truncation/rollback\)")


def test_s9_tail_truncated_and_later_checkpoints_dropped(base, db):
    sql(db, "DELETE FROM events WHERE seq > 12", "DELETE FROM checkpoints WHERE size > 12")
    assert_detected(verify_both(db, base.vkey, [base.golden[10]]), r"2 trailing entries not covered",
                    r"2 trailing entries not covered by a signed checkpoint")


def test_s10_truncated_and_inspector_holds_a_later_checkpoint(base, db):
    sql(db, "DELETE FROM events WHERE seq > 12", "DELETE FROM checkpoints WHERE size > 12")
    assert_detected(verify_both(db, base.vkey, [base.golden[20]]),
                    r"size 20 > log size 12 \(truncation/rollback\)",
                    r"kept checkpoint size 20 > log size 12 \(truncation/rollback\)")


def test_s11_equivocation_a_second_signed_root_for_one_size(base, db, tmp_path):
    # the operator shows an inspector another signed checkpoint of size 10 (a forked history)
    e = entries(db)[:10]
    e[9] = edited(e[9], "lần", "bản khác, lần")
    other = tmp_path / "shown-elsewhere-10.txt"
    other.write_text(checkpoint_note(10, roots(e)[10], base.seed))
    assert_detected(verify_both(db, base.vkey, [other]), r"FORK.*\b10\b",
                    r"seq 10: FORK: kept checkpoint \S+ signs another root for size 10")


def test_s12_s13_rollback_to_an_older_copy(base, tmp_path):
    rolled = copy_db(base.snapshot10, tmp_path / "rolled-back.db")
    # S12: the inspector holds the checkpoint of size 20
    assert_detected(verify_both(rolled, base.vkey, [base.golden[20]]),
                    r"size 20 > log size 10 \(truncation/rollback\)",
                    r"kept checkpoint size 20 > log size 10 \(truncation/rollback\)")
    # S13: an inspector who only ever saw size 10 (or less) cannot tell
    assert_ok(verify_both(rolled, base.vkey, [base.golden[8], base.golden[10]]))


def test_s14_checkpoint_signed_by_another_key_with_the_same_name_and_id(base, db):
    note = checkpoint_note(10, roots(entries(db))[10], b"\x42" * 32, key_id=base.key_id)
    sql(db, ("UPDATE checkpoints SET note = ? WHERE size = 10", (note,)))
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint 10 rejected: bad signature",
                    r"stored checkpoint 10 rejected: bad signature")


def resigned_with(base, db, index, new_bytes):
    e = entries(db)
    e[index] = new_bytes
    rewrite(db, e, seed=base.seed)


def test_s15_same_content_other_bytes_rehashed_and_resigned(base, db):
    raw = entries(db)[3]
    resigned_with(base, db, 3, raw.replace(b'"payload":', b'"payload": '))
    assert_detected(verify_both(db, base.vkey), r"seq 4\b.*canonical", r"seq 4: entry is not canonical")


def test_s15b_escaped_text_rehashed_and_resigned(base, db):
    raw = entries(db)[3]
    obj = json.loads(raw)
    ascii_text = json.dumps(obj["payload"]["text"], ensure_ascii=True).encode()   # \u1ed9 escapes
    resigned_with(base, db, 3, raw.replace(json.dumps(obj["payload"]["text"], ensure_ascii=False).encode(),
                                           ascii_text))
    assert_detected(verify_both(db, base.vkey), r"seq 4\b.*canonical", r"seq 4: entry is not canonical")


def test_s16_nfd_text_rehashed_and_resigned(base, db):
    obj = json.loads(entries(db)[3])
    obj["payload"]["text"] = unicodedata.normalize("NFD", obj["payload"]["text"])
    assert not unicodedata.is_normalized("NFC", obj["payload"]["text"])
    resigned_with(base, db, 3, canon(obj))
    assert_detected(verify_both(db, base.vkey), r"seq 4\b.*NFC", r"seq 4: entry text is not NFC")


def test_s17_duplicate_key_rehashed_and_resigned(base, db):
    raw = entries(db)[3]
    resigned_with(base, db, 3, raw[:-1] + b',"v":1}')
    assert_detected(verify_both(db, base.vkey), r"seq 4\b.*(duplicate|not unique)", r"seq 4: duplicate key")


def test_s18_entry_appended_after_the_last_checkpoint(base, db):
    obj = json.loads(entries(db)[-1])
    obj.update(seq=21, event_id="019bbf98-7b80-7000-8000-000000000021", subject="org/moi",
               subject_version=1)
    raw = canon(obj)
    sql(db, ("INSERT INTO events VALUES (21, ?, ?, ?, ?, ?, 1, ?, ?)",
             (raw, V.leaf_hash(raw), obj["event_id"], obj["type"], obj["subject"], obj["occurred_at"],
              obj["recorded_at"])))
    assert_detected(verify_both(db, base.vkey), r"1 trailing entries not covered",
                    r"1 trailing entries not covered by a signed checkpoint")


# ---------------------------------------------------------------- S19-S24
def test_s19_stale_checkpoint_served_as_the_latest(base, tmp_path):
    # a consistency "proof" from the inspector's size 20 to an older size 10 is a rollback
    stale = tmp_path / "stale.txt"
    stale.write_text("old 20\n\n" + base.golden[10].read_text())
    code, out = swift("verify-proof", stale, "--vkey", base.vkey, "--old", base.golden[20])
    assert code == 1, out
    code, out = python("proof", stale, "--vkey", base.vkey, "--old", base.golden[20])
    assert code == 1 and "rollback" in out, out


def test_s20_checkpoint_of_another_log(base, db, tmp_path):
    other = Auditlog(tmp_path / "other")
    other.dir.mkdir()
    other.init("so-noi-vu.example.vn/test")
    other.append_lines([event(i) for i in range(1, 11)])
    foreign = tmp_path / "foreign-10.txt"
    foreign.write_bytes(other.run("checkpoint", check=0).stdout)
    # kept by the inspector
    results = verify_both(db, base.vkey, [foreign])
    assert_detected(results, r"another log's checkpoint.*wrong origin",
                    r'kept checkpoint \S+ is of the log "so-noi-vu.example.vn/test", not of this log '
                    r"so-noi-vu.example.vn/audit: another log's checkpoint.*wrong origin", swift_label="CHECK INPUT")
    assert_same_problem(results, "CHECK INPUT")
    # stored in the database in place of the log's own
    sql(db, ("UPDATE checkpoints SET note = ? WHERE size = 10", (foreign.read_text(),)))
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint 10 rejected: .*origin",
                    r"stored checkpoint 10 rejected: wrong origin")
    # the log's own key, but a note that names another origin
    sql(db, ("UPDATE checkpoints SET note = ? WHERE size = 10",
             (checkpoint_note(10, roots(entries(db))[10], base.seed, origin="so-noi-vu.example.vn/test"),)))
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint 10 rejected: .*origin",
                    r"stored checkpoint 10 rejected: wrong origin")


def malformed_notes(base, db):
    r = base64.b64encode(roots(entries(db))[10]).decode()
    good = checkpoint_note(10, roots(entries(db))[10], base.seed)
    resign = lambda text: sign(text, base.seed)
    return {
        "leading zeros": resign(f"{ORIGIN}\n010\n{r}\n"),
        "size -1": resign(f"{ORIGIN}\n-1\n{r}\n"),
        "bad base64": resign(f"{ORIGIN}\n10\n{r.rstrip('=')}\n"),
        "non-canonical base64": resign(f"{ORIGIN}\n10\n{r[:-2]}{chr(ord(r[-2]) + 1) if r[-2] in 'AEIMQUYcgkosw048' else r[-2]}=\n"),
        "31-byte root": resign(f"{ORIGIN}\n10\n{base64.b64encode(base64.b64decode(r)[:31]).decode()}\n"),
        "hyphen for em dash": good.replace("\u2014 ", "- "),
        "CRLF": good.replace("\n", "\r\n"),
        "missing blank line": good.replace("\n\n", "\n"),
        "two blank lines": good.replace("\n\n", "\n\n\n"),
        "extension line": resign(f"{ORIGIN}\n10\n{r}\nextension\n"),
        "no signature": good.split("\n\n")[0] + "\n\n",
    }


S21_NAMES = ("leading zeros", "size -1", "bad base64", "non-canonical base64", "31-byte root",
             "hyphen for em dash", "CRLF", "missing blank line", "two blank lines", "extension line",
             "no signature")


@pytest.mark.parametrize("name", S21_NAMES)
def test_s21_malformed_stored_checkpoint(base, db, name):
    note = malformed_notes(base, db)[name]
    sql(db, ("UPDATE checkpoints SET note = ? WHERE size = 10", (note,)))
    assert_detected(verify_both(db, base.vkey), r"stored checkpoint 10 rejected", r"stored checkpoint 10 rejected")


@pytest.mark.parametrize("name", S21_NAMES)
def test_s21_malformed_inspector_checkpoint(base, db, tmp_path, name):
    kept = tmp_path / "kept.txt"
    kept.write_text(malformed_notes(base, db)[name])
    assert_detected(verify_both(db, base.vkey, [kept]), r"kept checkpoint .* rejected",
                    r"kept checkpoint .* rejected")


def test_s21_unknown_witness_signature_is_ignored(base, db, tmp_path):
    kept = tmp_path / "kept-with-witness.txt"
    note = base.golden[10].read_text()
    text = note.split("\n\n")[0] + "\n"
    witness = sign(text, b"\x77" * 32, name="witness.example.org/w1").split("\n\n")[1]
    kept.write_text(note + witness)
    sql(db, ("UPDATE checkpoints SET note = ? WHERE size = 10", (note + witness,)))
    assert_ok(verify_both(db, base.vkey, [kept]))


def vkey_of(seed, name=ORIGIN):
    pub = V.ed25519_public_key(seed)[2]
    return f"{name}+{V.key_id(name, pub).hex()}+" + base64.b64encode(b"\x01" + pub).decode()


def test_s24_key_substitution(base, db):
    # a new key in log_meta and every checkpoint re-signed with it, after a rewrite
    seed = b"\x24" * 32
    new_vkey = vkey_of(seed)
    e = entries(db)
    e[4] = edited(e[4], "lần", "lần thứ")
    rewrite(db, e, seed=seed)
    sql(db, ("UPDATE log_meta SET vkey = ?", (new_vkey,)))
    assert_ok(verify_both(db))                                     # the file's own key: blind (documented)
    # Re-signed from the start: verify cannot tell this from a wrong --vkey, and says both.
    results = verify_both(db, base.vkey)
    assert_detected(results, r"not this log's.*re-signed.*key substitution",
                    r"no checkpoint in the file is signed by the key given.*not this log's.*re-signed.*key substitution",
                    swift_label="CHECK INPUT")
    assert_same_problem(results, "CHECK INPUT")


def test_s24_vkey_row_replaced_only(base, db):
    new_vkey = vkey_of(b"\x24" * 32)
    sql(db, ("UPDATE log_meta SET vkey = ?", (new_vkey,)))
    # The first checkpoint is still signed by the key given: the file's key was replaced.
    results = verify_both(db, base.vkey)
    assert_detected(results, r"first checkpoint is signed by the key given.*key substitution",
                    r"first checkpoint is signed by the key given.*key substitution")
    assert_same_problem(results)
    assert_detected(verify_both(db), r"no signature by the trusted key", r"stored checkpoint 0 rejected: no signature by the trusted key")


def test_the_vkey_of_another_log_is_refused(base, db, tmp_path):
    other = Auditlog(tmp_path / "other")
    other.dir.mkdir()
    other_vkey = other.init("so-noi-vu.example.vn/other")
    results = verify_both(db, other_vkey)
    assert_detected(results, r"another log's key.*wrong origin", r"another log's key.*wrong origin", swift_label="CHECK INPUT")
    assert_same_problem(results, "CHECK INPUT")


def test_damaged_merkle_cache_is_reported_and_never_yields_a_bad_receipt(base, db, tmp_path):
    """Not one of S1-S27: merkle_nodes is derived data, but Schemas/sql/README.md says `verify`
    checks it, and `prove` builds receipts from it (seq 17's path at size 20 holds node (4, 0))."""
    sql(db, "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 0")
    assert_detected(verify_both(db, base.vkey), r"(?i)merkle|cache", r"merkle_nodes \(4, 0\) differs")
    code, out = swift("--db", db, "prove", 17, "--size", 20)
    assert code == 74 and "does not lead to the root its checkpoint signs" in out and "auditlog verify" in out, out
    code, receipt = swift("--db", db, "prove", 3, "--size", 20)   # a path without the damaged node
    assert code == 0, receipt
    f = tmp_path / "r.tlog-proof"
    f.write_text(receipt)
    assert python("proof", f, "--vkey", base.vkey)[0] == 0, "auditlog prove printed a bad receipt"


def test_a_damaged_page_of_entries_is_damage_not_tampering(base, db):
    """Not one of S1-S27: garbage in a page of the events table is the disk's or a copy's doing,
    not a change of history. `auditlog verify --pages` (SQLite's check of every page) says
    DAMAGED; verify.py, which reads every row, cannot read that page and says damage too."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        leaves = [p for (p,) in con.execute("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
                                            "ORDER BY path")]
    # The leaves in key order: one between the first and the last (both are read to open the log at all).
    assert len(leaves) >= 3, leaves
    page = leaves[len(leaves) // 2]
    with open(db, "r+b") as f:                        # a table-leaf page whose cell count is garbage
        f.seek((page - 1) * page_size)
        f.write(b"\x0d" + b"\xff" * 7)
    results = swift("--db", db, "verify", "--vkey", base.vkey, "--pages"), python("db", db, "--vkey", base.vkey)
    assert_detected(results, r"the database file is damaged", r"^FAIL \(damage\): the database file is damaged \(SQLite: ",
                    swift_label="DAMAGED")


@pytest.mark.parametrize("level, idx", [(4, 1), (5, 0), (0, 3)])
def test_cached_nodes_no_entry_accounts_for_are_reported(base, db, level, idx):
    """Nodes after a level's last node (20 leaves: (4, 0) is the last) or at a level the tree
    does not reach must not pass unseen."""
    sql(db, ("INSERT INTO merkle_nodes VALUES (?, ?, zeroblob(32))", (level, idx)))
    assert_detected(verify_both(db, base.vkey), r"holds 1 nodes that no entry accounts for", r"(?i)merkle_nodes")


def old_cache_levels(path, upto):
    """The nodes of levels 1 to 3 an append made before the lowest cached level existed would have
    stored, for the first `upto` leaves."""
    leaves = [bytes(h) for (h,) in rows(path, "SELECT leaf_hash FROM events WHERE seq <= ? ORDER BY seq", upto)]
    return cache_rows(leaves, (1, 2, 3))


def test_the_node_cache_holds_no_level_below_the_fourth(base):
    """Each append stores the tree's nodes from level 4 up only: the 20 leaves of the base log
    complete 18 interior nodes, of which one, (4, 0), is stored."""
    assert rows(base.db, "SELECT level, idx FROM merkle_nodes") == [(4, 0)]


@pytest.mark.parametrize("upto", [20, 13, 8])
def test_levels_below_the_fourth_from_older_appends_are_checked_where_held(base, db, tmp_path, upto):
    """A log appended to by an older auditlog holds levels 1 to 3 for its first events: it
    verifies with both verifiers, each of those nodes is checked, one missing within them is
    reported, and receipts and consistency proofs across the older part still hold."""
    sql(db, *old_cache_levels(db, upto))
    assert [r[0] for r in verify_both(db, base.vkey)] == [0, 0]
    for seq in (1, 8, 13, 17, 20):
        code, receipt = swift("--db", db, "prove", seq, "--size", 20)
        assert code == 0, receipt
        (tmp_path / "r.tlog-proof").write_text(receipt)
        assert python("proof", tmp_path / "r.tlog-proof", "--vkey", base.vkey)[0] == 0, receipt
    for old in (3, 8, 14):
        code, proof = swift("--db", db, "consistency", "--from", old, "--to", 20)
        assert code == 0, proof
        (tmp_path / "c.txt").write_text(proof)
        assert python("proof", tmp_path / "c.txt", "--old", base.golden[old], "--vkey", base.vkey)[0] == 0, old
    damaged = copy_db(db, tmp_path / "damaged.db")
    sql(damaged, "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1")
    assert_detected(verify_both(damaged, base.vkey), r"wrong hash for node \(level 2, index 1\)",
                    r"merkle_nodes \(2, 1\) differs")
    sql(db, "DELETE FROM merkle_nodes WHERE level = 1 AND idx = 2")
    assert_detected(verify_both(db, base.vkey), r"lacks node \(level 1, index 2\)", r"merkle_nodes lacks \(1, 2\)")


def test_a_level_below_the_fourth_that_appears_out_of_place_is_reported(base, db):
    """A stray node at a level appends no longer store makes that level look held: its first node
    is then missing, for both verifiers."""
    sql(db, "INSERT INTO merkle_nodes VALUES (1, 5, zeroblob(32))")
    assert_detected(verify_both(db, base.vkey), r"lacks node \(level 1, index 0\)", r"merkle_nodes lacks \(1, 0\)")


def test_events_table_redefined_with_the_same_rows_is_scanned_for_odd_seqs(base, db):
    """verify skips the scan for non-integer seqs only while the table is as the schema defines
    it; a table rebuilt with the same (good) rows is scanned, and passes."""
    sql(db, "CREATE TABLE ev2 (seq INTEGER, entry BLOB, leaf_hash BLOB, event_id TEXT, type TEXT, subject TEXT, "
            "subject_version INTEGER, occurred_at TEXT, recorded_at TEXT)",
        "INSERT INTO ev2 SELECT * FROM events", "DROP TABLE events", "ALTER TABLE ev2 RENAME TO events")
    code, out = swift("--db", db, "verify", "--vkey", base.vkey)
    assert code == 0 and out.rstrip().endswith("OK"), out


# ---------------------------------------------------------------- proofs across implementations
def test_receipts_cross_both_ways_and_are_byte_identical(base, tmp_path):
    for size in (3, 10, 20):
        for seq in range(1, size + 1):
            code, s_receipt = swift("--db", base.db, "prove", seq, "--size", size)
            assert code == 0, s_receipt
            code, p_receipt = python("make-proof", base.db, seq, "--size", size)
            assert code == 0, p_receipt
            assert s_receipt == p_receipt
            f = tmp_path / f"r-{size}-{seq}.tlog-proof"
            f.write_text(p_receipt)
            assert swift("verify-proof", f, "--vkey", base.vkey)[0] == 0
            code, out = python("proof", f, "--vkey", base.vkey)
            assert code == 0 and f"OK: entry seq {seq} " in out, out


def test_consistency_proofs_cross_both_ways_and_are_byte_identical(base, tmp_path):
    for to in (8, 14, 20):
        for frm in SIZES:
            if frm > to:
                continue
            code, s_body = swift("--db", base.db, "consistency", "--from", frm, "--to", to)
            assert code == 0, s_body
            code, p_body = python("make-consistency", base.db, "--from", frm, "--to", to)
            assert code == 0, p_body
            assert s_body == p_body, (frm, to)
            f = tmp_path / f"c-{frm}-{to}.txt"
            f.write_text(p_body)
            code, out = swift("verify-proof", f, "--vkey", base.vkey, "--old", base.golden[frm])
            assert code == 0, (frm, to, out)
            code, out = python("proof", f, "--vkey", base.vkey, "--old", base.golden[frm])
            assert code == 0, (frm, to, out)
    # a body from a size that has no checkpoint is still generated identically
    assert swift("--db", base.db, "consistency", "--from", 5, "--to", 20)[1] == \
        python("make-consistency", base.db, "--from", 5, "--to", 20)[1]


def flip_line(line):
    raw = bytearray(base64.b64decode(line))
    raw[0] ^= 8
    return base64.b64encode(bytes(raw)).decode()


def mutations(text):
    """S22 at the text level: every single change to a receipt or consistency body."""
    head, note = text.split("\n\n", 1)
    lines = head.split("\n")
    out = {}
    for i, line in enumerate(lines[1:], 1):
        if line.startswith(("index ", "old ")):
            word, n = line.split(" ")
            for m in {int(n) - 1, int(n) + 1, int(n) ^ 2, 2 * int(n) + 1} - {int(n)}:
                if m >= 0:
                    out[f"{word} {m}"] = lines[:i] + [f"{word} {m}"] + lines[i + 1:]
        elif line.startswith("extra "):
            obj = json.loads(base64.b64decode(line[6:]))
            obj["payload"]["n"] += 1000
            out["extra"] = lines[:i] + ["extra " + base64.b64encode(canon(obj)).decode()] + lines[i + 1:]
        else:
            out[f"flip {i}"] = lines[:i] + [flip_line(line)] + lines[i + 1:]
            out[f"remove {i}"] = lines[:i] + lines[i + 1:]
            out[f"duplicate {i}"] = lines[:i + 1] + lines[i:]
    out["added"] = lines + [base64.b64encode(V.EMPTY_ROOT).decode()]
    result = {k: "\n".join(v) + "\n\n" + note for k, v in out.items()}
    size_line = note.split("\n")[1]
    result["size x2"] = head + "\n\n" + note.replace(f"\n{size_line}\n", f"\n{int(size_line) * 2}\n", 1)
    result["note re-signed by another key"] = head + "\n\n" + sign(note.split("\n\n")[0] + "\n", b"\x55" * 32)
    return result


def test_s22_mutated_receipts_fail_in_both(base, tmp_path):
    for seq, size in ((1, 20), (7, 20), (16, 20), (20, 20), (9, 10), (3, 3)):
        receipt = swift("--db", base.db, "prove", seq, "--size", size)[1]
        for desc, bad in mutations(receipt).items():
            f = tmp_path / "bad.tlog-proof"
            f.write_text(bad)
            code, out = swift("verify-proof", f, "--vkey", base.vkey)
            assert code == 1, (seq, size, desc, out)
            code, out = python("proof", f, "--vkey", base.vkey)
            assert code == 1, (seq, size, desc, out)


def test_s22_mutated_consistency_proofs_fail_in_both(base, tmp_path):
    for frm, to in ((3, 20), (8, 20), (10, 14), (3, 8), (14, 20)):
        body = swift("--db", base.db, "consistency", "--from", frm, "--to", to)[1]
        cases = mutations(body)
        cases["roots swapped"] = None
        for desc, bad in cases.items():
            f = tmp_path / "bad.txt"
            old = base.golden[frm]
            if bad is None:                                # the new checkpoint given as the old one
                f.write_text(f"old {to}\n" + body.split("\n", 1)[1].split("\n\n", 1)[0] + "\n\n"
                             + base.golden[frm].read_text())
                old = base.golden[to]
            else:
                f.write_text(bad)
            code, out = swift("verify-proof", f, "--vkey", base.vkey, "--old", old)
            assert code == 1, (frm, to, desc, out)
            code, out = python("proof", f, "--vkey", base.vkey, "--old", old)
            assert code == 1, (frm, to, desc, out)
    # size1 = 0 with a non-empty proof, and equal sizes with a non-empty proof
    body = swift("--db", base.db, "consistency", "--from", 3, "--to", 20)[1]
    for old_size in (0, 20):
        f = tmp_path / "edge.txt"
        f.write_text(body.replace("old 3\n", f"old {old_size}\n", 1))
        for run in (lambda: swift("verify-proof", f, "--vkey", base.vkey, "--old", base.golden[old_size]),
                    lambda: python("proof", f, "--vkey", base.vkey, "--old", base.golden[old_size])):
            code, out = run()
            assert code == 1, (old_size, out)


def test_s23_interior_node_preimage_as_a_receipt_entry(base, tmp_path):
    receipt = swift("--db", base.db, "prove", 1, "--size", 20)[1]
    head, note = receipt.split("\n\n", 1)
    lines = head.split("\n")
    e = entries(base.db)
    forged_entry = V.leaf_hash(e[0]) + V.leaf_hash(e[1])   # the 64 bytes under node (level 1, idx 0)
    forged = "\n".join([lines[0], "extra " + base64.b64encode(forged_entry).decode(), "index 0"]
                       + lines[4:]) + "\n\n" + note
    f = tmp_path / "forged.tlog-proof"
    f.write_text(forged)
    assert swift("verify-proof", f, "--vkey", base.vkey)[0] == 1
    assert python("proof", f, "--vkey", base.vkey)[0] == 1


def test_rows_hidden_beyond_a_text_seq_in_a_rebuilt_table_are_found(base, db):
    """Found in review: a table rebuilt without its INTEGER PRIMARY KEY can hold a seq stored as
    text, which max(seq) reports; rows beyond it must not go unread."""
    n = query(db, "SELECT max(seq) FROM events")[0][0]
    cut = n - 5
    sql(db, f"DELETE FROM checkpoints WHERE size > {cut}",
        "CREATE TABLE ev2 (seq, entry BLOB, leaf_hash BLOB, event_id TEXT, type TEXT, subject TEXT, subject_version INTEGER, "
        "occurred_at TEXT, recorded_at TEXT)",
        "INSERT INTO ev2 SELECT * FROM events",
        (f"INSERT INTO ev2 VALUES (?, x'00', x'00', 'x', 'x', 'x', 1, 'x', 'x')", (str(cut),)),
        "DROP TABLE events", "ALTER TABLE ev2 RENAME TO events",
        f"DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > {cut}")
    assert_detected(verify_both(db, base.vkey), r"(?i)rows|seq", r"(?i)seq")
