"""Time the Dagster jobs as an operator runs them: in process, on an ephemeral instance, against
the benchmark's warehouse, landing zone and metrics (the code location reads them from the
environment, so it is imported only after they are set)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

PUBLISH_STEP = "serving__serving_file"
"""The step of the serving-file asset (key serving/serving_file)."""


@dataclass
class JobTiming:
    seconds: float
    succeeded: bool
    steps: dict[str, float] = field(default_factory=dict)
    """Seconds per step: the dbt build, publishing the serving file, and each check."""
    failed_checks: list[str] = field(default_factory=list)


def configure(
    warehouse: Path, landing_zone: Path, metrics_path: Path | str, dbt_target: Path
) -> None:
    """Point the code location at the benchmark's files (before it is imported)."""
    os.environ["WAREHOUSE_DB"] = str(warehouse)
    os.environ["LANDING_ZONE"] = str(landing_zone)
    os.environ["METRICS_PATH"] = str(Path(metrics_path).resolve())
    os.environ["CRM_DBT_TARGET_PATH"] = str(dbt_target)
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"


def run_job(job_name: str, as_of: str, accounts: list[int] | None = None) -> JobTiming:
    """Run one job of the code location to completion and time it and its steps."""
    from dagster import DagsterEventType, DagsterInstance

    from crm_warehouse.refresh import RefreshScope
    from orchestration.constants import DBT_ASSETS_NAME
    from orchestration.definitions import defs

    job = defs.resolve_job_def(job_name)
    tags = RefreshScope.of(accounts or ()).to_tags()
    with DagsterInstance.ephemeral() as instance:
        started = time.perf_counter()
        result = job.execute_in_process(
            instance=instance,
            run_config={
                "ops": {DBT_ASSETS_NAME: {"config": {"as_of": as_of}}},
                "loggers": {"console": {"config": {"log_level": "WARNING"}}},
            },
            tags=tags,
            raise_on_error=False,
        )
        seconds = time.perf_counter() - started
        begun: dict[str, float] = {}
        steps: dict[str, float] = {}
        for entry in instance.all_logs(result.run_id):
            event = entry.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.event_type == DagsterEventType.STEP_START:
                begun[event.step_key] = entry.timestamp
            elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
                steps[event.step_key] = round(entry.timestamp - begun[event.step_key], 1)
    failed = sorted(
        evaluation.asset_check_key.name
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    )
    return JobTiming(round(seconds, 1), result.success, steps, failed)
