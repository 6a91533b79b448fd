#!/usr/bin/env python3
"""Checks the sample batches of tools/samples/ against Schemas/README.md (the v1 event catalogue).

    python3 tools/samples/check.py [--no-schemas] [--quiet]

Standard library only (the optional JSON Schema pass uses the `jsonschema` package when
Schemas/events/*.schema.json exist and it is installed). What is checked:

- manifest.json: keys, files exist, recorded_at is RFC 3339 UTC and non-decreasing, the last
  one on or before 2026-11-24;
- every line: JSON with integers only (no floats), no duplicate keys, the envelope keys
  (`type`, `occurred_at`, `actor`, `payload`, `event_id`?, `meta`?; no `subject`), a catalogue
  type, an occurred_at form (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]±HH:MM`) naming
  a real date whose first instant in Asia/Ho_Chi_Minh is at most one day after the batch's
  recorded_at, a lower-case unique UUID event_id, NFC strings, keys matching [a-z0-9_]+;
- every payload against the catalogue: required and allowed fields, value kinds (slug, id,
  doc_key, req_ref, date, duration, schedule, decimal, document number), DocRef, DocCite,
  OrgSelector, requirements and their template params, param_source, evidence; authorship rules
  (a catalogue event type, a mode, clerks that are signer names);
- the reference rules: every organisation, document, requirement, task, recommendation,
  assignment, meeting and event id a payload names is declared by an earlier line; declaring
  lines do not reuse an id; corrections and retractions target events they may target, and a
  correction's patched payload is still valid; successor links do not form a cycle; a signer's
  key is registered once (its vkey naming the signer, its key id its own) and revoked once, and
  registry events are neither corrected nor retracted;
- data-quality: events recorded more than 7 days after they occurred (late_recording) are
  counted; more than 90 days needs meta.backfill_reason.

Prints counts per type and per batch; exits 1 on any error.
"""
import base64
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TZ = timezone(timedelta(hours=7))
LAST_RECORDED = "2026-11-24"

TYPES = [
    "document.registered", "directive.issued", "requirement.amended", "requirement.lifted", "directive.disseminated",
    "organization.registered", "organization.renamed", "organization.changed", "organization.merged",
    "organization.split", "organization.suspended", "organization.reinstated", "organization.dissolved",
    "successor.designated", "monitoring.assigned", "monitoring.revoked", "task.assigned", "task.completed",
    "task.cancelled", "report.submitted", "membership.reported", "meeting.held", "inspection.planned",
    "inspection.conducted", "congress.appraised", "congress.held", "leadership.changed", "recommendation.filed",
    "recommendation.forwarded", "recommendation.resolved", "event.corrected", "event.retracted",
    "signer.registered", "signer.revoked", "authorship.rule_set",
]
ENVELOPE = {"type", "occurred_at", "actor", "payload", "event_id", "meta"}
META_KEYS = {"correlation_id", "causation_id", "source", "note", "backfill_reason"}
KINDS = ["party_committee", "party_board", "party_commission", "party_office", "party_cell", "government",
         "department", "ctxh", "hqc", "other"]
LEVELS = ["central", "province", "district", "commune", "grassroots"]
ROLES = ["theo_doi", "tham_muu", "quan_ly_nha_nuoc", "can_bo_chuyen_trach"]
INSPECTION_KINDS = ["kiem_tra", "giam_sat", "thanh_tra", "lam_viec"]

RE_SLUG = re.compile(r"^([a-z0-9-]+:)?[a-z0-9-]+$")
RE_PROVINCE = re.compile(r"^[a-z0-9-]+$")
RE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
RE_REQ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RE_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
RE_DECIMAL = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
RE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RE_KEY = re.compile(r"^[a-z0-9_]+$")
RE_PERIOD_KEY = re.compile(r"^([0-9]{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?|adhoc)$")
RE_TERM = re.compile(r"^[0-9]{4}[-–][0-9]{4}$")
RE_SNAKE = re.compile(r"^[a-z_]+$")
RE_OCC = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2}))?)?)?$")
# Key names and verifier keys: docs/authorship.md (a key name has no whitespace, no '+', no control character)
RE_KEY_ID = re.compile(r"^[0-9a-f]{8}$")
RE_VKEY_KEY = re.compile(r"^A[Q-Za-f][A-Za-z0-9+/]{42}$")
RE_RECORDED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
# Document numbers: Schemas/README.md ("number")
PARTY = re.compile(r"^(?:[Ss]ố:?\s*)?(?P<num>\d{1,5})\s*[-–]\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})\s*/\s*"
                   r"(?P<issuer>[A-ZĐ][A-ZĐ0-9]*(?:\s*-\s*[A-ZĐ][A-ZĐ0-9]*)*)$")
STATE = re.compile(r"^(?:[Ss]ố:?\s*)?(?P<num>\d{1,5})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
                   r"(?:(?P<type>NQ|QĐ|CT|QC|QyĐ|TC|TB|HD|CTr|KH|PA|ĐA|DA|BC|BB|TTr|HĐ|CĐ|BGN|BTT|GUQ|GM|GGT|GNP|"
                   r"PG|PC|PB|NĐ|TT|TTLT|NQLT|VBHN|SY|TrS|SL)\s*-\s*)?"
                   r"(?P<issuer>[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)$")


class Fail(Exception):
    pass


# --------------------------------------------------------------------------------------------
# value kinds


def is_text(v):
    return isinstance(v, str) and v != ""


def real_date(s):
    if not isinstance(s, str) or not RE_DATE.match(s):
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def duration_ok(s):
    if not isinstance(s, str):
        return False
    m = RE_DURATION.match(s)
    if not m or s == "P" or all(g is None for g in m.groups()):
        return False
    return all(g is None or int(g) <= 9999 for g in m.groups())


def duration_nonzero(s):
    m = RE_DURATION.match(s)
    return any(g is not None and int(g) > 0 for g in m.groups())


def schedule_ok(s):
    if not isinstance(s, str):
        return False
    m = re.match(r"^R(\d*)/(\d{4}-\d{2}-\d{2})/(P[0-9YMWD]+)$", s)
    return bool(m) and real_date(m.group(2)) is not None and duration_ok(m.group(3)) and duration_nonzero(m.group(3))


def key_name_ok(s):
    return (isinstance(s, str) and s != "" and len(s.encode()) <= 200
            and not any(c == "+" or c.isspace() or ord(c) < 0x20 for c in s))


