"""The tree's node cache (Schemas/sql/README.md, `merkle_nodes`): an append stores the interior
nodes from level 4 up only, and every receipt and consistency proof, which need nodes of the
levels below too, still holds, on each engine, for both verifiers. The cache's checks against
tampering are in test_tamper.py."""
import subprocess
import sys

import pytest

from conftest import VERIFY_PY, event, query

BATCHES = (5, 11, 1, 16, 7)          # 40 events: appends that start and end inside 16-leaf blocks


@pytest.fixture
def log(engine_log):
    return engine_log


def python(*args):
    return subprocess.run([sys.executable, str(VERIFY_PY), *map(str, args)], capture_output=True, text=True)


def test_receipts_and_consistency_proofs_hold_with_nodes_below_level_4_hashed_from_leaves(log, tmp_path):
    vkey = log.init()
    sizes, seq = [], 0
    for n in BATCHES:
        log.append_lines([event(seq + i + 1) for i in range(n)])
        seq += n
        sizes.append(seq)
        (tmp_path / f"cp-{seq}.txt").write_bytes(log.run("checkpoint", check=0).stdout)
    # 40 leaves: levels 4 and 5 complete (4, 0), (4, 1) and (5, 0); nothing below level 4.
    assert sorted(query(log.db, "SELECT level, idx FROM merkle_nodes")) == [(4, 0), (4, 1), (5, 0)]
    assert log.run("verify", "--vkey", vkey).returncode == 0
    receipt = tmp_path / "r.tlog-proof"
    for s in range(1, seq + 1):
        receipt.write_bytes(log.run("prove", s, check=0).stdout)
        assert log.run("verify-proof", receipt, "--vkey", vkey, db=False).returncode == 0, s
        assert python("proof", receipt, "--vkey", vkey).returncode == 0, s
    for size in (5, 16, 17, 33):     # against the checkpoint each earlier append signed
        receipt.write_bytes(log.run("prove", 3, "--size", size, check=0).stdout)
        assert python("proof", receipt, "--vkey", vkey).returncode == 0, size
    proof = tmp_path / "proof.txt"
    for old in sizes[:-1]:
        proof.write_bytes(log.run("consistency", "--from", old, check=0).stdout)
        checked = log.run("verify-proof", proof, "--old", tmp_path / f"cp-{old}.txt", "--vkey", vkey, db=False)
        assert checked.returncode == 0, (old, checked.stdout, checked.stderr)
        assert python("proof", proof, "--old", tmp_path / f"cp-{old}.txt", "--vkey", vkey).returncode == 0, old
