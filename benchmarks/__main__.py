"""``python -m benchmarks [--quick] [--only NAME ...]``: run stages, print a table."""

from __future__ import annotations

import argparse
import json
import os
import platform

from benchmarks.harness import discover, format_table, run_in_subprocess, run_stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the suite runs")
    parser.add_argument("--only", nargs="*", default=None, help="stage names (prefixes) to run")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        result = run_stage(discover(args.quick)[args.one])
        print(json.dumps(result))
        return 0

    names = list(discover(args.quick))
    if args.only:
        names = [n for n in names if any(n.startswith(p) for p in args.only)]
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    rows = []
    for name in names:
        rows.append(run_in_subprocess(name, args.quick))
        print(format_table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
