"""The Dagster code location of the warehouse: `dagster dev` (see scripts/dagster_ui.sh and
docs/orchestration.md) loads `defs` from here (pyproject.toml, [tool.dagster])."""

from __future__ import annotations

from dagster import Definitions
from dagster_dbt import DbtCliResource

from crm_warehouse.dbt import dbt_executable
from orchestration.assets import crm_warehouse_dbt, landing_source_specs
from orchestration.checks import CHECKS
from orchestration.jobs import JOBS
from orchestration.project import crm_project
from orchestration.resources import WarehouseResource
from orchestration.schedules import SCHEDULES
from orchestration.sensors import account_refresh_sensor

defs = Definitions(
    assets=[crm_warehouse_dbt, *landing_source_specs()],
    asset_checks=CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=[account_refresh_sensor],
    resources={
        "dbt": DbtCliResource(project_dir=crm_project, dbt_executable=dbt_executable()),
        "warehouse": WarehouseResource(),
    },
)
