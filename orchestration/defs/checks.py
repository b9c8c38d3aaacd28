"""Python asset checks: each returns AssetCheckResult(passed=..., metadata=...) with the numbers
that explain a failure. (dbt's own tests arrive as asset checks of the dbt assets.)

- landing_rows_accounted_for (marts/landing_row_counts): raw = staged + quarantined per table;
- members_reproduce_values (marts/metric_values): counting / summing each value's members in
  metric_members gives the value, numerator and denominator, by the value rule of its metric in
  marts.dim_metrics;
- reference_reproduces_sample (marts/metric_values): the Python reference implementation
  recomputes a few accounts (the refreshed ones, else a spread of 3) and every metric value,
  member and timeframe window matches;
- accounts_within_cadence (marts/metric_values): no account is older than its refresh cadence
  allows in the serving file, what readers see (orchestration.cadence, the sensor's own rule,
  plus a grace of 15 minutes; accounts built within the grace are on their way to it);
- once_rates_within_unit_interval (marts/metric_values): conversion rates with `count: once` lie
  in [0, 1] (current and previous period).

Blocking checks (`blocking=True`): landing_rows_accounted_for, members_reproduce_values and
once_rates_within_unit_interval. In every job the publish step (`serving/serving_file`, downstream
of every mart) waits for them, and when one fails (severity ERROR) the publish does not run: wrong
numbers are flagged and never served; the last good serving file stays, and the sensor sees the
build newer than the serving file and retries in the next 15-minute bucket.
reference_reproduces_sample and accounts_within_cadence (a warning) only report.

Every check reads the warehouse's marts (never the staging or intermediate layers) through a
short-lived read-only connection; in a per-account refresh run (run tag
`crm_warehouse/refresh_accounts`, `crm_warehouse.refresh.RefreshScope`) it looks at the refreshed
accounts' rows.
"""

from datetime import UTC, datetime, timedelta

import pandas as pd
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from crm_warehouse.refresh import RefreshScope
from orchestration.cadence import as_utc, due_reason
from orchestration.defs.resources import WarehouseResource
from orchestration.reference_sample import (
    COMPARED_MARTS,
    account_differences,
    load_metrics,
    sample_accounts,
)

METRIC_VALUES = AssetKey(["marts", "metric_values"])
METRIC_MEMBERS = AssetKey(["marts", "metric_members"])
TIMEFRAME_CALENDAR = AssetKey(["marts", "timeframe_calendar"])
LANDING_ROW_COUNTS = AssetKey(["marts", "landing_row_counts"])
DIM_METRICS = AssetKey(["marts", "dim_metrics"])

REFERENCE_SAMPLE_SIZE = 3
CADENCE_GRACE = timedelta(minutes=15)
SHOWN_ROWS = 20


def _table(frame: pd.DataFrame, limit: int = SHOWN_ROWS) -> MetadataValue:
    """Up to `limit` rows as a Markdown table."""
    if frame.empty:
        return MetadataValue.md("(none)")
    shown = frame.head(limit).astype(object).where(frame.head(limit).notna(), None)
    lines = ["| " + " | ".join(shown.columns) + " |", "|" + "---|" * len(shown.columns)]
    lines += [
        "| " + " | ".join("" if value is None else str(value) for value in row) + " |"
        for row in shown.itertuples(index=False)
    ]
    if len(frame) > limit:
        lines.append(f"\n... and {len(frame) - limit} more rows")
    return MetadataValue.md("\n".join(lines))


@asset_check(
    asset=LANDING_ROW_COUNTS,
    name="landing_rows_accounted_for",
    blocking=True,
    description="Every raw row is staged or quarantined: raw = staged + quarantined "
    "for every landing table. Blocking: a failure stops the run's publish.",
)
def landing_rows_accounted_for(warehouse: WarehouseResource) -> AssetCheckResult:
    counts = warehouse.query(
        "select table_name, raw_rows, staged_rows, quarantined_rows, "
        "raw_rows - staged_rows - quarantined_rows as unaccounted_rows "
        "from marts.landing_row_counts order by table_name"
    )
    broken = counts[counts["unaccounted_rows"] != 0]
    return AssetCheckResult(
        passed=bool(broken.empty) and not counts.empty,
        metadata={
            "tables": len(counts),
            "raw_rows": int(counts["raw_rows"].sum()),
            "staged_rows": int(counts["staged_rows"].sum()),
            "quarantined_rows": int(counts["quarantined_rows"].sum()),
            "tables_not_accounted_for": len(broken),
            "mismatches": _table(broken),
        },
    )


def _scope(context: AssetCheckExecutionContext) -> RefreshScope:
    """The run's refresh scope (run tag): a per-account refresh checks the rows it wrote, at a
    cost that follows them; any other run checks every account."""
    return RefreshScope.from_tags(context.run.tags)


