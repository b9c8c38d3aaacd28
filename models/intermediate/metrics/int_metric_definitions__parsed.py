"""Metric definitions as a table: the YAML files of the `metrics_path` var and the app definitions
of the landing zone, parsed and validated by `crm_warehouse.metrics.definitions` (the same code as
the `validate` command). One row per definition; rejected app definitions carry their reason and
are counted as quarantined (`invalid definition`). An invalid YAML file stops the build."""


def model(dbt, session):
    dbt.config(materialized="table")
    from crm_warehouse.metrics.definitions import definitions_frame

    app_definitions = dbt.ref("stg_landing__metric_definitions").df()
    app_definitions = app_definitions.rename(columns={"definition_json": "definition"})
    return definitions_frame(dbt.config.get("metrics_path"), app_definitions)
