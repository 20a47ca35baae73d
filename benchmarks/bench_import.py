"""Import cost: ``import nps_toolkit`` against ``import pandas`` (issue 12).

Each import runs in a fresh interpreter (a module is imported once per process),
best of ``repeat`` runs. Two stages: the bare package import, which every report
kernel pays, and the first use of the statistics core (``from nps_toolkit import
nps`` then one call), which loads pandas and SciPy but none of statsmodels,
scikit-learn, NLTK or DuckDB.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks.harness import Stage

HEAVY = ("statsmodels", "sklearn", "nltk", "duckdb", "nbformat", "papermill", "openpyxl")


def _python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def _check_light(kit_out: str, _base_out: str) -> None:
    loaded = [name for name in HEAVY if name in kit_out.split()]
    if loaded:
        raise AssertionError(f"heavy modules imported by the kit's first use: {loaded}")


_SHOW = "import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"


def stages(quick: bool = False) -> list[Stage]:
    repeat = 3 if quick else 7
    return [
        Stage(
            name="import.nps_toolkit",
            size="fresh interpreter",
            setup=lambda: None,
            kit=lambda _: _python(f"import nps_toolkit; {_SHOW}"),
            baseline=lambda _: _python(f"import pandas; {_SHOW}"),
            check=_check_light,
            target="<= 1.5x the time of import pandas (speed-up >= 0.67x)",
            repeat=repeat,
        ),
        Stage(
            name="import.first_nps",
            size="fresh interpreter, nps() on 3 scores",
            setup=lambda: None,
            kit=lambda _: _python(f"from nps_toolkit import nps; nps([0, 8, 10]); {_SHOW}"),
            baseline=lambda _: _python(f"import pandas; {_SHOW}"),
            check=_check_light,
            target="no statsmodels/sklearn/nltk/duckdb on first use (checked)",
            repeat=repeat,
        ),
    ]