def parse_vkey(s):
    """(name, key id) of a C2SP signed-note Ed25519 verifier key whose key id is the one of its name and key, or
    raises Fail."""
    parts = s.split("+", 2) if isinstance(s, str) else []
    if len(parts) != 3 or not key_name_ok(parts[0]) or not RE_KEY_ID.match(parts[1]) or not RE_VKEY_KEY.match(parts[2]):
        raise Fail(f"{s!r} is not a verifier key <name>+<key id>+<base64 of 0x01 and a 32-byte key>")
    name, kid, blob = parts[0], parts[1], base64.b64decode(parts[2])
    if hashlib.sha256(name.encode() + b"\n" + blob).digest()[:4].hex() != kid:
        raise Fail(f"the key id {kid} is not the one of the vkey's name and key")
    return name, kid


def parse_number(s):
    """Returns (style, type_abbr) of a canonical document number, or raises Fail."""
    if not isinstance(s, str):
        raise Fail("number must be a string or null")
    s = unicodedata.normalize("NFC", s).strip()
    m = PARTY.match(s)
    if m:
        issuer = re.sub(r"\s", "", m.group("issuer"))
        canon = m.group("num") + "-" + m.group("type") + "/" + issuer
        return "party", m.group("type"), canon
    m = STATE.match(s)
    if m:
        issuer = re.sub(r"\s", "", m.group("issuer"))
        canon = m.group("num") + "/" + (m.group("year") + "/" if m.group("year") else "") + \
            (m.group("type") + "-" if m.group("type") else "") + issuer
        return "state", m.group("type"), canon
    raise Fail(f"number {s!r} is neither a Party nor a State document number (Schemas/README.md, number)")


def occurred_bounds(s):
    """(first instant UTC, last instant UTC) of an occurred_at, or raises Fail."""
    m = RE_OCC.match(s) if isinstance(s, str) else None
    if not m:
        raise Fail(f"occurred_at {s!r}: not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]±HH:MM")
    y, mo, d, hh, mi, ss, off = m.groups()
    try:
        if hh is not None:
            sign = 1 if off[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))
            t = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0), tzinfo=tz)
            return t.astimezone(timezone.utc), t.astimezone(timezone.utc)
        if d is not None:
            start = datetime(int(y), int(mo), int(d), tzinfo=TZ)
            end = start + timedelta(days=1) - timedelta(milliseconds=1)
        elif mo is not None:
            start = datetime(int(y), int(mo), 1, tzinfo=TZ)
            nxt = datetime(int(y) + (int(mo) == 12), int(mo) % 12 + 1, 1, tzinfo=TZ)
            end = nxt - timedelta(milliseconds=1)
        else:
            start = datetime(int(y), 1, 1, tzinfo=TZ)
            end = datetime(int(y) + 1, 1, 1, tzinfo=TZ) - timedelta(milliseconds=1)
    except ValueError as e:
        raise Fail(f"occurred_at {s!r} is not a real date ({e})")
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


# --------------------------------------------------------------------------------------------
# the log state


class State:
    def __init__(self):
        self.orgs = set()
        self.docs = set()
        self.reqs = {}            # req_ref -> template
        self.tasks = set()
        self.recs = set()
        self.assignments = set()
        self.meetings = set()
        self.events = {}          # event_id -> (type, payload, where)
        self.retracted = set()
        self.keys = {}            # (signer, key id) -> revoked (bool)
        self.succ = defaultdict(set)
        self.notes = []


