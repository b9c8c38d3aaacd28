"""The Dagster code location of the warehouse: `defs`, every definition found in the modules of
`orchestration/defs/` (assets, checks, jobs, schedules, sensors, resources), loaded the way `dg`
loads a project (`[tool.dg]` in pyproject.toml). `dagster dev` (scripts/dagster_ui.sh, see
docs/orchestration.md) loads it through `[tool.dagster] module_name`."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
