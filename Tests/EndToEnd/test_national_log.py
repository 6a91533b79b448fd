"""One log per province and a national log of their checkpoints (docs/postgresql.md, "One log
per province"), simulated with two provinces, one on an SQLite file and one on PostgreSQL, and a
national log on PostgreSQL:

- each province publishes its latest signed checkpoint into the national log, and a second
  publication is accepted only after a consistency proof from the first checks out;
- an inspector verifies each province against the checkpoints the national log holds for it;
- a province that rewrites its history and re-signs every checkpoint with its own key passes a
  verify on its own, but fails (FORK) against what it published; the national log, checked
  against the checkpoint the inspector kept, still holds the publications."""
import base64
import json
import os

from conftest import PostgresAuditlog, event, pgserver
from test_tamper import ORIGIN, canon, entries, rewrite

NATIONAL = "oversight.example.vn/national"


def append_events(log, start, n, prefix):
    log.append_lines([event(i, subject=f"org/{prefix}-{i % 3}", payload={"n": i, "text": f"Báo cáo số {i}"})
                      for i in range(start, start + n)])


def latest_checkpoint(log):
    note = log.run("checkpoint", check=0).stdout.decode()
    lines = note.split("\n")
    return note, lines[0], int(lines[1]), lines[2]


def publish(national, province, published):
    """Publishes `province`'s latest checkpoint, after checking it extends the last one published."""
    note, origin, size, root = latest_checkpoint(province)
    vkey = province.vkey
    previous = published.get(origin)
    if previous is not None:
        proof = province.dir / f"consistency-{previous['size']}-{size}.txt"
        proof.write_bytes(province.run("consistency", "--from", previous["size"], check=0).stdout)
        old = province.dir / f"published-{previous['size']}.txt"
        old.write_text(previous["note"])
        province.run("verify-proof", proof, "--old", old, "--vkey", vkey, db=False, check=0)
    national.append_lines([{
        "type": "checkpoint.published", "occurred_at": "2026-01-15", "actor": "national-clerk",
        "subject": f"province/{origin}", "payload": {"origin": origin, "size": size, "root": root, "note": note}}])
    published[origin] = {"size": size, "note": note}


def published_notes(national):
    out = national.run("log", "--type", "checkpoint.published", "--format", "ndjson", check=0).stdout.decode()
    latest = {}
    for line in out.splitlines():
        payload = json.loads(line)["payload"]
        latest[payload["origin"]] = payload["note"]
    return latest


def inspect(province, note, tmp_path, name):
    kept = tmp_path / f"{name}.published"
    kept.write_text(note)
    return province.run("verify", "--vkey", province.vkey, "--checkpoint", kept)


def test_provinces_publish_checkpoints_and_a_rewrite_after_publication_is_a_fork(log, pg_server, tmp_path):
    ha_tinh = log
    ha_tinh.vkey = ha_tinh.init(ORIGIN)
    (tmp_path / "can-tho").mkdir()
    suffix = os.urandom(4).hex()
    can_tho = PostgresAuditlog(tmp_path / "can-tho", pgserver().createdb(pg_server, f"can_tho_{suffix}"))
    can_tho.vkey = can_tho.init("oversight.example.vn/can-tho")
    (tmp_path / "national").mkdir()
    national = PostgresAuditlog(tmp_path / "national", pgserver().createdb(pg_server, f"national_{suffix}"))
    national.vkey = national.init(NATIONAL)
    published = {}

    append_events(ha_tinh, 0, 10, "ht")
    append_events(can_tho, 0, 7, "ct")
    publish(national, ha_tinh, published)
    publish(national, can_tho, published)
    append_events(ha_tinh, 10, 10, "ht")
    publish(national, ha_tinh, published)
    append_events(can_tho, 7, 5, "ct")
    publish(national, can_tho, published)
    assert published[ORIGIN]["size"] == 20 and published["oversight.example.vn/can-tho"]["size"] == 12

    # The inspector keeps the national log's checkpoint, then checks each province against
    # the latest checkpoint the national log holds for it.
    national_kept = tmp_path / "national.kept"
    national_kept.write_bytes(national.run("checkpoint", check=0).stdout)
    notes = published_notes(national)
    assert set(notes) == {ORIGIN, "oversight.example.vn/can-tho"}
    for province, name in ((ha_tinh, "ha-tinh"), (can_tho, "can-tho")):
        assert inspect(province, notes[province.run("checkpoint", check=0).stdout.decode().split("\n")[0]],
                       tmp_path, name).returncode == 0

    # Ha Tinh rewrites seq 5 and re-signs every checkpoint with its own key: alone, it verifies.
    key = ha_tinh.key.read_text().strip().split("+", 4)
    seed = base64.b64decode(key[4])[1:]
    history = entries(ha_tinh.db)
    changed = json.loads(history[4])
    changed["payload"]["text"] = "Báo cáo đã sửa"
    history[4] = canon(changed)
    rewrite(ha_tinh.db, history, seed=seed, sizes=(0, 10, 20))
    assert ha_tinh.run("verify", "--vkey", ha_tinh.vkey).returncode == 0
    # Against what it published, the rewrite is a fork.
    result = inspect(ha_tinh, notes[ORIGIN], tmp_path, "ha-tinh-after")
    assert result.returncode == 1
    assert "FORK" in result.stdout.decode() and "size 20" in result.stdout.decode()
    # The publication is still in the national log, which verifies against the kept checkpoint.
    assert national.run("verify", "--vkey", national.vkey, "--checkpoint", national_kept).returncode == 0
    assert published_notes(national)[ORIGIN] == notes[ORIGIN]
