"""Dagster code location of the warehouse (`orchestration.definitions:defs`).

`orchestration/defs/` holds the definitions by role (assets, checks, jobs, schedules, sensors,
resources), loaded by `orchestration.definitions` with `dg.load_from_defs_folder`. Beside it:
project (the dbt project, manifest and translator), cadence (the pure refresh-cadence rules),
reference_sample (the reference recomputation of sampled accounts), constants. Importing this
package loads nothing; `orchestration.definitions` and `orchestration.defs.assets` read (and if
needed parse) the dbt manifest.
"""
