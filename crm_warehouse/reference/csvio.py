"""CSV text conventions of the golden expected files (golden/README.md "Reading the expected
files"): empty = null; money with two decimals, or ``0`` when nothing was summed; whole numbers
without decimals; other ratios as Python's repr of the float; dates ``YYYY-MM-DD``; instants
``YYYY-MM-DDTHH:MM:SSZ`` (UTC); local wall-clock times (naive datetimes) ``YYYY-MM-DD HH:MM:SS``;
booleans ``true`` / ``false``.

In the reference frames a ``Decimal`` is money, an ``int`` a count (or a "nothing summed" zero)
and a ``float`` a ratio or average.
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .parsing import is_null


def format_instant(value: datetime) -> str:
    """A UTC instant as ``...Z`` (microseconds only when present); naive = local wall clock."""
    if value.tzinfo is None:
        return value.isoformat(sep=" ")
    text = value.astimezone(UTC).replace(tzinfo=None).isoformat()
    return f"{text}Z"


def format_cell(value: Any) -> str:
    """One cell in the golden text conventions."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if is_null(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item") and not isinstance(value, str | Decimal):  # numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01')):f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_frame_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """One frame as CSV text (header row, comma, minimal quoting, ``\\n`` line ends)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([format_cell(v) for v in row])


def write_reference_csv(results: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write every frame of ``compute_reference`` as ``<out_dir>/<name>.csv``."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in results.items():
        path = folder / f"{name}.csv"
        write_frame_csv(frame, path)
        written.append(path)
    return written


def read_expected_csv(path: str | Path) -> pd.DataFrame:
    """An expected CSV with every cell as text and empty cells as None."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[None if cell == "" else cell for cell in row] for row in reader]
    return pd.DataFrame(rows, columns=header, dtype=object)
