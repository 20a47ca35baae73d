"""Demo data: generating it with ``make_demo()`` vs reading the committed CSVs.

The check is the point: both routes must give identical frames, which is what
lets ``load_demo()`` fall back to the generator when the files are absent.
"""

from __future__ import annotations

import pandas as pd

from benchmarks.harness import Stage
from nps_toolkit.datasets.demo import DEMO_DIR, load_demo, make_demo


def _check(generated, loaded) -> None:
    pd.testing.assert_frame_equal(generated.survey, loaded.survey)
    pd.testing.assert_frame_equal(generated.orders, loaded.orders)


def stages(quick: bool = False) -> list[Stage]:
    if not (DEMO_DIR / "survey.csv").exists():
        return []
    return [
        Stage(
            name="datasets.make_demo",
            size="6,000 customers, ~4,800 responses, ~31,000 orders",
            setup=lambda: None,
            kit=lambda _: make_demo(),
            baseline=lambda _: load_demo(),
            check=_check,
            target="generator reproduces the committed files exactly",
        )
    ]
