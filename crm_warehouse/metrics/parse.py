"""Validation and normalization of ONE metric definition (a YAML list item or an app JSON object).

`read_definition` collects every problem it can find (it keeps going after the first), so an
analyst sees all mistakes of a metric at once.
"""

from __future__ import annotations

import re
from typing import Any

from crm_warehouse.metrics.conditions import read_condition
from crm_warehouse.metrics.model import (
    ANY_OBJECT,
    COMMON_PARAMETERS,
    COUNT_MODES,
    ID_PATTERN,
    KIND_PARAMETERS,
    KIND_SPECIFIC_PARAMETERS,
    KINDS,
    OPTIONAL_PARAMETERS,
    TRIGGERS,
    TRIGGERS_WITHOUT_DETAIL,
    TRIGGERS_WITHOUT_OBJECT,
    VALUE_TYPES_BY_KIND,
    MetricDefinition,
    Trigger,
    canonical_json,
)
from crm_warehouse.metrics.values import (
    Problems,
    SourceFloat,
    SourceInt,
    describe,
    is_integer,
    one_of,
    read_object_ref,
    read_status,
    read_text,
    read_timeframe,
    read_within,
    suggest,
    text_of_scalar,
)

_ID = re.compile(ID_PATTERN)
_ALL_PARAMETERS = (*COMMON_PARAMETERS, *KIND_SPECIFIC_PARAMETERS)
_ALL_VALUE_TYPES = ("sales_of", "transactions_with_status", "field")
_ROLE_OF = {"event": "event", "from_event": "from", "to_event": "to"}


def is_valid_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def is_valid_account_id(value: Any) -> bool:
    return is_integer(value) and value > 0


def plain(value: Any) -> Any:
    """JSON-ready copy of a parsed YAML/JSON value (text keys, plain numbers)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, SourceInt):
        return int(value)
    if isinstance(value, SourceFloat):
        return float(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def label_of(raw: Any, position: int) -> str:
    """`metric 'id'` when the item has a text id, else `metric #<position>` (1-based)."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return f"metric '{raw['id']}'"
    return f"metric #{position}"


def read_definition(
    raw: Any,
    *,
    source: str,
    source_file: str,
    app_account_id: int | None = None,
    app_metric_id: str | None = None,
) -> tuple[MetricDefinition | None, list[str]]:
    """Check one definition; returns (definition, []) or (None, problems).

    For `source='app'`, `app_account_id` and `app_metric_id` are the row's columns (the scope and
    id); an `id` or `account_id` inside the definition must agree with them.
    """
    problems = Problems()
    if not isinstance(raw, dict):
        problems.add("", f"a metric definition must be a mapping, got {describe(raw)}")
        return None, problems.items
    for key in raw:
        if not isinstance(key, str):
            problems.add("", f"unknown parameter {describe(key)} (parameter names are text)")
        elif key not in _ALL_PARAMETERS:
            problems.add("", f"unknown parameter '{key}'{suggest(key, _ALL_PARAMETERS)}")

    metric_id, scope = _read_identity(raw, source, app_account_id, app_metric_id, problems)
    name = None
    if "name" not in raw:
        problems.add("", "missing required parameter 'name'")
    else:
        name = read_text(raw["name"], "name", "", problems)

    kind = raw.get("kind")
    if "kind" not in raw:
        problems.add("", f"missing required parameter 'kind' (one of: {one_of(KINDS)})")
    elif kind not in KINDS:
        problems.add("", f"unknown kind {describe(kind)}{suggest(kind, KINDS)} "
                         f"(expected one of: {one_of(KINDS)})")
        kind = None

    triggers: list[Trigger] = []
    count_mode = within = value_type = value_field = None
    if kind is not None:
        takes = KIND_PARAMETERS[kind]
        for key in KIND_SPECIFIC_PARAMETERS:
            if key in raw and key not in takes:
                problems.add("", f"parameter '{key}' does not apply to kind '{kind}' "
                                 f"(it takes: {one_of(takes)})")
        for key in takes:
            if key not in raw and key not in OPTIONAL_PARAMETERS:
                problems.add("", f"missing required parameter '{key}' for kind '{kind}'")
        for key in ("event", "from_event", "to_event"):
            if key in takes and key in raw:
                trigger = _read_event(raw[key], _ROLE_OF[key], key, problems)
                if trigger:
                    triggers.append(trigger)
        if "count" in takes:
            count_mode = raw.get("count", "once")
            if count_mode not in COUNT_MODES:
                problems.add("count", f"must be once or each, got {describe(count_mode)}")
        if "within" in takes and "within" in raw:
            within = read_within(raw["within"], problems)
        if "value" in takes and "value" in raw:
            value_type, value_field, value_trigger = _read_value(raw["value"], kind, problems)
            if value_trigger:
                triggers.append(value_trigger)

    timeframe = None
    if "timeframe" not in raw:
        problems.add("", "missing required parameter 'timeframe' (the default timeframe)")
    else:
        timeframe = read_timeframe(raw["timeframe"], "timeframe", problems)

    where = None
    if "where" in raw and raw["where"] is not None:
        where = read_condition(raw["where"], problems)

    if problems:
        return None, problems.items
    assert metric_id is not None and name is not None and kind is not None
    assert timeframe is not None
    return MetricDefinition(
        metric_id=metric_id,
        name=name,
        kind=kind,
        scope_account_id=scope,
        source=source,
        source_file=source_file,
        timeframe=timeframe,
        triggers=tuple(triggers),
        where=where,
        count_mode=count_mode,
        within_seconds=within,
        value_type=value_type,
        value_field=value_field,
        definition_json=canonical_json(plain(raw)),
    ), []


