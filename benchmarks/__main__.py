"""Benchmark: build the warehouse on generated data and compare the metric marts with the naive
baseline, printing the figures side by side from one run.

    python -m benchmarks --scale 1            # 10M events, ~100 accounts (from the repo root)
    python -m benchmarks --scale 0.1 --workdir /tmp/bench

Steps: generate the landing zone (unless --landing-zone is given); full `dbt build` (time, peak
memory); the metric models alone (`dbt run` of the intermediate and metric marts); the Dagster
jobs as the schedule and the sensor launch them (in process): `full_refresh`, then
`refresh_accounts` for the median account (dbt build of the account's rows, checks, publish; each
step timed on its own); the
naive baseline (one query per metric x timeframe x period); and a comparison of every value,
numerator and denominator.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.jobs import PUBLISH_STEP, configure, run_job
from benchmarks.naive import run_naive
from crm_warehouse import settings
from crm_warehouse.dbt import dbt_vars, run_dbt
from orchestration.constants import DBT_ASSETS_NAME, FULL_REFRESH_JOB, REFRESH_ACCOUNTS_JOB

METRIC_MODELS = ["path:models/intermediate", "path:models/marts/metrics"]


def _peak_child_memory_gb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024


def _timed_dbt(args: list[str], variables: dict, warehouse: Path, extra: list[str]) -> float:
    started = time.perf_counter()
    status = run_dbt(args, variables, warehouse=warehouse, extra_args=[*extra, "--quiet"])
    if status != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed (exit {status})")
    return time.perf_counter() - started


def _agree(left, right) -> bool:
    if left is None or (isinstance(left, float) and math.isnan(left)):
        return right is None or (isinstance(right, float) and math.isnan(right))
    if right is None or (isinstance(right, float) and math.isnan(right)):
        return False
    return math.isclose(float(left), float(right), rel_tol=1e-8, abs_tol=1e-8)


def compare(warehouse: Path, naive_values) -> tuple[int, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        ours = connection.execute(
            "select account_id, metric_id, timeframe, period, value, numerator, denominator "
            "from intermediate.int_metric_window_values"
        ).df()
    merged = ours.merge(
        naive_values,
        on=["account_id", "metric_id", "timeframe", "period"],
        how="outer",
        suffixes=("_ours", "_naive"),
        indicator="found_in",
    )
    problems = []
    for row in merged.itertuples():
        if row.found_in != "both":
            problems.append(
                f"{row.account_id}/{row.metric_id}/{row.timeframe}/{row.period}: "
                f"only in {row.found_in}"
            )
            continue
        for column in ("value", "numerator", "denominator"):
            left, right = getattr(row, f"{column}_ours"), getattr(row, f"{column}_naive")
            if not _agree(left, right):
                problems.append(
                    f"{row.account_id}/{row.metric_id}/{row.timeframe}/{row.period} "
                    f"{column}: ours {left} != naive {right}"
                )
    return len(merged), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default="/tmp/crm_warehouse_benchmark")
    parser.add_argument("--landing-zone", default=None, help="use this landing zone as it is")
    parser.add_argument("--metrics-path", default=str(settings.DEFAULT_METRICS_PATH))
    parser.add_argument("--as-of", default="2026-06-30T18:00:00Z")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, object] = {"scale": args.scale}
    landing = Path(args.landing_zone) if args.landing_zone else workdir / f"landing_{args.scale}"
    if not args.landing_zone and not (landing / "events.parquet").exists():
        from crm_warehouse.generator import generate

        started = time.perf_counter()
        generate(landing, scale=args.scale, seed=args.seed, progress=True)
        figures["generate_seconds"] = round(time.perf_counter() - started, 1)
    warehouse = workdir / "warehouse.duckdb"
    for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    variables = dbt_vars(landing, args.metrics_path, args.as_of)

    figures["full_build_seconds"] = round(_timed_dbt(["build"], variables, warehouse, []), 1)
    figures["full_build_peak_memory_gb"] = round(_peak_child_memory_gb(), 2)
    figures["metric_models_seconds"] = round(
        _timed_dbt(["run"], variables, warehouse, ["--select", *METRIC_MODELS]), 1
    )
    figures["peak_memory_gb_so_far"] = round(_peak_child_memory_gb(), 2)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        events, accounts, metrics, values = connection.execute(
            "select (select count(*) from marts.fct_events),"
            " (select count(*) from marts.dim_accounts),"
            " (select count(distinct metric_id) from intermediate.int_metrics),"
            " (select count(*) from intermediate.int_metric_window_values)"
        ).fetchone()
        median_account, median_events = connection.execute(
            "select account_id, count(*) from marts.fct_events group by 1 order by 2, 1 "
            "limit 1 offset (select count(*) / 2 from marts.dim_accounts)"
        ).fetchone()
    figures.update(events=events, accounts=accounts, metric_ids=metrics, values=values)
    configure(warehouse, landing, args.metrics_path, workdir / "dbt_target")
    full_job = run_job(FULL_REFRESH_JOB, args.as_of)
    refresh_job = run_job(REFRESH_ACCOUNTS_JOB, args.as_of, [int(median_account)])
    for name, timing in (("full_refresh_job", full_job), ("one_account_refresh_job", refresh_job)):
        if not timing.succeeded or timing.failed_checks:
            raise SystemExit(
                f"{name} failed: steps {timing.steps}, failed checks {timing.failed_checks}"
            )
        figures[f"{name}_seconds"] = timing.seconds
        figures[f"{name}_dbt_build_seconds"] = timing.steps.get(DBT_ASSETS_NAME)
        figures[f"{name}_publish_seconds"] = timing.steps.get(PUBLISH_STEP)
        figures[f"{name}_checks_seconds"] = round(
            sum(
                seconds
                for step, seconds in timing.steps.items()
                if step not in (DBT_ASSETS_NAME, PUBLISH_STEP)
            ),
            1,
        )
    figures["refreshed_account"] = int(median_account)
    figures["refreshed_account_events"] = int(median_events)
    # Leave the warehouse with every account computed again for the comparison.
    _timed_dbt(["run"], variables, warehouse, ["--select", *METRIC_MODELS])

    naive = run_naive(str(warehouse), args.as_of)
    figures["naive_seconds"] = round(naive.seconds, 1)
    figures["naive_queries"] = naive.queries
    compared, problems = compare(warehouse, naive.values)
    figures["values_compared"] = compared
    figures["values_disagreeing"] = len(problems)
    figures["speedup_metric_models_vs_naive"] = round(
        naive.seconds / max(figures["metric_models_seconds"], 1e-9), 2
    )

    width = max(len(key) for key in figures)
    print("\nBenchmark (one run)")
    for key, value in figures.items():
        print(f"  {key.ljust(width)}  {value}")
    for problem in problems[:20]:
        print("  DISAGREE", problem)
    (workdir / "benchmark.json").write_text(json.dumps(figures, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
