"""One function decides where the serving file is (`crm_warehouse.settings.serving_path`):
$SERVING_DB (relative to the project), else `serving.duckdb` next to the warehouse file
($WAREHOUSE_DB). The CLI's publish, the Dagster publish asset and the dashboard page all use it,
so they never publish to or read from different files. Hand-made build files, no dbt."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance

from crm_warehouse import cli, settings
from tests.bi.test_publish import make_build

pytestmark = pytest.mark.xdist_group("orchestration")

APP = settings.PROJECT_DIR / "crm_warehouse" / "dashboard" / "app.py"
SERVING_FILE = AssetKey(["serving", "serving_file"])
PROJECT_SERVING = settings.PROJECT_DIR / "warehouse" / "serving.duckdb"


def dashboard_path() -> Path:
    """The file the dashboard page reads: with no file there yet, its warning names the path."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (warning,) = at.warning
    assert warning.value.startswith("No serving file at `")
    return Path(warning.value.split("`")[1])


def cli_publish_path(capsys) -> Path:
    """Where `python -m crm_warehouse publish` (no options) publishes."""
    assert cli.main(["publish"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Published the marts to ")
    return Path(out.removeprefix("Published the marts to ").rsplit(" in ", 1)[0])


def dagster_publish_path(defs) -> Path:
    """Where the Dagster asset serving/serving_file publishes (materialized alone)."""
    with DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("full_refresh").execute_in_process(
            instance=instance, asset_selection=[SERVING_FILE]
        )
    assert result.success
    (event,) = result.get_asset_materialization_events()
    return Path(event.materialization.metadata["path"].value)


def project_serving_state():
    return PROJECT_SERVING.stat().st_mtime_ns if PROJECT_SERVING.exists() else None


@pytest.mark.parametrize("serving_db", [None, "other/s.duckdb"])
def test_cli_dagster_and_dashboard_use_the_same_serving_file(
    defs, tmp_path, monkeypatch, capsys, serving_db
):
    (tmp_path / "x").mkdir()
    build = make_build(tmp_path / "x" / "w.duckdb", "2026-03-31 19:00:00")
    monkeypatch.setenv("WAREHOUSE_DB", str(build))
    if serving_db is None:
        monkeypatch.delenv("SERVING_DB", raising=False)
        expected = tmp_path / "x" / "serving.duckdb"
    else:
        monkeypatch.setenv("SERVING_DB", str(tmp_path / serving_db))
        expected = tmp_path / serving_db
    untouched = project_serving_state()

    shown = dashboard_path()  # before anything is published
    by_cli = cli_publish_path(capsys)
    published_by_cli = expected.is_file()
    expected.unlink(missing_ok=True)
    by_dagster = dagster_publish_path(defs)
    assert {"dashboard": shown, "cli": by_cli, "dagster": by_dagster} == dict.fromkeys(
        ("dashboard", "cli", "dagster"), expected
    )
    assert published_by_cli and expected.is_file()
    assert project_serving_state() == untouched  # the project's own file was never written
    assert settings.serving_path() == expected


def test_a_relative_serving_db_is_resolved_against_the_project(monkeypatch, tmp_path):
    monkeypatch.setenv("WAREHOUSE_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("SERVING_DB", "somewhere/s.duckdb")
    assert settings.serving_path() == settings.PROJECT_DIR / "somewhere" / "s.duckdb"
    monkeypatch.setenv("SERVING_DB", "")  # empty = unset
    assert settings.serving_path() == tmp_path / "serving.duckdb"
    monkeypatch.delenv("SERVING_DB")
    monkeypatch.delenv("WAREHOUSE_DB")
    assert settings.serving_path() == settings.PROJECT_DIR / "warehouse" / "serving.duckdb"


def test_there_is_one_serving_path_function():
    from crm_warehouse import publish

    assert not hasattr(publish, "serving_path_for")
    assert not hasattr(publish, "serving_path")
