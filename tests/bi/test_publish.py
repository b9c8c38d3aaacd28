"""Publishing the marts into the serving file: a copy of the build's marts, swapped in atomically;
a failed publish leaves the previous file serving; readers see one whole file at a time. Fast:
the build files here are made by hand, without dbt."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from crm_warehouse import cli
from crm_warehouse import publish as publishing
from crm_warehouse.publish import PublishError, connect_serving, publish, serving_path


def make_build(path: Path, as_of: str, *, with_metrics: bool = True) -> Path:
    """A tiny build file: a few marts (one a view), an intermediate table and a landing view."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema intermediate; create schema landing")
        con.execute("""
            create table marts.dim_accounts as
            select 1::bigint as account_id, 'Acme' as account_name, 'UTC' as timezone,
                   'sunday' as week_start, 'USD' as currency""")
        if with_metrics:
            con.execute("""
                create table marts.metric_values as
                select 1::bigint as account_id, 'revenue' as metric_id, 'Revenue' as metric_name,
                       'total_value' as kind, 'today' as timeframe, 42.5::decimal(38,9) as value,
                       ?::timestamp as as_of, ?::timestamp as computed_at""", [as_of, as_of])
        con.execute("create view marts.accounts_view as select * from marts.dim_accounts")
        con.execute("""
            create table intermediate.int_metrics as
            select 1::bigint as account_id, 'revenue' as metric_id, 'Revenue' as metric_name,
                   'total_value' as kind, 'yaml' as source, 'today' as default_timeframe,
                   null::varchar as count_mode, 'sales_of' as value_type,
                   null::varchar as value_field, null::double as within_seconds,
                   null::date as custom_first_day, null::date as custom_last_day""")
        con.execute("create table intermediate.scratch as select 1 as x")
        con.execute("create view landing.raw as select 1 as x")
    return path


def tables(path: Path) -> set[str]:
    with connect_serving(path=path) as con:
        rows = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_catalog = current_database()").fetchall()
    return {name for (name,) in rows}


def test_publish_copies_the_marts_and_nothing_else(tmp_path):
    build = make_build(tmp_path / "build.duckdb", "2026-03-31 19:00:00")
    serving = publish(build, tmp_path / "out" / "serving.duckdb")
    assert serving == tmp_path / "out" / "serving.duckdb"
    assert tables(serving) == {
        "marts.dim_accounts", "marts.metric_values", "marts.accounts_view", "marts.dim_metrics",
        "marts.publish_info",
    }
    with connect_serving(path=serving) as con:
        value, as_of = con.execute(
            "select value, as_of from marts.metric_values where account_id = ?", [1]).fetchone()
        assert str(value) == "42.500000000"
        assert str(as_of) == "2026-03-31 19:00:00"
        assert con.execute("select value_type from marts.dim_metrics").fetchone() == ("sales_of",)
        info = con.execute("select as_of, build_db from marts.publish_info").fetchone()
        assert str(info[0]) == "2026-03-31 19:00:00" and info[1] == str(build)
        # the view was materialized: the serving file does not depend on the build file
        assert con.execute("select table_type from information_schema.tables "
                           "where table_name = 'accounts_view'").fetchone() == ("BASE TABLE",)
    # nothing left behind: no temporary file, no write-ahead log
    assert sorted(p.name for p in serving.parent.iterdir()) == ["serving.duckdb"]


def test_a_failed_publish_leaves_the_last_good_file(tmp_path):
    serving = tmp_path / "serving.duckdb"
    publish(make_build(tmp_path / "good.duckdb", "2026-03-31 19:00:00"), serving)
    before = serving.read_bytes()
    broken = make_build(tmp_path / "broken.duckdb", "2026-04-01 19:00:00", with_metrics=False)
    with pytest.raises(PublishError, match="metric_values"):
        publish(broken, serving)
    with pytest.raises(PublishError, match="no build file"):
        publish(tmp_path / "missing.duckdb", serving)
    with pytest.raises(PublishError, match="must not be the build file"):
        publish(serving, serving)
    assert serving.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "broken.duckdb", "good.duckdb", "serving.duckdb"]