class Ctx:
    """Validation of one payload: collects errors with a path; `declare` False for re-validation."""

    def __init__(self, st, where, declare=True):
        self.st, self.where, self.declare = st, where, declare
        self.errors = []
        self.pending = []         # declarations to apply if the line is valid
        self.self_doc = None

    def err(self, path, msg):
        self.errors.append(f"{self.where}: payload.{path}: {msg}" if path else f"{self.where}: {msg}")

    # kinds ------------------------------------------------------------------------------------
    def text(self, p, v):
        if not is_text(v):
            self.err(p, "must be a non-empty string")

    def boolean(self, p, v):
        if not isinstance(v, bool):
            self.err(p, "must be true or false")

    def integer(self, p, v, minimum=0):
        if not isinstance(v, int) or isinstance(v, bool) or v < minimum:
            self.err(p, f"must be an integer >= {minimum}")

    def enum(self, p, v, values):
        if v not in values:
            self.err(p, f"{v!r} not one of {values}")

    def date(self, p, v):
        if real_date(v) is None:
            self.err(p, f"{v!r} is not a real YYYY-MM-DD date")

    def duration(self, p, v):
        if not duration_ok(v):
            self.err(p, f"{v!r} is not an ISO 8601 date duration (P15D, P6M, P1Y)")

    def schedule(self, p, v):
        if not schedule_ok(v):
            self.err(p, f"{v!r} is not a repeating interval R[n]/<date>/<non-zero duration>")

    def decimal(self, p, v):
        if not isinstance(v, str) or not RE_DECIMAL.match(v):
            self.err(p, f"{v!r} is not a decimal string")

    def ident(self, p, v):
        if not isinstance(v, str) or not RE_ID.match(v) or len(v.encode()) > 100:
            self.err(p, f"{v!r} is not an id")

    def slug(self, p, v):
        if not isinstance(v, str) or not RE_SLUG.match(v) or len(v.encode()) > 100:
            self.err(p, f"{v!r} is not a slug")
            return False
        return True

    def org(self, p, v):
        if self.slug(p, v) and v not in self.st.orgs:
            self.err(p, f"organisation {v!r} is not known")

    def orgs(self, p, v, minimum=1):
        if not isinstance(v, list) or len(v) < minimum:
            self.err(p, f"must be a list of at least {minimum} organisation(s)")
            return
        for i, x in enumerate(v):
            self.org(f"{p}[{i}]", x)

    def doc_key_kind(self, p, v):
        if (not isinstance(v, str) or v == "" or len(v.encode()) > 200 or "#" in v or v != v.strip()
                or any(ord(c) < 32 or ord(c) == 127 for c in v)):
            self.err(p, f"{v!r} is not a doc_key")
            return False
        return True

    def doc_known(self, p, v):
        if self.doc_key_kind(p, v) and v not in self.st.docs and v != self.self_doc:
            self.err(p, f"document {v!r} is not known")
        if v == self.self_doc and v not in self.st.docs:
            self.st.notes.append(f"{self.where}: payload.{p} names the directive's own doc_key {v!r} "
                                 "(declared by this same line)")

    def req_ref(self, p, v, known=True):
        if not isinstance(v, str) or "#" not in v:
            self.err(p, f"{v!r} is not a req_ref <doc_key>#<req_id>")
            return
        dk, rid = v.rsplit("#", 1)
        self.doc_key_kind(p, dk)
        if not RE_REQ_ID.match(rid) or len(rid.encode()) > 50:
            self.err(p, f"{rid!r} is not a req_id")
        if known and v not in self.st.reqs:
            self.err(p, f"requirement {v!r} is not known")

    def known(self, p, v, pool, what):
        self.ident(p, v)
        if v not in pool:
            self.err(p, f"{what} {v!r} is not known")

    def event_id(self, p, v):
        if not isinstance(v, str) or not RE_UUID.match(v):
            self.err(p, f"{v!r} is not a lower-case UUID")
        elif v not in self.st.events:
            self.err(p, f"event {v!r} is not known")

    def obj(self, p, v, spec, extra=None):
        """spec: {key: (required, fn(path, value))}"""
        if not isinstance(v, dict):
            self.err(p, "must be an object")
            return False
        for k in v:
            if k not in spec:
                self.err(f"{p}.{k}" if p else k, "unknown field")
        for k, (required, fn) in spec.items():
            if k in v:
                fn(f"{p}.{k}" if p else k, v[k])
            elif required:
                self.err(f"{p}.{k}" if p else k, "missing (required)")
        return True

    # composite kinds ---------------------------------------------------------------------------
    def docref(self, p, v, declare=False):
        spec = {
            "doc_key": (True, self.doc_key_kind),
            "number": (False, lambda q, x: None),
            "style": (False, lambda q, x: self.enum(q, x, ["party", "state", "other"])),
            "type_abbr": (False, self.text),
            "type_name": (True, self.text),
            "issuer_org": (True, self.org),
            "issuer_as_cited": (False, self.text),
            "issued_on": (False, self.date),
            "issued_on_not_before": (False, self.date),
            "signer": (False, self.text),
            "signing_mode": (False, lambda q, x: self.enum(q, x, ["TM", "TL", "KT", "TUQ"])),
            "title": (False, self.text),
        }
        if not self.obj(p, v, spec):
            return
        num = v.get("number")
        if num is not None:
            try:
                style, abbr, canon = parse_number(num)
                if canon != num:
                    self.err(f"{p}.number", f"{num!r} is not in canonical form ({canon!r})")
                if "style" in v and v["style"] != style:
                    self.err(f"{p}.style", f"{v['style']!r} disagrees with the number ({style})")
                if "type_abbr" in v and abbr and v["type_abbr"] != abbr:
                    self.err(f"{p}.type_abbr", f"{v['type_abbr']!r} disagrees with the number ({abbr})")
                year = (v.get("issued_on") or v.get("issued_on_not_before") or "")[:4]
                expect = f"{v.get('issuer_org')}|{num}|{year}"
                if year and v.get("doc_key") != expect and not str(v.get("doc_key")).startswith("seed-"):
                    self.err(f"{p}.doc_key", f"{v.get('doc_key')!r} does not follow <issuer>|<number>|<year> "
                                             f"({expect!r})")
            except Fail as e:
                self.err(f"{p}.number", str(e))
        if declare and self.declare:
            dk = v.get("doc_key")
            if dk in self.st.docs:
                self.err(f"{p}.doc_key", f"document {dk!r} is already known")
            self.pending.append(("doc", dk))

    def doccite(self, p, v):
        if isinstance(v, str):
            self.doc_known(p, v)
        elif isinstance(v, dict):
            self.docref(p, v)
        else:
            self.err(p, "must be a doc_key or a DocRef object")

    def selector(self, p, v):
        if not isinstance(v, dict):
            self.err(p, "must be an OrgSelector object")
            return
        if "ids" in v and "kind" in v:
            self.err(p, "gives both ids and kind")
        if "ids" in v:
            self.obj(p, v, {"ids": (True, self.orgs)})
        else:
            self.obj(p, v, {
                "kind": (True, lambda q, x: self.enum(q, x, KINDS)),
                "level": (False, lambda q, x: self.enum(q, x, LEVELS)),
                "province": (False, self.province),
                "flags": (False, self.flags),
                "under": (False, self.org),
            })

    def province(self, p, v):
        if not isinstance(v, str) or not RE_PROVINCE.match(v) or len(v.encode()) > 100:
            self.err(p, f"{v!r} is not a province")

    def flags(self, p, v):
        self.obj(p, v, {"dac_thu": (False, self.boolean), "giao_nhiem_vu": (False, self.boolean)})

    def period(self, p, v):
        if self.obj(p, v, {"key": (True, lambda q, x: None), "start": (True, self.date), "end": (True, self.date)}):
            if not isinstance(v.get("key"), str) or not RE_PERIOD_KEY.match(v["key"]):
                self.err(f"{p}.key", f"{v.get('key')!r} is not a period key")
            s, e = real_date(v.get("start")), real_date(v.get("end"))
            if s and e and e < s:
                self.err(p, "end before start")

    def list_of(self, fn, minimum=0):
        def check(p, v):
            if not isinstance(v, list) or len(v) < minimum:
                self.err(p, f"must be a list (at least {minimum})")
                return
            for i, x in enumerate(v):
                fn(f"{p}[{i}]", x)
        return check

    # requirements -----------------------------------------------------------------------------
    def requirement(self, p, r, doc_key, seen):
        templates = {
            "periodic_report": self.p_periodic, "one_off_task": self.p_one_off, "recurring_inspection": self.p_inspect,
            "threshold_target": self.p_threshold, "prohibition_window": self.p_prohibition,
            "coverage": self.p_coverage, "response_within": self.p_response, "precedence": self.p_precedence,
        }
        spec = {
            "req_id": (True, lambda q, x: None), "clause_ref": (False, self.text), "text_vi": (True, self.text),
            "template": (True, lambda q, x: self.enum(q, x, list(templates))),
            "assignees": (False, self.selector), "cooperating": (False, self.selector),
            "reports_to": (False, self.org), "scope": (False, self.selector),
            "params": (True, lambda q, x: None), "param_source": (True, lambda q, x: None),
            "successor_policy": (False, lambda q, x: self.enum(q, x, ["follow", "none"])),
            "evidence": (False, lambda q, x: self.enum(q, x, ["any", "attested"])),
        }
        if not self.obj(p, r, spec):
            return
        rid = r.get("req_id")
        if not isinstance(rid, str) or not RE_REQ_ID.match(rid) or len(rid.encode()) > 50:
            self.err(f"{p}.req_id", f"{rid!r} is not a req_id")
        elif rid in seen:
            self.err(f"{p}.req_id", f"{rid!r} repeated in this directive")
        seen.add(rid)
        t = r.get("template")
        if t in ("periodic_report", "one_off_task") and "assignees" not in r:
            self.err(f"{p}.assignees", f"required for {t}")
        params = r.get("params")
        if t in templates and isinstance(params, dict):
            templates[t](f"{p}.params", params)
        elif not isinstance(params, dict):
            self.err(f"{p}.params", "must be an object")
        ps = r.get("param_source")
        srcs = ["text", "operator_default", "interpretation"]
        if isinstance(ps, dict):
            for k, x in ps.items():
                if not isinstance(params, dict) or k not in params:
                    self.err(f"{p}.param_source.{k}", "names no key of params")
                self.enum(f"{p}.param_source.{k}", x, srcs)
        else:
            self.enum(f"{p}.param_source", ps, srcs)
        if self.declare:
            self.pending.append(("req", f"{doc_key}#{rid}", t))

    def p_periodic(self, p, v):
        self.obj(p, v, {
            "event_type": (True, lambda q, x: self.enum(q, x, ["report.submitted", "meeting.held"])),
            "recipient": (False, self.org), "participants": (False, self.orgs),
            "schedule": (True, self.schedule), "grace": (False, self.duration),
            "first_period": (False, lambda q, x: self.enum(q, x, ["containing_effective_from", "first_full"])),
            "min_count": (False, lambda q, x: self.integer(q, x, 1)),
        })
        if v.get("event_type") == "report.submitted" and "recipient" not in v:
            self.err(f"{p}.recipient", "required when event_type is report.submitted")

    def p_one_off(self, p, v):
        self.obj(p, v, {
            "due_on": (False, self.date), "due_within": (False, self.duration),
            "completion": (False, lambda q, x: self.enum(q, x, ["task.completed", "report.submitted",
                                                                 "document.registered", "directive.issued"])),
            "deliverable_types": (False, self.list_of(self.text)),
        })
        if "due_on" in v and "due_within" in v:
            self.err(p, "gives both due_on and due_within")

    def p_inspect(self, p, v):
        def sel_or(word):
            def check(q, x):
                if x != word:
                    self.selector(q, x)
            return check
        self.obj(p, v, {
            "inspector": (True, sel_or("monitor_of_target")), "targets": (True, sel_or("all_monitored")),
            "kinds": (False, self.list_of(lambda q, x: self.enum(q, x, INSPECTION_KINDS))),
            "mode": (False, lambda q, x: self.enum(q, x, ["calendar", "rolling"])),
            "schedule": (False, self.schedule), "max_gap": (False, self.duration), "grace": (False, self.duration),
            "min_count": (False, lambda q, x: self.integer(q, x, 1)),
        })
        if v.get("mode", "calendar") == "calendar" and "schedule" not in v:
            self.err(f"{p}.schedule", "required for mode calendar")
        if v.get("mode") == "rolling" and "max_gap" not in v:
            self.err(f"{p}.max_gap", "required for mode rolling")

    def p_threshold(self, p, v):
        self.obj(p, v, {
            "metric": (True, lambda q, x: self.enum(q, x, ["membership_rate", "members"])),
            "op": (True, lambda q, x: self.enum(q, x, [">=", ">", "<=", "<"])),
            "value": (True, self.decimal), "scope": (True, self.selector),
            "aggregation": (False, lambda q, x: self.enum(q, x, ["per_org", "sum_ratio"])),
            "deadline": (True, self.date), "staleness": (False, self.duration), "checkpoints": (False, self.schedule),
        })

    def p_prohibition(self, p, v):
        self.obj(p, v, {
            "forbidden": (True, lambda q, x: self.enum(q, x, TYPES)), "scope": (True, self.selector),
            "from": (False, self.date), "until": (False, lambda q, x: None if x is None else self.date(q, x)),
            "exceptions": (False, self.list_of(self.event_id)),
        })

    def p_coverage(self, p, v):
        def relation(q, x):
            self.obj(q, x, {
                "kind": (True, lambda r, y: self.enum(r, y, ["monitoring", "dissemination", "registration",
                                                             "party_org_present"])),
                "role": (False, lambda r, y: self.enum(r, y, ROLES)),
                "doc_key": (False, self.doc_known), "system": (False, self.text),
            })
        self.obj(p, v, {
            "universe": (True, self.selector), "relation": (True, relation),
            "min": (False, lambda q, x: self.integer(q, x, 1)), "grace": (False, self.duration),
            "require_active_holder": (False, self.boolean), "over_interval": (False, self.boolean),
        })

    def p_response(self, p, v):
        def trigger(q, x):
            self.obj(q, x, {
                "type": (True, lambda r, y: self.enum(r, y, ["recommendation.filed"])),
                "addressee": (False, self.selector),
                "channel": (False, lambda r, y: self.enum(r, y, ["giao_ban", "van_ban", "doi_thoai"])),
                "meeting_id": (False, lambda r, y: self.known(r, y, self.st.meetings, "meeting")),
                "filed_from": (False, self.date), "filed_to": (False, self.date),
            })

        def back(q, x):
            self.obj(q, x, {"to": (True, self.org), "within": (True, self.duration)})
        self.obj(p, v, {
            "trigger": (True, trigger), "responsible": (True, self.selector), "resolvers": (False, self.selector),
            "within": (True, self.duration), "report_back": (False, back),
        })

    def p_precedence(self, p, v):
        self.obj(p, v, {
            "antecedent": (True, lambda q, x: self.enum(q, x, ["congress.appraised"])),
            "consequent": (True, lambda q, x: self.enum(q, x, ["congress.held"])),
            "correlation": (False, self.list_of(self.text)), "max_lead": (True, self.duration),
            "antecedent_result": (False, lambda q, x: self.enum(q, x, ["approved", "returned"])),
        })

    # declarations -----------------------------------------------------------------------------
    def declare_id(self, p, v, pool, what, tag):
        self.ident(p, v)
        if self.declare:
            if v in pool:
                self.err(p, f"{what} {v!r} is already known")
            self.pending.append((tag, v))

    def declare_org(self, p, v):
        if self.slug(p, v) and self.declare:
            if v in self.st.orgs:
                self.err(p, f"organisation {v!r} is already known")
            self.pending.append(("org", v))


