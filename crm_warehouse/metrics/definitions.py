"""Metric definitions as data: the ONE parser/validator of YAML files and app JSON.

Public API (spec: ../shared/spec/metrics.md sections 1-4):

- `load_yaml_definitions(path)`: every definition of a metrics folder (or one file); raises
  `MetricDefinitionError` listing every problem, one line each: `<file>: metric '<id>': <problem>`
  (`metric #<n>` when the n-th item of the file has no readable id).
- `parse_app_definition(account_id, metric_id, definition_json)`: one app definition (a row of the
  raw `metric_definitions` table); raises `MetricDefinitionError` with a one-line reason.
- `definitions_frame(metrics_path, app_definitions)`: all of them as one DataFrame of
  `FRAME_COLUMNS` (the rows of `MetricDefinition.to_row()` plus app dates and rejection_reason),
  read by the dbt Python model `int_metric_definitions__parsed`.

Row contract (`to_row()`, see model.py): scope_account_id, metric_id, metric_name, kind, source,
source_file, default_timeframe, custom_first_day, custom_last_day, count_mode, within_seconds,
value_type, value_field, triggers_json, condition_nodes_json, definition_json.
"""

from __future__ import annotations

import json
import numbers
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

from crm_warehouse.metrics.model import (
    APP_SOURCE_FILE,
    KINDS,
    ROW_COLUMNS,
    TIMEFRAMES,
    MetricDefinition,
    MetricDefinitionError,
    canonical_json,
)
from crm_warehouse.metrics.parse import (
    is_valid_account_id,
    is_valid_id,
    label_of,
    plain,
    read_definition,
)
from crm_warehouse.metrics.sources import (
    load_json_text,
    load_yaml_text,
    metric_files,
    yaml_error_text,
)
from crm_warehouse.metrics.values import describe

#: columns of `definitions_frame`, in order.
FRAME_COLUMNS: tuple[str, ...] = (
    *ROW_COLUMNS, "app_created_at", "app_deleted_at", "rejection_reason",
)
_DATE = pd.ArrowDtype(pa.date32())
_TIMESTAMP = "datetime64[us]"
#: dtypes of `definitions_frame` (the same when it is empty): DuckDB reads them as BIGINT,
#: VARCHAR, DATE, DOUBLE and TIMESTAMP.
FRAME_DTYPES: dict[str, Any] = {
    **{column: "string" for column in FRAME_COLUMNS},
    "scope_account_id": "Int64",
    "custom_first_day": _DATE,
    "custom_last_day": _DATE,
    "within_seconds": "Float64",
    "app_created_at": _TIMESTAMP,
    "app_deleted_at": _TIMESTAMP,
}
#: input columns of the app definitions frame (the raw `metric_definitions` table).
APP_REQUIRED_COLUMNS = ("account_id", "metric_id", "definition")
APP_OPTIONAL_COLUMNS = ("created_at", "deleted_at")


def scan_yaml_definitions(
    path: str | Path,
) -> tuple[list[MetricDefinition], list[str], list[str]]:
    """(definitions, problems, files read) of a metrics folder or file; never raises on content."""
    root = Path(path)
    try:
        files = metric_files(root)
    except FileNotFoundError as error:
        return [], [str(error)], []
    definitions: list[MetricDefinition] = []
    problems: list[str] = []
    first_of: dict[tuple[int | None, str], str] = {}
    shown_files = []
    for file, relative in files:
        shown = str(file) if root.is_file() else str(root / relative)
        shown_files.append(shown)
        items = _read_yaml_items(file, shown, problems)
        for position, raw in enumerate(items, start=1):
            label = label_of(raw, position)
            definition, found = read_definition(raw, source="yaml", source_file=relative)
            problems.extend(f"{shown}: {label}: {problem}" for problem in found)
            key = _scope_key(raw)
            if key is None:
                pass
            elif key in first_of:
                scope = "global" if key[0] is None else f"account_id {key[0]}"
                problems.append(f"{shown}: {label}: duplicate id '{key[1]}' in the same scope "
                                f"({scope}): already defined in {first_of[key]}")
                continue
            else:
                first_of[key] = shown
            if definition is not None:
                definitions.append(definition)
    return definitions, problems, shown_files