def test_a_locked_build_file_fails_cleanly(tmp_path):
    """A build file still open for writing (dbt running) cannot be published: the previous
    serving file stays."""
    serving = tmp_path / "serving.duckdb"
    publish(make_build(tmp_path / "good.duckdb", "2026-03-31 19:00:00"), serving)
    before = serving.read_bytes()
    script = tmp_path / "hold.py"
    script.write_text(
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(tmp_path / 'good.duckdb')!r})\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.Error):
            publish(tmp_path / "good.duckdb", serving)
    finally:
        holder.communicate("\n", timeout=30)
    assert serving.read_bytes() == before
    assert not list(tmp_path.glob(".serving.duckdb.*"))


def test_readers_keep_their_file_and_new_connections_see_the_new_one(tmp_path):
    serving = tmp_path / "serving.duckdb"
    publish(make_build(tmp_path / "a.duckdb", "2026-03-30 19:00:00"), serving)
    query = "select cast(as_of as varchar) from marts.metric_values"
    with connect_serving(path=serving) as old:
        assert old.execute(query).fetchone() == ("2026-03-30 19:00:00",)
        publish(make_build(tmp_path / "b.duckdb", "2026-03-31 19:00:00"), serving)
        # a connection opened after the publish sees it, even while the old one is open ...
        with connect_serving(path=serving) as new:
            assert new.execute(query).fetchone() == ("2026-03-31 19:00:00",)
        # ... and the open connection keeps reading the file it opened, consistently
        assert old.execute(query).fetchone() == ("2026-03-30 19:00:00",)


def test_serving_connections_are_read_only(tmp_path):
    serving = publish(make_build(tmp_path / "a.duckdb", "2026-03-31 19:00:00"),
                      tmp_path / "serving.duckdb")
    with connect_serving(path=serving) as con, pytest.raises(duckdb.Error):
        con.execute("delete from marts.metric_values")
    with pytest.raises(FileNotFoundError, match="no serving file"):
        connect_serving(path=tmp_path / "nothing.duckdb")


def test_a_stale_write_ahead_log_is_never_applied_to_a_new_file(tmp_path):
    serving = tmp_path / "serving.duckdb"
    publish(make_build(tmp_path / "a.duckdb", "2026-03-30 19:00:00"), serving)
    stale = tmp_path / "serving.duckdb.wal"
    stale.write_bytes(b"not a wal of the new file")
    publish(make_build(tmp_path / "b.duckdb", "2026-03-31 19:00:00"), serving)
    assert not stale.exists()
    with connect_serving(path=serving) as con:
        assert con.execute("select count(*) from marts.metric_values").fetchone() == (1,)


def test_serving_path_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVING_DB", str(tmp_path / "x.duckdb"))
    assert serving_path() == tmp_path / "x.duckdb"
    monkeypatch.setenv("SERVING_DB", "somewhere/y.duckdb")
    assert serving_path() == publishing.settings.PROJECT_DIR / "somewhere" / "y.duckdb"
    monkeypatch.delenv("SERVING_DB")
    assert serving_path() == publishing.settings.PROJECT_DIR / "warehouse" / "serving.duckdb"


def test_cli_publish_command(tmp_path, capsys):
    build = make_build(tmp_path / "build.duckdb", "2026-03-31 19:00:00")
    serving = tmp_path / "serving.duckdb"
    assert cli.main(["publish", "--build-db", str(build), "--serving-db", str(serving)]) == 0
    assert "Published the marts" in capsys.readouterr().out
    assert serving.exists()
    assert cli.main(["publish", "--build-db", str(tmp_path / "no.duckdb"),
                     "--serving-db", str(serving)]) == 1
    assert "previous serving file is unchanged" in capsys.readouterr().err


@pytest.mark.parametrize(("dbt_status", "published"), [(0, True), (1, False)])
def test_build_publishes_only_after_dbt_succeeds(monkeypatch, tmp_path, dbt_status, published):
    build = make_build(tmp_path / "build.duckdb", "2026-03-31 19:00:00")
    serving = tmp_path / "serving.duckdb"
    monkeypatch.setenv("WAREHOUSE_DB", str(build))
    monkeypatch.setenv("SERVING_DB", str(serving))
    monkeypatch.setattr(cli, "validate_main", lambda argv: 0)
    monkeypatch.setattr(cli, "run_dbt", lambda *args, **kwargs: dbt_status)
    status = cli.main(["build", "--landing-zone", str(tmp_path), "--as-of",
                       "2026-03-31T19:00:00Z"])
    assert status == dbt_status
    assert serving.exists() is published
