"""The dbt project as Dagster sees it: `DbtProject` over the repository root, its manifest, and
the translator that groups dbt nodes into asset groups by layer.

The manifest is `<target>/manifest.json`, where `<target>` is `$CRM_DBT_TARGET_PATH` (default
`target/` in the repository; tests point it at a temporary folder so that they neither read nor
write the shared one). Under `dagster dev` it is re-parsed at every load (`prepare_if_dev`);
anywhere else it is parsed once when missing.

Groups (the dbt folder of each model): `staging`, `intermediate`, `marts_<subfolder>`
(`marts_core`, `marts_metrics`, `marts_panels`, `marts_data_quality`, ...) and `reference` for
seeds. The account-level marts (models configured with `account_incremental_config()`, which
replace only the refreshed accounts' rows) carry the asset tag `per_account`; the
`refresh_accounts` job builds them and everything upstream of them, nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject
from filelock import FileLock

from crm_warehouse import settings
from crm_warehouse.dbt import dbt_executable
from orchestration.constants import LAYER_TAG, PER_ACCOUNT_TAG, STAGED_VISITS_KEY

PROJECT_DIR = settings.PROJECT_DIR
TARGET_PATH = Path(os.environ.get("CRM_DBT_TARGET_PATH", "target"))
PER_ACCOUNT_MACRO = "account_incremental_config"


def _put_dbt_on_path() -> None:
    """dagster-dbt looks for `dbt` on PATH: make it this Python's (the venv's) dbt, even when the
    venv is not activated (e.g. `.venv/bin/dagster dev`)."""
    bin_dir = str(Path(sys.executable).parent)
    if (Path(bin_dir) / "dbt").exists() and bin_dir not in os.environ.get("PATH", "").split(
        os.pathsep
    ):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


_put_dbt_on_path()
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

crm_project = DbtProject(project_dir=PROJECT_DIR, target_path=TARGET_PATH,
                         profiles_dir=PROJECT_DIR)


def _parse(project: DbtProject) -> None:
    """`dbt parse` into the project's target folder, one process at a time. (A plain subprocess:
    twice as fast as going through DbtCliResource, which first asks dbt for its version and
    loads the adapter.)"""
    project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(project.manifest_path) + ".lock", timeout=600):
        if project.manifest_path.exists():
            return  # another process parsed it while this one waited
        result = subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--project-dir", str(project.project_dir),
             "--profiles-dir", str(project.profiles_dir),
             "--target-path", str(project.project_dir / project.target_path),
             "--log-path", str(project.project_dir / project.target_path)],
            cwd=project.project_dir, capture_output=True, text=True,
            env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        )
    if result.returncode != 0 or not project.manifest_path.exists():
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def prepare_manifest(project: DbtProject = crm_project) -> Path:
    """Make sure the manifest exists: re-parsed at every load under `dagster dev`
    (`prepare_if_dev`, so model edits show up), parsed once when missing anywhere else."""
    project.prepare_if_dev()
    if not project.manifest_path.exists():
        _parse(project)
    return project.manifest_path


@cache
def load_manifest() -> dict[str, Any]:
    return json.loads(prepare_manifest().read_text())


def layer_group(props: Mapping[str, Any]) -> str:
    """The asset group of a dbt node: its layer folder, marts split by subfolder."""
    fqn = list(props.get("fqn") or [])
    folders = fqn[1:-1]
    if props.get("resource_type") == "seed":
        return "reference"
    if not folders:
        return "other"
    layer = folders[0]
    if layer == "marts":
        return f"marts_{folders[1]}" if len(folders) > 1 else "marts"
    return layer


def is_per_account(props: Mapping[str, Any]) -> bool:
    """An account-level mart: incremental by account (see macros/refresh/refresh_accounts.sql)."""
    return props.get("resource_type") == "model" and PER_ACCOUNT_MACRO in (
        props.get("raw_code") or ""
    )


class CrmDbtTranslator(DagsterDbtTranslator):
    """Default asset keys (`[schema, model]`, e.g. `marts/metric_values`), groups by layer,
    a `layer` tag and the `per_account` tag; dbt tests become asset checks."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        configured = super().get_group_name(dbt_resource_props)
        return configured or layer_group(dbt_resource_props)

    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        tags = {**super().get_tags(dbt_resource_props),
                LAYER_TAG: layer_group(dbt_resource_props)}
        if is_per_account(dbt_resource_props):
            tags[PER_ACCOUNT_TAG] = "true"
        return tags


def per_account_refresh_keys(manifest: Mapping[str, Any]) -> set[AssetKey]:
    """Asset keys that a per-account refresh may build (the `refresh_accounts` job's
    selection): the account-level marts, the staged dashboard visits, and every model or seed
    upstream of them. Other tables (e.g. data quality) may read account-filtered views and would
    lose the other accounts' rows, so a refresh run must not rebuild them."""
    nodes = manifest["nodes"]
    translator = CrmDbtTranslator()
    roots = {AssetKey(list(STAGED_VISITS_KEY))}
    pending = [uid for uid, props in nodes.items()
               if is_per_account(props) or (props["resource_type"] == "model"
                                            and translator.get_asset_key(props) in roots)]
    seen: set[str] = set()
    while pending:
        unique_id = pending.pop()
        if unique_id in seen or unique_id not in nodes:
            continue
        seen.add(unique_id)
        pending.extend(nodes[unique_id].get("depends_on", {}).get("nodes", []))
    return {
        translator.get_asset_key(nodes[uid]) for uid in seen
        if nodes[uid]["resource_type"] in ("model", "seed", "snapshot")
    }
