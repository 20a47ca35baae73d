"""The report command end to end: the demo data, and 1,000,000 responses.

* ``report_demo``: ``nps-toolkit report --demo`` (target: under 20 s on 2 cores).
  The check prints where the time of each notebook went (kernel start, the first
  import cell, the analysis, the HTML export: ``results/run.json``) and the
  share of start-up (kernel start + first import cell + export), with the
  machine's load average (other processes slow every figure down).
* ``report_1M``: 1,000,000 responses with 300,000 comments and 3,000,000 orders
  (target: under 5 minutes and 4 GB peak memory). The data are seeded: the demo
  survey's rows are resampled (comments, segments, ratings) with fresh ids and
  dates, and orders are drawn per customer, so the text has the repetition and
  the languages real comments have.

There is no baseline (nothing else produces these reports); ``check`` verifies
that every report was written and that the overall NPS in the results equals a
plain pandas count on the generated file. The notebooks run in Jupyter kernels
(child processes), which the harness's ``peak MB`` column does not see: the
stage runs the command as ``python -m nps_toolkit report`` in a child process,
samples the total resident memory of that process and all its kernels (psutil,
every 0.25 s), prints it on stderr, and for ``report_1M`` its ``check`` fails
above 4 GB. (RSS sums count pages shared between processes more than once, so
the figure errs on the high side.)
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Stage


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _setup_demo():
    from nps_toolkit.datasets.demo import DEMO_DIR

    survey = pd.read_csv(DEMO_DIR / "survey.csv")
    survey = survey[survey["score"].notna()].drop_duplicates("customer_id", keep="last")
    return {"argv": ["--demo"], "scores": survey["score"], "out": Path(tempfile.mkdtemp())}


def _setup_1m(n: int = 1_000_000, n_comments: int = 300_000, n_orders: int = 3_000_000):
    from nps_toolkit.datasets.demo import load_demo

    rng = np.random.default_rng(20261123)
    demo, _ = load_demo()
    folder = Path(tempfile.mkdtemp())
    rows = demo.iloc[rng.integers(0, len(demo), n)].reset_index(drop=True)
    rows["response_id"] = [f"R{i:07d}" for i in range(n)]
    rows["customer_id"] = [f"C{i:07d}" for i in range(n)]
    rows["date"] = pd.Timestamp("2024-11-01") + pd.to_timedelta(rng.integers(0, 730, n), "D")
    # keep 300,000 comments (drawn from the demo's real comment texts)
    texts = demo["comment"].dropna().to_numpy()
    comment = np.full(n, None, dtype=object)
    pick = rng.choice(n, n_comments, replace=False)
    comment[pick] = texts[rng.integers(0, len(texts), n_comments)]
    rows["comment"] = comment
    survey_path = folder / "survey.csv"
    rows.drop(columns=["language"]).to_csv(survey_path, index=False, date_format="%Y-%m-%d")
    orders = pd.DataFrame(
        {
            "order_id": np.arange(n_orders),
            "customer_id": np.asarray(rows["customer_id"])[rng.integers(0, n, n_orders)],
            "order_date": pd.Timestamp("2024-06-01")
            + pd.to_timedelta(rng.integers(0, 880, n_orders), "D"),
            "amount": rng.gamma(2.0, 40.0, n_orders).round(2),
        }
    )
    orders_path = folder / "orders.csv"
    orders.to_csv(orders_path, index=False, date_format="%Y-%m-%d")
    argv = ["--data", str(survey_path), "--score", "score", "--comment", "comment",
            "--date", "date", "--respondent", "customer_id",
            "--segments", "channel,region,category,journey_stage",
            "--orders", str(orders_path), "--customer", "customer_id",
            "--order-date", "order_date", "--amount", "amount",
            "--drivers", "rating_delivery,rating_price,rating_support,rating_product,rating_website"]  # fmt: skip
    return {"argv": argv, "scores": rows["score"], "out": folder / "reports", "limit_mb": 4096}


class _TreeMemory:
    """Peak total RSS of this process and all its descendants (the kernels), sampled."""

    def __init__(self, every: float = 0.25):
        import threading

        self.every, self.peak_mb = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            # The command runs in a child process: count it and its kernels, not this
            # benchmark process, which still holds the memory used to generate the data.
            for proc in me.children(recursive=True):
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _run(state):
    import subprocess

    command = [sys.executable, "-m", "nps_toolkit", "report", *state["argv"]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with _TreeMemory() as memory:
        status = subprocess.run(
            [*command, "--out", str(state["out"]), "--quiet"], check=False
        ).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the command and its kernels: what the run costs whatever the
    # machine's load (wall time on a busy machine is longer)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "cpu_s": cpu,
        "status": status,
        "out": state["out"],
        "scores": state["scores"],
        "tree_peak_mb": memory.peak_mb,
        "limit_mb": state.get("limit_mb"),
    }


_PHASES = ("kernel_start", "first_import_cell", "analysis", "export")


def _startup_share(run: dict) -> str:
    """A table of where each notebook's time went, and the share of start-up."""
    import os

    lines = [f"{'notebook':<28}" + "".join(f"{p:>19}" for p in _PHASES) + f"{'wall':>8}"]
    totals = dict.fromkeys(_PHASES, 0.0)
    for name, entry in run["notebooks"].items():
        t = entry.get("timings") or {}
        for p in _PHASES:
            totals[p] += t.get(p, 0.0)
        lines.append(
            f"{name:<28}" + "".join(f"{t.get(p, 0.0):>18.2f}s" for p in _PHASES)
            + f"{entry['seconds']:>7.1f}s"
        )  # fmt: skip
    busy = sum(totals.values()) or 1.0
    startup = totals["kernel_start"] + totals["first_import_cell"] + totals["export"]
    lines.append(
        f"start-up share of notebook time: {startup / busy:.0%} (kernel start "
        f"{totals['kernel_start'] / busy:.0%}, first import cell "
        f"{totals['first_import_cell'] / busy:.0%}, export {totals['export'] / busy:.0%}; "
        f"analysis {totals['analysis'] / busy:.0%}); load average "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    return "\n".join(lines)


def _check(result, _baseline):
    import json

    from nps_toolkit.report.run import NOTEBOOKS, read_results

    assert result["status"] == 0, "the report command failed"
    for name in NOTEBOOKS:
        assert (result["out"] / f"{name}.html").exists(), name
    run = json.loads((result["out"] / "results" / "run.json").read_text())
    print(
        f"note: CPU time of the command and its kernels: {result['cpu_s']:.1f} s "
        f"({result['cpu_s'] / 2:.1f} s on each of 2 cores if spread evenly)",
        file=sys.stderr,
        flush=True,
    )
    for line in _startup_share(run).splitlines():  # the harness shows "note:" lines
        print(f"note: {line}", file=sys.stderr, flush=True)
    s = result["scores"].dropna().astype(float)
    expected = 100 * (s.ge(9).mean() - s.le(6).mean())
    got = read_results(result["out"], run_id=run["run_id"])["01-nps-overview"]["overall"]["nps"]
    assert abs(got - expected) < 1e-9, (got, expected)
    message = (
        f"note: peak memory of the runner and its kernels together: {result['tree_peak_mb']:.0f} MB "
        f"(largest single kernel: {_children_peak_mb():.0f} MB)"
    )
    print(message, file=sys.stderr, flush=True)
    if result["limit_mb"] is not None:
        assert result["tree_peak_mb"] < result["limit_mb"], message


def stages(quick: bool = False) -> list[Stage]:
    out = [
        Stage(
            name="report_demo",
            size="demo: ~4,800 responses, 31,000 orders",
            setup=_setup_demo,
            kit=_run,
            check=_check,
            target="< 20 s on 2 cores",
        )
    ]
    if not quick:
        out.append(
            Stage(
                name="report_1M",
                size="1,000,000 responses, 300,000 comments, 3,000,000 orders",
                setup=_setup_1m,
                kit=_run,
                check=_check,
                target="< 300 s, < 4 GB peak",
            )
        )
    return out
