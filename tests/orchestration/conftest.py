"""Orchestration tests run against their own dbt target folder (the manifest is parsed there once
per test process, never read from or written to the shared target/) and an ephemeral Dagster
instance, with telemetry off."""

import atexit
import os
import shutil
import tempfile

import pytest

_TARGET = tempfile.mkdtemp(prefix="orchestration-dbt-target-")
atexit.register(shutil.rmtree, _TARGET, ignore_errors=True)
os.environ.setdefault("CRM_DBT_TARGET_PATH", _TARGET)
os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"


@pytest.fixture(scope="session")
def defs():
    """The code location's Definitions (parses the dbt manifest on first use)."""
    from orchestration.definitions import defs

    return defs
