"""Reading an `auditlog export` file: one stored entry per line, and the RFC 9162 Merkle root
over the lines' bytes."""
import base64
import hashlib
import json
from dataclasses import dataclass

ENVELOPE_FIELDS = ("seq", "event_id", "type", "occurred_at", "recorded_at", "payload")


class InputError(Exception):
    """The export cannot be read (exit 65)."""


@dataclass
class Entry:
    """One stored entry as exported (the payload and occurred_at as recorded, uncorrected)."""

    seq: int
    event_id: str
    type: str
    subject: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: dict
    meta: dict


def read_export(path):
    """The entries of an export file and the raw bytes of each line (without its newline)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from error
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    entries = []
    for number, raw in enumerate(lines, start=1):
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(f"line {number}: not JSON ({error})") from error
        if not isinstance(obj, dict) or any(f not in obj for f in ENVELOPE_FIELDS):
            raise InputError(f"line {number}: not an exported entry")
        if obj["seq"] != number:
            raise InputError(f"line {number}: seq {obj['seq']} out of order")
        if not isinstance(obj["payload"], dict):
            raise InputError(f"line {number}: payload is not an object")
        entries.append(Entry(obj["seq"], obj["event_id"], obj["type"], obj.get("subject", ""),
                             obj["occurred_at"], obj["recorded_at"], obj.get("actor", ""),
                             obj["payload"], obj.get("meta") or {}))
    return entries, lines


def merkle_root(leaves):
    """The RFC 9162 Merkle tree hash of the entries' bytes, base64 (SHA-256 of "" when empty)."""
    hashes = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    return base64.b64encode(_subtree(hashes)).decode("ascii")


def _subtree(hashes):
    """MTH over leaf hashes: split at the largest power of two below the count."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    split = 1
    while split * 2 < len(hashes):
        split *= 2
    return hashlib.sha256(b"\x01" + _subtree(hashes[:split]) + _subtree(hashes[split:])).digest()
