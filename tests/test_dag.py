"""The shape of the dbt project, read from its manifest: layers read only downward and marts are
leaves; the per-account scope is declared once, per folder, so that every model whose rows are
kept per account is per account, including a model that is added to one of those folders later."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.warehouse import PROJECT_DIR, dbt_executable

LAYERS = {"staging": 0, "intermediate": 1, "marts": 2}
PER_ACCOUNT_FOLDERS = (("staging", "landing", "base"), ("marts", "core"), ("marts", "metrics"),
                       ("marts", "panels"))
PERSISTED = ("table", "incremental")


def parse(project_dir: Path, target: Path) -> dict:
    env = {**os.environ, "DBT_PROFILES_DIR": str(project_dir), "DBT_SEND_ANONYMOUS_USAGE_STATS":
           "false", "WAREHOUSE_DB": str(target / "parse.duckdb")}
    result = subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--project-dir", str(project_dir),
         "--target-path", str(target), "--log-path", str(target)],
        cwd=project_dir, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return json.loads((target / "manifest.json").read_text())


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    return parse(PROJECT_DIR, tmp_path_factory.mktemp("dag-target"))


def models(manifest: dict) -> dict[str, dict]:
    return {uid: node for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "model"}


def folders(node: dict) -> tuple[str, ...]:
    return tuple(node["fqn"][1:-1])


def test_layers_read_only_downward_and_marts_are_leaves(manifest):
    nodes = models(manifest)
    wrong = []
    for node in nodes.values():
        layer = LAYERS[folders(node)[0]]
        for parent_id in node["depends_on"]["nodes"]:
            parent = nodes.get(parent_id)
            if parent is None:
                continue  # a seed or a source
            parent_layer = LAYERS[folders(parent)[0]]
            if parent_layer > layer or (parent_layer == layer == LAYERS["marts"]):
                wrong.append(f"{node['original_file_path']} reads {parent['original_file_path']}")
    assert not wrong, "\n".join(wrong)


def is_per_account(node: dict) -> bool:
    config = node["config"]
    hooks = " ".join(hook["sql"] for hook in config.get("pre-hook", []))
    return ("per_account" in node["tags"] and config["materialized"] == "incremental"
            and config["incremental_strategy"] == "delete+insert"
            and config["unique_key"] == "account_id" and "delete_refreshed_accounts" in hooks)


def test_every_model_whose_rows_are_kept_per_account_is_per_account(manifest):
    """Persisted models with an account_id under staging and marts keep every account's rows
    across runs: a run for some accounts must replace only theirs. (Intermediate tables are
    rebuilt by each run from the as-of views, for the run's accounts; the data-quality marts are
    rebuilt whole by runs for every account.)"""
    kept = [node for node in models(manifest).values()
            if node["config"]["materialized"] in PERSISTED
            and folders(node)[0] in ("staging", "marts")
            and folders(node)[:2] != ("marts", "data_quality")]
    assert len(kept) >= 27
    missing = [node["original_file_path"] for node in kept if not is_per_account(node)]
    assert not missing, missing
    assert all("account_id" in node["columns"] or folders(node)[:3] == PER_ACCOUNT_FOLDERS[0]
               for node in kept)
    in_folders = [node for node in models(manifest).values()
                  if any(folders(node)[:len(f)] == f for f in PER_ACCOUNT_FOLDERS)]
    assert {node["unique_id"] for node in in_folders} == {node["unique_id"] for node in kept}


def test_full_refresh_only_in_runs_for_every_account(manifest, tmp_path):
    (node,) = [n for n in models(manifest).values() if n["name"] == "metric_values"]
    assert node["config"]["full_refresh"] is True
    env = {**os.environ, "DBT_PROFILES_DIR": str(PROJECT_DIR), "DBT_SEND_ANONYMOUS_USAGE_STATS":
           "false", "WAREHOUSE_DB": str(tmp_path / "parse.duckdb")}
    subprocess.run([dbt_executable(), "parse", "--quiet", "--target-path", str(tmp_path),
                    "--log-path", str(tmp_path), "--vars", "{refresh_accounts: [2]}"],
                   cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    some = json.loads((tmp_path / "manifest.json").read_text())
    (node,) = [n for n in models(some).values() if n["name"] == "metric_values"]
    assert node["config"]["full_refresh"] is False


def test_a_model_added_to_a_per_account_folder_is_per_account(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_DIR / name, project / name)
    for name in ("models", "macros", "seeds", "metrics"):
        shutil.copytree(PROJECT_DIR / name, project / name,
                        ignore=shutil.ignore_patterns("demo"))
    (project / "models" / "marts" / "panels" / "panel_new.sql").write_text(
        "select account_id, 1 as tiles from {{ ref('stg_landing__accounts') }}\n")
    (project / "models" / "marts" / "core" / "dim_new.sql").write_text(
        "select account_id from {{ ref('stg_landing__accounts') }}\n")
    added = parse(project, tmp_path / "target")
    nodes = {node["name"]: node for node in models(added).values()}
    assert is_per_account(nodes["panel_new"]) and is_per_account(nodes["dim_new"])
    assert not is_per_account(nodes["landing_row_counts"])