def load_yaml_definitions(path: str | Path) -> list[MetricDefinition]:
    """Every metric definition of a folder of YAML files (recursively, sorted) or of one file.

    Raises MetricDefinitionError listing all problems, one line each.
    """
    definitions, problems, _ = scan_yaml_definitions(path)
    if problems:
        raise MetricDefinitionError(problems)
    return definitions


def _read_yaml_items(file: Path, shown: str, problems: list[str]) -> list[Any]:
    """The items of a file's top-level `metrics:` list (problems recorded, [] when unreadable)."""
    try:
        document = load_yaml_text(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problems.append(f"{shown}: {yaml_error_text(error)}")
        return []
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{shown}: cannot read the file: {error}")
        return []
    expected = "expected a top-level mapping with a 'metrics:' list"
    if not isinstance(document, dict) or "metrics" not in document:
        problems.append(f"{shown}: {expected}, got {describe(document)}")
        return []
    for key in document:
        if key != "metrics":
            problems.append(f"{shown}: unknown top-level key {describe(key)} ({expected})")
    items = document["metrics"]
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(f"{shown}: 'metrics' must be a list of metrics, got {describe(items)}")
        return []
    return items


def _scope_key(raw: Any) -> tuple[int | None, str] | None:
    """(scope account_id, id) of a YAML item when both are readable, for duplicate checks."""
    if not isinstance(raw, dict) or not is_valid_id(raw.get("id")):
        return None
    scope = raw.get("account_id")
    if scope is None and "account_id" not in raw:
        return None, raw["id"]
    return (int(scope), raw["id"]) if is_valid_account_id(scope) else None


# --- app definitions --------------------------------------------------------------------------


def _app_account_id(value: Any) -> Any:
    """numpy / float integers as int (e.g. 7.0 from a column with nulls); else unchanged."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(value)
    return value


def _parse_app(
    account_id: Any, metric_id: Any, definition_json: Any
) -> tuple[MetricDefinition | None, list[str], Any]:
    """(definition, problems, parsed JSON or None) of one app row."""
    account_id = _app_account_id(account_id)
    problems: list[str] = []
    if not is_valid_account_id(account_id):
        problems.append(f"account_id must be a positive integer, got {describe(account_id)}")
        account_id = None
    if not isinstance(definition_json, str) or not definition_json.strip():
        return None, [*problems, "invalid JSON: the definition is empty"], None
    try:
        raw = load_json_text(definition_json)
    except ValueError as error:
        return None, [*problems, f"invalid JSON: {error}"], None
    if not isinstance(raw, dict):
        return None, [*problems, f"the definition must be a JSON object, got {describe(raw)}"], raw
    definition, found = read_definition(
        raw, source="app", source_file=APP_SOURCE_FILE,
        app_account_id=account_id, app_metric_id=metric_id,
    )
    problems.extend(found)
    return (None if problems else definition), problems, raw


def parse_app_definition(account_id: int, metric_id: str, definition_json: str) -> MetricDefinition:
    """One app definition; `account_id` and `metric_id` are the row's columns (scope and id).

    Raises MetricDefinitionError with a one-line reason (problems joined by '; ').
    """
    definition, problems, _ = _parse_app(account_id, metric_id, definition_json)
    if definition is None:
        raise MetricDefinitionError("; ".join(problems))
    return definition


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _timestamps(frame: pd.DataFrame, column: str) -> pd.Series:
    """A timestamp column as naive UTC datetime64[us] (text without offset is UTC)."""
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype=_TIMESTAMP)
    values = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = values.astype(object).where(values.notna(), None)
        values = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
    elif getattr(values.dt, "tz", None) is None:
        values = values.dt.tz_localize("UTC")
    return values.dt.tz_convert("UTC").dt.tz_localize(None).astype(_TIMESTAMP)


def _rejected_row(account_id: Any, metric_id: Any, raw: Any, text: Any = None) -> dict[str, Any]:
    """The row of a rejected app definition: what could be read of it, and its definition as JSON
    (the parsed object, or, when it is not an object, the raw text as a JSON string) so that the
    quarantine shows what was sent."""
    row: dict[str, Any] = dict.fromkeys(ROW_COLUMNS)
    account_id = _app_account_id(account_id)
    row.update(
        scope_account_id=account_id if is_valid_account_id(account_id) else None,
        metric_id=None if _missing(metric_id) else str(metric_id),
        source="app",
        source_file=APP_SOURCE_FILE,
    )
    if isinstance(raw, dict):
        if isinstance(raw.get("name"), str):
            row["metric_name"] = raw["name"]
        if raw.get("kind") in KINDS:
            row["kind"] = raw["kind"]
        if raw.get("timeframe") in TIMEFRAMES:
            row["default_timeframe"] = raw["timeframe"]
        row["definition_json"] = canonical_json(plain(raw))
    elif text is not None:
        row["definition_json"] = json.dumps(str(text), ensure_ascii=False)
    return row


def definitions_frame(
    metrics_path: str | Path, app_definitions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All metric definitions as one frame of FRAME_COLUMNS with FRAME_DTYPES.

    YAML definitions first (raises MetricDefinitionError on any YAML problem), then one row per
    app definition row, in input order. An invalid app definition keeps its row with the reason in
    `rejection_reason` (null for valid rows) and the columns known so far (at least
    scope_account_id, metric_id, source). `app_created_at` / `app_deleted_at` are the app row's
    dates as naive UTC timestamps (null for YAML rows).
    """
    yaml_definitions = load_yaml_definitions(metrics_path)
    rows = [
        {**d.to_row(), "app_created_at": pd.NaT, "app_deleted_at": pd.NaT,
         "rejection_reason": None}
        for d in yaml_definitions
    ]
    if app_definitions is not None:
        rows.extend(_app_rows(app_definitions, yaml_definitions))
    return pd.DataFrame(
        {column: pd.array([row[column] for row in rows], dtype=FRAME_DTYPES[column])
         for column in FRAME_COLUMNS}
    )


def _app_rows(
    app_definitions: pd.DataFrame, yaml_definitions: list[MetricDefinition]
) -> list[dict[str, Any]]:
    missing = [c for c in APP_REQUIRED_COLUMNS if c not in app_definitions.columns]
    if missing:
        raise ValueError(f"app metric definitions: missing column(s) {', '.join(missing)} "
                         f"(expected {', '.join(APP_REQUIRED_COLUMNS + APP_OPTIONAL_COLUMNS)})")
    yaml_file: dict[tuple[int | None, str], str] = {
        (d.scope_account_id, d.metric_id): d.source_file for d in yaml_definitions
    }
    created = _timestamps(app_definitions, "created_at")
    deleted = _timestamps(app_definitions, "deleted_at")
    rows = []
    columns = zip(
        *(app_definitions[column].astype(object).tolist() for column in APP_REQUIRED_COLUMNS),
        created.tolist(), deleted.tolist(), strict=True,
    )
    for account_id, metric_id, text, created_at, deleted_at in columns:
        account_id, metric_id, text = (
            None if _missing(value) else value for value in (account_id, metric_id, text)
        )
        definition, problems, raw = _parse_app(account_id, metric_id, text)
        account_key = _app_account_id(account_id)
        clash = yaml_file.get((account_key, metric_id)) or yaml_file.get((None, metric_id))
        if clash is not None and is_valid_id(metric_id):
            problems.insert(0, f"metric id '{metric_id}' is already defined in YAML ({clash})")
            definition = None
        row = (definition.to_row() if definition is not None
               else _rejected_row(account_id, metric_id, raw, text))
        row.update(
            app_created_at=created_at,
            app_deleted_at=deleted_at,
            rejection_reason="; ".join(problems) if problems else None,
        )
        rows.append(row)
    return rows

