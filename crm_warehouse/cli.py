"""The command line: `python -m crm_warehouse <command>` (or `crm-warehouse <command>`).

validate   check the metric definition YAML files (before any SQL runs)
build      validate, then `dbt build` the warehouse from a landing zone at an as-of instant
demo       build the warehouse from the demo data at the demo's as-of instant
generate   write a landing zone of any size (see `generate --help`)
publish    copy the built marts into the serving file readers use (build and demo do it too)
dashboard  start the dashboard page (Streamlit) on the serving file
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crm_warehouse import settings
from crm_warehouse.dbt import dbt_vars, run_dbt
from crm_warehouse.metrics.validate import main as validate_main


def _add_build_options(parser: argparse.ArgumentParser, *, demo: bool = False) -> None:
    if not demo:
        parser.add_argument(
            "--landing-zone",
            default=str(settings.landing_zone()),
            help="landing-zone folder (default: $LANDING_ZONE, else the demo data)",
        )
        parser.add_argument(
            "--as-of",
            default=None,
            help="as-of instant, ISO-8601 UTC (default: $AS_OF, else the start of the build)",
        )
    parser.add_argument(
        "--metrics-path",
        default=str(settings.metrics_path()),
        help="folder or file of metric definition YAML (default: $METRICS_PATH, else metrics/)",
    )
    parser.add_argument("--full-refresh", action="store_true", help="rebuild incremental models")
    parser.add_argument("--select", nargs="*", default=None, help="dbt selectors")


def build(
    landing_zone: str,
    metrics_path: str,
    as_of: str | None,
    full_refresh: bool = False,
    select: Sequence[str] | None = None,
) -> int:
    """Validate the YAML metric definitions, then build the warehouse with dbt."""
    status = validate_main(["--metrics-path", metrics_path])
    if status != 0:
        print("Build stopped: fix the metric definitions above first.", file=sys.stderr)
        return status
    extra = ["--full-refresh"] if full_refresh else []
    if select:
        extra += ["--select", *select]
    status = run_dbt(["build"], dbt_vars(landing_zone, metrics_path, as_of), extra_args=extra)
    if status != 0:
        print("Build failed: the serving file was not replaced.", file=sys.stderr)
        return status
    from crm_warehouse.publish import main as publish_main

    return publish_main([])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="crm-warehouse",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check metric definition YAML files")
    validate.add_argument("--metrics-path", default=str(settings.metrics_path()))
    _add_build_options(commands.add_parser("build", help="build the warehouse"))
    _add_build_options(commands.add_parser("demo", help="build the demo warehouse"), demo=True)
    commands.add_parser("generate", help="write a landing zone", add_help=False)
    commands.add_parser("publish", help="publish the marts to the serving file", add_help=False)
    commands.add_parser("dashboard", help="start the dashboard page", add_help=False)

    args, rest = parser.parse_known_args(argv)
    if args.command == "generate":
        from crm_warehouse.generator.cli import main as generate_main

        return generate_main(rest)
    if args.command == "publish":
        from crm_warehouse.publish import main as publish_main

        return publish_main(rest)
    if args.command == "dashboard":
        from crm_warehouse.dashboard import main as dashboard_main

        return dashboard_main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "validate":
        return validate_main(["--metrics-path", args.metrics_path])
    if args.command == "build":
        import os

        as_of = args.as_of if args.as_of is not None else os.environ.get("AS_OF")
        return build(args.landing_zone, args.metrics_path, as_of, args.full_refresh, args.select)
    if args.command == "demo":
        print(f"Demo: landing zone {settings.DEMO_LANDING_ZONE}, as of {settings.DEMO_AS_OF}")
        return build(
            str(settings.DEMO_LANDING_ZONE),
            args.metrics_path,
            settings.DEMO_AS_OF,
            args.full_refresh,
            args.select,
        )
    return 2


if __name__ == "__main__":
    sys.exit(main())
