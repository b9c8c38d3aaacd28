"""The generator is deterministic: the same arguments give byte-identical files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crm_warehouse.generator import generate, main

SCALE = 0.002


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_same_seed_gives_identical_files(tmp_path: Path, fmt: str) -> None:
    first = generate(tmp_path / "a", scale=SCALE, seed=7, fmt=fmt, bad_rows=True)
    second = generate(tmp_path / "b", scale=SCALE, seed=7, fmt=fmt, bad_rows=True)
    assert first == second
    a, b = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(a) == 15  # 13 tables + the bad-row report + the manifest
    assert a == b


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=SCALE, seed=7)
    generate(tmp_path / "b", scale=SCALE, seed=8)
    a, b = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert a["events.parquet"] != b["events.parquet"]


def test_events_parts_hold_the_same_rows(tmp_path: Path) -> None:
    generate(tmp_path / "one", scale=SCALE, seed=3)
    generate(tmp_path / "parts", scale=SCALE, seed=3, events_parts=4)
    parts = sorted((tmp_path / "parts" / "events").glob("part-*.parquet"))
    assert len(parts) == 4
    assert not (tmp_path / "parts" / "events.parquet").exists()
    joined = pa.concat_tables([pq.read_table(p) for p in parts])
    assert joined.equals(pq.read_table(tmp_path / "one" / "events.parquet"))
    # other tables are unaffected by the option
    assert digests(tmp_path / "one")["transactions.parquet"] == \
        digests(tmp_path / "parts")["transactions.parquet"]


def test_rewriting_replaces_the_other_form(tmp_path: Path) -> None:
    generate(tmp_path, scale=SCALE, seed=3, fmt="csv", bad_rows=True)
    generate(tmp_path, scale=SCALE, seed=3, events_parts=2)
    names = {p.name for p in tmp_path.iterdir()}
    assert "events.csv" not in names and "events.parquet" not in names and "events" in names
    assert "accounts.parquet" in names and "accounts.csv" not in names
    assert "_injected_bad_rows.json" not in names  # no stale report without bad rows


def test_cli(tmp_path: Path) -> None:
    assert main(["--scale", str(SCALE), "--seed", "7", "--out", str(tmp_path / "cli"),
                 "--quiet", "--bad-rows"]) == 0
    generate(tmp_path / "api", scale=SCALE, seed=7, bad_rows=True)
    assert digests(tmp_path / "cli") == digests(tmp_path / "api")