# --------------------------------------------------------------------------------------------
# payload rules per type


def check_payload(ctx, typ, pl):
    st = ctx.st
    O, T, D, DU, I, B = ctx.org, ctx.text, ctx.date, ctx.duration, ctx.ident, ctx.boolean
    opt, req = False, True

    def en(values):
        return lambda p, v: ctx.enum(p, v, values)

    def known(pool, what):
        return lambda p, v: ctx.known(p, v, pool, what)

    def rec_or_task(p, v):
        ctx.ident(p, v)
        if v not in st.recs and v not in st.tasks:
            ctx.err(p, f"{v!r} is neither a known recommendation nor a known task")

    if typ == "document.registered":
        ctx.obj("", pl, {"doc": (req, lambda p, v: ctx.docref(p, v, declare=True)), "summary_vi": (opt, T),
                         "cites": (opt, ctx.list_of(ctx.doc_known))})
    elif typ == "directive.issued":
        doc = pl.get("doc") if isinstance(pl, dict) else None
        ctx.self_doc = doc.get("doc_key") if isinstance(doc, dict) else None
        seen = set()
        ctx.obj("", pl, {
            "doc": (req, lambda p, v: ctx.docref(p, v, declare=True)),
            "source_kind": (req, en(["directive", "conclusion_notice", "official_letter", "decision", "plan",
                                     "program", "news_report"])),
            "effective_from": (opt, D), "effective_until": (opt, D),
            "cites": (opt, ctx.list_of(ctx.doc_known)),
            "supersedes": (opt, ctx.list_of(lambda p, v: ctx.req_ref(p, v) if "#" in str(v) else ctx.doc_known(p, v))),
            "requirements": (req, ctx.list_of(lambda p, v: ctx.requirement(p, v, ctx.self_doc, seen))),
        })
    elif typ == "requirement.amended":
        ctx.obj("", pl, {"req_ref": (req, ctx.req_ref), "params_patch": (req, lambda p, v: None),
                         "basis": (req, ctx.doccite)})
        if not isinstance(pl.get("params_patch"), dict):
            ctx.err("params_patch", "must be an object (JSON Merge Patch)")
    elif typ == "requirement.lifted":
        ctx.obj("", pl, {"req_ref": (req, ctx.req_ref), "effective_on": (req, D), "basis": (req, ctx.doccite),
                         "reason_vi": (opt, T)})
    elif typ == "directive.disseminated":
        ctx.obj("", pl, {"org": (req, O), "doc_key": (req, ctx.doc_known),
                         "form": (opt, en(["hoc_tap", "quan_triet", "trien_khai"])),
                         "participants": (opt, lambda p, v: ctx.integer(p, v, 0))})
    elif typ == "organization.registered":
        ctx.obj("", pl, {"org_id": (req, ctx.declare_org), "name_vi": (req, T), "kind": (req, en(KINDS)),
                         "level": (req, en(LEVELS)), "province": (req, ctx.province), "parent": (opt, O),
                         "flags": (opt, ctx.flags), "basis": (opt, ctx.doccite)})
    elif typ == "organization.renamed":
        ctx.obj("", pl, {"org_id": (req, O), "new_name_vi": (req, T), "basis": (opt, ctx.doccite)})
    elif typ == "organization.changed":
        fields = ["parent", "kind", "level", "province", "flags.dac_thu", "flags.giao_nhiem_vu"]
        ctx.obj("", pl, {"org_id": (req, O), "field": (req, en(fields)), "value": (req, lambda p, v: None),
                         "basis": (opt, ctx.doccite)})
        f, v = pl.get("field"), pl.get("value")
        if f == "parent" and v is not None:
            ctx.org("value", v)
        elif f == "kind":
            ctx.enum("value", v, KINDS)
        elif f == "level":
            ctx.enum("value", v, LEVELS)
        elif f == "province":
            ctx.province("value", v)
        elif f and f.startswith("flags."):
            ctx.boolean("value", v)
    elif typ == "organization.merged":
        def transfer(p, v):
            if v in ("all", "none"):
                return
            ctx.list_of(ctx.req_ref)(p, v)
        ctx.obj("", pl, {"sources": (req, ctx.orgs), "into": (req, O), "mode": (req, en(["sap_nhap", "hop_nhat"])),
                         "basis": (req, ctx.doccite), "obligation_transfer": (opt, transfer)})
        if pl.get("into") in (pl.get("sources") or []):
            ctx.err("into", "is also a source")
    elif typ == "organization.split":
        def omap(p, v):
            ctx.obj(p, v, {"req_ref": (req, lambda q, x: None if x == "*" else ctx.req_ref(q, x)),
                           "to": (req, lambda q, x: None if x in (pl.get("into") or []) else ctx.err(q, "not in into"))})
        ctx.obj("", pl, {"source": (req, O), "into": (req, ctx.orgs), "mode": (req, en(["chia", "tach"])),
                         "obligation_map": (req, ctx.list_of(omap)), "basis": (req, ctx.doccite)})
    elif typ in ("organization.suspended", "organization.reinstated"):
        ctx.obj("", pl, {"org_id": (req, O), "until": (opt, D), "basis": (req, ctx.doccite)})
    elif typ == "organization.dissolved":
        ctx.obj("", pl, {"org_id": (req, O), "successor": (opt, O), "basis": (req, ctx.doccite)})
        if pl.get("successor") == pl.get("org_id"):
            ctx.err("successor", "equals org_id")
    elif typ == "successor.designated":
        def scope(p, v):
            if v == "all":
                return
            if isinstance(v, list):
                ctx.list_of(ctx.req_ref)(p, v)
            else:
                ctx.obj(p, v, {"territory": (req, ctx.list_of(T, 1))})
        ctx.obj("", pl, {"predecessor": (req, O), "successor": (req, O), "scope": (opt, scope),
                         "basis": (opt, ctx.doccite)})
        if pl.get("successor") == pl.get("predecessor"):
            ctx.err("successor", "equals predecessor")
    elif typ == "monitoring.assigned":
        ctx.obj("", pl, {"assignment_id": (req, lambda p, v: ctx.declare_id(p, v, st.assignments, "assignment", "asg")),
                         "monitor": (req, O), "target": (req, O), "role": (req, en(ROLES)), "officer_name": (opt, T),
                         "basis": (req, ctx.doccite), "until": (opt, D)})
    elif typ == "monitoring.revoked":
        ctx.obj("", pl, {"assignment_id": (req, known(st.assignments, "assignment")), "reason": (opt, T),
                         "basis": (opt, ctx.doccite)})
    elif typ == "task.assigned":
        ctx.obj("", pl, {"task_id": (req, lambda p, v: ctx.declare_id(p, v, st.tasks, "task", "task")),
                         "req_ref": (opt, ctx.req_ref), "assignee": (req, O), "reports_to": (opt, O),
                         "description_vi": (req, T), "due_on": (opt, D), "due_within": (opt, DU),
                         "deliverable": (opt, lambda p, v: None if isinstance(v, str) and RE_SNAKE.match(v)
                                         else ctx.err(p, "must match ^[a-z_]+$"))})
        if "due_on" in pl and "due_within" in pl:
            ctx.err("", "gives both due_on and due_within")
    elif typ == "task.completed":
        ctx.obj("", pl, {"task_id": (req, known(st.tasks, "task")), "evidence": (opt, ctx.doccite),
                         "outcome_vi": (opt, T)})
    elif typ == "task.cancelled":
        ctx.obj("", pl, {"task_id": (req, known(st.tasks, "task")), "basis": (req, ctx.doccite), "reason_vi": (opt, T)})
    elif typ == "report.submitted":
        ctx.obj("", pl, {"report_id": (req, I), "reporter": (req, O), "recipient": (req, O),
                         "req_ref": (opt, ctx.req_ref), "period": (opt, ctx.period), "doc": (opt, ctx.doccite),
                         "about": (opt, ctx.list_of(rec_or_task)),
                         "metrics": (opt, lambda p, v: None if isinstance(v, dict) else ctx.err(p, "must be an object")),
                         "summary_vi": (opt, T)})
    elif typ == "membership.reported":
        n = lambda p, v: ctx.integer(p, v, 0)
        ctx.obj("", pl, {"org_id": (req, O), "as_of": (req, D), "members": (req, n), "eligible": (opt, n),
                         "new_members": (opt, n), "removed_members": (opt, n), "report_id": (opt, I)})
    elif typ == "meeting.held":
        ctx.obj("", pl, {"meeting_id": (req, lambda p, v: ctx.declare_id(p, v, st.meetings, "meeting", "meeting")),
                         "convener": (req, O), "participants": (req, ctx.orgs),
                         "kind": (req, en(["giao_ban", "lam_viec_dinh_ky", "hoi_nghi"])), "req_ref": (opt, ctx.req_ref),
                         "period": (opt, ctx.period), "conclusion_doc": (opt, ctx.doccite)})
    elif typ == "inspection.planned":
        def window(p, v):
            if not isinstance(v, list) or len(v) != 2:
                ctx.err(p, "must be [start, end]")
                return
            ctx.date(p + "[0]", v[0])
            ctx.date(p + "[1]", v[1])
            if real_date(v[0]) and real_date(v[1]) and v[1] < v[0]:
                ctx.err(p, "end before start")
        ctx.obj("", pl, {"inspection_id": (req, I), "inspector": (req, O), "target": (req, O),
                         "planned_window": (req, window), "plan_doc": (opt, ctx.doccite)})
    elif typ == "inspection.conducted":
        def finding(p, v):
            ctx.obj(p, v, {"code": (req, I), "text_vi": (req, T), "severity": (req, en(["info", "minor", "major"]))})
        ctx.obj("", pl, {"inspection_id": (req, I), "inspector": (req, O), "target": (req, O),
                         "kind": (req, en(INSPECTION_KINDS)), "ended_on": (opt, D), "req_ref": (opt, ctx.req_ref),
                         "findings": (opt, ctx.list_of(finding)), "rating": (opt, T),
                         "conclusion_doc": (opt, ctx.doccite)})
    elif typ == "congress.appraised":
        term = lambda p, v: None if isinstance(v, str) and RE_TERM.match(v) else ctx.err(p, f"{v!r} is not a term")
        ctx.obj("", pl, {"org_id": (req, O), "term": (req, term), "appraiser": (req, O),
                         "result": (req, en(["approved", "returned"]))})
    elif typ == "congress.held":
        term = lambda p, v: None if isinstance(v, str) and RE_TERM.match(v) else ctx.err(p, f"{v!r} is not a term")
        ctx.obj("", pl, {"org_id": (req, O), "congress_no": (opt, lambda p, v: ctx.integer(p, v, 1)),
                         "term": (req, term), "next_due": (opt, D), "elected_head": (opt, T)})
    elif typ == "leadership.changed":
        ctx.obj("", pl, {"org_id": (req, O),
                         "position": (req, lambda p, v: None if isinstance(v, str) and RE_SNAKE.match(v)
                                      else ctx.err(p, "must match ^[a-z_]+$")),
                         "person_name": (req, T), "change": (req, en(["appointed", "elected", "relieved"])),
                         "basis": (opt, ctx.doccite)})
    elif typ == "recommendation.filed":
        ctx.obj("", pl, {"rec_id": (req, lambda p, v: ctx.declare_id(p, v, st.recs, "recommendation", "rec")),
                         "from_org": (req, O), "to_org": (req, O), "text_vi": (req, T),
                         "channel": (opt, en(["giao_ban", "van_ban", "doi_thoai"])),
                         "meeting_id": (opt, known(st.meetings, "meeting"))})
    elif typ == "recommendation.forwarded":
        ctx.obj("", pl, {"rec_id": (req, known(st.recs, "recommendation")), "by": (req, O), "to_org": (req, O)})
    elif typ == "recommendation.resolved":
        ctx.obj("", pl, {"rec_id": (req, known(st.recs, "recommendation")), "resolver": (req, O),
                         "outcome": (req, en(["accepted", "partially", "rejected", "explained"])),
                         "response_doc": (opt, ctx.doccite)})
    elif typ == "event.corrected":
        def patch(p, v):
            if ctx.obj(p, v, {"payload": (opt, lambda q, x: None if isinstance(x, dict) else ctx.err(q, "must be an object")),
                              "occurred_at": (opt, lambda q, x: None)}) and not v:
                ctx.err(p, "needs payload or occurred_at")
        ctx.obj("", pl, {"target_event_id": (req, ctx.event_id), "patch": (req, patch), "reason_vi": (req, T),
                         "basis": (opt, ctx.doccite)})
    elif typ == "event.retracted":
        ctx.obj("", pl, {"target_event_id": (req, ctx.event_id),
                         "reason_vi": (req, en(["nhap_sai", "trung_lap", "khong_co_can_cu"])),
                         "note_vi": (opt, T), "basis": (opt, ctx.doccite)})
    elif typ in ("signer.registered", "signer.revoked"):
        signer = pl.get("signer") if isinstance(pl, dict) else None

        def key_name(p, v):
            if not key_name_ok(v):
                ctx.err(p, f"{v!r} is not a key name (non-empty, no whitespace, no '+', at most 200 bytes)")

        def vkey(p, v):
            try:
                name, kid = parse_vkey(v)
            except Fail as e:
                return ctx.err(p, str(e))
            if name != signer:
                ctx.err(p, f"the key is {name!r}'s, not the signer's")
            elif (name, kid) in st.keys:
                ctx.err(p, f"the key {kid} of {name} is already registered")
            else:
                ctx.pending.append(("key", (name, kid)))

        def key_id(p, v):
            if not isinstance(v, str) or not RE_KEY_ID.match(v):
                ctx.err(p, f"{v!r} is not eight lower-case hex digits")
            elif (signer, v) not in st.keys:
                ctx.err(p, f"no key {v} of {signer!r} is registered")
            elif st.keys[(signer, v)]:
                ctx.err(p, f"the key {v} of {signer!r} is already revoked")
            else:
                ctx.pending.append(("revoke", (signer, v)))

        if typ == "signer.registered":
            ctx.obj("", pl, {"signer": (req, key_name), "org_id": (req, O), "role_vi": (req, T), "vkey": (req, vkey),
                             "valid_from": (req, D)})
        else:
            ctx.obj("", pl, {"signer": (req, key_name), "key_id": (req, key_id), "reason_vi": (req, T),
                             "effective_from": (req, D)})
    elif typ == "authorship.rule_set":
        def clerk(p, v):
            if not key_name_ok(v):
                ctx.err(p, f"{v!r} is not a signer name (non-empty, no whitespace, no '+', at most 200 bytes)")

        ctx.obj("", pl, {"event_type": (req, en(TYPES)), "mode": (req, en(["off", "warn", "enforce"])),
                         "clerks": (opt, ctx.list_of(clerk))})


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


