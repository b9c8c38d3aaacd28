"""Dagster code location of the warehouse (`orchestration.definitions:defs`).

Modules by role: project (dbt project, manifest, translator), assets (the dbt assets), checks
(Python asset checks), cadence (the pure refresh-cadence rules), sensors, schedules, jobs,
resources, definitions. Importing this package loads nothing; `orchestration.assets` and
`orchestration.definitions` read (and if needed parse) the dbt manifest.
"""
