"""Validate the metric definition YAML files before any SQL runs.

    python -m crm_warehouse.metrics.validate [--metrics-path metrics]

Prints `OK: N metric definitions in M files` (exit 0), or every problem to stderr, one per line
(exit 1). The default path is $METRICS_PATH, else `metrics` (the dbt var `metrics_path`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from crm_warehouse.metrics.definitions import scan_yaml_definitions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crm_warehouse.metrics.validate",
        description="Validate metric definition YAML files (a folder, recursively, or one file).",
    )
    parser.add_argument(
        "--metrics-path",
        default=os.environ.get("METRICS_PATH", "metrics"),
        help="folder of *.yml / *.yaml metric files, or one file (default: $METRICS_PATH or "
             "'metrics')",
    )
    args = parser.parse_args(argv)
    definitions, problems, files = scan_yaml_definitions(args.metrics_path)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"{count} in metric definitions ({args.metrics_path}):", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"OK: {len(definitions)} metric definitions in {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