# Per value: its members counted and summed, and what the value rule of its metric
# (marts.dim_metrics.value_rule) says they reproduce:
# - member_count: value = count(members);
# - contribution_sum: value = sum(contribution);
# - contribution_ratio: numerator = sum(contribution), denominator = count(members), value null
#   when the denominator is 0, else value = numerator / denominator within a relative 1e-12
#   (values are decimal(38,18), computed with exact integer arithmetic).
# A value whose metric has no known rule (no dim_metrics row, or a rule not listed above) cannot be
# judged: it is reported as such (is_unknown_rule), and fails the check apart from the others.
MEMBERS_SQL = """
with members as (
    select account_id, metric_id, timeframe, count(*) as members,
        sum(contribution) as contributions
    from marts.metric_members
    where {members_accounts}
    group by all
),
joined as (
    select
        metric_values.account_id, metric_values.metric_id, metric_values.timeframe,
        metric_values.kind, dim_metrics.value_rule, metric_values.value,
        metric_values.numerator, metric_values.denominator,
        coalesce(members.members, 0) as members,
        coalesce(members.contributions, 0) as contributions
    from marts.metric_values
    left join marts.dim_metrics
        on metric_values.account_id = dim_metrics.account_id
        and metric_values.metric_id = dim_metrics.metric_id
    left join members
        on metric_values.account_id = members.account_id
        and metric_values.metric_id = members.metric_id
        and metric_values.timeframe = members.timeframe
    where {values_accounts}
),
checked as (
    select
        *,
        case value_rule
            when 'member_count' then value is distinct from members
            when 'contribution_sum' then value is distinct from contributions
            when 'contribution_ratio'
                then numerator is distinct from contributions
                    or denominator is distinct from members
                    or (denominator = 0 and value is not null)
                    or (denominator <> 0 and (value is null
                        or abs(cast(value as double)
                               - cast(numerator as double) / cast(denominator as double))
                           > 1e-12 * abs(cast(numerator as double) / cast(denominator as double))))
        end as is_broken
    from joined
)
select * exclude (is_broken), is_broken is null as is_unknown_rule
from checked
where is_broken or is_broken is null
order by account_id, metric_id, timeframe
"""


