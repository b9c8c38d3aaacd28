"""Publishing the marts into the serving file: a copy of the build's marts, swapped in atomically;
a failed publish leaves the previous file serving; readers see one whole file at a time. Fast:
the build files here are made by hand, without dbt."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from crm_warehouse import cli
from crm_warehouse import publish as publishing
from crm_warehouse.publish import PublishError, connect_serving, publish
from crm_warehouse.settings import serving_path


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
            create table marts.dim_metrics as
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
    # nothing left behind: no temporary file, no write-ahead log (only the publish lock's file)
    assert sorted(p.name for p in serving.parent.iterdir()) == [
        ".serving.duckdb.lock", "serving.duckdb"]


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
        ".serving.duckdb.lock", "broken.duckdb", "good.duckdb", "serving.duckdb"]


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
    assert not list(tmp_path.glob(".serving.duckdb.*.tmp*"))


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
    monkeypatch.delenv("WAREHOUSE_DB", raising=False)
    assert serving_path() == publishing.settings.PROJECT_DIR / "warehouse" / "serving.duckdb"
    monkeypatch.setenv("WAREHOUSE_DB", str(tmp_path / "w" / "build.duckdb"))
    assert serving_path() == tmp_path / "w" / "serving.duckdb"


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


def two_account_build(path: Path) -> Path:
    """make_build with a second account."""
    make_build(path, "2026-03-31 19:00:00")
    with duckdb.connect(str(path)) as con:
        con.execute("insert into marts.dim_accounts select 2, 'Beta', 'UTC', 'monday', 'EUR'")
        con.execute("""
            insert into marts.metric_values
            select 2, metric_id, metric_name, kind, timeframe, 7.5, as_of, computed_at
            from marts.metric_values""")
    return path


def published_rows(serving: Path) -> dict[str, list[tuple]]:
    """Every row of every published table but publish_info (which says when)."""
    with connect_serving(path=serving) as con:
        names = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_name <> 'publish_info' order by 1").fetchall()]
        return {name: con.execute(f"select * from marts.{name} order by all").fetchall()
                for name in names}


def values_by_account(serving: Path) -> dict[int, float]:
    with connect_serving(path=serving) as con:
        return {account: float(value) for account, value in con.execute(
            "select account_id, value from marts.metric_values").fetchall()}


def published_then_changed(tmp_path: Path, change: str) -> tuple[Path, Path]:
    """A two-account build published in full, then changed in place by `change` (SQL)."""
    build = two_account_build(tmp_path / "build.duckdb")
    serving = publish(build, tmp_path / "serving.duckdb")
    with duckdb.connect(str(build)) as con:
        con.execute(change)
    return build, serving


def test_a_per_account_publish_replaces_only_those_accounts_rows(tmp_path):
    build, serving = published_then_changed(
        tmp_path, "update marts.metric_values set value = value + 100 where account_id = 2")
    publish(build, serving, accounts=[2])
    assert values_by_account(serving) == {1: 42.5, 2: 107.5}
    # the same as publishing everything
    assert published_rows(serving) == published_rows(publish(build, tmp_path / "full.duckdb"))
    with connect_serving(path=serving) as con:
        assert con.execute("select count(*) from marts.publish_info").fetchone()[0] == 1


def test_other_accounts_keep_their_last_published_rows(tmp_path):
    # A build changed both accounts (say a full run that failed its checks, so it was not
    # published); a refresh of account 2 publishes account 2's rows, not account 1's.
    build, serving = published_then_changed(
        tmp_path, "update marts.metric_values set value = value + 100")
    publish(build, serving, accounts=[2])
    assert values_by_account(serving) == {1: 42.5, 2: 107.5}
    publish(build, serving)
    assert values_by_account(serving) == {1: 142.5, 2: 107.5}


def test_a_per_account_publish_copies_everything_from_another_build_or_other_columns(tmp_path):
    build = two_account_build(tmp_path / "build.duckdb")
    other = two_account_build(tmp_path / "other.duckdb")
    serving = publish(other, tmp_path / "serving.duckdb")
    with duckdb.connect(str(build)) as con:
        con.execute("update marts.metric_values set value = value + 100")
    publish(build, serving, accounts=[2])
    assert values_by_account(serving) == {1: 142.5, 2: 107.5}
    with duckdb.connect(str(build)) as con:
        con.execute("alter table marts.metric_values add column note varchar")
        con.execute("update marts.metric_values set value = value + 100, note = 'new'")
    publish(build, serving, accounts=[2])
    assert values_by_account(serving) == {1: 242.5, 2: 207.5}
    with connect_serving(path=serving) as con:
        assert con.execute("select distinct note from marts.metric_values").fetchall() == [("new",)]
    with duckdb.connect(str(build)) as con:  # same columns, another type
        con.execute("alter table marts.metric_values alter value type double")
        con.execute("update marts.metric_values set value = value + 0.25")
    publish(build, serving, accounts=[2])
    assert values_by_account(serving) == {1: 242.75, 2: 207.75}


# -- concurrent and killed publishes ------------------------------------------------------------

def test_a_publish_never_replaces_a_serving_file_from_a_newer_build(tmp_path):
    """Two publishes in the wrong order: the newer build's publish lands first, then the older
    build's tries to replace it and is refused; the serving file keeps the newer data."""
    older = make_build(tmp_path / "older.duckdb", "2026-03-30 19:00:00")
    newer = make_build(tmp_path / "newer.duckdb", "2026-03-31 19:00:00")
    serving = publish(newer, tmp_path / "serving.duckdb")
    before = serving.read_bytes()
    with pytest.raises(publishing.NewerServingFileError, match="newer build"):
        publish(older, serving)
    assert serving.read_bytes() == before
    with connect_serving(path=serving) as con:
        assert str(con.execute("select built_at from marts.publish_info").fetchone()[0]) == (
            "2026-03-31 19:00:00")
    assert not list(tmp_path.glob(".serving.duckdb.*.tmp*"))
    publish(newer, serving)  # the same build again is fine (a retry)


