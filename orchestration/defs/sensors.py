"""The per-account refresh cadence (metrics.md section 7): a sensor that recomputes the accounts
that are due, and only those.

Every tick (2 minutes) it reads, with short-lived read-only connections, each account's last
`computed_at` in the serving file (what readers see) and in the build file, and its recent
dashboard visits (the staged ones and, live, the landing-zone file),
asks the pure `orchestration.cadence.due_accounts` which accounts are due, and launches ONE
`refresh_accounts` run for them (run tag `crm_warehouse/refresh_accounts`, written by
`crm_warehouse.refresh.RefreshScope`). The run key is the
accounts plus the 15-minute time bucket, so a tick never launches the same refresh twice; a new
bucket retries accounts whose run failed.

- no warehouse yet (or no metric marts): one `full_refresh` run (first build);
- an account whose build is newer than its serving rows (a failed or blocked publish), or missing
  from the serving file: due at once, so the publish is retried in the next 15-minute bucket;
- every account due: one `full_refresh` run (same work, and the marts that are not
  incremental by account get refreshed too);
- a warehouse run queued or in progress, or the file locked by a writer: skip this tick.
"""

import hashlib
from datetime import UTC, datetime

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from crm_warehouse.refresh import RefreshScope
from orchestration.cadence import DueAccount, as_utc, due_accounts, time_bucket
from orchestration.constants import (
    FULL_REFRESH_JOB,
    REFRESH_ACCOUNTS_JOB,
    REFRESH_REASON_TAG,
    WAREHOUSE_JOBS,
)
from orchestration.defs import jobs
from orchestration.defs.resources import WarehouseBusyError, WarehouseResource

SENSOR_INTERVAL_SECONDS = 120
IN_PROGRESS = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def refresh_run_key(accounts: list[int], now: datetime) -> str:
    """`refresh:<accounts>@<bucket>`; more than 10 accounts are named by a digest."""
    bucket = time_bucket(now).strftime("%Y-%m-%dT%H:%MZ")
    ids = RefreshScope.of(accounts).to_tag()
    if len(accounts) > 10:
        ids = f"{len(accounts)}-accounts-{hashlib.sha1(ids.encode()).hexdigest()[:10]}"
    return f"refresh:{ids}@{bucket}"


def plan_request(due: list[DueAccount], known_accounts: int, now: datetime) -> RunRequest | None:
    """The one run request for the due accounts (None when none is due)."""
    if not due:
        return None
    scope = RefreshScope.of(item.account_id for item in due)
    reasons = "; ".join(f"{item.account_id}: {item.reason}" for item in due[:20])
    if len(due) == known_accounts:
        return RunRequest(
            run_key=f"full:{time_bucket(now).strftime('%Y-%m-%dT%H:%MZ')}",
            job_name=FULL_REFRESH_JOB,
            tags={REFRESH_REASON_TAG: f"every account due ({reasons})"[:1000]},
        )
    return RunRequest(
        run_key=refresh_run_key(list(scope.accounts), now),
        job_name=REFRESH_ACCOUNTS_JOB,
        tags={**scope.to_tags(), REFRESH_REASON_TAG: reasons[:1000]},
    )


def _warehouse_run_in_progress(context: SensorEvaluationContext) -> str | None:
    for job_name in WAREHOUSE_JOBS:
        records = context.instance.get_run_records(
            filters=RunsFilter(job_name=job_name, statuses=IN_PROGRESS), limit=1
        )
        if records:
            return records[0].dagster_run.run_id
    return None


@sensor(
    name="account_refresh_sensor",
    jobs=[jobs.refresh_accounts_job, jobs.full_refresh_job],
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=DefaultSensorStatus.STOPPED,
    description="Recompute the accounts that are due: every 15 min while the dashboard was "
    "visited in the last 72 h, every 24 h otherwise, at once after a visit that follows a pause "
    "of 72 h. One run per tick for all due accounts.",
)
def account_refresh_sensor(
    context: SensorEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    now = as_utc(utc_now())
    running = _warehouse_run_in_progress(context)
    if running:
        return SkipReason(f"a warehouse run is queued or in progress ({running})")
    if not warehouse.exists():
        return RunRequest(
            run_key=f"first-build:{time_bucket(now).strftime('%Y-%m-%dT%H:%MZ')}",
            job_name=FULL_REFRESH_JOB,
            tags={REFRESH_REASON_TAG: f"no warehouse at {warehouse.path}: first build"},
        )
    try:
        activity = warehouse.read_activity(now)
    except WarehouseBusyError as error:
        return SkipReason(f"warehouse busy: {error}")
    if not activity:
        return RunRequest(
            run_key=f"first-build:{time_bucket(now).strftime('%Y-%m-%dT%H:%MZ')}",
            job_name=FULL_REFRESH_JOB,
            tags={REFRESH_REASON_TAG: "the warehouse has no metric marts yet: first build"},
        )
    request = plan_request(due_accounts(activity, now), len(activity), now)
    if request is None:
        return SkipReason(f"no account due among {len(activity)}")
    context.log.info(f"launching {request.job_name}: {request.tags}")
    return request
