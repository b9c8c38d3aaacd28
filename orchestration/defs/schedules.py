"""The daily full refresh: every asset for every account, as of the run's start, at 03:00 UTC.

It also refreshes what per-account runs do not rebuild (the data-quality marts, any table not
incremental by account). Backfilling an as-of instant is the `backfill_as_of` job
(launched by hand with run config `{as_of: ...}`), not a schedule.
"""

from __future__ import annotations

from dagster import DefaultScheduleStatus, ScheduleDefinition

from orchestration.constants import REFRESH_REASON_TAG
from orchestration.defs import jobs

DAILY_FULL_REFRESH_CRON = "0 3 * * *"

daily_full_refresh_schedule = ScheduleDefinition(
    name="daily_full_refresh",
    job=jobs.full_refresh_job,
    cron_schedule=DAILY_FULL_REFRESH_CRON,
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
    tags={REFRESH_REASON_TAG: "daily full refresh"},
    description="Rebuild every asset for every account at 03:00 UTC.",
)

SCHEDULES = [daily_full_refresh_schedule]
