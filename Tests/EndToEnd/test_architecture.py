"""The module boundaries docs/ARCHITECTURE.md draws, held by reading the sources.

Only the storage engines (Sources/EventLog/Store, with the SQLite engine and what both engines
share, and Sources/EventLog/Postgres) name the log's own tables; the layers above read the events
through a LogReader. The log format has no SQLite; the compliance check reaches no
database except through the domain and the store. Nothing cites a document outside the repository.
"""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "Sources"
STORE = SOURCES / "EventLog" / "Store"
ENGINES = (STORE, SOURCES / "EventLog" / "Postgres")
LOG_TABLES = ("events", "merkle_nodes", "checkpoints", "log_meta")
# SQL that reads or writes a table: the table name after the keyword that introduces it.
LOG_TABLE_SQL = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+(" + "|".join(LOG_TABLES) + r")\b(?!\.)", re.IGNORECASE
)
STRING_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def swift_files(under):
    return sorted(p for p in under.rglob("*.swift"))


def sql_naming_log_tables(text):
    """The string literals of Swift `text` that hold SQL naming a table of the log."""
    hits = []
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("//", 1)[0] if '"' not in line else line
        if line.lstrip().startswith("///") or line.lstrip().startswith("//"):
            continue
        for literal in STRING_LITERAL.findall(code):
            if LOG_TABLE_SQL.search(literal):
                hits.append((number, literal))
    return hits


def imports(path):
    return set(re.findall(r"^(?:@testable\s+)?import\s+(\w+)", path.read_text(), re.MULTILINE))


def test_the_scan_finds_sql_naming_a_log_table():
    # The check below is only as good as this recogniser: it must see the forms the store uses.
    assert sql_naming_log_tables('let s = "SELECT seq, entry FROM events WHERE seq = ?"')
    assert sql_naming_log_tables('try db.execute("INSERT INTO checkpoints (size, note) VALUES (?, ?)")')
    assert sql_naming_log_tables('"SELECT idx, hash FROM merkle_nodes WHERE level = 1"')
    assert not sql_naming_log_tables('"SELECT seq, data FROM domain_keys WHERE kind = ?"')
    assert not sql_naming_log_tables('/// Rebuilds the index from the events of the log')
    assert not sql_naming_log_tables('message: "the input holds no events"')


def test_only_the_store_names_the_logs_tables():
    offenders = []
    for path in swift_files(SOURCES):
        if any(engine in path.parents for engine in ENGINES):
            continue
        for number, literal in sql_naming_log_tables(path.read_text()):
            offenders.append(f"{path.relative_to(ROOT)}:{number}: {literal}")
    assert not offenders, "SQL naming the log's tables outside the engines:\n" + "\n".join(offenders)


def test_the_log_size_is_asked_in_one_place_per_engine():
    places = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in swift_files(SOURCES)
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if "max(seq)" in line and '"' in line
    ]
    # One place per engine: its LogReader.
    assert len(places) == 2, places
    assert places[0].startswith("Sources/EventLog/Postgres/PostgresLogReader.swift:"), places
    assert places[1].startswith("Sources/EventLog/Store/SQLiteLogReader.swift:"), places


@pytest.mark.parametrize(
    "module, forbidden",
    [
        ("LogFormat", {"SQLiteDatabase", "CSQLite", "PostgresDatabase", "CLibPQ", "EventLog", "AuditDomain", "Compliance",
                       "ArgumentParser"}),
        ("EventLog", {"AuditDomain", "Compliance", "ArgumentParser", "CSQLite", "CLibPQ"}),
        # The domain's own tables go through SideTables: no database module of its own.
        ("AuditDomain", {"Compliance", "ArgumentParser", "SQLiteDatabase", "CSQLite", "PostgresDatabase", "CLibPQ"}),
        ("Compliance", {"SQLiteDatabase", "CSQLite", "PostgresDatabase", "CLibPQ", "ArgumentParser"}),
        # The words depend on nothing; the report reaches the log only through the store and the domain.
        ("Wording", {"LogFormat", "EventLog", "AuditDomain", "Compliance", "SQLiteDatabase", "PostgresDatabase", "ArgumentParser",
                     "Foundation"}),
        ("InspectionReport", {"SQLiteDatabase", "CSQLite", "PostgresDatabase", "CLibPQ", "ArgumentParser"}),
        # The OCEL writer makes its own SQLite file, never the log's database; the import goes through append.
        ("ProcessMining", {"Compliance", "PostgresDatabase", "CLibPQ", "ArgumentParser"}),
        ("Spreadsheet", {"AuditDomain", "Compliance", "SQLiteDatabase", "CSQLite", "PostgresDatabase", "CLibPQ", "ArgumentParser"}),
    ],
)
def test_a_module_imports_only_the_layers_below_it(module, forbidden):
    wrong = {
        str(p.relative_to(ROOT)): sorted(imports(p) & forbidden)
        for p in swift_files(SOURCES / module)
        if imports(p) & forbidden
    }
    assert not wrong, wrong


def test_every_import_is_a_declared_dependency():
    # Package.swift's `dependencies:` of each target, read as text: a module that imports what it
    # does not declare builds only by accident of the build order.
    package = (ROOT / "Package.swift").read_text()
    system = {"Foundation", "Dispatch", "Synchronization", "Glibc", "Musl", "Darwin", "Testing", "XCTest"}
    for module in ("LogFormat", "EventLog", "AuditDomain", "Compliance", "Wording", "InspectionReport", "ProcessMining", "Spreadsheet",
                   "AuditLogCLI"):
        match = re.search(r'name:\s*"' + module + r'",\s*dependencies:\s*\[(.*?)\]', package, re.DOTALL)
        # A target without a dependencies list (Wording) declares none.
        assert match or re.search(r'name:\s*"' + module + r'",\s*swiftSettings', package), module
        declared = set(re.findall(r'"(\w+)"', match.group(1))) if match else set()
        used = set().union(*(imports(p) for p in swift_files(SOURCES / module))) - system - {module}
        assert used <= declared, f"{module} imports {sorted(used - declared)} without declaring them"


CITATION = re.compile(r"DESIGN\.md|research\s*§|\.\./shared|anchors-round", re.IGNORECASE)


def test_nothing_cites_a_document_outside_the_repository():
    texts = [*SOURCES.rglob("*.swift"), *(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md",
             *(ROOT / "tools").rglob("*.py"), *(ROOT / "Schemas").rglob("*.md")]
    cited = [f"{p.relative_to(ROOT)}" for p in texts if p.is_file() and CITATION.search(p.read_text(errors="replace"))]
    assert not cited, cited
