"""The JSON Schemas of Schemas/ against the catalogue contract (Schemas/README.md), the fixtures of
Tests/Fixtures and the binary, with an off-the-shelf validator (python-jsonschema, Draft 2020-12):

- every schema is a valid 2020-12 schema, and its examples validate;
- every valid fixture line validates against append-line.schema.json and its type's schema, and
  each valid fixture file appends through the binary to an empty log;
- every invalid fixture is rejected by the schemas exactly when it says `schema_rejects`, and the
  binary (after appending its `setup`) refuses it with exit 65, names its field, appends nothing;
- every event the binary writes (read back with `log --format ndjson`) validates against its
  type's schema.

Tests that run the binary have `binary` in their name: `-k "not binary"` runs the schema side."""
import json
import re
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "Schemas"
FIXTURES = ROOT / "Tests" / "Fixtures"
BASE = "https://auditlog.example/schemas/"


def contract():
    """The 35 types with their Vietnamese terms, and the 8 templates, as Schemas/README.md lists them."""
    text = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    types_part = text.split("## Types", 1)[1].split("## ", 1)[0]
    types = {}
    for row in re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|(.*)\|\s*$", types_part, re.M):
        types[row[0]] = row[1].split("|")[-1].strip()
    templates_part = text.split("## Requirement templates", 1)[1]
    templates = re.findall(r"^\| `([a-z_]+)` \|", templates_part, re.M)
    return types, templates


