#!/usr/bin/env python3
"""Independent verifier of an auditlog/v1 database and of its proofs (Python 3 standard library).

Written from the specifications, not from the Swift code: RFC 9162 §2.1 (Merkle tree, inclusion
and consistency proofs), RFC 8032 §5.1.7/§6 (Ed25519), C2SP signed-note@v1.0.0,
tlog-checkpoint@v1.0.0, tlog-proof@v1 and the tlog-witness consistency body, the database
contract in Schemas/sql/README.md, and the signed events, key registry and authorship rules of
docs/authorship.md.
If the `cryptography` package is importable it is used for Ed25519 (faster); `--pure` forces the
standard-library implementation below.

  verify.py db DB [--vkey VKEY] [--checkpoint FILE]... [--json]   check a whole log
  verify.py proof FILE --vkey VKEY [--old CHECKPOINT]             check a receipt or consistency proof
  verify.py make-proof DB SEQ [--size N]                          print a c2sp.org/tlog-proof@v1 receipt
  verify.py make-consistency DB --from N [--to M]                 print an `old N` consistency body


VKEY is the verifier key text (`name+id+base64`) or a file whose first line is one.
Exit codes: 0 OK, 1 a problem was found (the first one is printed), 2 usage or unreadable input.
`db` speaks as `auditlog verify` does (docs/inspectors.md "Reading verify's answer"): a stored
checkpoint is one the file holds, a kept checkpoint one the inspector passes with --checkpoint;
a problem is printed `FAIL (KIND): ...`, KIND being tampering, damage or input (what was given
does not fit this log), and `NOTE ...` lines say what is odd but possible (never a failure).
"""
import argparse, base64, binascii, datetime, hashlib, json, os, re, sqlite3, sys, unicodedata, urllib.parse


# ---------------------------------------------------------------- Ed25519 (RFC 8032 §5.1, §6)
P = 2**255 - 19                                              # field prime
Q = 2**252 + 27742317777372353535851937790883648493          # group order L
D = -121665 * pow(121666, P - 2, P) % P                      # curve constant d
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(p1, p2):
    """Point addition in extended coordinates (X, Y, Z, T); complete, so also doubles."""
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % P
    c = 2 * p1[3] * p2[3] * D % P
    d = 2 * p1[2] * p2[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, pt):
    acc = (0, 1, 1, 0)                                       # neutral element
    while s:
        if s & 1:
            acc = _add(acc, pt)
        pt, s = _add(pt, pt), s >> 1
    return acc


def _equal(p1, p2):                                          # x1/z1 == x2/z2 and y1/z1 == y2/z2
    return (p1[0] * p2[2] - p2[0] * p1[2]) % P == 0 and (p1[1] * p2[2] - p2[1] * p1[2]) % P == 0


def _decompress(s):
    """RFC 8032 §5.1.3: None for a non-canonical or off-curve encoding."""
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else (0, y, 1, 0)
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def _compress(pt):
    zi = pow(pt[2], P - 2, P)
    x, y = pt[0] * zi % P, pt[1] * zi % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


B = _decompress((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))   # base point, y = 4/5, x even


def _h(*parts):
    return int.from_bytes(hashlib.sha512(b"".join(parts)).digest(), "little") % Q


def ed25519_public_key(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    return a, h[32:], _compress(_mul(a, B))


def ed25519_sign(seed, msg):
    """RFC 8032 §5.1.6 (deterministic). Only tests use this; the verifier never signs."""
    a, prefix, pub = ed25519_public_key(seed)
    r = _h(prefix, msg)
    rs = _compress(_mul(r, B))
    return rs + ((r + _h(rs, pub, msg) * a) % Q).to_bytes(32, "little")


def ed25519_verify_pure(pub, msg, sig):
    """RFC 8032 §5.1.7 with the cofactorless equation [S]B = R + [k]A of the §6 reference code."""
    if len(pub) != 32 or len(sig) != 64:
        return False
    a, r = _decompress(pub), _decompress(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    return _equal(_mul(s, B), _add(r, _mul(_h(sig[:32], pub, msg), a)))


def ed25519_verify_crypto(pub, msg, sig):
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def crypto_available():
    try:
        import cryptography.hazmat.primitives.asymmetric.ed25519  # noqa: F401
        return True
    except ImportError:
        return False


BACKEND = "cryptography" if crypto_available() else "pure-python (RFC 8032)"


def set_backend(pure):
    global BACKEND
    BACKEND = "pure-python (RFC 8032)" if pure or not crypto_available() else "cryptography"


def ed25519_verify(pub, msg, sig):
    return (ed25519_verify_crypto if BACKEND == "cryptography" else ed25519_verify_pure)(pub, msg, sig)


# ---------------------------------------------------------------- RFC 9162 §2.1 Merkle tree
EMPTY_ROOT = hashlib.sha256(b"").digest()
# The database contract's node cache (merkle_nodes) holds every interior node from this level up;
# a node below it is hashed from the leaves it covers (Schemas/sql/README.md).
LOWEST_CACHED_LEVEL = 4


def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """The streaming stack of RFC 9162 §2.1.2: O(log n) perfect-subtree roots."""

    def __init__(self):
        self.stack, self.size = [], 0

    def push(self, h, on_node=None):
        """Adds a leaf hash; on_node(level, idx, hash) sees each perfect subtree it completes."""
        self.stack.append(h)
        i, level = self.size, 0            # merge once per trailing 1 bit of the leaf index
        while i & 1:
            right = self.stack.pop()
            self.stack.append(node_hash(self.stack.pop(), right))
            i, level = i >> 1, level + 1
            if on_node:
                on_node(level, self.size >> level, self.stack[-1])
        self.size += 1

    def root(self):
        if not self.stack:
            return EMPTY_ROOT
        r = self.stack[-1]
        for h in reversed(self.stack[:-1]):
            r = node_hash(h, r)
        return r


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size or index < 0 or any(len(p) != 32 for p in path):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, root1, root2, path):
    """RFC 9162 §2.1.4.2, with the caller-side cases: size1 == size2 needs an empty proof and
    equal roots; size1 == 0 is refused here (handled by the protocol layer); size1 > size2 fails."""
    if size1 <= 0 or size1 > size2 or any(len(c) != 32 for c in path):
        return False
    if size1 == size2:
        return not path and root1 == root2
    if not path:
        return False
    if size1 & (size1 - 1) == 0:
        path = [root1] + list(path)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0


def _split(n):                                   # largest power of two strictly below n (n > 1)
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_path(m, lo, hi, mth):
    """RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), leaf sibling first; mth(a, b) hashes D[a:b]."""
    out = []
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < lo + k:
            out.append(mth(lo + k, hi)); hi = lo + k
        else:
            out.append(mth(lo, lo + k)); lo += k
    return out[::-1]


def consistency_path(m, n, mth):
    """RFC 9162 §2.1.4.1 PROOF(m, D[n]) for 0 < m < n."""
    out, lo, hi, complete = [], 0, n, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            out.append(mth(lo + k, hi)); hi = lo + k
        else:
            out.append(mth(lo, lo + k)); m -= k; lo += k; complete = False
    if not complete:
        out.append(mth(lo, hi))
    return out[::-1]


# ---------------------------------------------------------------- signed notes and checkpoints
class Problem(Exception):
    """The first problem found; its text is what the user sees. Its kind says what it is evidence
    of, in the words of `auditlog verify` (docs/inspectors.md "Reading verify's answer"):
    `tampering` (the log is not what was signed), `damage` (the file is damaged) or `input` (what
    the inspector gave does not fit this log: check the key and the files first)."""

    KINDS = ("tampering", "damage", "input")

    def __init__(self, message, kind="tampering"):
        assert kind in self.KINDS
        super().__init__(message)
        self.kind = kind


class UsageError(Exception):
    """Bad arguments or input that is not ours to judge (exit 2)."""


def b64(raw):
    return base64.b64encode(raw).decode()


def b64_strict(s, what):
    """Standard padded base64 (RFC 4648 §4) in its one canonical spelling."""
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise Problem(f"{what}: bad base64")
    if b64(raw) != s:
        raise Problem(f"{what}: non-canonical base64")
    return raw


class Vkey:
    """A signed-note verifier key `<name>+<hex key id>+<base64(0x01 || public key)>`."""

    def __init__(self, text):
        parts = text.strip().split("+", 2)               # the base64 part may itself contain '+'
        if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]) or not parts[0]:
            raise Problem(f"malformed vkey {text.strip()!r}")
        self.name, self.key_id = parts[0], bytes.fromhex(parts[1])
        raw = b64_strict(parts[2], "vkey")
        if len(raw) != 33 or raw[0] != 1:
            raise Problem("vkey is not an Ed25519 (type 0x01) key")
        self.pub, self.text = raw[1:], text.strip()
        if key_id(self.name, self.pub) != self.key_id:
            raise Problem("vkey key id does not match its name and key")


