"""What the two evaluators must agree on, and the first place where they do not.

Compared: the set of requirements (req_ref, verdict); for every instance keyed by (req_ref,
assignee, key) its verdict, due date and evidence (sorted), as a multiset when a key repeats;
the findings as a multiset of (kind, req_ref, seq). Reasons and details are not compared."""
from collections import Counter
from dataclasses import dataclass


@dataclass
class Difference:
    """The first disagreement: a readable message and what the shrinker keeps failing on (the
    requirement for verdicts and instances, the kind for findings)."""
    message: str
    signature: str


def normalise(report: dict) -> dict:
    """The compared parts of a JSON check report."""
    requirements = {}
    instances: dict[tuple, list] = {}
    for req in report.get("requirements", []):
        requirements[req["req_ref"]] = req["verdict"]
        for inst in req.get("instances", []):
            key = (req["req_ref"], inst.get("assignee"), inst.get("key"))
            instances.setdefault(key, []).append(
                (inst.get("verdict"), inst.get("due"), tuple(sorted(inst.get("evidence") or []))))
    for value in instances.values():
        value.sort(key=repr)
    findings = Counter((f.get("kind"), f.get("req_ref"), f.get("seq")) for f in report.get("findings", []))
    return {"requirements": requirements, "instances": instances, "findings": findings}


def first_difference(binary: dict, reference: dict, signature: str | None = None) -> Difference | None:
    """The first disagreement between the two reports (with `signature`, if given), or None."""
    return next((d for d in differences(binary, reference) if signature in (None, d.signature)), None)


def differences(binary: dict, reference: dict):
    """Every disagreement between the two reports: instances (the most telling), then requirement
    verdicts, then findings."""
    a, b = normalise(binary), normalise(reference)
    for key in sorted(set(a["instances"]) | set(b["instances"]), key=repr):
        left, right = a["instances"].get(key, []), b["instances"].get(key, [])
        if left != right:
            ref, assignee, inst_key = key
            yield Difference(f"instance {ref} assignee={assignee} key={inst_key}: "
                             f"auditlog {_show(left)}, reference {_show(right)}", ref)
    for ref in sorted(set(a["requirements"]) | set(b["requirements"])):
        left, right = a["requirements"].get(ref, "(absent)"), b["requirements"].get(ref, "(absent)")
        if left != right:
            yield Difference(f"requirement {ref}: auditlog {left}, reference {right}", ref)
    for finding in sorted(set(a["findings"]) | set(b["findings"]), key=repr):
        left, right = a["findings"][finding], b["findings"][finding]
        if left != right:
            kind, ref, seq = finding
            yield Difference(f"finding {kind} {ref} seq {seq}: auditlog has it {left}×, reference {right}×",
                             f"finding {kind}")


def _show(entries: list) -> str:
    if not entries:
        return "(no instance)"
    return "; ".join(f"{v} due {d or '-'} evidence {list(e)}" for v, d, e in entries)