TYPES, TEMPLATES = contract()


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json")) + sorted(SCHEMAS.glob("events/*.schema.json")) + sorted(
    SCHEMAS.glob("templates/*.schema.json"))
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in map(load, SCHEMA_FILES))


def validator(relative):
    return Draft202012Validator({"$ref": BASE + relative}, registry=REGISTRY)


APPEND_LINE = validator("append-line.schema.json")
EVENT = {t: validator(f"events/{t}.schema.json") for t in TYPES}


def path_of(error):
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def paths_of(error):
    """The fields an error is about: a missing required property or an unexpected one is named
    by its own path, not its parent's."""
    base = path_of(error)
    join = (lambda k: f"{base}.{k}") if base else (lambda k: k)
    if error.validator == "required" and isinstance(error.instance, dict):
        return [join(k) for k in error.validator_value if k not in error.instance]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        return [join(k) for k in error.instance if k not in known]
    return [base]


def errors_of(line):
    """Schema errors of one input line: the envelope's, then its type's (when the type is known)."""
    errors = list(APPEND_LINE.iter_errors(line))
    if isinstance(line, dict) and line.get("type") in EVENT:
        errors += list(EVENT[line["type"]].iter_errors(line))
    return errors


def describe(errors):
    return "; ".join(f"{path_of(e) or '(line)'}: {e.message}" for e in errors)


VALID_FILES = sorted((FIXTURES / "valid").glob("*.ndjson"))
INVALID_FILES = sorted((FIXTURES / "invalid").glob("*.json"))


def valid_lines(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def init_domain_log(log):
    """Creates the log with the binary's default catalogue, auditlog/v1 (not conftest's init, which
    may pick the generic catalogue for the event-log core's tests)."""
    log.run("init", "--origin", "example.org/schema-test", check=0)


# ------------------------------------------------------------------------------------ (a) schemas

def test_schema_files_cover_the_catalogue():
    assert len(TYPES) == 35 and len(TEMPLATES) == 8
    assert sorted(p.name for p in SCHEMAS.glob("events/*.schema.json")) == sorted(f"{t}.schema.json" for t in TYPES)
    assert sorted(p.name for p in SCHEMAS.glob("templates/*.schema.json")) == sorted(
        f"{t}.params.schema.json" for t in TEMPLATES)
    assert {p.name for p in SCHEMAS.glob("*.schema.json")} == {"defs.schema.json", "append-line.schema.json"}
    assert sorted(p.stem for p in VALID_FILES) == sorted(TYPES)
    defs = load(SCHEMAS / "defs.schema.json")["$defs"]
    assert defs["catalogue_type"]["enum"] == list(TYPES)
    assert defs["template"]["enum"] == list(TEMPLATES)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: str(p.relative_to(SCHEMAS)))
def test_schema_is_valid_2020_12_and_its_examples_validate(path):
    schema = load(path)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == BASE + str(path.relative_to(SCHEMAS))
    assert schema["title"] and schema["description"]
    own = validator(str(path.relative_to(SCHEMAS)))
    for example in schema.get("examples", []):
        assert not list(own.iter_errors(example)), describe(own.iter_errors(example))
    if path.parent.name == "events":
        typ = path.name.removesuffix(".schema.json")
        assert schema["properties"]["type"] == {"const": typ}
        assert TYPES[typ] in schema["description"], "the description gives the Vietnamese term of Schemas/README.md"
        assert schema["properties"]["payload"]["additionalProperties"] is False
        assert schema["examples"], "at least one full input line"
        for example in schema["examples"]:
            assert example["type"] == typ and not errors_of(example), describe(errors_of(example))
    if path.parent.name == "templates":
        assert schema["additionalProperties"] is False and schema["examples"]


def readme_fields(cell, unmarked_first=False):
    """The top-level fields of a Schemas/README.md payload cell, {name: required}: backticked
    `name!` / `name?` outside braces, brackets and parentheses (and, in template and Requirement
    rows, an unmarked name that starts a comma-separated item)."""
    depth, out, item_start = 0, {}, True
    for part in re.split(r"(`[^`]*`)", cell):
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            m = re.fullmatch(r"([a-z_]+)([!?]?)", part[1:-1])
            if depth == 0 and m and (m.group(2) or (unmarked_first and item_start)):
                out.setdefault(m.group(1), m.group(2) == "!")
            item_start = item_start and depth != 0
            continue
        for ch in part:
            depth += (ch in "{[(") - (ch in "}])")
            item_start = item_start or (ch == "," and depth == 0)
    return out


def readme_rows():
    text = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    rows = {}
    payloads = text.split("## Payloads", 1)[1].split("## ", 1)[0]
    for m in re.finditer(r"^\| (`[a-z_.]+`(?:, `[a-z_.]+`)*|Requirement) \| (.*) \|\s*$", payloads, re.M):
        for name in re.findall(r"`([a-z_.]+)`", m.group(1)) or [m.group(1)]:
            rows[name] = readme_fields(m.group(2), unmarked_first=name == "Requirement")
    templates = text.split("## Requirement templates", 1)[1]
    for m in re.finditer(r"^\| `([a-z_]+)` \| (.*) \|\s*$", templates, re.M):
        rows["template:" + m.group(1)] = readme_fields(m.group(2), unmarked_first=True)
    docref = text.split("**DocRef**, an object:", 1)[1].split("**DocCite**", 1)[0]
    rows["DocRef"] = readme_fields(docref)
    return rows


def test_schemas_have_exactly_the_fields_of_the_readme():
    rows = readme_rows()
    defs = load(SCHEMAS / "defs.schema.json")["$defs"]
    schemas = {t: load(SCHEMAS / "events" / f"{t}.schema.json")["properties"]["payload"] for t in TYPES}
    schemas.update({"template:" + t: load(SCHEMAS / "templates" / f"{t}.params.schema.json") for t in TEMPLATES})
    schemas["Requirement"], schemas["DocRef"] = defs["Requirement"], defs["DocRef"]
    assert set(rows) == set(schemas)
    for name, fields in rows.items():
        schema = schemas[name]
        assert set(schema["properties"]) == set(fields), name
        assert sorted(schema.get("required", [])) == sorted(f for f, required in fields.items() if required), name
        assert schema["additionalProperties"] is False, name


def test_defs_examples_validate():
    defs = load(SCHEMAS / "defs.schema.json")["$defs"]
    checked = 0
    for name, definition in defs.items():
        v = validator(f"defs.schema.json#/$defs/{name}")
        for example in definition.get("examples", []):
            assert not list(v.iter_errors(example)), (name, example, describe(v.iter_errors(example)))
            checked += 1
    assert checked > 30


DOC_NUMBERS_OK = ["Số 382-TB/TU", "số 382-TB/TU", "Số: 66-QĐ/TW", "08-QĐi/TW", "16-CTr/TU", "382 - TB/TU",
                  "382 – TB / TU", "03-HD/BTGDVTU", "367-QĐ/TWĐTN-VP", "152-BC/ĐU", "68/NQ-CP", "Số: 30/2020/NĐ-CP",
                  "68/2010/QĐ-TTg", "45/UBND-VP", "05/HD-MTTW-BTT", "202/2025/QH15", "5588/BGDĐT-GDPT",
                  "382/TB-TU", "12 / TTr - UBND", "68/NQ–CP", "367–QĐ/TWĐTN–VP",
                  " 382-TB/TU", "382-TB/TU "]  # surrounding spaces are trimmed (Schemas/README.md, "number")
DOC_NUMBERS_BAD = ["382/TB/TU", "TB/TU", "382-TB", "abc", "", "Số", "382-tb/TU", "382-TB/tu", "123456-TB/TU",
                   "382_TB/TU", "SỐ 382-TB/TU", "382-TB/TU/", "382–NQ/CP-",
                   "３８２-TB/TU", "382\u00a0-TB/TU", "Số\t382-TB/TU"]


@pytest.mark.parametrize("number", DOC_NUMBERS_OK)
def test_document_number_accepted_by_schema(number):
    v = validator("defs.schema.json#/$defs/number")
    assert v.is_valid(number)


@pytest.mark.parametrize("number", DOC_NUMBERS_BAD)
def test_document_number_refused_by_schema(number):
    v = validator("defs.schema.json#/$defs/number")
    assert not v.is_valid(number)


@pytest.mark.parametrize("kind, good, bad", [
    ("slug", ["hoi-khuyen-hoc", "ha-tinh:hoi-nong-dan", "a" * 100], ["Hoi", "hoi_x", "a:b:c", ":x", "x:", "", "a" * 101]),
    ("id", ["K1", "tk.bao-cao:q2", "0"], ["-x", ".x", "a b", "", "á"]),
    ("doc_key", ["seed-001", "btv-tu|382-TB/TU|2021", "x", "a" * 200], ["", " x", "x ", "a#b", "a\u0007b", "a\u0085b",
                                                                      "a" * 201]),
    ("req_ref", ["seed-004#R2.3", "btv-tu|382-TB/TU|2021#Rcov"], ["seed-004", "#R1", "a#b#c", "a#", "a#R" + "1" * 50]),
    ("date", ["2024-02-29", "2000-02-29", "1900-01-01", "2025-12-31"], ["2023-02-29", "1900-02-29", "2025-04-31",
                                                                          "2025-13-01", "1899-12-31", "2025-1-01"]),
    ("duration", ["P15D", "P1Y", "P6M", "P1Y6M", "P2W", "P0D", "P9999D"], ["P", "PT1H", "P1D1Y", "P10000D", "15D",
                                                                              "P1.5Y", "p1y"]),
    ("schedule", ["R/2026-01-01/P1Y", "R4/2025-01-01/P3M", "R/2025-12-15/P0Y6M"], ["R/2026-01-01/P0D", "R/2026-01-01/P0Y0M",
                                                                                 "2026-01-01/P1Y", "R/2026-02-30/P1Y",
                                                                                 "R0/2026-01-01/P1Y"]),
    ("decimal", ["0.60", "0", "1", "150", "10.5"], ["0.6.0", ".6", "01", "-1", "1e3", "", "1."]),
    ("occurred_at", ["2025", "2025-03", "2025-03-14", "2025-03-14T09:30+07:00", "2025-03-14T09:30:59Z",
                     "2025-03-14T23:59:00-14:00"], ["25", "2025-3", "2025-02-30", "2025-03-14T24:00Z",
                                                    "2025-03-14T09:30", "2025-03-14 09:30Z", "1899",
                                                    "2025-03-14T09:30:00.123Z", "2025-03-14T09:30+15:00"]),
    ("event_id", ["0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f", "0190F4C2-7B1E-7C3A-9D2E-5A6B7C8D9E0F"],
     ["0190f4c27b1e7c3a9d2e5a6b7c8d9e0f", "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0", "x"]),
    # docs/authorship.md: a key name has no whitespace and no '+'; a vkey is <name>+<8 lower-case hex>+<base64 of
    # 0x01 and 32 bytes> (33 bytes: 44 characters, no padding, starting AQ..Af); a signature is 64 bytes (88, '==').
    ("key_name", ["ht:hoi-nong-dan/van-phong", "a", "hội-nông-dân/văn-phòng", "a" * 200],
     ["", "a b", "a+b", "a\tb", "a\u00a0b", "a\u3000b", "a\u2028b", "a\u0001b", "a" * 201]),
    ("key_id", ["e751b777", "00000000"], ["E751B777", "e751b77", "e751b7777", "e751b77g"]),
    ("vkey", ["example.com/audit-log+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"],
     ["example.com/audit-log+07499B2D+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
      "example.com/audit-log+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4=",
      "example.com/audit-log+07499b2d+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
      "example.com/audit-log+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG",
      "example com+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
      "+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"]),
    ("signature", ["A" * 86 + "==", "+/" * 42 + "gw=="], ["A" * 86 + "=", "A" * 85 + "B==", "A" * 88, "A" * 84 + "===="]),
])
def test_value_kind_schema(kind, good, bad):
    v = validator(f"defs.schema.json#/$defs/{kind}")
    assert [g for g in good if not v.is_valid(g)] == []
    assert [b for b in bad if v.is_valid(b)] == []


def test_requirement_selects_params_schema_by_template():
    v = validator("defs.schema.json#/$defs/Requirement")
    base = {"req_id": "R1", "text_vi": "Báo cáo hằng năm.", "template": "periodic_report",
            "assignees": {"ids": ["btgdv-tu"]}, "param_source": "text",
            "params": {"event_type": "report.submitted", "recipient": "btv-tu", "schedule": "R/2026-01-01/P1Y"}}
    assert v.is_valid(base)
    assert not v.is_valid(dict(base, template="one_off_task"))  # periodic params under another template
    assert not v.is_valid({k: x for k, x in base.items() if k != "assignees"})
    assert not v.is_valid(dict(base, params=dict(base["params"], extra=1)))
    assert v.is_valid(dict(base, param_source={"schedule": "text", "grace": "operator_default"}))
    assert not v.is_valid(dict(base, param_source={"within": "text"}))
    # docs/compliance.md §4.4: evidence is any (the default) or attested
    assert v.is_valid(dict(base, evidence="any")) and v.is_valid(dict(base, evidence="attested"))
    assert not v.is_valid(dict(base, evidence="signed")) and not v.is_valid(dict(base, evidence=None))


# ------------------------------------------------------------------------------- (b) valid fixtures

@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_valid_fixture_lines_match_their_schemas(path):
    lines = valid_lines(path)
    own = [l for l in lines if l["type"] == path.stem]
    assert 2 <= len(own) <= 4, "each valid fixture has 2 to 4 lines of its type"
    for n, line in enumerate(lines, 1):
        assert not errors_of(line), f"line {n}: {describe(errors_of(line))}"
        assert line["occurred_at"][:10] <= "2026-01-15"


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_binary_appends_valid_fixture(log, path):
    init_domain_log(log)
    proc = log.run("append", path)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert log.count() == len(valid_lines(path))


# ----------------------------------------------------------------------------- (c) invalid fixtures

def invalid_case(path):
    case = load(path)
    assert set(case) == {"why", "setup", "line", "field", "schema_rejects"}, path.name
    assert isinstance(case["schema_rejects"], bool) and case["why"] and case["field"]
    return case


def related(path, field):
    """Whether a schema error at `path` is about `field` (one contains the other)."""
    def under(a, b):
        return a == b or b == "" or a.startswith(b + ".") or a.startswith(b + "[")
    return under(path, field) or under(field, path)


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_invalid_fixture_is_rejected_by_the_schemas_iff_it_says_so(path):
    case = invalid_case(path)
    for n, line in enumerate(case["setup"], 1):
        assert not errors_of(line), f"setup line {n}: {describe(errors_of(line))}"
    errors = errors_of(case["line"])
    if case["schema_rejects"]:
        assert errors, "the schemas accept a line they should refuse"
        unrelated = [e for e in errors if not all(related(p, case["field"]) for p in paths_of(e))]
        assert not unrelated, f"errors not about {case['field']}: {describe(unrelated)}"
    else:
        assert not errors, describe(errors)


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_binary_refuses_invalid_fixture_and_names_its_field(log, path):
    case = invalid_case(path)
    init_domain_log(log)
    if case["setup"]:
        log.append_lines(case["setup"], check=0)
    before = log.count()
    proc = log.append_lines([case["line"]], check=None)
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 65, err
    assert case["field"] in err, f"stderr does not name {case['field']}: {err}"
    assert log.count() == before


# ------------------------------------------------------------------ (d) what the binary writes

@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_binary_written_events_match_their_schemas(log, path):
    init_domain_log(log)
    log.run("append", path, check=0)
    proc = log.run("log", "--format", "ndjson", check=0)
    written = [json.loads(l) for l in proc.stdout.decode().splitlines()]
    assert len(written) == len(valid_lines(path))
    for entry in written:
        assert {"v", "seq", "recorded_at", "subject_version", "subject", "event_id"} <= set(entry)
        assert not errors_of(entry), f"seq {entry['seq']}: {describe(errors_of(entry))}"
    # the export is append input: it validates, and it appends to another log
    again = type(log)(log.dir / "again")
    again.dir.mkdir()
    init_domain_log(again)
    again.run("append", "-", input=proc.stdout, check=0)
    assert again.count() == len(written)


def test_jsonschema_is_the_2020_12_validator():
    assert jsonschema.validators.validator_for(load(SCHEMAS / "defs.schema.json")) is Draft202012Validator
