"""`generate()`: build every landing-zone table of raw_contract.md and write it as Parquet or CSV.

Scale 1 = 100 accounts (Zipf sizes), 100,000 contacts and ~10M events over the period (2 years
by default). `scale` multiplies contacts and events; accounts = max(3, round(100 * scale))
unless given. Every account has at least 20 contacts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from .bad_rows import Injector, Report
from .commerce import Commerce
from .engagement import (
    broadcasts_table,
    calendar_tables,
    dashboard_visits_table,
    metric_definitions_table,
    tickets_table,
)
from .entities import (
    accounts_table,
    build_world,
    contacts_table,
    field_values_table,
    objects_table,
)
from .events import events_table
from .schema import CONTRACT, write_csv, write_parquet, write_parquet_parts
from .timeutil import epoch_seconds
from .world import Plan, World

DEFAULT_START = date(2024, 7, 1)
DEFAULT_END = date(2026, 6, 30)
BAD_ROWS_REPORT = "_injected_bad_rows.json"
MANIFEST = "_generator.json"
Format = Literal["parquet", "csv"]


def plan_for(scale: float, seed: int, start: date, end: date, accounts: int | None = None
             ) -> Plan:
    if scale <= 0:
        raise ValueError("scale must be positive")
    if end < start:
        raise ValueError("end must not be before start")
    return Plan(
        seed=seed, start=start, end_ts=epoch_seconds(end + timedelta(days=1)),
        n_accounts=accounts or max(3, round(100 * scale)),
        n_contacts=max(1, round(100_000 * scale)), n_events=max(1, round(10_000_000 * scale)),
    )


def table_builders(world: World) -> dict[str, Callable[[], pa.Table]]:
    """One builder per contract table, to be called in contract order."""
    commerce = Commerce(world)
    calendar: list[pa.Table] = []

    def transactions() -> pa.Table:
        commerce.build()
        return commerce.transactions_table()

    def calendar_events() -> pa.Table:
        calendar.extend(calendar_tables(world))
        return calendar[0]

    builders: dict[str, Callable[[], pa.Table]] = {
        "accounts": lambda: accounts_table(world),
        "contacts": lambda: contacts_table(world),
        "contact_field_values": lambda: field_values_table(world),
        "objects": lambda: objects_table(world),
        "events": lambda: events_table(world),
        "transactions": transactions,
        "orders": commerce.orders_table,
        "broadcasts": lambda: broadcasts_table(world),
        "tickets": lambda: tickets_table(world),
        "calendar_events": calendar_events,
        "bookings": lambda: calendar[1],
        "dashboard_visits": lambda: dashboard_visits_table(world),
        "metric_definitions": lambda: metric_definitions_table(world),
    }
    assert list(builders) == list(CONTRACT)
    return builders


def build_tables(world: World) -> dict[str, pa.Table]:
    """Every contract table of the world (good rows only), in memory."""
    return {name: build() for name, build in table_builders(world).items()}


def _clear(out: Path, table: str) -> None:
    """Remove earlier outputs of a table (any form), so one input per table remains."""
    for suffix in (".parquet", ".csv"):
        (out / f"{table}{suffix}").unlink(missing_ok=True)
    folder = out / table
    if folder.is_dir():
        for part in folder.glob("part-*.parquet"):
            part.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()


def write_table(name: str, table: pa.Table, out: Path, fmt: Format, events_parts: int = 1,
                bar: Any = None) -> str:
    _clear(out, name)
    if fmt == "csv":
        write_csv(table, out / f"{name}.csv", bar)
        return f"{name}.csv"
    if name == "events" and events_parts > 1:
        write_parquet_parts(table, out / name, events_parts, bar)
        return f"{name}/"
    write_parquet(table, out / f"{name}.parquet", bar)
    return f"{name}.parquet"


def _bar(desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=None, desc=f"{desc:<20}", unit="rows", unit_scale=True, leave=True)


def generate(out_dir: str | Path, scale: float = 0.01, seed: int = 1, fmt: Format = "parquet",
             bad_rows: bool = False, start: date = DEFAULT_START, end: date = DEFAULT_END,
             progress: bool = False, events_parts: int = 1, accounts: int | None = None
             ) -> Report:
    """Generate a landing zone in `out_dir`; returns the injected bad-row report
    {table: {reason: count}} (empty without `bad_rows`), also written to
    `_injected_bad_rows.json`. Same arguments -> byte-identical files."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    if events_parts < 1:
        raise ValueError("events_parts must be >= 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_for(scale, seed, start, end, accounts)
    world = build_world(plan)
    injector = Injector(plan.n_accounts, seed) if bad_rows else None
    written, rows = [], {}
    for name, build in table_builders(world).items():
        bar = _bar(name) if progress else None
        table = build()
        if injector is not None:
            table = injector.inject(name, table)
        if bar is not None:
            bar.reset(total=table.num_rows)
        written.append(write_table(name, table, out, fmt, events_parts, bar))
        rows[name] = table.num_rows
        if bar is not None:
            bar.close()
        del table
    report: Report = injector.report if injector is not None else {}
    finish(out, report, bad_rows, {
        "scale": scale, "seed": seed, "format": fmt, "bad_rows": bad_rows,
        "start": start.isoformat(), "end": end.isoformat(), "events_parts": events_parts,
        "accounts": plan.n_accounts, "files": written, "rows": rows,
    })
    return report


def finish(out: Path, report: Report, bad_rows: bool, manifest: dict[str, Any]) -> None:
    """Write the bad-row report (or remove a stale one) and the manifest."""
    report_path = out / BAD_ROWS_REPORT
    if bad_rows:
        report_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    else:
        report_path.unlink(missing_ok=True)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
