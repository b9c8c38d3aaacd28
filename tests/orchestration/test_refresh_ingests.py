"""On the demo data: new landing-zone data reaches the warehouse through the per-account refresh
runs, account by account. Refreshing account 2 ingests account 2's new rows (a new event, a new
transaction, a bad row into quarantine) and recomputes its rows everywhere, while account 1's
rows, its new event and its renamed account included, stay as they were until account 1 is
refreshed. Then every table equals a full build of the new landing zone (the data-quality marts
wait for the next full refresh by design)."""

import shutil

import duckdb
import pytest

from crm_warehouse import settings
from tests.orchestration.test_runs import assert_succeeded_with_passing_checks, run_job
from tests.warehouse import Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("orchestration")]

AS_OF = settings.DEMO_AS_OF  # 2026-06-30T18:00:00Z
NEW_EVENTS = [  # form submissions earlier on the as-of day, and a bad row
    "1,N1,255,,form_submitted,38,20,,2026-06-30T10:00:00Z",
    "2,N1,19,,form_submitted,25,10,,2026-06-30T09:00:00Z",
    "2,N2,19,,form_submitted,25,10,,not a timestamp",
]
NEW_TRANSACTIONS = ["2,90001,19,41,sale,paid,12000.00,,,,2026-06-30T09:30:00Z"]
FULL_REFRESH_ONLY = {
    "marts.quarantined_rows",
    "marts.landing_row_counts",
    "marts.missing_contact_references",
}
RUN_COLUMNS = {"computed_at"}


def snapshot(path, drop_run_columns=False) -> dict[str, dict]:
    """Every table of the staging and marts schemas: rows per account_id (sorted), as exact
    Python values; without `computed_at` when `drop_run_columns`."""
    tables = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        names = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('staging', 'marts') and table_type = 'BASE TABLE'"
        ).fetchall()
        for (name,) in names:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns where table_schema || '.' "
                    "|| table_name = ? order by ordinal_position",
                    [name],
                ).fetchall()
            ]
            kept = [
                column for column in columns if not (drop_run_columns and column in RUN_COLUMNS)
            ]
            rows = connection.execute(
                f"select {', '.join(kept)} from {name} order by all"
            ).fetchall()
            by_account: dict = {}
            account = kept.index("account_id") if "account_id" in kept else None
            for row in rows:
                by_account.setdefault(None if account is None else row[account], []).append(row)
            tables[name] = {"columns": kept, "rows": by_account}
    return tables


def append(path, lines):
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(line + "\n" for line in lines))


@pytest.fixture(scope="module")
def runs(defs, tmp_path_factory):
    root = tmp_path_factory.mktemp("refresh-ingests")
    zone = root / "landing"
    shutil.copytree(settings.DEMO_LANDING_ZONE, zone)
    path = root / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_DB", str(path))
        patch.setenv("LANDING_ZONE", str(zone))
        patch.setenv("METRICS_PATH", str(settings.DEFAULT_METRICS_PATH))
        first = run_job(defs, "full_refresh", as_of=AS_OF)
        assert_succeeded_with_passing_checks(first)
        before = snapshot(path)
        append(zone / "events.csv", NEW_EVENTS)
        append(zone / "transactions.csv", NEW_TRANSACTIONS)
        accounts = zone / "accounts.csv"
        accounts.write_text(
            accounts.read_text().replace("Golden Gate Candle Co.,", "Golden Gate Candles,")
        )
        second = run_job(
            defs, "refresh_accounts", {"crm_warehouse/refresh_accounts": "2"}, as_of=AS_OF
        )
        after_2 = snapshot(path)
        third = run_job(
            defs, "refresh_accounts", {"crm_warehouse/refresh_accounts": "1"}, as_of=AS_OF
        )
        after_both = snapshot(path, drop_run_columns=True)
    full = Warehouse(root / "full", zone, settings.DEFAULT_METRICS_PATH, AS_OF)
    full.build()
    return {
        "before": before,
        "after_2": after_2,
        "after_both": after_both,
        "full": snapshot(full.path, drop_run_columns=True),
        "results": (second, third),
    }


def without_run_columns(table, account):
    keep = [index for index, column in enumerate(table["columns"]) if column not in RUN_COLUMNS]
    return [tuple(row[index] for index in keep) for row in table["rows"].get(account, [])]


def test_the_refresh_runs_succeed_with_every_check_passing(runs):
    for result in runs["results"]:
        assert_succeeded_with_passing_checks(result)


def test_refreshing_account_2_ingests_its_new_rows_and_not_account_1s(runs):
    events = runs["after_2"]["staging.base_landing__events"]
    columns = events["columns"]
    new = {
        (row[columns.index("account_id")], row[columns.index("event_id")]): row[
            columns.index("quarantine_reason")
        ]
        for rows in events["rows"].values()
        for row in rows
        if row[columns.index("event_id")] in ("N1", "N2")
    }
    assert new == {(2, "N1"): None, (2, "N2"): "unparseable timestamp"}
    transactions = runs["after_2"]["staging.base_landing__transactions"]
    ids = transactions["columns"].index("transaction_id")
    assert 90001 in {row[ids] for row in transactions["rows"][2]}
    facts = runs["after_2"]["marts.fct_events"]
    keys = facts["columns"].index("event_key")
    assert {row[keys] for row in facts["rows"][2]} >= {"event:N1", "transaction:90001"}
    assert "event:N1" not in {row[keys] for row in facts["rows"][1]}


def test_refreshing_account_2_leaves_every_row_of_account_1_byte_identical(runs):
    before, after = runs["before"], runs["after_2"]
    assert set(after) == set(before)
    for name, table in before.items():
        assert after[name]["columns"] == table["columns"], name
        assert after[name]["rows"].get(1) == table["rows"].get(1), f"{name}: account 1 changed"


def test_after_refreshing_account_2_its_rows_equal_a_full_build(runs):
    after, full = runs["after_2"], runs["full"]
    changed = [
        name
        for name in ("marts.metric_values", "marts.metric_members")
        if without_run_columns(after[name], 2) != without_run_columns(runs["before"][name], 2)
    ]
    assert changed, "the new rows of account 2 changed none of its metrics"
    for name, table in full.items():
        if name in FULL_REFRESH_ONLY:
            continue
        assert without_run_columns(after[name], 2) == table["rows"].get(2, []), name


def test_after_refreshing_every_account_the_warehouse_equals_a_full_build(runs):
    after, full = runs["after_both"], runs["full"]
    assert set(after) == set(full)
    for name, table in full.items():
        if name in FULL_REFRESH_ONLY:
            continue
        assert after[name] == table, name
