"""Run benchmark stages: kit and baseline side by side, in one process per stage.

A stage module (``benchmarks/bench_*.py``) defines ``stages(quick=False)``
returning a list of :class:`Stage`. ``setup`` builds seeded data once; ``kit``
and ``baseline`` each take that state; ``check`` receives both results and
raises if they disagree, so a speed-up never hides a different answer.
"""

from __future__ import annotations

import gc
import importlib
import json
import pkgutil
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Stage:
    name: str
    size: str
    setup: Callable[[], Any]
    kit: Callable[[Any], Any]
    baseline: Callable[[Any], Any] | None = None
    check: Callable[[Any, Any], None] | None = None
    target: str = ""
    repeat: int = 1


def discover(quick: bool = False) -> dict[str, Stage]:
    """All stages of all ``benchmarks/bench_*.py`` modules, by name."""
    import benchmarks

    found: dict[str, Stage] = {}
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            module = importlib.import_module(f"benchmarks.{info.name}")
            for stage in module.stages(quick=quick):
                found[stage.name] = stage
    return found


def _best_time(func: Callable[[Any], Any], state: Any, repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        result = func(state)
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    """Reset the process's resident-set high-water mark (Linux >= 4.0), if possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _hwm_mb() -> float | None:
    """Resident-set high-water mark since the last reset (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_stage(stage: Stage) -> dict[str, Any]:
    """Run one stage in this process and return its measurements."""
    state = stage.setup()
    setup_peak = _peak_rss_mb()
    gc.collect()
    # Peak while the kit runs (data from setup that stays resident included),
    # separate from the setup's own peak when the OS lets us reset the mark.
    resettable = _reset_peak()
    kit_time, kit_result = _best_time(stage.kit, state, 1)
    kit_peak = _peak_rss_mb()
    kit_only_peak = _hwm_mb() if resettable else None
    base_time, base_result = (None, None)
    if stage.baseline is not None:
        base_time, base_result = _best_time(stage.baseline, state, 1)
    if stage.check is not None:
        stage.check(kit_result, base_result)
    # Both results go before the repeats: held, they made every later run start on
    # fresh memory the kernel must zero (read_survey at 5M rows: 1.3 s -> 2-4 s).
    del kit_result, base_result
    # The further runs alternate kit and baseline, so that a burst of load on a
    # shared machine slows both sides of the ratio rather than one.
    for _ in range(max(1, stage.repeat) - 1):
        kit_time = min(kit_time, _best_time(stage.kit, state, 1)[0])
        if stage.baseline is not None:
            base_time = min(base_time, _best_time(stage.baseline, state, 1)[0])
    return {
        "stage": stage.name,
        "size": stage.size,
        "kit_s": kit_time,
        "baseline_s": base_time,
        "ratio": (base_time / kit_time) if base_time else None,
        "peak_mb": max(setup_peak, kit_peak),
        "kit_peak_mb": kit_only_peak,
        "target": stage.target,
        "checked": stage.check is not None,
    }


def run_in_subprocess(name: str, quick: bool) -> dict[str, Any]:
    """Run one stage in a fresh interpreter so its peak memory is its own."""
    cmd = [sys.executable, "-m", "benchmarks", "--one", name, "--json"]
    if quick:
        cmd.append("--quick")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    # A stage's own notes (e.g. the report's memory of its kernels) go to stderr: show them.
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    for line in notes:
        print(f"[{name}] {line}", file=sys.stderr, flush=True)
    if proc.returncode != 0:
        return {"stage": name, "error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def format_table(rows: list[dict[str, Any]]) -> str:
    head = "| stage | size | kit (s) | baseline (s) | speed-up | peak MB | kit peak MB | target |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['stage']} | | FAILED: {' '.join(r['error'])} | | | | | |")
            continue
        base = f"{r['baseline_s']:.3f}" if r["baseline_s"] is not None else "-"
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        kit_peak = r.get("kit_peak_mb")
        kit_peak = f"{kit_peak:.0f}" if kit_peak is not None else "-"
        lines.append(
            f"| {r['stage']} | {r['size']} | {r['kit_s']:.3f} | {base} | {ratio} "
            f"| {r['peak_mb']:.0f} | {kit_peak} | {r['target']} |"
        )
    return "\n".join(lines)
