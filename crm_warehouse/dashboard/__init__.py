"""The dashboard page (Streamlit) over the serving file: `python -m crm_warehouse dashboard`.

Modules: `app` (the page), `tiles` (metric grid and drill-down), `panels` (the six panels),
`queries` (parameterized reads of the serving file), `formatting` (pure helpers), `style` (CSS)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def streamlit_command(port: int | None = None, address: str | None = None) -> list[str]:
    """The command that serves the page: headless, no usage statistics, no developer toolbar."""
    command = [sys.executable, "-m", "streamlit", "run", str(APP),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]
    if port is not None:
        command += ["--server.port", str(port)]
    if address is not None:
        command += ["--server.address", address]
    return command


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crm-warehouse dashboard",
                                     description="Start the dashboard page (Streamlit).")
    parser.add_argument("--port", type=int, default=None, help="port (default: Streamlit's 8501)")
    parser.add_argument("--address", default=None, help="address to listen on (default: all)")
    parser.add_argument("--serving-db", default=None,
                        help="serving file (default: $SERVING_DB, else serving.duckdb next to "
                             "the warehouse file $WAREHOUSE_DB)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.serving_db:
        env["SERVING_DB"] = str(Path(args.serving_db).resolve())
    command = streamlit_command(args.port, args.address)
    if os.name != "posix":
        return subprocess.call(command, env=env)
    os.execve(command[0], command, env)  # become the server: one process to stop
    return 0  # not reached
