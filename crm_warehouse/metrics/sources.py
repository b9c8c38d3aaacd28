"""Reading definition text: metric YAML files (and the folder holding them) and app JSON.

YAML is read with a strict flavour of PyYAML's safe loader, closer to YAML 1.2 so that what an
analyst writes is what the metric gets:
- only `true` / `false` are booleans (`yes`, `no`, `on`, `off` stay text: a field value `ON` is the
  text ON, not true);
- dates are not converted (`from: 2026-01-01` stays text and is checked as YYYY-MM-DD);
- integers are decimal digits and floats need a dot or an exponent (`1:30` or `0x1F` stay text);
- numbers remember how they were written (`SourceInt` / `SourceFloat`), so a field comparison's
  `value_text` is the author's spelling (`50`, `50.50`);
- a key repeated in one mapping is an error (PyYAML silently keeps the last one).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

from crm_warehouse.metrics.values import SourceFloat, SourceInt

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML-1.2-like scalars, number spelling kept, duplicate keys refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
                    continue
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found duplicate key '{key_node.value}'", key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_int(loader: StrictLoader, node: ScalarNode) -> SourceInt:
    text = loader.construct_scalar(node)
    try:
        return SourceInt(text)
    except ValueError:
        raise ConstructorError(None, None, f"invalid integer '{text}'", node.start_mark) from None


def _construct_float(loader: StrictLoader, node: ScalarNode) -> SourceFloat:
    text = loader.construct_scalar(node)
    try:
        value = SourceFloat(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        raise ConstructorError(None, None, f"invalid number '{text}'", node.start_mark)
    return value


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
StrictLoader.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"))
StrictLoader.add_constructor(_INT, _construct_int)
StrictLoader.add_constructor(_FLOAT, _construct_float)


def yaml_error_text(error: yaml.YAMLError) -> str:
    """`invalid YAML at line L, column C: <problem> (<context>)` (1-based line and column)."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return f"invalid YAML{where}: {problem}{context}"
    return f"invalid YAML: {error}"


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with `StrictLoader` (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def metric_files(path: Path) -> list[tuple[Path, str]]:
    """(file, path relative to the metrics folder) of every metric YAML file, sorted.

    `path` is a folder (every `*.yml` / `*.yaml` below it, recursively; hidden files and folders,
    whose name starts with '.', are skipped) or a single file (relative path = its name).
    Raises FileNotFoundError when `path` does not exist.
    """
    if path.is_file():
        return [(path, path.name)]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: metrics path does not exist")
    found = []
    for file in path.rglob("*"):
        relative = file.relative_to(path)
        if (file.suffix in (".yml", ".yaml") and file.is_file()
                and not any(part.startswith(".") for part in relative.parts)):
            found.append((file, relative.as_posix()))
    return sorted(found, key=lambda item: item[1])


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _json_float(text: str) -> SourceFloat:
    value = SourceFloat(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _json_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON value")


def load_json_text(text: str) -> Any:
    """Parse JSON text, keeping number spelling and refusing duplicate keys (raises ValueError)."""
    try:
        return json.loads(text, object_pairs_hook=_json_object, parse_int=SourceInt,
                          parse_float=_json_float, parse_constant=_json_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