def _read_identity(
    raw: dict,
    source: str,
    app_account_id: int | None,
    app_metric_id: str | None,
    problems: Problems,
) -> tuple[str | None, int | None]:
    """(metric_id, scope_account_id) from the definition (YAML) or the row's columns (app)."""
    if source == "app":
        metric_id = app_metric_id
        if not is_valid_id(app_metric_id):
            problems.add("", f"metric_id {describe(app_metric_id)} must match {ID_PATTERN}")
            metric_id = None
        if "id" in raw and raw["id"] != app_metric_id:
            problems.add("", f"id {describe(raw['id'])} in the definition disagrees with the "
                             f"row's metric_id {describe(app_metric_id)}")
        if "account_id" in raw and (
            not is_integer(raw["account_id"]) or raw["account_id"] != app_account_id
        ):
            problems.add("", f"account_id {describe(raw['account_id'])} in the definition "
                             f"disagrees with the row's account_id {app_account_id}")
        return metric_id, app_account_id

    metric_id = raw.get("id")
    if "id" not in raw:
        problems.add("", "missing required parameter 'id'")
        metric_id = None
    elif not is_valid_id(metric_id):
        problems.add("", f"id {describe(metric_id)} must match {ID_PATTERN} "
                         "(lower-case letters, digits, _)")
        metric_id = None
    scope = raw.get("account_id")
    if scope is not None and not is_valid_account_id(scope):
        problems.add("", f"account_id must be a positive integer, got {describe(scope)}")
        scope = None
    elif "account_id" in raw and scope is None:
        problems.add("", "account_id must be a positive integer, got nothing (null); "
                         "leave it out for a metric of every account")
    return metric_id, int(scope) if scope is not None else None


def _read_event(value: Any, role: str, where: str, problems: Problems) -> Trigger | None:
    if not isinstance(value, dict):
        problems.add(where, "must be a mapping like {type: form_submitted, object: Free Guide}, "
                            f"got {describe(value)}")
        return None
    before = len(problems.items)
    for key in value:
        if key not in ("type", "object", "detail"):
            problems.add(where, f"unknown parameter {describe(key)}"
                                f"{suggest(key, ('type', 'object', 'detail'))} "
                                "(expected type, object, detail)")
    event_type = value.get("type")
    if "type" not in value:
        problems.add(where, "missing required parameter 'type' (the trigger)")
    elif event_type not in TRIGGERS:
        problems.add(f"{where}.type", f"unknown trigger {describe(event_type)}"
                                      f"{suggest(event_type, TRIGGERS)} "
                                      f"(expected one of: {one_of(TRIGGERS)})")
    ref = ANY_OBJECT
    if "object" in value:
        ref = read_object_ref(value["object"], f"{where}.object", problems) or ANY_OBJECT
        if event_type in TRIGGERS_WITHOUT_OBJECT and ref is not ANY_OBJECT:
            problems.add(f"{where}.object", f"trigger '{event_type}' takes no object")
    detail = None
    if "detail" in value:
        if event_type in TRIGGERS_WITHOUT_DETAIL:
            problems.add(f"{where}.detail", f"trigger '{event_type}' takes no detail")
        elif value["detail"] is None or isinstance(value["detail"], bool | dict | list):
            problems.add(f"{where}.detail", f"must be text, got {describe(value['detail'])}")
        else:
            detail = text_of_scalar(value["detail"])
    if len(problems.items) > before:
        return None
    return Trigger(role, event_type, ref, detail)


def _read_value(
    value: Any, kind: str, problems: Problems
) -> tuple[str | None, str | None, Trigger | None]:
    """(value_type, value_field, value trigger) of a `value:` spec."""
    allowed = VALUE_TYPES_BY_KIND[kind]
    example = " or ".join(f"{{{name}: ...}}" for name in allowed)
    if not isinstance(value, dict) or len(value) != 1:
        problems.add("value", f"must be a mapping with one key, {example}; got {describe(value)}"
                              + (f" with keys {', '.join(map(str, value))}"
                                 if isinstance(value, dict) and value else ""))
        return None, None, None
    ((value_type, arg),) = value.items()
    if value_type not in _ALL_VALUE_TYPES:
        problems.add("value", f"unknown value spec {describe(value_type)}"
                              f"{suggest(value_type, allowed)} (expected {example})")
        return None, None, None
    if value_type not in allowed:
        problems.add("value", f"'{value_type}' is not a value spec of kind '{kind}' "
                              f"(expected {example})")
        return None, None, None
    where = f"value.{value_type}"
    if value_type == "sales_of":
        ref = read_object_ref(arg, where, problems)
        if ref is None:
            return None, None, None
        return value_type, None, Trigger("value", "purchased", ref)
    if value_type == "transactions_with_status":
        status = read_status(arg, where, problems)
        if status is None:
            return None, None, None
        return value_type, None, Trigger("value", None, ANY_OBJECT, transaction_status=status)
    field = read_text(arg, "a field name", where, problems)
    return (value_type, field, None) if field else (None, None, None)