# --------------------------------------------------------------------------------------------
# the generic checks


def walk(v, path, errors):
    if isinstance(v, str):
        if unicodedata.normalize("NFC", v) != v:
            errors.append(f"{path}: string is not NFC")
        if "\x00" in v:
            errors.append(f"{path}: string contains U+0000")
    elif isinstance(v, dict):
        for k, x in v.items():
            if not RE_KEY.match(k):
                errors.append(f"{path}: key {k!r} does not match [a-z0-9_]+")
            walk(x, f"{path}.{k}", errors)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(x, f"{path}[{i}]", errors)
    elif isinstance(v, float):
        errors.append(f"{path}: non-integer number")


def no_float(s):
    raise ValueError(f"non-integer number {s}")


def pairs(kv):
    d = {}
    for k, v in kv:
        if k in d:
            raise ValueError(f"duplicate key {k!r}")
        d[k] = v
    return d


def successor_edges(typ, pl):
    if typ == "organization.merged":
        return [(s, pl["into"]) for s in pl.get("sources", [])]
    if typ == "organization.split":
        return [(pl["source"], t) for t in pl.get("into", [])]
    if typ == "organization.dissolved" and pl.get("successor"):
        return [(pl["org_id"], pl["successor"])]
    if typ == "successor.designated":
        return [(pl["predecessor"], pl["successor"])]
    return []


