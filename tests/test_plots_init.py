"""nps_toolkit.plots exports its helpers lazily: importing it loads no plot module."""

import importlib
import subprocess
import sys

import pytest


def test_importing_plots_loads_no_plot_module_and_no_matplotlib():
    code = (
        "import sys, nps_toolkit.plots; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith(('matplotlib', 'seaborn', 'nps_toolkit.plots.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_helper_loads_its_own_module_only():
    code = (
        "import sys; from nps_toolkit.plots import plot_theme_change; "
        "print(sorted(m for m in sys.modules if m.startswith('nps_toolkit.plots.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['nps_toolkit.plots._style', 'nps_toolkit.plots.themes']"


def test_every_plots_name_is_its_module_s_object():
    plots = importlib.import_module("nps_toolkit.plots")
    modules = ["drivers", "experiment", "models", "scores", "summary", "text", "themes"]
    defined = {}
    for name in modules:
        module = importlib.import_module(f"nps_toolkit.plots.{name}")
        defined.update({n: getattr(module, n) for n in module.__all__})
    # Every public helper of every plot module is exported, and is the same object.
    assert set(defined) <= set(plots.__all__)
    for name in plots.__all__:
        assert getattr(plots, name) is defined.get(name, getattr(plots, name)), name
    assert plots.PALETTE is importlib.import_module("nps_toolkit.plots.scores").PALETTE
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        plots.nope  # noqa: B018
