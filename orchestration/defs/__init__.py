"""The code location's definitions, one module per role, loaded by `orchestration.definitions`
(`dg.load_from_defs_folder`): assets (dbt models and seeds, landing tables, the serving file),
checks (Python asset checks), jobs, schedules, sensors, resources (`warehouse`, `dbt`)."""