@asset_check(
    asset=METRIC_VALUES,
    name="members_reproduce_values",
    blocking=True,
    additional_deps=[METRIC_MEMBERS, DIM_METRICS],
    description="The members behind each value reproduce it, by the value rule of its "
    "metric (marts.dim_metrics.value_rule): member_count = count of members; "
    "contribution_sum = sum of contributions; contribution_ratio: numerator = sum, "
    "denominator = count, value = numerator / denominator (relative 1e-12; null when "
    "the denominator is 0). A value without a known rule fails as unknown. A "
    "per-account refresh checks the refreshed accounts. Blocking: a failure stops the "
    "run's publish.",
)
def members_reproduce_values(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    scope = _scope(context)
    with warehouse.read_only(wait_seconds=30) as connection:
        problems = connection.execute(
            MEMBERS_SQL.format(
                members_accounts=scope.sql_condition(),
                values_accounts=scope.sql_condition("metric_values.account_id"),
            )
        ).df()
        checked = connection.execute(
            f"select count(*) from marts.metric_values where {scope.sql_condition()}"
        ).fetchone()
    unknown = problems[problems["is_unknown_rule"]].drop(columns="is_unknown_rule")
    broken = problems[~problems["is_unknown_rule"]].drop(columns="is_unknown_rule")
    unknown_rules = sorted(
        {
            f"{kind} ({'no rule' if rule is None or pd.isna(rule) else rule})"
            for kind, rule in zip(unknown["kind"], unknown["value_rule"], strict=True)
        }
    )
    return AssetCheckResult(
        passed=bool(broken.empty) and bool(unknown.empty),
        metadata={
            "accounts": scope.describe(),
            "values_checked": int(checked[0]) if checked else 0,
            "values_not_reproduced": len(broken),
            "values_with_unknown_rule": len(unknown),
            "unknown_rules": ", ".join(unknown_rules) or "none",
            "not_reproduced": _table(broken),
            "unknown_rule_values": _table(unknown),
        },
    )


@asset_check(
    asset=METRIC_VALUES,
    name="reference_reproduces_sample",
    additional_deps=[METRIC_MEMBERS, TIMEFRAME_CALENDAR],
    description="For a sample of accounts (the refreshed ones, else up to 3 spread over "
    "the ids), the independent Python reference implementation recomputes "
    "metric_values, metric_members and timeframe_calendar at the account's as-of "
    "instant, and every row matches.",
)
def reference_reproduces_sample(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    refreshed = list(_scope(context).accounts)
    as_of_by_account = warehouse.query(
        "select account_id, strftime(max(as_of), '%Y-%m-%dT%H:%M:%SZ') as as_of "
        "from marts.timeframe_calendar group by 1 order by 1"
    )
    as_of = dict(
        zip(as_of_by_account["account_id"].astype(int), as_of_by_account["as_of"], strict=True)
    )
    sample = sample_accounts(list(as_of), refreshed, REFERENCE_SAMPLE_SIZE)
    metrics = load_metrics(warehouse.metrics_location())
    problems: list[str] = []
    rows: dict[str, int] = dict.fromkeys(COMPARED_MARTS, 0)
    for account_id in sample:
        frames = {}
        with warehouse.read_only(wait_seconds=30) as connection:
            for name in COMPARED_MARTS:
                frames[name] = connection.execute(
                    f"select * from marts.{name} where account_id = ?", [account_id]
                ).df()
                rows[name] += len(frames[name])
        differences = account_differences(
            frames, warehouse.landing_zone_path(), metrics, account_id, as_of[account_id]
        )
        for name, found in differences.items():
            problems += [f"account {account_id} {name}: {problem}" for problem in found]
    return AssetCheckResult(
        passed=not problems,
        metadata={
            "accounts": ", ".join(str(account) for account in sample) or "none",
            "as_of": ", ".join(f"{account}: {as_of[account]}" for account in sample),
            **{f"{name}_rows_compared": count for name, count in rows.items()},
            "differences": len(problems),
            "first_differences": MetadataValue.md(
                "\n".join(f"- {problem}" for problem in problems[:SHOWN_ROWS]) or "(none)"
            ),
        },
    )


@asset_check(
    asset=METRIC_VALUES,
    name="accounts_within_cadence",
    additional_deps=[TIMEFRAME_CALENDAR],
    description="No account is older in the serving file (what readers see) than its "
    "refresh cadence allows (15 min while visited in the last 72 h, 24 h otherwise, at "
    "once after a visit following a pause, at once when a newer build was not "
    "published), with a grace of 15 minutes for the sensor and the run (an account "
    "built within the grace is on its way to the serving file).",
)
def accounts_within_cadence(warehouse: WarehouseResource) -> AssetCheckResult:
    now = as_utc(datetime.now(UTC))
    since = now - CADENCE_GRACE
    activity = warehouse.read_activity(now, wait_seconds=30)
    overdue = [
        {
            "account_id": item.account_id,
            "last_computed_at": item.last_computed_at,
            "built_at": item.built_at,
            "reason": reason,
        }
        for item in activity
        if not (item.built_at is not None and as_utc(item.built_at) > since)
        and (reason := due_reason(item, since)) is not None
    ]
    return AssetCheckResult(
        passed=not overdue,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "checked_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "accounts": len(activity),
            "overdue_accounts": len(overdue),
            "overdue": _table(pd.DataFrame(overdue)),
        },
    )


ONCE_RATES_SQL = """
select
    metric_values.account_id, metric_values.metric_id, metric_values.timeframe,
    metric_values.value, metric_values.previous_value
from marts.metric_values
inner join marts.dim_metrics
    on metric_values.account_id = dim_metrics.account_id
    and metric_values.metric_id = dim_metrics.metric_id
where metric_values.kind = 'conversion_rate' and dim_metrics.count_mode = 'once'
    and {accounts}
order by 1, 2, 3
"""


@asset_check(
    asset=METRIC_VALUES,
    name="once_rates_within_unit_interval",
    blocking=True,
    additional_deps=[DIM_METRICS],
    description="Conversion rates counted once per contact (`count: once`, from "
    "marts.dim_metrics) lie in [0, 1], in the current and the previous period. A "
    "per-account refresh checks the refreshed accounts. Blocking: a failure stops the "
    "run's publish.",
)
def once_rates_within_unit_interval(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    scope = _scope(context)
    rates = warehouse.query(
        ONCE_RATES_SQL.format(accounts=scope.sql_condition("metric_values.account_id"))
    )
    outside = rates[
        (rates["value"].notna() & ((rates["value"] < 0) | (rates["value"] > 1)))
        | (
            rates["previous_value"].notna()
            & ((rates["previous_value"] < 0) | (rates["previous_value"] > 1))
        )
    ]
    return AssetCheckResult(
        passed=bool(outside.empty),
        metadata={
            "accounts": scope.describe(),
            "rates_checked": len(rates),
            "rates_outside_0_1": len(outside),
            "outside": _table(outside),
        },
    )


CHECKS = [
    landing_rows_accounted_for,
    members_reproduce_values,
    reference_reproduces_sample,
    accounts_within_cadence,
    once_rates_within_unit_interval,
]
