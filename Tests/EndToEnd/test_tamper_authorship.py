"""The tamper suite's authorship cases: an operator who holds the log's key forges who recorded an
event, and BOTH verifiers (`auditlog verify` and `tools/verify.py db`) report it at the forged
entry as tampering (docs/authorship.md "In `verify`"): a report recorded without the reporter's
key under an enforce rule (unsigned, or signed by another body's key), a signature over other
bytes, a revoked key used after its revocation, a key registered after the entry it vouches for
with a backdated `valid_from`. A rule turned off to let an unsigned report in and turned back on
is legitimate, so both pass, but it stays visible: both print the same `NOTE` naming the entry,
and `auditlog log --type authorship.rule_set` lists the rule events.

Each log is built with the binary (the setup of test_authorship.py), then forged with
test_authorship.forge: the entry changed, the Merkle cache rebuilt and every checkpoint re-signed
with the log's key, so only the authorship checks can tell."""
import json

import pytest

from conftest import query
from test_authorship import SIGNER, Rules, eid, forge, registered, renamed, report, revoked, rule
from test_tamper import KINDS, assert_same_problem, problems, python, verify_both

OTHER, CLERK = "ht:hoi-khac/vp", "ht:so-noi-vu/van-thu"


@pytest.fixture
def r(tmp_path):
    """A v1 log with hoi-nong-dan (signer SIGNER), hoi-khac (signer OTHER), the recipient and the
    Sở Nội vụ (its clerk CLERK), every key registered; `log_vkey` is the log's own vkey as the
    inspector holds it (read before any forgery: the one `init` printed)."""
    log = Rules(tmp_path)
    log.log_vkey = query(log.log.db, "SELECT vkey FROM log_meta")[0][0]
    return log


def seq_of(r, n):
    [(seq,)] = query(r.log.db, "SELECT seq FROM events WHERE event_id = ?", eid(n))
    return seq


def rule_seqs(r):
    return [seq for (seq,) in query(r.log.db, "SELECT seq FROM events WHERE type = 'authorship.rule_set' ORDER BY seq")]


def verify(r):
    return verify_both(r.log.db, r.log_vkey)


def assert_tampering_at(results, seq):
    """Both exit 1 with a problem of the entry at `seq`, labelled TAMPERING by auditlog and of
    kind tampering in verify.py. Returns the two messages."""
    (s_code, s_out), (p_code, p_out) = results
    (s_label, s_message), (p_kind, p_message) = problems(results)
    assert (s_code, s_label) == (1, "TAMPERING"), s_out
    assert (p_code, p_kind) == (1, KINDS["TAMPERING"]), p_out
    assert s_message.startswith(f"seq {seq}: ") and p_message.startswith(f"seq {seq}: "), (s_message, p_message)
    return s_message, p_message


def test_a_report_forged_unsigned_under_an_enforce_rule_is_caught_by_both(r):
    """The reporter signed its report under an enforce rule; the operator strips the signature,
    as if the report had been recorded without the reporter's key."""
    r.append(rule("report.submitted", "enforce", clerks=[CLERK]))
    r.append_signed(report(20))
    [rule_seq], seq = rule_seqs(r), seq_of(r, 20)
    assert [code for code, _ in verify(r)] == [0, 0]
    forge(r.log.db, seq, lambda o: o.pop("author"))
    message = assert_same_problem(verify(r))
    assert message == (f"seq {seq}: recorded against the authorship rule: the line is unsigned; its type is recorded "
                       f"only signed (rule at seq {rule_seq}) (FORGED authorship or a rule bypassed)"), message


def test_a_report_signed_by_another_bodys_key_under_an_enforce_rule_is_caught_by_both(r):
    """The signature is replaced by one of hoi-khac's signer over the same bytes: it verifies, but
    the report is hoi-nong-dan's to record and hoi-khac is no successor of it."""
    r.append(rule("report.submitted", "enforce", clerks=[CLERK]))
    r.append_signed(report(21))
    [rule_seq], seq = rule_seqs(r), seq_of(r, 21)
    [by_other] = r.signed(report(21), key=r.other_key)
    assert by_other["author"]["signer"] == OTHER
    forge(r.log.db, seq, lambda o: o.update(author=by_other["author"]))
    message = assert_same_problem(verify(r))
    assert message == (f'seq {seq}: recorded against the authorship rule: "{OTHER}" acts for "hoi-khac", and it is '
                       f'"hoi-nong-dan"\'s to record (rule at seq {rule_seq}) (FORGED authorship or a rule bypassed)'), message