def reaches(graph, a, b):
    seen, stack = set(), [a]
    while stack:
        x = stack.pop()
        if x == b:
            return True
        if x in seen:
            continue
        seen.add(x)
        stack.extend(graph.get(x, ()))
    return False


def load_validators():
    """JSON Schema validators per type from Schemas/events/, or None."""
    evdir = os.path.join(REPO, "Schemas", "events")
    if not os.path.isdir(evdir) or not any(f.endswith(".schema.json") for f in os.listdir(evdir)):
        return None, "Schemas/events/*.schema.json not present: JSON Schema pass skipped"
    try:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        return None, "jsonschema/referencing not installed: JSON Schema pass skipped (pip install jsonschema)"
    resources = []
    for root, _, files in os.walk(os.path.join(REPO, "Schemas")):
        for f in files:
            if f.endswith(".json"):
                path = os.path.join(root, f)
                with open(path, encoding="utf-8") as fh:
                    schema = json.load(fh)
                res = Resource.from_contents(schema, default_specification=DRAFT202012)
                uri = "file://" + os.path.abspath(path)
                resources.append((uri, res))
                if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
                    resources.append((schema["$id"], res))
    registry = Registry().with_resources(resources)
    validators = {}
    for f in sorted(os.listdir(evdir)):
        if f.endswith(".schema.json"):
            uri = "file://" + os.path.abspath(os.path.join(evdir, f))
            validators[f[:-len(".schema.json")]] = jsonschema.Draft202012Validator(
                {"$ref": uri}, registry=registry, format_checker=jsonschema.FormatChecker())
    return validators, f"JSON Schema pass over {len(validators)} schemas in Schemas/events/"


