"""Build hook: the report notebooks and the demo data ship inside the wheel.

``notebooks/*.ipynb`` (where analysts edit them) are copied to
``nps_toolkit/report/notebooks/`` and ``data/demo/{survey,orders}.csv`` to
``nps_toolkit/datasets/demo_files/`` in the build folder, so an installed kit
finds them (:func:`nps_toolkit.report.notebooks_dir`,
:func:`nps_toolkit.report.resolve_data_path`). Nothing is copied in the
repository itself, and an editable install uses the repository's files.
Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {
    "nps_toolkit/report/notebooks": ("notebooks", ["*.ipynb"]),
    "nps_toolkit/datasets/demo_files": ("data/demo", ["survey.csv", "orders.csv"]),
}


class BuildPyWithReportFiles(build_py):
    """``build_py`` that also copies the notebooks and the demo data into the package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for target, (source, patterns) in SHIPPED.items():
            files = sorted(f for pattern in patterns for f in (ROOT / source).glob(pattern))
            if not files:
                raise FileNotFoundError(f"nothing to ship from {source}/ ({', '.join(patterns)})")
            folder = Path(self.build_lib) / target
            folder.mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copy2(path, folder / path.name)


setup(cmdclass={"build_py": BuildPyWithReportFiles})