def test_a_signature_over_other_bytes_is_caught_by_both(r):
    """The operator changes a signed report's payload and keeps its signature: the signature is
    over the bytes as signed, not these."""
    r.append_signed(report(22))
    seq = seq_of(r, 22)
    forge(r.log.db, seq, lambda o: o["payload"].update(recipient="hoi-khac"))
    s_message, p_message = assert_tampering_at(verify(r), seq)
    assert "does not verify" in s_message and "FORGED or altered authorship" in s_message, s_message
    assert p_message == f"seq {seq}: author signature does not verify (signer {SIGNER}, key {r.key_id})", p_message


def test_a_revoked_key_used_after_its_revocation_is_caught_by_both(r):
    """The key is revoked (lost); the operator later puts a line signed with it into the log, in
    place of an unsigned entry with the same content."""
    r.append(revoked(r.key_id))
    [(revoked_at,)] = query(r.log.db, "SELECT seq FROM events WHERE type = 'signer.revoked'")
    r.append(renamed(30))
    seq = seq_of(r, 30)
    [signed] = r.signed(renamed(30))                        # signing needs no log: the key still signs
    forge(r.log.db, seq, lambda o: o.update(author=signed["author"]))
    s_message, p_message = assert_tampering_at(verify(r), seq)
    assert f"was revoked at seq {revoked_at}" in s_message, s_message
    assert p_message == f"seq {seq}: author key {r.key_id} of {SIGNER} was revoked at seq {revoked_at}", p_message


def test_a_key_registered_after_the_entry_with_a_backdated_valid_from_is_caught_by_both(r, tmp_path):
    """An unsigned entry, then a new key of the signer registered with a valid_from long before it:
    the operator signs the earlier entry with the new key. The date would pass; the registry's
    order (registered at an earlier seq) does not."""
    r.append(renamed(40))
    seq = seq_of(r, 40)
    new_key = tmp_path / "new.key"
    new_vkey = r.keygen(SIGNER, new_key)
    new_id = new_vkey.split("+")[1]
    r.append(registered(new_vkey, valid_from="2020-01-01"))
    [(registered_at,)] = query(r.log.db, "SELECT max(seq) FROM events WHERE type = 'signer.registered'")
    assert registered_at > seq
    [signed] = r.signed(renamed(40), key=new_key)
    forge(r.log.db, seq, lambda o: o.update(author=signed["author"]))
    s_message, p_message = assert_tampering_at(verify(r), seq)
    assert f"key {new_id} of \"{SIGNER}\" is not registered before this event" in s_message, s_message
    assert p_message == f"seq {seq}: author key {new_id} of {SIGNER} is not registered before this entry", p_message


def test_a_rule_turned_off_to_let_an_unsigned_report_in_passes_both_and_is_noted(r):
    """enforce, then off, an unsigned report appended, then enforce again: every step is allowed
    (docs/authorship.md "Who may record what": under off nothing is checked), so both verifiers
    pass; but the rule events are in the log for anyone to list, and both verifiers name the entry
    recorded while the rule was off in a NOTE."""
    r.append(rule("report.submitted", "enforce"))
    r.append(rule("report.submitted", "off"))
    r.append(report(50))
    r.append(rule("report.submitted", "enforce"))
    enforce_seq, off_seq, again_seq = rule_seqs(r)
    seq = seq_of(r, 50)
    assert enforce_seq < off_seq < seq < again_seq
    (s_code, s_out), (p_code, p_out) = results = verify(r)
    assert (s_code, p_code) == (0, 0) and s_out.rstrip().endswith("OK") and p_out.rstrip().endswith("OK"), results
    note = (f"seq {seq}: recorded while the rule for report.submitted was off: the line is unsigned; its type is "
            f"recorded only signed (rule at seq {off_seq})")
    assert [line for line in s_out.splitlines() if line.startswith("NOTE")] == [f"NOTE         {note}"], s_out
    assert [line for line in p_out.splitlines() if line.startswith("NOTE")] == [f"NOTE         {note}"], p_out
    s_json = json.loads(r.log.run("verify", "--vkey", r.log_vkey, "--format", "json", check=0).stdout)
    assert s_json["notes"] == [{"seq": seq, "message": note.split(": ", 1)[1]}], s_json
    code, out = python("db", r.log.db, "--vkey", r.log_vkey, "--json")
    assert code == 0 and json.loads(out)["notes"] == [note] and json.loads(out)["problem_kind"] is None, out
    # The rule's history, as `auditlog log` lists it.
    listed = r.log.run("log", "--type", "authorship.rule_set", "--format", "ndjson", check=0).stdout.decode()
    modes = [(e["seq"], e["payload"]["mode"]) for e in map(json.loads, listed.splitlines())]
    assert modes == [(enforce_seq, "enforce"), (off_seq, "off"), (again_seq, "enforce")], listed
    table = r.log.run("log", "--type", "authorship.rule_set", check=0).stdout.decode()
    assert [int(line.split()[0]) for line in table.splitlines()[1:]] == [enforce_seq, off_seq, again_seq], table