def main():
    quiet = "--quiet" in sys.argv
    errors, warnings = [], []
    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    if manifest.get("timezone") != "Asia/Ho_Chi_Minh":
        errors.append("manifest: timezone is not Asia/Ho_Chi_Minh")
    if not is_text(manifest.get("origin")):
        errors.append("manifest: origin missing")
    validators, schema_note = (None, "JSON Schema pass disabled (--no-schemas)")
    if "--no-schemas" not in sys.argv:
        validators, schema_note = load_validators()
    st = State()
    counts, per_batch = Counter(), []
    late, backfilled = 0, 0
    prev_rec = None
    schema_errors = Counter()
    for b in manifest.get("batches", []):
        f, rec_s = b.get("file"), b.get("recorded_at")
        if set(b) - {"file", "recorded_at", "note"} or not is_text(b.get("note")):
            errors.append(f"manifest: batch {f}: keys must be file, recorded_at, note (non-empty)")
        if not isinstance(rec_s, str) or not RE_RECORDED.match(rec_s):
            errors.append(f"manifest: batch {f}: recorded_at {rec_s!r} is not YYYY-MM-DDTHH:MM:SS.sssZ")
            continue
        rec = datetime.strptime(rec_s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        if prev_rec and rec < prev_rec:
            errors.append(f"manifest: batch {f}: recorded_at {rec_s} is before the previous batch's")
        prev_rec = rec
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            errors.append(f"manifest: {f} does not exist")
            continue
        n = 0
        with open(path, encoding="utf-8") as fh:
            raw_lines = fh.read().split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines.pop()
        for lineno, raw in enumerate(raw_lines, 1):
            where = f"{f}:{lineno}"
            try:
                line = json.loads(raw, parse_float=no_float, object_pairs_hook=pairs)
            except ValueError as e:
                errors.append(f"{where}: not valid JSON ({e})")
                continue
            if not isinstance(line, dict):
                errors.append(f"{where}: not an object")
                continue
            n += 1
            for k in line:
                if k not in ENVELOPE:
                    errors.append(f"{where}: envelope field {k!r} not allowed" +
                                  (" (the binary derives subject)" if k == "subject" else ""))
            for k in ("type", "occurred_at", "actor", "payload"):
                if k not in line:
                    errors.append(f"{where}: missing {k}")
            typ = line.get("type")
            if typ not in TYPES:
                errors.append(f"{where}: unknown type {typ!r}")
                continue
            counts[typ] += 1
            walk(line, where, errors)
            if not is_text(line.get("actor")) or len(line["actor"].encode()) > 256:
                errors.append(f"{where}: actor must be a non-empty string of at most 256 bytes")
            eid = line.get("event_id")
            if eid is not None:
                if not isinstance(eid, str) or not RE_UUID.match(eid):
                    errors.append(f"{where}: event_id {eid!r} is not a lower-case UUID")
                elif eid in st.events:
                    errors.append(f"{where}: event_id {eid} already used at {st.events[eid][2]}")
            meta = line.get("meta")
            if meta is not None:
                if not isinstance(meta, dict) or set(meta) - META_KEYS or not all(isinstance(x, str) for x in meta.values()):
                    errors.append(f"{where}: meta must be an object of strings with keys {sorted(META_KEYS)}")
            try:
                first, last = occurred_bounds(line.get("occurred_at"))
                if first > rec + timedelta(days=1):
                    errors.append(f"{where}: occurred_at {line['occurred_at']} is more than one day after "
                                  f"recorded_at {rec_s}")
                lag = rec - last
                if lag > timedelta(days=7):
                    late += 1
                if lag > timedelta(days=90):
                    if not (isinstance(meta, dict) and meta.get("backfill_reason")):
                        errors.append(f"{where}: recorded {lag.days} days after it occurred without meta.backfill_reason")
                    else:
                        backfilled += 1
            except Fail as e:
                errors.append(f"{where}: {e}")
            pl = line.get("payload")
            if not isinstance(pl, dict):
                errors.append(f"{where}: payload must be an object")
                continue
            ctx = Ctx(st, where)
            check_payload(ctx, typ, pl)
            # corrections and retractions
            if typ in ("event.corrected", "event.retracted") and pl.get("target_event_id") in st.events:
                tgt = pl["target_event_id"]
                ttype, tpayload, twhere = st.events[tgt]
                if tgt in st.retracted:
                    ctx.err("target_event_id", f"{tgt} is retracted")
                if ttype in ("signer.registered", "signer.revoked"):
                    ctx.err("target_event_id", f"a {ttype} is neither corrected nor retracted")
                if typ == "event.corrected":
                    if ttype in ("event.corrected", "event.retracted"):
                        ctx.err("target_event_id", f"a correction may not target a {ttype}")
                    elif isinstance(pl.get("patch"), dict):
                        patched = merge_patch(tpayload, pl["patch"].get("payload", {}))
                        sub = Ctx(st, f"{where} (patched {twhere})", declare=False)
                        check_payload(sub, ttype, patched)
                        ctx.errors.extend(sub.errors)
                        if "occurred_at" in pl["patch"]:
                            try:
                                occurred_bounds(pl["patch"]["occurred_at"])
                            except Fail as e:
                                ctx.err("patch.occurred_at", str(e))
                elif ttype == "event.retracted":
                    ctx.err("target_event_id", "a retraction cannot be retracted")
            # successor cycles
            if typ in ("organization.merged", "organization.split", "organization.dissolved", "successor.designated"):
                try:
                    for a, z in successor_edges(typ, pl):
                        if a == z or reaches(st.succ, z, a):
                            ctx.err("", f"successor link {a} -> {z} would form a cycle")
                except (KeyError, TypeError):
                    pass
            errors.extend(ctx.errors)
            if validators is not None:
                v = validators.get(typ)
                if v is None:
                    errors.append(f"{where}: no schema Schemas/events/{typ}.schema.json")
                else:
                    for e in sorted(v.iter_errors(line), key=lambda e: list(e.absolute_path)):
                        loc = "/".join(str(x) for x in e.absolute_path)
                        errors.append(f"{where}: schema {typ}: /{loc}: {e.message[:300]}")
                        schema_errors[typ] += 1
            # apply
            if not ctx.errors:
                for item in ctx.pending:
                    tag = item[0]
                    if tag == "org":
                        st.orgs.add(item[1])
                    elif tag == "doc":
                        st.docs.add(item[1])
                    elif tag == "req":
                        st.reqs[item[1]] = item[2]
                    elif tag == "task":
                        st.tasks.add(item[1])
                    elif tag == "rec":
                        st.recs.add(item[1])
                    elif tag == "asg":
                        st.assignments.add(item[1])
                    elif tag == "meeting":
                        st.meetings.add(item[1])
                    elif tag == "key":
                        st.keys[item[1]] = False
                    elif tag == "revoke":
                        st.keys[item[1]] = True
                for a, z in successor_edges(typ, pl):
                    st.succ[a].add(z)
                if typ == "event.retracted":
                    st.retracted.add(pl["target_event_id"])
            if isinstance(eid, str):
                st.events[eid] = (typ, pl, where)
            else:
                warnings.append(f"{where}: no event_id (the store will generate one; it cannot be targeted)")
        per_batch.append((f, rec_s, n))
    if prev_rec and prev_rec.date() > date.fromisoformat(LAST_RECORDED):
        errors.append(f"manifest: the last batch is recorded after {LAST_RECORDED}")

    total = sum(counts.values())
    if not quiet:
        print(f"{'batch':<40} {'recorded_at':<26} events")
        for f, r, n in per_batch:
            print(f"{f:<40} {r:<26} {n:>6}")
        print()
        print(f"{'type':<28} count")
        for t in TYPES:
            if counts[t]:
                print(f"{t:<28} {counts[t]:>5}")
        missing = [t for t in TYPES if not counts[t]]
        print(f"{'total':<28} {total:>5}   ({len(per_batch)} batches)")
        if missing:
            print("types not used: " + ", ".join(missing))
        print(f"late_recording (> P7D): {late} events; backfill (> P90D, meta.backfill_reason given): {backfilled}")
        print(f"known at the end: {len(st.orgs)} organisations, {len(st.docs)} documents, {len(st.reqs)} requirements, "
              f"{len(st.tasks)} tasks, {len(st.recs)} recommendations, {len(st.assignments)} assignments, "
              f"{len(st.meetings)} meetings")
        print(schema_note)
        for n in st.notes:
            print("note: " + n)
        for w in warnings:
            print("warning: " + w)
    for e in errors:
        print("error: " + e)
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
