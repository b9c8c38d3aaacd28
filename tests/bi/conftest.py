"""Fixtures of the BI tests: serving files published from the golden build (slow: dbt) or made by
hand (fast), and a Streamlit AppTest of the dashboard page on a given serving file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_warehouse.publish import publish

APP = Path(__file__).resolve().parents[2] / "crm_warehouse" / "dashboard" / "app.py"


@pytest.fixture(scope="session")
def golden_serving(golden_warehouse, tmp_path_factory) -> Path:
    """The golden build published to a serving file (never the developer's warehouse)."""
    return publish(golden_warehouse.path, tmp_path_factory.mktemp("serving") / "serving.duckdb")


@pytest.fixture
def dashboard(monkeypatch):
    """make(serving_file) -> a not-yet-run AppTest of the dashboard page reading that file."""
    from streamlit.testing.v1 import AppTest

    def make(serving: Path):
        monkeypatch.setenv("SERVING_DB", str(serving))
        return AppTest.from_file(str(APP), default_timeout=60)

    return make