def key_id(name, pub):
    return hashlib.sha256(name.encode() + b"\n\x01" + pub).digest()[:4]


def parse_note(note):
    """C2SP signed-note: returns (text, [(key name, key id, signature)])."""
    if "\r" in note:
        raise Problem("note contains CR (notes use LF only)")
    if any(c < " " and c != "\n" or c == "\x7f" for c in note):
        raise Problem("note contains a control character")
    if not note.endswith("\n"):
        raise Problem("note does not end with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise Problem("note has no blank line before its signatures")
    text, sig_lines = note[:cut + 1], note[cut + 2:-1]
    if not sig_lines:
        raise Problem("note has no signature line")
    sigs = []
    for line in sig_lines.split("\n"):
        if not line.startswith("\u2014 "):
            raise Problem("signature line does not start with an em dash (U+2014)")
        fields = line[2:].split(" ")
        if len(fields) != 2 or not fields[0] or "+" in fields[0]:
            raise Problem("malformed signature line")
        blob = b64_strict(fields[1], "signature")
        if len(blob) < 5:
            raise Problem("signature too short")
        sigs.append((fields[0], blob[:4], blob[4:]))
    return text, sigs


def parse_checkpoint(text):
    """c2sp.org/tlog-checkpoint@v1.0.0 text: (origin, size, root); no extension lines here."""
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not all(lines[:3]):
        raise Problem("checkpoint needs three non-empty lines (origin, size, root)")
    if len(lines) > 3:
        raise Problem("checkpoint has extension lines or an extra blank line (not auditlog/v1)")
    origin, size, root = lines
    if not re.fullmatch(r"0|[1-9][0-9]{0,18}", size):
        raise Problem(f"checkpoint size {size!r} is not a decimal without leading zeros")
    root = b64_strict(root, "checkpoint root")
    if len(root) != 32:
        raise Problem(f"checkpoint root is {len(root)} bytes, not 32")
    return origin, int(size), root


def verify_checkpoint(note, vkey, origin, what):
    """Syntax, origin, then the trusted key's signature. Returns (size, root)."""
    try:
        text, sigs = parse_note(note)
        cp_origin, size, root = parse_checkpoint(text)
    except Problem as e:
        raise Problem(f"{what} rejected: {e}")
    if cp_origin != origin:
        raise Problem(f"{what} rejected: wrong origin {cp_origin!r} (expected {origin!r})")
    known = [s for n, i, s in sigs if n == vkey.name and i == vkey.key_id]
    if not known:
        raise Problem(f"{what} rejected: no signature by the trusted key {vkey.name}+{vkey.key_id.hex()}")
    if not all(ed25519_verify(vkey.pub, text.encode(), s) for s in known):
        raise Problem(f"{what} rejected: bad signature")
    return size, root


# ---------------------------------------------------------------- entries (RFC 8785 profile)
MAX_INT, MAX_ENTRY = 2**53 - 1, 65535
KEY = re.compile(r"[a-z0-9_]+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
ENVELOPE = {"v": int, "seq": int, "event_id": str, "type": str, "subject": str, "subject_version": int,
            "occurred_at": str, "recorded_at": str, "actor": str, "payload": dict}


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    for k in keys:
        if not KEY.fullmatch(k):
            raise Problem(f"key {k!r} does not match [a-z0-9_]+")
    if len(set(keys)) != len(keys):
        raise Problem("duplicate key")
    return dict(pairs)


def _no_float(s):
    raise Problem(f"number {s} is not an integer")


def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            _walk(v)
    elif isinstance(value, list):
        for v in value:
            _walk(v)
    elif isinstance(value, str):
        if "\x00" in value:
            raise Problem("entry text contains U+0000")
        if not unicodedata.is_normalized("NFC", value):
            raise Problem("entry text is not NFC")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise Problem("integer beyond 2^53-1")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_entry(raw):
    """Parse entry bytes strictly, check the profile and the envelope; returns the object."""
    if not isinstance(raw, bytes):
        raise Problem("entry is not a BLOB")
    if len(raw) > MAX_ENTRY:
        raise Problem(f"entry is {len(raw)} bytes (limit {MAX_ENTRY})")
    try:
        obj = json.loads(raw.decode("utf-8"), object_pairs_hook=_pairs,
                         parse_float=_no_float, parse_constant=_no_float)
        if not isinstance(obj, dict):
            raise Problem("entry is not a JSON object")
        _walk(obj)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise Problem(f"entry is not valid JSON ({e.__class__.__name__})")
    try:
        canon = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except UnicodeEncodeError:                               # a lone surrogate from a \ud8xx escape
        canon = None
    if canon != raw:
        raise Problem("entry is not canonical (RFC 8785 profile)")
    for field, kind in ENVELOPE.items():
        if field not in obj or not (is_int(obj[field]) if kind is int else isinstance(obj[field], kind)):
            raise Problem(f"envelope field {field} missing or of the wrong type")
    extra = set(obj) - set(ENVELOPE) - {"meta", "author"}
    if extra:
        raise Problem(f"unexpected envelope field {sorted(extra)[0]}")
    if "meta" in obj and not isinstance(obj["meta"], dict):
        raise Problem("envelope field meta is not an object")
    if "author" in obj:
        check_author(obj["author"])
    if obj["v"] != 1:
        raise Problem(f"envelope version {obj['v']} is not 1")
    if not UUID.fullmatch(obj["event_id"]) or not INSTANT.fullmatch(obj["recorded_at"]):
        raise Problem("event_id or recorded_at malformed")
    if obj["subject_version"] < 1 or not all(obj[k] for k in ("type", "subject", "occurred_at", "actor")):
        raise Problem("envelope field empty or out of range")
    return obj


# ---------------------------------------------------------------- authorship (docs/authorship.md)
SIGNED_CONTEXT = b"auditlog/v1 signed event\n"
SIGNED_MEMBERS = ("actor", "event_id", "meta", "occurred_at", "payload", "subject", "type")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_signer_name(name):
    """The rule of a log's origin: not empty, no white space, no control character, no '+'."""
    return isinstance(name, str) and bool(name) and not any(c == "+" or c.isspace() or c < " " for c in name)


def check_author(author):
    """The shape of an entry's `author` member: exactly key_id, sig and signer."""
    if not isinstance(author, dict) or set(author) != {"key_id", "sig", "signer"}:
        raise Problem("envelope field author must have exactly key_id, sig and signer")
    if not isinstance(author["key_id"], str) or not re.fullmatch(r"[0-9a-f]{8}", author["key_id"]):
        raise Problem("author.key_id is not 8 lower-case hex digits")
    if not isinstance(author["sig"], str) or len(b64_strict(author["sig"], "author.sig")) != 64:
        raise Problem("author.sig is not the base64 of 64 bytes")
    if not is_signer_name(author["signer"]):
        raise Problem("author.signer is not a signer name (non-empty, no spaces, no '+')")


def signed_bytes(obj):
    """What an author signs: the context line, then the canonical JSON of the entry's members
    actor, event_id, meta (when present), occurred_at, payload, subject and type."""
    signed = {k: obj[k] for k in SIGNED_MEMBERS if k in obj}
    return SIGNED_CONTEXT + json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def is_date(text):
    if not isinstance(text, str) or not DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def zone_offset(timezone, created_at):
    """The UTC offset of the log's zone at its creation (docs/decisions.md "One UTC offset for
    business dates"), as a timedelta."""
    import zoneinfo
    if not isinstance(created_at, str) or not INSTANT.fullmatch(created_at):
        raise Problem(f"log_meta.created_at {created_at!r} is not an instant YYYY-MM-DDTHH:MM:SS.sssZ")
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as e:
        raise UsageError(f"time zone {timezone!r} of log_meta is unknown here ({e.__class__.__name__}; "
                         "install the tzdata package?)")
    created = datetime.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return zone.utcoffset(created)


def civil_date(instant, offset):
    """The date of a stored `recorded_at` instant at the log's UTC offset, YYYY-MM-DD."""
    moment = datetime.datetime.strptime(instant, "%Y-%m-%dT%H:%M:%S.%fZ")
    return (moment + offset).date().isoformat()


class Registry:
    """The key registry replayed in seq order: signer.registered adds (signer, key id) at its
    seq, signer.revoked marks it revoked at its seq. Checks each signed entry by the rules of
    docs/authorship.md "At append", against the registry as it stood before that entry."""

    def __init__(self, timezone, created_at):
        self.keys = {}                             # (signer, key id hex) -> dict
        self.timezone, self.created_at, self.offset = timezone, created_at, None

    def check(self, seq, obj):
        """Raises Problem naming `seq` at the first rule a signed entry breaks."""
        author = obj["author"]
        signer, kid = author["signer"], author["key_id"]
        key = self.keys.get((signer, kid))
        if key is None:
            raise Problem(f"seq {seq}: author key {kid} of {signer} is not registered before this entry")
        if key["revoked"] is not None and key["revoked"] < seq:
            raise Problem(f"seq {seq}: author key {kid} of {signer} was revoked at seq {key['revoked']}")
        if self.offset is None:
            self.offset = zone_offset(self.timezone, self.created_at)
        if key["valid_from"] > civil_date(obj["recorded_at"], self.offset):
            raise Problem(f"seq {seq}: author key {kid} of {signer} is valid only from {key['valid_from']}")
        if not ed25519_verify(key["pub"], signed_bytes(obj), base64.b64decode(author["sig"])):
            raise Problem(f"seq {seq}: author signature does not verify (signer {signer}, key {kid})")

    def apply(self, seq, obj):
        """Replays a registry event; a registration or revocation append would have refused is
        a problem of its entry."""
        kind, payload = obj["type"], obj["payload"]
        if kind == "signer.registered":
            signer, valid_from = payload.get("signer"), payload.get("valid_from")
            if not is_signer_name(signer):
                raise Problem(f"seq {seq}: signer.registered: signer is not a signer name")
            if not isinstance(payload.get("vkey"), str):
                raise Problem(f"seq {seq}: signer.registered: vkey missing")
            try:
                vkey = Vkey(payload["vkey"])
            except Problem as e:
                raise Problem(f"seq {seq}: signer.registered: {e}")
            if vkey.name != signer:
                raise Problem(f"seq {seq}: signer.registered: vkey is named {vkey.name}, not {signer}")
            if not is_date(valid_from):
                raise Problem(f"seq {seq}: signer.registered: valid_from is not a date YYYY-MM-DD")
            kid = vkey.key_id.hex()
            if (signer, kid) in self.keys:
                raise Problem(f"seq {seq}: key {kid} of {signer} is registered again "
                              f"(first at seq {self.keys[(signer, kid)]['registered']})")
            other = next((k for (name, _), k in self.keys.items() if name == signer and k["org_id"] != payload.get("org_id")), None)
            if other is not None:
                raise Problem(f"seq {seq}: signer.registered: {signer} acts for {other['org_id']} "
                              f"(seq {other['registered']}); a signer acts for one organisation")
            self.keys[(signer, kid)] = {"pub": vkey.pub, "valid_from": valid_from, "registered": seq,
                                        "revoked": None, "org_id": payload.get("org_id")}
        elif kind == "signer.revoked":
            signer, kid = payload.get("signer"), payload.get("key_id")
            key = self.keys.get((signer, kid)) if isinstance(signer, str) and isinstance(kid, str) else None
            if key is None:
                raise Problem(f"seq {seq}: signer.revoked names key {kid} of {signer}, "
                              "which is not registered before it")
            if key["revoked"] is not None:
                raise Problem(f"seq {seq}: signer.revoked: key {kid} of {signer} was already "
                              f"revoked at seq {key['revoked']}")
            key["revoked"] = seq


# ---------------------------------------------------------------- who may record what (docs/authorship.md)
MODES = ("off", "warn", "enforce")
# The responsible body of each type: the payload field (a path into it) naming the organisation
# whose act the event records. task.completed, event.corrected and event.retracted are looked up.
RESPONSIBLE = {
    "report.submitted": ("reporter",), "membership.reported": ("org_id",), "congress.held": ("org_id",),
    "leadership.changed": ("org_id",), "inspection.planned": ("inspector",),
    "inspection.conducted": ("inspector",), "directive.issued": ("doc", "issuer_org"),
    "document.registered": ("doc", "issuer_org"), "directive.disseminated": ("org",),
    "congress.appraised": ("appraiser",), "recommendation.filed": ("from_org",),
    "recommendation.forwarded": ("by",), "recommendation.resolved": ("resolver",),
    "meeting.held": ("convener",), "signer.registered": ("org_id",),
}
TARGETING = ("event.corrected", "event.retracted")
ECHO_LIMIT = 40


def echoed(text):
    """Outside text as it appears in a one-line message: in double quotes, quotes, backslashes,
    controls and the characters that break or reorder lines escaped, cut after 40 characters."""
    out = []
    for i, c in enumerate(text):
        if i == ECHO_LIMIT:
            out.append("\u2026")
            break
        v = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif c in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c])
        elif v < 0x20 or 0x7F <= v <= 0x9F or v in (0x2028, 0x2029) or 0x202A <= v <= 0x202E or 0x2066 <= v <= 0x2069:
            out.append(f"\\u{v:04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def responsible_of(kind, payload):
    """The organisations whose act an event of type `kind` records, from its payload alone."""
    value = payload
    for field in RESPONSIBLE.get(kind, ()):
        value = value.get(field) if isinstance(value, dict) else None
    return [value] if kind in RESPONSIBLE and isinstance(value, str) else []


def successor_links(kind, payload):
    """The (predecessor, successor) pairs an event makes: a merger's sources pass to `into`, a
    split's source to each of `into`, a dissolved organisation to its successor, a designated
    successor takes over from its predecessor."""
    def names(v):
        return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []
    if kind == "organization.merged" and isinstance(payload.get("into"), str):
        return [(s, payload["into"]) for s in names(payload.get("sources"))]
    if kind == "organization.split" and isinstance(payload.get("source"), str):
        return [(payload["source"], o) for o in names(payload.get("into"))]
    if kind == "organization.dissolved" and isinstance(payload.get("org_id"), str) \
            and isinstance(payload.get("successor"), str):
        return [(payload["org_id"], payload["successor"])]
    if kind == "successor.designated" and isinstance(payload.get("predecessor"), str) \
            and isinstance(payload.get("successor"), str):
        return [(payload["predecessor"], payload["successor"])]
    return []


class Rules:
    """The authorship rules replayed in seq order (docs/authorship.md "Who may record what"):
    the latest authorship.rule_set per event type, the successor links as first recorded (a later
    correction of a merger does not move them), and the tasks' assignees. Judges each entry of a
    type under an `enforce` rule set at an earlier seq, and adds to `notes` each entry recorded
    against a rule while it was `warn` or `off`; `find` looks up an entry by event id (the target
    of a correction or retraction)."""

    def __init__(self, registry, find, notes):
        self.registry, self.find, self.notes = registry, find, notes
        self.rules = {}                            # event type -> (mode, clerks, seq of the rule)
        self.ruled = set()                         # the types a warn or enforce rule ever covers
        self.successors = {}                       # predecessor -> set of successors
        self.assignees = {}                        # task id -> assignee

    @staticmethod
    def rule_of(payload):
        """(event type, mode, clerks) of an authorship.rule_set payload the catalogue reads, or None."""
        if not isinstance(payload, dict):
            return None
        event_type, mode, clerks = payload.get("event_type"), payload.get("mode"), payload.get("clerks", [])
        if set(payload) <= {"event_type", "mode", "clerks"} and isinstance(event_type, str) and event_type \
                and mode in MODES and isinstance(clerks, list) and all(map(is_signer_name, clerks)):
            return event_type, mode, clerks
        return None

    def take_in_ruled(self, raw):
        """Takes in, before the entries are read, the type of a rule event (its entry bytes) that
        sets warn or enforce: only such types' unsigned entries are noted when their rule is off
        (a type only ever `off` is not ruled). A correction and a retraction go together."""
        try:
            obj = json.loads(raw) if isinstance(raw, bytes) else None
        except ValueError:
            return
        rule = self.rule_of(obj.get("payload")) if isinstance(obj, dict) else None
        if rule is not None and rule[1] != "off":
            self.ruled.add(rule[0])
            if rule[0] in TARGETING:
                self.ruled.update(TARGETING)

    def follows(self, owner, org):
        """Whether `org` is `owner` or reached from it through successor links."""
        seen, queue = {owner}, [owner]
        while queue:
            node = queue.pop()
            if node == org:
                return True
            for nxt in self.successors.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    def context(self, kind, payload):
        """(responsible organisations, the signer of the targeted event or None)."""
        responsible, target_signer = responsible_of(kind, payload), None
        subject_kind, subject_payload = kind, payload
        if kind in TARGETING and isinstance(payload.get("target_event_id"), str):
            target = self.find(payload["target_event_id"])
            if target is not None:
                author = target.get("author")
                if isinstance(author, dict) and isinstance(author.get("signer"), str):
                    target_signer = author["signer"]
                if isinstance(target.get("type"), str) and isinstance(target.get("payload"), dict):
                    subject_kind, subject_payload = target["type"], target["payload"]
                    responsible = responsible_of(subject_kind, subject_payload)
        if subject_kind == "task.completed" and subject_payload.get("task_id") in self.assignees:
            responsible = [self.assignees[subject_payload["task_id"]]]
        if subject_kind == "signer.revoked":
            # A revocation is the revoked key's organisation's to record.
            key = self.registry.keys.get((subject_payload.get("signer"), subject_payload.get("key_id")))
            responsible = [key["org_id"]] if key is not None and isinstance(key["org_id"], str) else []
        return responsible, target_signer

    def check(self, seq, obj):
        """Raises Problem when `obj`, of a type under an enforce rule, is not one its signer (a
        signature that counts: the registry checked it) may record. Returns whether it was judged.
        Under a warn or off rule, the same judgement is a note: odd but possible, never a failure."""
        rule = self.rules.get(obj["type"])
        if rule is None or not isinstance(obj["payload"], dict):
            return False
        mode, clerks, rule_seq = rule
        if mode != "enforce":
            why = self.refusal(obj, clerks, rule_seq) if "author" in obj or obj["type"] in self.ruled else None
            if why is not None:
                self.notes.append(f"seq {seq}: recorded while the rule for {obj['type']} was {mode}: {why}")
            return False
        why = self.refusal(obj, clerks, rule_seq)
        if why is not None:
            raise Problem(f"seq {seq}: recorded against the authorship rule: {why} "
                          "(FORGED authorship or a rule bypassed)")
        return True

    def refusal(self, obj, clerks, rule_seq):
        author = obj.get("author")
        if author is None:
            return f"the line is unsigned; its type is recorded only signed (rule at seq {rule_seq})"
        signer, kid = author["signer"], author["key_id"]
        responsible, target_signer = self.context(obj["type"], obj["payload"])
        if signer in clerks or signer == target_signer:
            return None
        key = self.registry.keys.get((signer, kid))
        if key is None:
            return f"{echoed(signer)} has no registered key {kid}"
        org = key["org_id"] if isinstance(key["org_id"], str) else ""
        if any(self.follows(r, org) for r in responsible):
            return None
        whose = (f"it is {', '.join(echoed(r) for r in responsible)}'s to record" if responsible
                 else "only its clerks record this type")
        return f"{echoed(signer)} acts for {echoed(org)}, and {whose} (rule at seq {rule_seq})"

    def apply(self, seq, obj):
        """Takes in a rule, the successor links and a task's assignee."""
        kind, payload = obj["type"], obj["payload"]
        if not isinstance(payload, dict):
            return
        if kind == "authorship.rule_set":
            rule = self.rule_of(payload)           # a rule the catalogue would not read is not a rule
            if rule is not None:
                self.rules[rule[0]] = (rule[1], set(rule[2]), seq)
        for predecessor, successor in successor_links(kind, payload):
            self.successors.setdefault(predecessor, set()).add(successor)
        if kind == "task.assigned" and isinstance(payload.get("task_id"), str) \
                and isinstance(payload.get("assignee"), str):
            self.assignees[payload["task_id"]] = payload["assignee"]


# ---------------------------------------------------------------- `db`: the whole log
COLUMNS = ("event_id", "type", "subject", "subject_version", "occurred_at", "recorded_at")


def open_ro(path):
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    con = sqlite3.connect(f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro", uri=True,
                          isolation_level=None)
    con.execute("BEGIN")                        # one snapshot for all the cursors below
    return con


def read_vkey(arg):
    if arg and "+" not in arg and os.path.isfile(arg):
        with open(arg, encoding="utf-8") as f:
            arg = f.readline()
    return Vkey(arg)


def find_entry(con, event_id):
    """The entry with `event_id`, parsed, or None."""
    row = con.execute("SELECT entry FROM events WHERE event_id = ?", (event_id,)).fetchone()
    try:
        obj = json.loads(row[0]) if row is not None and isinstance(row[0], bytes) else None
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


def key_mismatch(con, given, origin):
    """The problem when log_meta.vkey is not the key given: a key substitution (tampering) when the
    file's first stored checkpoint (the empty tree, signed by `init`) is signed by the key given;
    otherwise a wrong --vkey cannot be told from a log re-signed from the start, and both are said
    (input: the inspector checks the key first)."""
    row = con.execute("SELECT note FROM checkpoints ORDER BY size LIMIT 1").fetchone()
    if row is not None and isinstance(row[0], str):
        try:
            verify_checkpoint(row[0], given, origin, "the first stored checkpoint")
            return Problem("log_meta.vkey is not the key given, yet the log's first checkpoint is signed by the key "
                           "given: the file's key was replaced (key substitution)")
        except Problem:
            pass
    return Problem(f"no checkpoint in the file is signed by the key given ({given.key_id.hex()}); the file names "
                   "another key: either the key given is not this log's (compare it with the one `init` printed), "
                   "or the whole log was re-signed with another key (key substitution)", kind="input")


def verify_db(path, vkey_arg, cp_files, report):
    """Streams the log once. Fills `report`; raises Problem at the first problem. A stored
    checkpoint is one the file holds; a kept checkpoint (`cp_files`) one the inspector kept."""
    kept_files = []
    for name in cp_files:                       # unreadable files are a usage error (OSError)
        with open(name, "rb") as f:
            kept_files.append((name, f.read()))
    con = open_ro(path)
    meta = con.execute("SELECT format, origin, vkey, timezone, created_at, catalogue FROM log_meta").fetchall()
    user_version = con.execute("PRAGMA user_version").fetchone()[0]
    if user_version != 1:
        raise Problem(f"PRAGMA user_version is {user_version}, not 1 (auditlog/v1)")
    if len(meta) != 1 or meta[0][0] != "auditlog/v1":
        raise Problem("log_meta must hold one row with format auditlog/v1")
    _, origin, file_vkey, timezone, created_at, catalogue = meta[0]
    report["origin"] = origin
    if catalogue not in ("auditlog/v1", "none"):
        raise Problem(f"log_meta.catalogue {catalogue!r} is neither auditlog/v1 nor none")
    registry = Registry(timezone, created_at) if catalogue == "auditlog/v1" else None
    report.setdefault("ruled_entries", 0)
    report.setdefault("notes", [])
    rules = Rules(registry, lambda event_id: find_entry(con, event_id), report["notes"]) if registry is not None else None
    if rules is not None:
        for (raw,) in con.execute("SELECT entry FROM events WHERE type = 'authorship.rule_set'"):
            rules.take_in_ruled(raw)
    if vkey_arg:
        try:
            vkey = read_vkey(vkey_arg)
        except Problem as e:
            raise UsageError(f"--vkey: {e}")
        if vkey.name != origin:
            raise Problem(f"the key given is named {vkey.name}, but this log is {origin}: it is another log's key, "
                          "or this is another log's file (wrong origin)", kind="input")
        if not isinstance(file_vkey, str) or file_vkey.strip().split("+", 2) != vkey.text.split("+", 2):
            raise key_mismatch(con, vkey, origin)
    else:
        try:
            vkey = Vkey(file_vkey)
        except Problem as e:
            raise Problem(f"log_meta.vkey: {e}")
        report["warnings"].append("vkey taken from the database file itself: pass --vkey with the key "
                                  "you were given, or a re-signed log goes unnoticed")
        if vkey.name != origin:
            raise Problem("log_meta.vkey is not the origin's key")
    kept = []
    for name, data in kept_files:
        try:
            note = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(f"kept checkpoint {name} rejected: not UTF-8")
        try:
            size, root = verify_checkpoint(note, vkey, origin, f"kept checkpoint {name}")
        except Problem:
            first = note.split("\n", 1)[0]
            if first != origin and is_signer_name(first):      # a well-formed origin: another log's file
                raise Problem(f"kept checkpoint {name} is of the log {echoed(first)}, not of this log {origin}: "
                              "another log's checkpoint, or this is another log's file (wrong origin)", kind="input")
            raise
        kept.append((size, root, name))
    kept.sort()

    tree = Frontier()
    stored = con.execute("SELECT size, note FROM checkpoints ORDER BY size")
    pending = next(stored, None)
    last_stored = None
    first_wrong_node = []                       # (level, idx) of the first cached node the entries contradict

    def where_history_differs(n):
        """Where the entries first differ from what was signed at size n, as closely as the log
        tells: between the last stored checkpoint that still matches and n; or, when the Merkle
        node cache still holds what was signed, the entries under its first contradicted node."""
        frm = (last_stored or 0) + 1
        place = f"the first changed entry is in seq {frm}\u2026{n} (the stored checkpoint at size {frm - 1} still matches)"
        if first_wrong_node:
            level, idx = first_wrong_node[0]
            first, last = (idx << level) + 1, min((idx + 1) << level, n)
            if first >= frm and last <= n:
                place = (f"the first changed entry is seq {first}" if first == last else
                         f"the first changed entry is seq {first}\u2026{last}: the Merkle node cache still holds "
                         "the hash that was signed over them")
        return place

    def at_size(n):                             # every checkpoint (stored or kept) of size n
        nonlocal pending, last_stored
        at = f"seq {n}: " if n > 0 else ""
        root = tree.root() if pending is not None and pending[0] <= n or kept and kept[0][0] == n else None
        while pending is not None and pending[0] <= n:
            size, note = pending
            if size != n:
                raise Problem(f"stored checkpoint at size {size} does not match any log size")
            what = f"stored checkpoint {size}"
            if not isinstance(note, str):
                raise Problem(f"{what} rejected: note is not TEXT")
            cp_size, cp_root = verify_checkpoint(note, vkey, origin, what)
            if cp_size != size:
                raise Problem(f"stored checkpoint row {size} holds a note for size {cp_size}")
            if cp_root != root:
                raise Problem(f"{at}{what}: root mismatch: the entries are not what was signed (history rewritten); "
                              + where_history_differs(n))
            last_stored = size
            report["checkpoints"] += 1
            pending = next(stored, None)
        while kept and kept[0][0] == n:
            _, kept_root, name = kept.pop(0)
            if kept_root != root:
                raise Problem(f"{at}FORK: kept checkpoint {name} signs another root for size {n} than the entries "
                              "in the file (history rewritten and re-signed)")
            report["inspector_checkpoints"] += 1

    # merkle_nodes is derived data: every cached node must equal the one recomputed from the
    # entries (or proofs made from the cache would be wrong). Read in the order nodes complete.
    # Every node from level LOWEST_CACHED_LEVEL up is cached. A level below it was written only
    # by appends made before that rule: it holds its nodes from the first up to its last one
    # held, and none after.
    cache = con.execute("SELECT level, idx, hash FROM merkle_nodes ORDER BY (idx + 1) << level, level")
    cached = next(cache, None)
    cache_problem = []
    last_held = dict(con.execute("SELECT level, max(idx) FROM merkle_nodes WHERE level >= 1 AND level < ? "
                                 "GROUP BY level", (LOWEST_CACHED_LEVEL,)).fetchall())

    def check_node(level, idx, h):
        nonlocal cached
        if level < LOWEST_CACHED_LEVEL and idx > last_held.get(level, -1):
            return
        if cached is not None and cached[:2] == (level, idx):
            if cached[2] != h and not cache_problem:
                first_wrong_node.append((level, idx))
                cache_problem.append(f"merkle_nodes ({level}, {idx}) differs from the entries "
                                     "(derived cache damaged: proofs from it would be wrong)")
            cached = next(cache, None)
        elif not cache_problem:
            cache_problem.append(f"merkle_nodes lacks ({level}, {idx}) or holds a node out of place")

    at_size(0)
    previous_recorded = ""
    rows = con.execute("SELECT seq, entry, leaf_hash, " + ", ".join(COLUMNS) + " FROM events ORDER BY seq")
    for row in rows:
        seq, entry, stored_leaf = row[:3]
        if seq != tree.size + 1:
            raise Problem(f"seq {seq}: seq gap/reorder (expected seq {tree.size + 1})")
        try:
            obj = check_entry(entry)
        except Problem as e:
            raise Problem(f"seq {seq}: {e}")
        if obj["seq"] != seq:
            raise Problem(f"seq {seq}: envelope seq differs (the entry says {obj['seq']})")
        if obj["recorded_at"] < previous_recorded:
            raise Problem(f"seq {seq}: recorded_at goes backwards")
        previous_recorded = obj["recorded_at"]
        for name, value in zip(COLUMNS, row[3:]):
            if type(value) is not type(obj[name]) or value != obj[name]:
                raise Problem(f"seq {seq}: column {name} differs from the entry")
        h = leaf_hash(entry)
        if stored_leaf != h:
            raise Problem(f"seq {seq}: stored leaf_hash mismatch")
        if registry is None:
            if "author" in obj:
                raise Problem(f"seq {seq}: signed entry in a log without the catalogue "
                              "(log_meta.catalogue is none: no key registry)")
        else:
            if "author" in obj:
                registry.check(seq, obj)
                report["signed_entries"] += 1
            if rules.check(seq, obj):
                report["ruled_entries"] += 1
            registry.apply(seq, obj)
            rules.apply(seq, obj)
        tree.push(h, check_node)
        report["entries"] += 1
        at_size(tree.size)
    n = tree.size
    if pending is not None:
        raise Problem(f"stored checkpoint size {pending[0]} > log size {n} (truncation/rollback)")
    if kept:
        raise Problem(f"kept checkpoint size {kept[0][0]} > log size {n} (truncation/rollback)")
    if last_stored is None:
        raise Problem(f"no stored checkpoint: {n} trailing entries not covered by a signed checkpoint")
    if last_stored < n:
        raise Problem(f"{n - last_stored} trailing entries not covered by a signed checkpoint")
    if cached is not None and not cache_problem:
        cache_problem.append(f"merkle_nodes holds ({cached[0]}, {cached[1]}) beyond the log")
    if cache_problem:                           # reported last: history problems come first
        raise Problem(cache_problem[0])
    report["size"], report["root"] = n, b64(tree.root())


def cmd_db(args):
    report = {"ok": False, "size": None, "root": None, "entries": 0, "checkpoints": 0,
              "inspector_checkpoints": 0, "signed_entries": 0, "ruled_entries": 0, "problem": None,
              "problem_kind": None, "notes": [], "ed25519": BACKEND, "warnings": []}
    try:
        try:
            verify_db(args.db, args.vkey, args.checkpoint or [], report)
        except sqlite3.DatabaseError as e:      # a page SQLite cannot read: the file, not history
            if getattr(e, "sqlite_errorname", "") != "SQLITE_CORRUPT" and "malformed" not in str(e):
                raise
            raise Problem(f"the database file is damaged (SQLite: {e})", kind="damage")
        report["ok"] = True
    except Problem as e:
        report["problem"], report["problem_kind"] = str(e), e.kind
    except (OSError, sqlite3.Error, UsageError) as e:
        print(f"verify.py: cannot verify {args.db}: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(f"ed25519      {BACKEND}")
        if "origin" in report:
            print(f"log          {report['origin']}, key from " + ("--vkey" if args.vkey else "the file"))
        for w in report["warnings"]:
            print(f"warning      {w}")
        print(f"entries      {report['entries']} checked: canonical form, NFC, envelope, dense seq, "
              "query columns, leaf hashes, Merkle cache")
        print(f"checkpoints  {report['checkpoints']} stored checkpoints verified; "
              f"{report['inspector_checkpoints']} kept checkpoints")
        print(f"authors      {report['signed_entries']} signed entries checked: key registered before "
              "the entry, not revoked, valid on its date, Ed25519 signature")
        print(f"rules        {report['ruled_entries']} entries under an enforce rule checked: signed by a clerk, "
              "the target's signer, or for the responsible body or its successor")
        for note in report["notes"]:
            print(f"NOTE         {note}")
        if report["ok"]:
            print(f"root         {report['root']} at size {report['size']}")
        print("OK" if report["ok"] else f"FAIL ({report['problem_kind']}): {report['problem']}")
    return 0 if report["ok"] else 1


# ---------------------------------------------------------------- proofs
def _hash_lines(lines, what):
    out = []
    for line in lines:
        h = b64_strict(line, what)
        if len(h) != 32:
            raise Problem(f"{what}: a hash is {len(h)} bytes, not 32")
        out.append(h)
    return out


def check_proof(text, vkey, old_note=None):
    """Verifies a tlog-proof receipt or an `old N` consistency body; returns a message."""
    head, sep, note = text.partition("\n\n")
    lines = head.split("\n")
    if not sep:
        raise Problem("no blank line before the checkpoint")
    if lines[0] == "c2sp.org/tlog-proof@v1":
        if len(lines) < 3 or not lines[1].startswith("extra ") or not re.fullmatch(r"index (0|[1-9][0-9]*)", lines[2]):
            raise Problem("receipt needs `extra <entry>` and `index N` lines")
        entry, index = b64_strict(lines[1][6:], "extra"), int(lines[2][6:])
        path = _hash_lines(lines[3:], "inclusion path")
        size, root = verify_checkpoint(note, vkey, vkey.name, "checkpoint")
        obj = check_entry(entry)
        if obj["seq"] != index + 1:
            raise Problem(f"entry seq {obj['seq']} is not index {index} + 1")
        if not verify_inclusion(index, size, leaf_hash(entry), path, root):
            raise Problem(f"inclusion proof for index {index} in size {size} does not verify")
        return f"entry seq {obj['seq']} is in the log {vkey.name} of size {size}"
    m = re.fullmatch(r"old (0|[1-9][0-9]*)", lines[0])
    if not m:
        raise Problem("not a c2sp.org/tlog-proof@v1 receipt nor an `old N` consistency proof")
    if old_note is None:
        raise UsageError("a consistency proof needs --old FILE (the checkpoint you kept)")
    old_size = int(m.group(1))
    path = _hash_lines(lines[1:], "consistency proof")
    size1, root1 = verify_checkpoint(old_note, vkey, vkey.name, "old checkpoint")
    size2, root2 = verify_checkpoint(note, vkey, vkey.name, "new checkpoint")
    if size1 != old_size:
        raise Problem(f"the proof starts at size {old_size}, the old checkpoint has size {size1}")
    if size1 > size2:
        raise Problem(f"old size {size1} > new size {size2} (rollback)")
    if size1 == 0:
        ok = not path and root1 == EMPTY_ROOT
    else:
        ok = verify_consistency(size1, size2, root1, root2, path)
    if not ok:
        raise Problem(f"consistency proof from size {size1} to {size2} does not verify")
    return f"the log {vkey.name} of size {size2} extends the checkpoint of size {size1}"


def read_text(name):
    with open(name, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(f"{name} is not UTF-8")


def cmd_proof(args):
    try:
        try:
            vkey = read_vkey(args.vkey)
        except Problem as e:
            raise UsageError(f"--vkey: {e}")
        old = read_text(args.old) if args.old else None
        message = check_proof(read_text(args.file), vkey, old)
    except (OSError, UsageError) as e:
        print(f"verify.py: {e}", file=sys.stderr)
        return 2
    except Problem as e:
        print(f"ed25519      {BACKEND}\nFAIL: {e}")
        return 1
    print(f"ed25519      {BACKEND}\nOK: {message}")
    return 0


class LogReader:
    """Hashes ranges of a log's entries for proof generation (O(log n) memory)."""

    def __init__(self, path):
        self.con = open_ro(path)

    def checkpoint(self, size):
        if size is None:
            row = self.con.execute("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1").fetchone()
        else:
            row = self.con.execute("SELECT size, note FROM checkpoints WHERE size = ?", (size,)).fetchone()
        if row is None:
            raise UsageError(f"no checkpoint at size {size}" if size is not None else "no checkpoint")
        return row

    def mth(self, lo, hi):                      # MTH(D[lo:hi]) from the entry bytes
        tree = Frontier()
        for (entry,) in self.con.execute("SELECT entry FROM events WHERE seq > ? AND seq <= ? ORDER BY seq",
                                         (lo, hi)):
            tree.push(leaf_hash(entry))
        if tree.size != hi - lo:
            raise Problem(f"seq {lo + 1}..{hi} is not dense")
        return tree.root()

    def root_of(self, note):
        return parse_checkpoint(parse_note(note)[0])[2]


def cmd_make(args):
    try:
        log = LogReader(args.db)
        if args.cmd == "make-proof":
            size, note = log.checkpoint(args.size)
            if not 1 <= args.seq <= size:
                raise UsageError(f"seq {args.seq} is not in 1..{size}")
            row = log.con.execute("SELECT entry FROM events WHERE seq = ?", (args.seq,)).fetchone()
            if row is None:
                raise Problem(f"seq {args.seq} is missing from the log")
            entry = row[0]
            path = inclusion_path(args.seq - 1, 0, size, log.mth)
            if not verify_inclusion(args.seq - 1, size, leaf_hash(entry), path, log.root_of(note)):
                raise Problem(f"the entries do not hash to the root of checkpoint {size}")
            sys.stdout.write(f"c2sp.org/tlog-proof@v1\nextra {b64(entry)}\nindex {args.seq - 1}\n"
                             + "".join(b64(h) + "\n" for h in path) + "\n" + note)
        else:
            size, note = log.checkpoint(args.to)
            if not 0 <= args.frm <= size:
                raise UsageError(f"--from {args.frm} is not in 0..{size}")
            path = consistency_path(args.frm, size, log.mth) if 0 < args.frm < size else []
            if 0 < args.frm < size and not verify_consistency(args.frm, size, log.mth(0, args.frm),
                                                              log.root_of(note), path):
                raise Problem(f"the entries do not hash to the root of checkpoint {size}")
            sys.stdout.write(f"old {args.frm}\n" + "".join(b64(h) + "\n" for h in path) + "\n" + note)
    except (OSError, sqlite3.Error, UsageError) as e:
        print(f"verify.py: {e}", file=sys.stderr)
        return 2
    except Problem as e:
        print(f"verify.py: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--pure", action="store_true", help="use the pure-Python Ed25519 even if "
                        "the cryptography package is installed")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("db", parents=[common], help="verify a whole auditlog database")
    p.add_argument("db")
    p.add_argument("--vkey", help="the trusted verifier key (text or a file); default: the file's own")
    p.add_argument("--checkpoint", action="append", help="a signed checkpoint you kept (repeatable)")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("proof", parents=[common], help="verify a receipt or a consistency proof")
    p.add_argument("file")
    p.add_argument("--vkey", required=True)
    p.add_argument("--old", help="the older signed checkpoint, for a consistency proof")
    p = sub.add_parser("make-proof", parents=[common], help="print an inclusion receipt")
    p.add_argument("db")
    p.add_argument("seq", type=int)
    p.add_argument("--size", type=int)
    p = sub.add_parser("make-consistency", parents=[common], help="print a consistency proof")
    p.add_argument("db")
    p.add_argument("--from", dest="frm", type=int, required=True)
    p.add_argument("--to", type=int)
    args = parser.parse_args(argv)
    set_backend(args.pure)
    try:
        if args.cmd == "db":
            return cmd_db(args)
        if args.cmd == "proof":
            return cmd_proof(args)
        return cmd_make(args)
    except Problem as e:                        # a malformed --vkey
        print(f"verify.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
