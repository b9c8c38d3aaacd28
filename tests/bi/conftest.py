"""Fixtures of the BI tests: serving files published from the golden build (slow: dbt) or made by
hand (fast), a Streamlit AppTest of the dashboard page on a given serving file, and the page
served by Streamlit on a free localhost port (`server`, for browser tests: it serves the file of
the requesting module's `serving` fixture)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from crm_warehouse.dashboard import streamlit_command
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(serving, tmp_path):
    """The dashboard served by Streamlit on a free port; yields its URL."""
    port = free_port()
    log = (tmp_path / "streamlit.log").open("w")
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"), cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "SERVING_DB": str(serving)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail("streamlit stopped:\n" + (tmp_path / "streamlit.log").read_text())
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
