"""Payloads generated from the JSON Schemas of Schemas/, each with the verdict of an off-the-shelf
validator (python-jsonschema, Draft 2020-12), for holding the Swift payload readers to the schemas.

For every event type of the catalogue (its `payload` schema) and every requirement template (its
params schema), the generator takes the valid payloads it can find (schema examples, the valid
fixtures of Tests/Fixtures/valid, requirement params inside them), adds to each every optional
property the schema allows (values from those payloads, from `examples`, `enum`, `const` and the
schema's types), and then mutates every node of the result: drops each member, adds an unknown
member to each object, puts values of every JSON type and strings of every value kind (and some
malformed ones) in each place, repeats an array element. Each payload carries the schema's verdict.

Run as a program (`python3 Tests/EndToEnd/test_payload_schema_agreement.py`) it prints the cases
as JSON; Tests/AuditDomainTests/PayloadSchemaAgreementTests.swift runs them through the readers
(EventCatalogue.read, Template.readParams) and holds each verdict, each reader's field list and
the readers' other paths equal. As a pytest file it checks the generator itself: every property of
every schema object is present in some valid payload it generates (else the Swift side would not
exercise it), and every verdict it gives is the validator's.

Generating takes most of a minute, and tools/test needs the cases twice (the Swift suite, then
this file): the first run saves them in the temporary directory under a name made from the
SHA-256 of everything they are made from (this file, the schemas, the valid fixtures, the
validator's version), and a later run over the same inputs reads them back."""
import copy
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "Schemas"
VALID_FIXTURES = ROOT / "Tests" / "Fixtures" / "valid"
BASE = "https://auditlog.example/schemas/"
#: The member every object gets added in turn; no schema names it.
UNKNOWN = "zz_not_in_any_schema"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json")) + sorted(SCHEMAS.glob("events/*.schema.json")) + sorted(
    SCHEMAS.glob("templates/*.schema.json"))
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in map(load, SCHEMA_FILES)).crawl()
DEFS = load(SCHEMAS / "defs.schema.json")["$defs"]
EVENT_TYPES = DEFS["catalogue_type"]["enum"]
TEMPLATES = DEFS["template"]["enum"]


def target_uri(target):
    """The schema of a target: `event:<type>` is the payload of that event type's input line,
    `template:<name>` the params of a requirement of that template."""
    kind, name = target.split(":", 1)
    if kind == "event":
        return f"{BASE}events/{name}.schema.json#/properties/payload"
    return f"{BASE}templates/{name}.params.schema.json"


#: The path the Swift reader of a target names its fields from.
ROOT_PATH = {"event": "payload", "template": "params"}

TARGETS = [f"event:{t}" for t in EVENT_TYPES] + [f"template:{t}" for t in TEMPLATES]
VALIDATORS = {t: Draft202012Validator({"$ref": target_uri(t)}, registry=REGISTRY) for t in TARGETS}


def root_node(target):
    resolved = REGISTRY.resolver().lookup(target_uri(target))
    return resolved.contents, resolved.resolver


# ------------------------------------------------------------------------------ walking schemas

def branches(schema, resolver, conditional=True):
    """`schema` and the subschemas it is made of ($ref, allOf, anyOf, oneOf, and with
    `conditional` the `then` of if/then), each with the resolver its own $refs are relative to."""
    out = [(schema, resolver)]
    if not isinstance(schema, dict):
        return out
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        out += branches(resolved.contents, resolved.resolver, conditional)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            out += branches(sub, resolver, conditional)
    if conditional and "then" in schema:
        out += branches(schema["then"], resolver, conditional)
    return out


def member_schemas(nodes, name):
    """The subschemas that describe member `name` of an object described by `nodes` (not those
    of if/then: the member's own schema says what it may be, `then` only narrows it)."""
    out = []
    for schema, resolver in nodes:
        for s, r in branches(schema, resolver, conditional=False):
            if isinstance(s, dict) and name in s.get("properties", {}):
                out.append((s["properties"][name], r))
    return out


def item_schemas(nodes, index):
    out = []
    for schema, resolver in nodes:
        for s, r in branches(schema, resolver):
            if not isinstance(s, dict):
                continue
            prefix = s.get("prefixItems", [])
            if index < len(prefix):
                out.append((prefix[index], r))
            elif isinstance(s.get("items"), dict):
                out.append((s["items"], r))
    return out


def declared_properties(nodes):
    """The property names the schemas `nodes` give an object (the union over their branches), or
    None when none of them lists properties and closes the object (a free-form object, or one
    whose properties depend on another member, as a requirement's params on its template)."""
    names, closed = set(), False
    for schema, resolver in nodes:
        for s, _ in branches(schema, resolver, conditional=False):
            if isinstance(s, dict) and s.get("type") == "object" or isinstance(s, dict) and "properties" in s:
                names |= set(s.get("properties", {}))
                closed = closed or s.get("additionalProperties") is False
    return sorted(names) if closed else None


def choices(nodes):
    """The values an enum (or a const) of the schemas `nodes` allows, or None when they have none."""
    out = []
    for schema, resolver in nodes:
        for s, _ in branches(schema, resolver, conditional=False):
            if isinstance(s, dict):
                out += s.get("enum", []) + ([s["const"]] if "const" in s else [])
    return sorted(unique(out)) if out else None


def candidates(nodes, depth=0):
    """Values that may be valid for the schemas `nodes`, likeliest first (the caller keeps those
    the validator accepts)."""
    out = []
    for schema, resolver in nodes:
        for s, r in branches(schema, resolver):
            if not isinstance(s, dict):
                continue
            out += s.get("examples", [])
            if "const" in s:
                out.append(s["const"])
            out += s.get("enum", [])
            kind = s.get("type")
            if kind == "boolean":
                out += [True, False]
            elif kind == "integer":
                out.append(max(s.get("minimum", 0), 0))
            elif kind == "null":
                out.append(None)
            elif kind == "string" and "pattern" not in s:
                out.append("x" * max(1, s.get("minLength", 0)))
            elif kind == "object" and depth < 4:
                obj = {}
                for name in s.get("required", []):
                    found = candidates(member_schemas([(s, r)], name), depth + 1)
                    if found:
                        obj[name] = found[0]
                out.append(obj)
            elif kind == "array" and depth < 4:
                prefix = [candidates([(p, r)], depth + 1) for p in s.get("prefixItems", [])]
                if prefix and all(prefix):
                    out.append([c[0] for c in prefix])
                elif isinstance(s.get("items"), dict):
                    items = candidates([(s["items"], r)], depth + 1)
                    if items:
                        out.append(items[:max(1, s.get("minItems", 0))])
    return unique(out)


def unique(values):
    seen, out = set(), []
    for v in values:
        key = json.dumps(v, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


# --------------------------------------------------------------------------- walking payloads

def key_of(path):
    """A path with array indices left out (`requirements[].params.scope`): one key for the same
    place in every payload of a target."""
    return "".join("[]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(path))


def text_of(root, path):
    """A path as the Swift readers name it (`payload.requirements[0].params`)."""
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def nodes_of(value, nodes, path=()):
    """Every value in `value` with its path and the schemas that describe it, parents first."""
    yield list(path), value, nodes
    if isinstance(value, dict):
        for name, member in value.items():
            yield from nodes_of(member, member_schemas(nodes, name), path + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes_of(item, item_schemas(nodes, i), path + (i,))


def at(value, path):
    for p in path:
        value = value[p]
    return value


def replaced(value, path, new):
    out = copy.deepcopy(value)
    if not path:
        return new
    at(out, path[:-1])[path[-1]] = new
    return out


def dropped(value, path):
    out = copy.deepcopy(value)
    container = at(out, path[:-1])
    del container[path[-1]]
    return out


# ----------------------------------------------------------------------------- valid payloads

def observed():
    """Payloads found in the schemas' examples and the valid fixtures, by target."""
    found = {t: [] for t in TARGETS}
    lines = []
    for path in sorted(VALID_FIXTURES.glob("*.ndjson")):
        lines += [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    for t in EVENT_TYPES:
        lines += load(SCHEMAS / "events" / f"{t}.schema.json").get("examples", [])
    for line in lines:
        found[f"event:{line['type']}"].append(line["payload"])
        for req in line["payload"].get("requirements", []) if line["type"] == "directive.issued" else []:
            found[f"template:{req['template']}"].append(req["params"])
    for t in TEMPLATES:
        found[f"template:{t}"] += load(SCHEMAS / "templates" / f"{t}.params.schema.json").get("examples", [])
    return {t: unique(v) for t, v in found.items()}


def observed_values(payloads):
    """Every value of the payloads of one target, by place (`key_of`)."""
    out = {}
    for payload in payloads:
        for path, value, _ in nodes_of(payload, []):
            out.setdefault(key_of(path), []).append(value)
    return {k: unique(v) for k, v in out.items()}


def enriched(target, payload, values, order):
    """`payload` with every optional property added that keeps it valid, in `order` (1 or -1) of
    the schema's properties: values seen at that place first, then the schema's own."""
    valid = VALIDATORS[target].is_valid
    tried, added = set(), True
    while added:  # a pass adds members; the next one fills in the objects it added
        added = False
        for path, value, nodes in list(nodes_of(payload, [root_node(target)])):
            if not isinstance(value, dict):
                continue
            for name in (declared_properties(nodes) or [])[::order]:
                if name in at(payload, path) or (key_of(path), name) in tried:
                    continue
                tried.add((key_of(path), name))
                for c in values.get(key_of(path + [name]), []) + candidates(member_schemas(nodes, name)):
                    trial = replaced(payload, path, dict(at(payload, path), **{name: c}))
                    if valid(trial):
                        payload, added = trial, True
                        break
    return payload


def shape(payload):
    """The places a payload fills: one observed payload of each shape is enough."""
    return frozenset(key_of(path) for path, _, _ in nodes_of(payload, []))


def coverage(target, payloads):
    """The (place, property) pairs the schema gives the objects of `payloads`, and those they hold."""
    declared, present = set(), set()
    for payload in payloads:
        for path, value, nodes in nodes_of(payload, [root_node(target)]):
            if isinstance(value, dict):
                where = key_of(path)
                present |= {(where, name) for name in value}
                declared |= {(where, name) for name in declared_properties(nodes) or []}
    return declared, present


def repaired(target, payload, values):
    """`payload`, made valid by adding the members the schema says are missing (a `required`,
    perhaps of an if/then), or None."""
    validator = VALIDATORS[target]
    for _ in range(3):
        errors = list(validator.iter_errors(payload))
        if not errors:
            return payload
        missing = [(list(e.absolute_path), name) for e in errors if e.validator == "required"
                   for name in e.validator_value if isinstance(e.instance, dict) and name not in e.instance]
        if not missing:
            return None
        nodes = {tuple(path): n for path, _, n in nodes_of(payload, [root_node(target)])}
        for path, name in missing:
            found = values.get(key_of(path + [name]), []) + candidates(member_schemas(nodes[tuple(path)], name))
            if not found:
                return None
            payload = replaced(payload, path, dict(at(payload, path), **{name: found[0]}))
    return payload if validator.is_valid(payload) else None


def variants(target, payloads, values):
    """Valid payloads that hold the properties no payload of `payloads` holds (one branch of a
    oneOf excludes the other; a member allowed only with some value of another): each made by
    putting another value at the object that lacks one, or at one of its members, then enriched."""
    valid = VALIDATORS[target].is_valid
    declared, present = coverage(target, payloads)
    missing, out = declared - present, []
    for base in payloads:
        for path, value, nodes in nodes_of(base, [root_node(target)]):
            if not missing:
                return out
            if not isinstance(value, dict) or not any(w == key_of(path) for w, _ in missing):
                continue
            trials = [(path, c) for c in candidates(nodes) if isinstance(c, dict)]
            required = {r for schema, resolver in nodes for b, _ in branches(schema, resolver, conditional=False)
                        if isinstance(b, dict) for r in b.get("required", [])}
            for name in value:
                place = path + [name]
                for c in values.get(key_of(place), []) + candidates(member_schemas(nodes, name)):
                    # the member changed, in the object as it is and in the object cut to what it needs
                    trials += [(place, c), (path, {**{r: value[r] for r in required if r in value}, name: c})]
            for place, c in trials:
                if not any(w == key_of(path) for w, _ in missing):
                    break
                trial = repaired(target, replaced(base, place, c), values)
                if trial is None:
                    continue
                made = enriched(target, trial, values, 1)
                gained = coverage(target, [made])[1] & missing
                if gained:
                    out.append(made)
                    missing -= gained
    return out


@lru_cache(maxsize=None)
def bases():
    """The valid payloads of every target: each observed one (one of each shape), each enriched
    both ways, and the variants that hold what those do not."""
    saved = saved_cases()
    if saved is not None:
        return {t: [c["payload"] for c in saved if c["target"] == t and c["base"]] for t in TARGETS}
    out = {}
    for target, payloads in observed().items():
        valid = [p for p in payloads if VALIDATORS[target].is_valid(p)]
        values = observed_values(valid)
        valid = list({shape(p): p for p in reversed(valid)}.values())
        found = unique(valid + [enriched(target, p, values, order) for p in valid for order in (1, -1)])
        out[target] = found + variants(target, found, values)
    return out


# ---------------------------------------------------------------------------------- mutations

@lru_cache(maxsize=None)
def string_probes():
    """Strings of every value kind (each definition's examples and each enum's first value),
    strings near them that are not, and the keywords some members take."""
    probes = []
    for definition in DEFS.values():
        probes += [e for e in definition.get("examples", []) if isinstance(e, str)][:1]
        probes += [e for e in definition.get("enum", [])[:1]]
    probes += [" ", "x", "Hoi", "hoi_x", "ha-tinh:hoi:x", ":x", "#R1", "a#b#c", " seed-001",
               "2023-02-29", "2025-13-01", "1899-12-31", "P0D", "PT1H", "P10000D", "R/2026-01-01/P0D",
               "R0/2026-01-01/P1Y", "01", ".6", "1e3", "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0",
               "0190F4C2-7B1E-7C3A-9D2E-5A6B7C8D9E0F", "a" * 65, "a" * 101, "a" * 201, "2022-2027", "2022–2027",
               "2027-2022", "2026-H3", "2026-13", "2026-Q1", "adhoc", "ABC_d", "abc_d", "*", "all", "none",
               "monitor_of_target", "all_monitored", "report.submitted", "x.y", "382/TB/TU", "Số 382-TB/TU", "other",
               "flags.dac_thu", "2025-03-14T09:30+07:00"]
    return tuple(unique(probes))


TYPE_PROBES = [None, True, 0, -1, [], {}, "", [1]]


def mutations(target, payload, probed):
    """(what, path, payload) for each change of one node of `payload`. A node's values are probed
    once per schema that describes it (`probed` holds those probed: a DocRef's members once for
    every target). Nodes no schema property describes are left alone: the members of a free-form
    object, and a requirement's params, which their template's target changes."""
    out = []
    for path, value, nodes in nodes_of(payload, [root_node(target)]):
        where = key_of(path)
        if not nodes:
            continue
        if path and isinstance(path[-1], str):
            out.append((f"drop {where}", path, dropped(payload, path)))
        if isinstance(value, dict):
            out.append((f"unknown member in {where or '(root)'}", path, replaced(payload, path, dict(value, **{UNKNOWN: 1}))))
        if isinstance(value, list) and value:
            out.append((f"repeat first element of {where}", path, replaced(payload, path, value + value[:1])))
        schema_key = tuple(sorted({id(schema) for schema, _ in nodes}))
        if not path or schema_key in probed:
            continue
        probed.add(schema_key)
        own = [c for c in candidates(nodes) if not isinstance(c, (dict, list))]  # every enum value, every example
        probes = TYPE_PROBES + own + (list(string_probes()) if isinstance(value, str) else [])
        for probe in unique(probes):
            if probe != value:
                out.append((f"{json.dumps(probe, ensure_ascii=False)[:40]} at {where}", path, replaced(payload, path, probe)))
    return out


@lru_cache(maxsize=None)
def cases():
    """Every case: the target, what was done, the path of the node changed as the reader names it,
    the valid payload it was made from (`origin`), the payload, the schema's verdict and (for a
    refusal) its first message; for an unknown member added to an object, the properties the
    schema gives that object (None: free-form); for a value put in a place, the place and the
    values its enum allows (None: not an enum)."""
    saved = saved_cases()
    if saved is not None:
        return saved
    out, probed = [], set()
    for target, payloads in bases().items():
        root = ROOT_PATH[target.split(":")[0]]
        validator = VALIDATORS[target]
        seen = set()
        for n, base in enumerate(payloads):
            origin = f"{target}#{n}"
            out.append({"target": target, "what": "valid payload", "path": root, "payload": base, "valid": True,
                        "error": None, "base": True, "origin": origin})
            places = {tuple(p): n for p, v, n in nodes_of(base, [root_node(target)])}
            objects = {p: n for p, n in places.items() if isinstance(at(base, p), dict)}
            for what, path, payload in mutations(target, base, probed):
                key = json.dumps(payload, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
                error = next(validator.iter_errors(payload), None)  # the first: the rest cost as much again
                case = {"target": target, "what": what, "path": text_of(root, path), "payload": payload,
                        "valid": error is None, "error": error and error.message[:200], "base": False, "origin": origin}
                if what.startswith("unknown member"):
                    case["unknown_in"] = key_of(path)
                    case["properties"] = declared_properties(objects[tuple(path)])
                elif path and " at " in what:
                    case["place"] = key_of(path)
                    case["choices"] = choices(places[tuple(path)])
                out.append(case)
    save_cases(out)
    return out


# ------------------------------------------------------------------------------ saved cases

def cases_path():
    """Where the cases of these inputs are saved: the name holds the SHA-256 of this file, every
    schema, every valid fixture and the validator's version, so any change makes a new name."""
    digest = hashlib.sha256()
    for path in [Path(__file__)] + SCHEMA_FILES + sorted(VALID_FIXTURES.glob("*.ndjson")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("jsonschema", "referencing"):
        digest.update(f"{package} {importlib.metadata.version(package)}\0".encode())
    return Path(tempfile.gettempdir()) / f"auditlog-payload-cases-{digest.hexdigest()[:32]}.json"


@lru_cache(maxsize=None)
def saved_cases():
    """The cases an earlier run saved for these inputs, or None."""
    try:
        return json.loads(cases_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_cases(cases):
    """Saves `cases` for later runs, whole or not at all (written beside, then renamed)."""
    path = cases_path()
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=path.stem, delete=False) as f:
            f.write(json.dumps(cases, ensure_ascii=False))
        os.replace(f.name, path)
    except OSError:
        pass


# ---------------------------------------------------------------------------- the generator's tests

def test_every_target_has_valid_payloads():
    assert len(TARGETS) == 43  # 35 event types, 8 templates
    missing = [t for t in TARGETS if not bases()[t]]
    assert not missing, f"no valid payload found for {missing}: add a schema example or a valid fixture"


def test_every_schema_property_is_in_some_valid_payload():
    """A property no valid payload holds would be held to nothing on the Swift side: the
    generator must find a value for it (from an example, a fixture, or the schema)."""
    missing = []
    for target in TARGETS:
        declared, present = coverage(target, bases()[target])
        missing += [f"{target} {w}.{n}" if w else f"{target} {n}" for w, n in sorted(declared - present)]
    assert not missing, "never in a valid payload: " + ", ".join(missing)


def test_verdicts_are_the_validators_and_both_kinds_occur():
    all_cases = cases()
    for target in TARGETS:
        mine = [c for c in all_cases if c["target"] == target]
        assert any(c["valid"] and not c["base"] for c in mine) and any(not c["valid"] for c in mine), target
    for c in all_cases[::97]:
        assert VALIDATORS[c["target"]].is_valid(c["payload"]) == c["valid"], (c["target"], c["what"])
    assert all(c["valid"] for c in all_cases if c["base"])


if __name__ == "__main__":
    sys.stdout.write(json.dumps({"unknown": UNKNOWN, "cases": cases()}, ensure_ascii=False))
