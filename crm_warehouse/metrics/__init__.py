"""Metric definitions as data: parse and validate YAML files and app JSON (see definitions.py).

`python -m crm_warehouse.metrics [--metrics-path metrics]` validates the YAML definitions.
"""

from crm_warehouse.metrics.definitions import (
    FRAME_COLUMNS,
    FRAME_DTYPES,
    definitions_frame,
    load_yaml_definitions,
    parse_app_definition,
    scan_yaml_definitions,
)
from crm_warehouse.metrics.model import (
    KINDS,
    MAX_CONDITION_DEPTH,
    ROW_COLUMNS,
    TIMEFRAMES,
    TRIGGERS,
    Condition,
    MetricDefinition,
    MetricDefinitionError,
    ObjectRef,
    Timeframe,
    Trigger,
)
from crm_warehouse.metrics.values import parse_within

__all__ = [
    "FRAME_COLUMNS",
    "FRAME_DTYPES",
    "KINDS",
    "MAX_CONDITION_DEPTH",
    "ROW_COLUMNS",
    "TIMEFRAMES",
    "TRIGGERS",
    "Condition",
    "MetricDefinition",
    "MetricDefinitionError",
    "ObjectRef",
    "Timeframe",
    "Trigger",
    "definitions_frame",
    "load_yaml_definitions",
    "parse_app_definition",
    "parse_within",
    "scan_yaml_definitions",
]
