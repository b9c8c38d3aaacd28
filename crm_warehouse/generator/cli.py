"""Command line: `python -m crm_warehouse.generator --scale 0.1 --seed 7 --out /tmp/lz
[--format csv] [--bad-rows] [--start 2024-07-01 --end 2026-06-30] [--events-parts N]`,
or `python -m crm_warehouse.generator --demo --out seeds/demo`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from .core import DEFAULT_END, DEFAULT_START, MANIFEST, generate


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m crm_warehouse.generator",
        description="Generate a synthetic landing zone (raw_contract.md). Scale 1 = 100 "
                    "accounts, 100k contacts, ~10M events over the period.")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--scale", type=float, default=0.01, help="size (default 0.01)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--format", dest="fmt", choices=("parquet", "csv"), default="parquet")
    p.add_argument("--bad-rows", action="store_true",
                   help="append bad rows of every quarantine reason (report in "
                        "_injected_bad_rows.json)")
    p.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START,
                   help=f"first day (default {DEFAULT_START})")
    p.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END,
                   help=f"last day, inclusive (default {DEFAULT_END})")
    p.add_argument("--events-parts", type=int, default=1,
                   help="write events as a folder events/ of N Parquet files (default 1: "
                        "events.parquet)")
    p.add_argument("--accounts", type=int, default=None,
                   help="number of accounts (default max(3, round(100 * scale)))")
    p.add_argument("--demo", action="store_true",
                   help="write the demo landing zone (3 accounts, CSV) instead")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    began = time.perf_counter()
    if args.demo:
        from .demo import generate_demo

        files = generate_demo(args.out)
        print(f"demo landing zone: {len(files)} files in {args.out}", file=sys.stderr)
        return 0
    report = generate(args.out, scale=args.scale, seed=args.seed, fmt=args.fmt,
                      bad_rows=args.bad_rows, start=args.start, end=args.end,
                      progress=not args.quiet, events_parts=args.events_parts,
                      accounts=args.accounts)
    manifest = json.loads((args.out / MANIFEST).read_text())
    rows = manifest["rows"]
    print(f"wrote {sum(rows.values()):,} rows ({rows['events']:,} events, "
          f"{manifest['accounts']} accounts) to {args.out} in "
          f"{time.perf_counter() - began:.1f} s", file=sys.stderr)
    if report:
        total = sum(sum(r.values()) for r in report.values())
        print(f"injected {total} bad rows (see _injected_bad_rows.json)", file=sys.stderr)
    return 0
