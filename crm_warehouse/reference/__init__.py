"""An independent reference implementation of the product spec, in plain Python.

It reads a landing zone, applies the bad-input rules, evaluates every metric definition
(7 kinds, conditions, 14 timeframes, previous periods, members) and the six dashboard panels at
one as-of instant, and returns DataFrames shaped like the golden expected files. It shares no
code with the SQL models, so the two can check each other.

Public API:
- ``compute_reference(landing_zone, metrics, as_of) -> dict[str, DataFrame]``
- ``write_reference_csv(results, out_dir)``: the golden CSV text conventions
- ``compare_frames(actual, expected, keys) -> list[str]``: differences, empty when equal
- ``read_expected_csv(path)``, ``FRAME_KEYS`` (natural keys of every frame)
"""

from .compare import compare_frames
from .compute import COLUMNS, compute_reference
from .csvio import format_cell, read_expected_csv, write_reference_csv

FRAME_KEYS: dict[str, list[str]] = {
    "metric_values": ["account_id", "metric_id", "timeframe"],
    "metric_members": ["account_id", "metric_id", "timeframe", "contact_id"],
    "timeframe_calendar": ["account_id", "timeframe"],
    "panel_sales": ["account_id", "section", "day", "rank"],
    "panel_subscriptions": ["account_id", "section", "day"],
    "panel_broadcasts": ["account_id", "rank"],
    "panel_traffic": ["account_id", "section", "day", "rank"],
    "panel_helpdesk": ["account_id"],
    "panel_calendar": ["account_id", "rank"],
    "quarantine": ["table_name", "account_id", "row_key", "reason"],
    "staged_counts": ["table_name"],
}

__all__ = [
    "COLUMNS",
    "FRAME_KEYS",
    "compare_frames",
    "compute_reference",
    "format_cell",
    "read_expected_csv",
    "write_reference_csv",
]
