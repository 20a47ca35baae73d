"""``python -m benchmarks [--quick] [--only NAME ...]``: run stages, print a table."""

from __future__ import annotations

import argparse
import json
import os
import platform

from benchmarks.harness import discover, format_table, run_in_subprocess, run_stage


def machine_description() -> str:
    """CPU model, cores, RAM, OS and the versions that matter for the timings."""
    from importlib.metadata import PackageNotFoundError, version

    cpu, ram = platform.processor() or "unknown CPU", "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")
            )
        with open("/proc/meminfo") as fh:
            kib = int(next(line.split()[1] for line in fh if line.startswith("MemTotal")))
        ram = f"{kib / 1024**2:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    versions = []
    for pkg in ("pandas", "numpy", "duckdb", "pyarrow", "scikit-learn", "pyspark"):
        try:
            versions.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            continue
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {ram}, {platform.platform()}{load}\n"
        f"Python {platform.python_version()}, {', '.join(versions)}"
    )


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
    print(machine_description())
    rows = []
    for name in names:
        rows.append(run_in_subprocess(name, args.quick))
        print(format_table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
