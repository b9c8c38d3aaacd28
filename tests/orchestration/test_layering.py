"""A straight DAG: the product's Python (crm_warehouse/, orchestration/) reads only the marts of the
warehouse (and the live landing views), never the staging or intermediate layers, and the
installed package `crm_warehouse` never imports the Dagster code location `orchestration`.
(Tests and benchmarks/ are developer tools and may read any layer.)

The SQL is found in the code's string literals (docstrings aside): a relation of schema
`staging` or `intermediate` (`staging.stg_x`, `intermediate."int_y"`), or the schema's name as a
value on its own (`"staging"`, as in an information_schema lookup or an asset key)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ("crm_warehouse", "orchestration")
FORBIDDEN_SCHEMAS = ("staging", "intermediate")
RELATION = re.compile(
    r"(?<![\w.])(" + "|".join(FORBIDDEN_SCHEMAS) + r')\s*\.\s*"?[A-Za-z_]', re.IGNORECASE
)


def _docstring_starts(tree: ast.AST) -> set[tuple[int, int]]:
    """(line, column) where each docstring starts."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add((body[0].value.lineno, body[0].value.col_offset))
    return found


def layer_reads(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal in `source` that names the staging or intermediate
    schema: a relation in it (SQL; the line is where the relation is), or the schema's name as
    the whole string. Docstrings are prose and left out; so are comments."""
    docstrings = _docstring_starts(ast.parse(source))
    string_tokens = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in string_tokens or token.start in docstrings:
            continue
        text = token.string
        for match in RELATION.finditer(text):
            line = token.start[0] + text.count("\n", 0, match.start())
            found.append((line, text[match.start() :].split("\n")[0][:120]))
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):  # an f-string (or a part of one)
            continue
        if isinstance(value, str) and value.strip().lower() in FORBIDDEN_SCHEMAS:
            found.append((token.start[0], text))
    return found


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import in `source`: import statements, and importlib.import_module
    / __import__ calls with a literal name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args:
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", None)
            )
            argument = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
            ):
                found.append((node.lineno, argument.value))
    return found


def python_files(*packages: str) -> list[Path]:
    files = sorted(path for package in packages for path in (PROJECT_DIR / package).rglob("*.py"))
    assert files, f"no Python files under {packages}"
    return files


def test_the_detector_finds_sql_on_lower_layers_and_leaves_prose_alone():
    source = '''
"""Module prose may mention staging.stg_landing__events."""
A = "select * from staging.stg_landing__accounts"
B = f"""
    select account_id from {"x"}
    inner join intermediate.int_metrics using (account_id)
"""
C = ("marts.metric_values", 'STAGING."stg_x"')
D = exists(connection, "staging", "stg_landing__dashboard_visits")
E = "select * from marts.fct_dashboard_visits"  # staging.x in a comment is no SQL
F = "landing.dashboard_visits; my_staging.table; intermediate results"
def f():
    """staging.y in a docstring"""
'''
    assert [line for line, _ in layer_reads(source)] == [3, 6, 8, 9]
    assert layer_reads('X = "from staging.a"\nY = "from intermediate.b"\n') == [
        (1, 'staging.a"'),
        (2, 'intermediate.b"'),
    ]


def test_product_python_reads_no_staging_or_intermediate_relation():
    problems = [
        f"{path.relative_to(PROJECT_DIR)}:{line}: {text}"
        for path in python_files(*PRODUCT_PACKAGES)
        for line, text in layer_reads(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], (
        "product Python must read only the marts (and the landing views):\n" + "\n".join(problems)
    )


def test_the_import_detector_finds_every_form():
    source = (
        "import orchestration\n"
        "from orchestration.constants import X\n"
        "import importlib\n"
        "importlib.import_module('orchestration.definitions')\n"
        "from . import sibling\n"
    )
    assert [
        (line, module)
        for line, module in imported_modules(source)
        if module.split(".")[0] == "orchestration"
    ] == [(1, "orchestration"), (2, "orchestration.constants"), (4, "orchestration.definitions")]


def test_crm_warehouse_never_imports_orchestration():
    problems = [
        f"{path.relative_to(PROJECT_DIR)}:{line}: imports {module}"
        for path in python_files("crm_warehouse")
        for line, module in imported_modules(path.read_text(encoding="utf-8"))
        if module.split(".")[0] == "orchestration"
    ]
    assert problems == [], "crm_warehouse must not import orchestration:\n" + "\n".join(problems)


@pytest.mark.parametrize("package", ["crm_warehouse", "orchestration"])
def test_the_benchmark_is_not_part_of_the_installed_packages(package):
    assert not (PROJECT_DIR / package / "benchmark").exists()
    assert (PROJECT_DIR / "benchmarks" / "__main__.py").is_file()


def test_the_dashboard_exposure_lists_the_marts_the_dashboard_reads():
    """models/marts/_marts__exposures.yml: the dbt exposure `dashboard` depends on exactly the
    marts that crm_warehouse/dashboard reads (`marts.<table>` in its SQL, and its panels)."""
    from crm_warehouse.dashboard import queries
    from orchestration.project import load_manifest

    read = set(queries.PANELS)
    for path in python_files("crm_warehouse/dashboard"):
        read |= set(re.findall(r"\bmarts\.(\w+)", path.read_text(encoding="utf-8")))
    read.discard("publish_info")  # written by crm_warehouse.publish, not a dbt model
    manifest = load_manifest()
    exposure = manifest["exposures"]["exposure.crm_warehouse.dashboard"]
    assert exposure["type"] == "application"
    assert exposure["url"] == "http://127.0.0.1:8501"
    depends_on = {manifest["nodes"][node]["name"] for node in exposure["depends_on"]["nodes"]}
    assert depends_on == read
    assert all(
        manifest["nodes"][node]["schema"] == "marts" for node in exposure["depends_on"]["nodes"]
    )
