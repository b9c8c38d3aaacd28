"""Readers and publishing at the same time: reader threads and a reader process query the serving
file continuously while the warehouse is rebuilt at another as-of and published again and again.
No reader may fail or wait for the build, and every read (several tables, one connection) must see
one as-of: a whole publish, never a mix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from crm_warehouse.publish import connect_serving, publish
from tests.warehouse import GOLDEN_DIR, Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bi")]

OTHER_AS_OF = "2026-03-30T19:00:00Z"
DEADLINE_SECONDS = 600  # the readers stop by themselves at the latest after this
PAUSE_SECONDS = 0.1  # between reads: continuous, but leaving the build some CPU
READ = [
    "select distinct cast(as_of as varchar) from marts.metric_values",
    "select distinct cast(as_of as varchar) from marts.metric_members",
    "select distinct cast(as_of as varchar) from marts.timeframe_calendar",
    "select distinct cast(as_of as varchar) from marts.panel_sales",
    "select cast(as_of as varchar) from marts.publish_info",
]


def read_once(serving: Path) -> set[str]:
    """The as-of values seen by one read: five tables through one short connection."""
    seen: set[str] = set()
    with connect_serving(path=serving) as con:
        for sql in READ:
            seen.update(value for (value,) in con.execute(sql).fetchall())
        con.execute("select count(*) from marts.metric_members where account_id = ?",
                    [1]).fetchone()
    return seen


READER_PROCESS = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from tests.bi.test_concurrency import read_once
    serving, stop = Path(sys.argv[1]), Path(sys.argv[2])
    deadline = time.monotonic() + float(sys.argv[4])
    while not stop.exists() and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            seen = sorted(read_once(serving))
            print(json.dumps({"seen": seen, "seconds": time.monotonic() - started}), flush=True)
        except Exception as error:
            print(json.dumps({"error": repr(error)}), flush=True)
        time.sleep(float(sys.argv[5]))
""")


def recomputed(build: Path) -> Path:
    """`build` with its metric values' computed_at moved to now, as a new computation would."""
    with duckdb.connect(str(build)) as con:
        con.execute("update marts.metric_values set computed_at = ?",
                    [datetime.now(UTC).replace(tzinfo=None)])
    return build


def as_instant(text: str) -> str:
    return text.replace("T", " ").removesuffix("Z")


def test_readers_see_whole_publishes_while_rebuilding(golden_warehouse, tmp_path):
    serving = publish(golden_warehouse.path, tmp_path / "serving.duckdb")
    first = as_instant(golden_warehouse.as_of)
    second = as_instant(OTHER_AS_OF)
    assert read_once(serving) == {first}

    stop = threading.Event()
    results: list[dict] = []
    lock = threading.Lock()

    def reader() -> None:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                result = {"seen": sorted(read_once(serving))}
            except Exception as error:  # any failure is a finding, not a crash
                result = {"error": repr(error)}
            result["seconds"] = time.monotonic() - started
            with lock:
                results.append(result)
            time.sleep(PAUSE_SECONDS)

    stop_file = tmp_path / "stop"
    process = subprocess.Popen(
        [sys.executable, "-c", READER_PROCESS, str(serving), str(stop_file),
         str(Path(__file__).resolve().parents[2]), str(DEADLINE_SECONDS), str(PAUSE_SECONDS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    threads = [threading.Thread(target=reader, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    publishes = 1
    try:
        # a whole rebuild at another as-of runs while the readers read
        rebuilt = Warehouse(tmp_path / "rebuild", GOLDEN_DIR / "landing",
                            GOLDEN_DIR / "metrics.yml", OTHER_AS_OF)
        rebuilt.build()
        # then publishes of one and the other, swapping the file under the readers. A publish
        # never goes back to an older build (computed_at), so each build is "recomputed" (its
        # computed_at moved to now) before it is published again; its as-of stays.
        first_build = Path(shutil.copy(golden_warehouse.path, tmp_path / "first.duckdb"))
        swap_until = time.monotonic() + 10
        while time.monotonic() < swap_until or publishes < 5:
            publish(recomputed(rebuilt.path if publishes % 2 else first_build), serving)
            publishes += 1
            time.sleep(0.2)
        if publishes % 2 == 1:  # the last one was the first build: end on the rebuilt one
            publish(recomputed(rebuilt.path), serving)
            publishes += 1
        time.sleep(1)
    finally:
        stop.set()
        stop_file.touch()
        for thread in threads:
            thread.join(timeout=60)
        output, errors = process.communicate(timeout=120)
    process_results = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert process.returncode == 0, errors

    everything = results + process_results
    failures = [r["error"] for r in everything if "error" in r]
    assert not failures, failures[:5]
    mixed = [r["seen"] for r in everything if len(r["seen"]) != 1]
    assert not mixed, f"reads that mixed publishes: {mixed[:5]}"
    seen = {r["seen"][0] for r in everything}
    assert seen == {first, second}, seen
    assert len(process_results) > 10 and len(results) > 20
    # readers were never blocked by the build or a publish (generous bound for a busy CI)
    assert max(r["seconds"] for r in everything) < 15
    assert publishes >= 5
    assert read_once(serving) == {second}
    print(f"{len(results)} thread reads, {len(process_results)} process reads, "
          f"{publishes} publishes")
