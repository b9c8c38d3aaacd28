"""Recompute a few accounts with the independent Python reference implementation
(`crm_warehouse.reference`) and compare them with the warehouse's metric marts.

The reference reads a whole landing zone; to keep the check cheap on big landing zones it reads
a copy holding only the sampled account's rows (accounts are tenants: one account's rows never
change another's numbers, see tests/landing/test_tenant_isolation.py). Rows are kept in file
order, CSV cells as written, Parquet values with their types. The account of a row is read with
the reference's own `parse_int`, so the copy holds exactly the rows the reference would give to
that account.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from crm_warehouse.metrics.sources import metric_files
from crm_warehouse.reference import FRAME_KEYS, compute_reference
from crm_warehouse.reference.compare import compare_frames
from crm_warehouse.reference.landing import TABLES
from crm_warehouse.reference.parsing import parse_int

COMPARED_MARTS = ("metric_values", "metric_members", "timeframe_calendar")


def load_metrics(metrics_path: Path) -> list[dict[str, Any]]:
    """The YAML metric dicts (each file's `metrics` list), as the reference takes them."""
    metrics: list[dict[str, Any]] = []
    for file, _relative in metric_files(Path(metrics_path)):
        document = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if isinstance(document, dict):
            metrics.extend(document.get("metrics") or [])
    return metrics


def _keep(value: Any, accounts: set[int]) -> bool:
    parsed = parse_int(None if value == "" else value)
    return isinstance(parsed, int) and parsed in accounts


def _copy_csv(source: Path, target: Path, accounts: set[int]) -> None:
    with (
        source.open(newline="", encoding="utf-8-sig") as reading,
        target.open("w", newline="", encoding="utf-8") as writing,
    ):
        reader = csv.reader(reading)
        writer = csv.writer(writing)
        header = next(reader, None)
        if header is None:
            return
        writer.writerow(header)
        column = header.index("account_id") if "account_id" in header else None
        for row in reader:
            if column is not None and column < len(row) and _keep(row[column], accounts):
                writer.writerow(row)


def _read_account_rows(path: Path, accounts: set[int]) -> pd.DataFrame:
    """The rows of `accounts` in one Parquet file, in file order. An integer account_id is
    filtered while reading (row groups of other accounts are skipped, so the cost follows the
    sampled accounts' rows, not the file's); any other type is read whole and parsed row by row."""
    schema = pq.read_schema(path)
    if "account_id" not in schema.names:
        return pd.read_parquet(path)
    if pa.types.is_integer(schema.field("account_id").type):
        return pd.read_parquet(path, filters=[("account_id", "in", sorted(accounts))])
    frame = pd.read_parquet(path)
    return frame[[_keep(value, accounts) for value in frame["account_id"]]]


def _copy_parquet(sources: list[Path], target: Path, accounts: set[int]) -> None:
    frames = [_read_account_rows(path, accounts) for path in sources]
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame.to_parquet(target, index=False)


def write_account_landing_zone(landing_zone: Path, target: Path, accounts: set[int]) -> Path:
    """A copy of `landing_zone` holding only `accounts`' rows (same file form per table)."""
    target.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        parquet, csv_file, folder = (
            landing_zone / f"{table}.parquet",
            landing_zone / f"{table}.csv",
            landing_zone / table,
        )
        if parquet.is_file():
            _copy_parquet([parquet], target / f"{table}.parquet", accounts)
        elif csv_file.is_file():
            _copy_csv(csv_file, target / f"{table}.csv", accounts)
        elif folder.is_dir():
            _copy_parquet(sorted(folder.rglob("*.parquet")), target / f"{table}.parquet", accounts)
    return target


def sample_accounts(accounts: list[int], preferred: list[int], size: int) -> list[int]:
    """The refreshed accounts when given (up to `size`), else `size` accounts spread over the
    sorted ids (first, middle, last ...)."""
    known = sorted(set(accounts))
    chosen = [account for account in sorted(set(preferred)) if account in known][:size]
    if chosen or not known:
        return chosen
    if len(known) <= size:
        return known
    step = (len(known) - 1) / (size - 1) if size > 1 else 0
    return sorted({known[round(index * step)] for index in range(size)})


def account_differences(
    warehouse_frames: dict[str, pd.DataFrame],
    landing_zone: Path,
    metrics: list[dict[str, Any]],
    account_id: int,
    as_of: str,
) -> dict[str, list[str]]:
    """Per mart, the differences between the warehouse's rows of one account and the
    reference's (empty lists: equal)."""
    with tempfile.TemporaryDirectory(prefix=f"reference-account-{account_id}-") as folder:
        zone = write_account_landing_zone(landing_zone, Path(folder), {account_id})
        expected = compute_reference(zone, metrics, as_of)
    differences: dict[str, list[str]] = {}
    for name in COMPARED_MARTS:
        reference = expected[name]
        reference = reference[reference["account_id"] == account_id]
        actual = warehouse_frames[name]
        missing = [column for column in reference.columns if column not in actual.columns]
        if missing:
            differences[name] = [f"warehouse lacks columns {', '.join(missing)}"]
            continue
        differences[name] = compare_frames(
            actual[list(reference.columns)], reference, FRAME_KEYS[name], check_column_order=False
        )
    return differences
