"""Differential test: `auditlog check` against the independent reference evaluator
(tools/reference/check.py) on seeded random histories (tools/difftest_lib), and on every shrunk
disagreement kept in Tests/Fixtures/difftest/. Compared: requirement verdicts, each instance's
verdict, due date and evidence, and the findings (see tools/difftest_lib/compare.py).

On a failure, `tools/difftest --seed <seed> --histories 1` shrinks the history and writes it as
a fixture. DIFFTEST_REFERENCE points the test at another copy of the reference (that is how the
test was shown to fail against a deliberately broken one)."""
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, binary_path

sys.path.insert(0, str(ROOT / "tools"))
from difftest_lib import main as difftest  # noqa: E402
from difftest_lib.generator import generate  # noqa: E402
from difftest_lib.history import History  # noqa: E402
from difftest_lib.runner import REFERENCE  # noqa: E402

SEED = 20261206
HISTORIES = 200
POINTS = 4  # per history: see generator.points
JOBS = 2
REFERENCE_SCRIPT = Path(os.environ.get("DIFFTEST_REFERENCE", REFERENCE))
FIXTURES = sorted((ROOT / "Tests" / "Fixtures" / "difftest").glob("*.json"))


@pytest.fixture(autouse=True)
def auditlog_bin(monkeypatch):
    monkeypatch.setenv("AUDITLOG_BIN", str(binary_path()))
    if not REFERENCE_SCRIPT.exists():
        pytest.skip(f"no reference evaluator at {REFERENCE_SCRIPT}")


def test_generator_is_reproducible():
    assert generate(SEED).to_json() == generate(SEED).to_json()
    assert generate(SEED).to_json() != generate(SEED + 1).to_json()


def test_random_histories_agree():
    events, points, failure = difftest.check_seeds(range(SEED, SEED + HISTORIES), REFERENCE_SCRIPT, None, JOBS)
    assert events >= HISTORIES * 20 and points == HISTORIES * POINTS
    if failure is not None:
        seed, history, result = failure
        pytest.fail(f"seed {seed} ({history.size()} events): {result}\n"
                    f"shrink it with: tools/difftest --seed {seed} --histories 1")


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_agrees(path, tmp_path):
    result = difftest.replay(path, REFERENCE_SCRIPT, tmp_path)
    assert result is None, f"{path.name}: {result}"


def test_a_disagreement_fails_and_is_shrunk_to_a_smaller_fixture(tmp_path):
    # A copy of the reference that calls late instances violated: the command must find the
    # disagreement on the first seed whose history has a late instance, exit 1, and write a
    # shrunk history that is smaller and still shows it.
    broken = tmp_path / "reference"
    broken.mkdir()
    for source in REFERENCE_SCRIPT.parent.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        if source.name == "verdicts.py":
            old = 'SATISFIED, LATE, VIOLATED = "satisfied", "late", "violated"'
            assert old in text
            text = text.replace(old, 'SATISFIED, LATE, VIOLATED = "satisfied", "violated", "violated"')
        (broken / source.name).write_text(text, encoding="utf-8")
    fixtures = tmp_path / "fixtures"
    for seed in range(SEED, SEED + 10):
        code = difftest.main(["--seed", str(seed), "--histories", "1", "--reference", str(broken / "check.py"),
                              "--fixtures", str(fixtures), "--jobs", "1"])
        if code != 0:
            break
    assert code == 1, "ten histories without a late instance"
    written = fixtures / f"seed-{seed}.json"
    assert 0 < History.read(written).size() < generate(seed).size()
    assert difftest.replay(written, broken / "check.py", tmp_path / "replay") is not None
