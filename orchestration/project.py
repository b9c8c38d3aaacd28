"""The dbt project as Dagster sees it: `DbtProject` over the repository root, its manifest, and
the translator that groups dbt nodes into asset groups by layer.

The manifest is `<target>/manifest.json`, where `<target>` is `$CRM_DBT_TARGET_PATH` (default
`target/` in the repository; tests point it at a temporary folder so that they neither read nor
write the shared one). Under `dagster dev` it is re-parsed at every load, so model edits show up
after "Reload definitions"; anywhere else it is parsed once when missing. dbt itself is invoked
by `crm_warehouse.dbt` (here: its `parse`).

Groups (the dbt folder of each model): `staging`, `intermediate`, `marts_<subfolder>`
(`marts_core`, `marts_metrics`, `marts_panels`, `marts_data_quality`, ...) and `reference` for
seeds. The account-level models (dbt tag `per_account`: incremental by account, they replace only
the refreshed accounts' rows) carry the asset tag `per_account`; the `refresh_accounts` job builds
them and everything upstream of them, nothing else.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject
from dagster_dbt.dbt_project import using_dagster_dev
from filelock import FileLock

from crm_warehouse import dbt, settings
from orchestration.constants import LAYER_TAG, PER_ACCOUNT_TAG, STAGED_VISITS_KEY

PROJECT_DIR = settings.PROJECT_DIR
TARGET_PATH = Path(os.environ.get("CRM_DBT_TARGET_PATH", "target"))

crm_project = DbtProject(project_dir=PROJECT_DIR, target_path=TARGET_PATH, profiles_dir=PROJECT_DIR)


def _parse(project: DbtProject, *, again: bool) -> None:
    """`dbt parse` into the project's target folder, one process at a time; without `again`,
    only when no other process parsed it while this one waited."""
    project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(project.manifest_path) + ".lock", timeout=600):
        if project.manifest_path.exists() and not again:
            return
        dbt.parse(
            project.project_dir, project.profiles_dir, project.project_dir / project.target_path
        )


def prepare_manifest(project: DbtProject = crm_project) -> Path:
    """Make sure the manifest exists: re-parsed at every load under `dagster dev` (so model edits
    show up), parsed once when missing anywhere else."""
    if using_dagster_dev() or not project.manifest_path.exists():
        _parse(project, again=using_dagster_dev())
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


def dbt_tags(props: Mapping[str, Any]) -> set[str]:
    """The dbt tags of a manifest node (its config's and its own)."""
    config = props.get("config") or {}
    return {*(config.get("tags") or []), *(props.get("tags") or [])}


def is_per_account(props: Mapping[str, Any]) -> bool:
    """An account-level model: dbt tag `per_account`, incremental by account (see
    macros/refresh/refresh_accounts.sql)."""
    return props.get("resource_type") == "model" and PER_ACCOUNT_TAG in dbt_tags(props)


class CrmDbtTranslator(DagsterDbtTranslator):
    """Default asset keys (`[schema, model]`, e.g. `marts/metric_values`), groups by layer,
    a `layer` tag and the `per_account` tag; dbt tests become asset checks."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        configured = super().get_group_name(dbt_resource_props)
        return configured or layer_group(dbt_resource_props)

    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        tags = {**super().get_tags(dbt_resource_props), LAYER_TAG: layer_group(dbt_resource_props)}
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
    pending = [
        uid
        for uid, props in nodes.items()
        if is_per_account(props)
        or (props["resource_type"] == "model" and translator.get_asset_key(props) in roots)
    ]
    seen: set[str] = set()
    while pending:
        unique_id = pending.pop()
        if unique_id in seen or unique_id not in nodes:
            continue
        seen.add(unique_id)
        pending.extend(nodes[unique_id].get("depends_on", {}).get("nodes", []))
    return {
        translator.get_asset_key(nodes[uid])
        for uid in seen
        if nodes[uid]["resource_type"] in ("model", "seed", "snapshot")
    }
