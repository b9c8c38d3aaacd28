"""The `where` condition tree (metrics.md section 3): `all` / `any` / `not` and the leaves.

Shapes accepted (YAML shown; JSON is the same):

    all: [<condition>, ...]          any: [<condition>, ...]       not: <condition>
    {field: Lead Score, op: gt, value: 50}     ops: eq ne gt gte lt lte contains is_empty
                                               is_not_empty (the last two take no value)
    {subscribed_to_tag: VIP}  (and every leaf of OBJECT_LEAVES: a name, an object id or `any`)
    {visited_landing_page: {page: Sales LP, timeframe: last_30_days}}   page absent = any page
    {last_transaction_status: declined}
    {contact_exists: true}

`all` and `any` need at least one condition. A tree has at most MAX_CONDITION_DEPTH levels.
"""

from __future__ import annotations

from typing import Any

from crm_warehouse.metrics.model import (
    ANY_OBJECT,
    COMBINATORS,
    FIELD_OPS,
    LEAF_TYPES,
    MAX_CONDITION_DEPTH,
    OBJECT_LEAVES,
    VALUELESS_OPS,
    Condition,
)
from crm_warehouse.metrics.values import (
    Problems,
    describe,
    one_of,
    read_object_ref,
    read_status,
    read_text,
    read_timeframe,
    suggest,
    text_of_scalar,
)

_CONDITION_NAMES = (*COMBINATORS, *LEAF_TYPES)
_EXAMPLE = "all / any / not, or a leaf such as {subscribed_to_tag: VIP}"


class _TreeReader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.too_deep = False

    def read(self, value: Any, where: str, depth: int) -> Condition | None:
        if depth >= MAX_CONDITION_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.problems.add(
                    where,
                    f"condition tree is deeper than MAX_CONDITION_DEPTH = {MAX_CONDITION_DEPTH} "
                    "levels",
                )
            return None
        if not isinstance(value, dict):
            self.problems.add(where, f"a condition must be a mapping ({_EXAMPLE}), "
                                     f"got {describe(value)}")
            return None
        if "field" in value:
            return self.field_leaf(value, where)
        if len(value) != 1:
            names = ", ".join(f"'{key}'" for key in value) or "none"
            self.problems.add(where, f"a condition has exactly one key ({_EXAMPLE}), got {names}")
            return None
        ((key, arg),) = value.items()
        if key in ("all", "any"):
            return self.group(key, arg, f"{where}.{key}", depth)
        if key == "not":
            child = self.read(arg, f"{where}.not", depth + 1)
            return Condition("not", (child,)) if child else None
        if key in OBJECT_LEAVES:
            ref = read_object_ref(arg, f"{where}.{key}", self.problems)
            return Condition("leaf", leaf_type=key, object=ref) if ref else None
        if key == "visited_landing_page":
            return self.visited_landing_page(arg, f"{where}.{key}")
        if key == "last_transaction_status":
            status = read_status(arg, f"{where}.{key}", self.problems)
            return Condition("leaf", leaf_type=key, status=status) if status else None
        if key == "contact_exists":
            if isinstance(arg, bool):
                return Condition("leaf", leaf_type=key, flag=arg)
            self.problems.add(f"{where}.{key}", f"must be true or false, got {describe(arg)}")
            return None
        self.problems.add(
            where,
            f"unknown condition '{key}'{suggest(key, _CONDITION_NAMES)} "
            f"(expected one of: {one_of(_CONDITION_NAMES)})",
        )
        return None

    def group(self, key: str, arg: Any, where: str, depth: int) -> Condition | None:
        if not isinstance(arg, list) or not arg:
            self.problems.add(where, f"'{key}' takes a non-empty list of conditions, "
                                     f"got {describe(arg)}")
            return None
        children = [self.read(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(arg)]
        if any(child is None for child in children):
            return None
        return Condition(key, tuple(c for c in children if c is not None))

    def field_leaf(self, value: dict, where: str) -> Condition | None:
        before = len(self.problems.items)
        for key in value:
            if key not in ("field", "op", "value"):
                self.problems.add(
                    where,
                    f"unknown parameter '{key}' of a field condition{suggest(key, ('op', 'value'))}"
                    " (expected field, op, value)",
                )
        name = read_text(value["field"], "a field name", f"{where}.field", self.problems)
        op = value.get("op")
        if "op" not in value:
            self.problems.add(where, "missing required parameter 'op' of a field condition")
        elif op not in FIELD_OPS:
            self.problems.add(
                f"{where}.op",
                f"unknown op {describe(op)}{suggest(op, FIELD_OPS)} "
                f"(expected one of: {one_of(FIELD_OPS)})",
            )
        text = None
        if op in VALUELESS_OPS:
            if "value" in value:
                self.problems.add(where, f"op '{op}' takes no value")
        elif op in FIELD_OPS:
            arg = value.get("value")
            if arg is None:
                self.problems.add(where, f"missing required parameter 'value' for op '{op}'")
            elif isinstance(arg, dict | list):
                self.problems.add(f"{where}.value",
                                  f"must be a single value (text or number), got {describe(arg)}")
            else:
                text = text_of_scalar(arg)
        if len(self.problems.items) > before:
            return None
        return Condition("leaf", leaf_type="field", field_name=name, op=op, value_text=text)

    def visited_landing_page(self, arg: Any, where: str) -> Condition | None:
        if not isinstance(arg, dict):
            self.problems.add(where, "must be a mapping {page: <landing page>, timeframe: <key>}, "
                                     f"got {describe(arg)}")
            return None
        before = len(self.problems.items)
        for key in arg:
            if key not in ("page", "timeframe"):
                self.problems.add(where, f"unknown parameter '{key}'"
                                         f"{suggest(key, ('page', 'timeframe'))} "
                                         "(expected page, timeframe)")
        ref = ANY_OBJECT
        if "page" in arg:
            ref = read_object_ref(arg["page"], f"{where}.page", self.problems) or ANY_OBJECT
        timeframe = None
        if "timeframe" not in arg:
            self.problems.add(where, "missing required parameter 'timeframe'")
        else:
            timeframe = read_timeframe(arg["timeframe"], f"{where}.timeframe", self.problems)
        if len(self.problems.items) > before:
            return None
        return Condition("leaf", leaf_type="visited_landing_page", object=ref, timeframe=timeframe)


def read_condition(value: Any, problems: Problems, where: str = "where") -> Condition | None:
    """The normalized condition tree, or None after recording its problems."""
    return _TreeReader(problems).read(value, where, 0)