def test_concurrent_publishes_the_newer_build_wins(tmp_path, monkeypatch):
    """The older build's publish is held just before its swap while the newer build's publish
    runs: the newer data must end up serving (before: the older publish swapped last and won)."""
    import threading

    older = make_build(tmp_path / "older.duckdb", "2026-03-30 19:00:00")
    newer = make_build(tmp_path / "newer.duckdb", "2026-03-31 19:00:00")
    serving = tmp_path / "serving.duckdb"
    held, release = threading.Event(), threading.Event()
    original_fsync = publishing._fsync

    def fsync(path, directory=False):
        if threading.current_thread().name == "older" and not directory:
            held.set()
            release.wait(30)
        original_fsync(path, directory)

    monkeypatch.setattr(publishing, "_fsync", fsync)
    errors: dict[str, BaseException] = {}

    def run(name: str, build: Path) -> None:
        try:
            publish(build, serving)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors[name] = error

    first = threading.Thread(target=run, args=("older", older), name="older")
    first.start()
    assert held.wait(30)
    second = threading.Thread(target=run, args=("newer", newer), name="newer")
    second.start()
    second.join(3)  # before: it finished here; now it waits for the older publish's lock
    release.set()
    first.join(30)
    second.join(30)
    assert not first.is_alive() and not second.is_alive()
    assert errors == {}
    with connect_serving(path=serving) as con:
        assert str(con.execute("select as_of from marts.metric_values").fetchone()[0]) == (
            "2026-03-31 19:00:00")


KILLED_PUBLISH = """
import sys, time
from crm_warehouse import publish as publishing
def hang(path, directory=False):
    print("writing", flush=True)
    time.sleep(600)
publishing._fsync = hang
publishing.publish(sys.argv[1], sys.argv[2])
"""


def test_a_publish_killed_with_kill_9_leaves_no_temp_file_for_good(tmp_path):
    """kill -9 during a publish leaves its temporary file; the next publish removes it (its
    writer is gone) and is not blocked by the dead publish."""
    import subprocess
    import sys

    build = make_build(tmp_path / "build.duckdb", "2026-03-31 19:00:00")
    serving = tmp_path / "serving.duckdb"
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(build), str(serving)],
        stdout=subprocess.PIPE, text=True, cwd=publishing.settings.PROJECT_DIR,
    )
    try:
        assert killed.stdout.readline().strip() == "writing"
    finally:
        killed.kill()  # SIGKILL: no cleanup runs
        killed.wait(30)
    left = list(tmp_path.glob(f".serving.duckdb.{killed.pid}.*.tmp"))
    assert left, "the killed publish should have left its temporary file"
    publish(build, serving)
    assert not list(tmp_path.glob(".serving.duckdb.*.tmp*"))
    with connect_serving(path=serving) as con:
        assert con.execute("select count(*) from marts.metric_values").fetchone() == (1,)


def test_stale_temp_files_go_when_old_or_their_writer_is_gone(tmp_path):
    import os
    import subprocess
    import sys
    import time

    build = make_build(tmp_path / "build.duckdb", "2026-03-31 19:00:00")
    serving = tmp_path / "serving.duckdb"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid, live_pid = int(gone.stdout), os.getpid()
    dead = tmp_path / f".serving.duckdb.{dead_pid}.{'a' * 32}.tmp"
    dead_wal = tmp_path / f".serving.duckdb.{dead_pid}.{'a' * 32}.tmp.wal"
    old = tmp_path / f".serving.duckdb.{live_pid}.{'b' * 32}.tmp"
    fresh = tmp_path / f".serving.duckdb.{live_pid}.{'c' * 32}.tmp"
    other = tmp_path / ".other.duckdb.1.x.tmp"  # another file's: not ours to judge
    for path in (dead, dead_wal, old, fresh, other):
        path.write_bytes(b"partial")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))
    publish(build, serving)
    assert not dead.exists() and not dead_wal.exists() and not old.exists()
    assert fresh.exists() and other.exists()  # a live writer's recent file is left alone
