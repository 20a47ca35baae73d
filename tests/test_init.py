"""The top-level exports: every public name of the subpackages is importable from nps_toolkit."""

import importlib
import subprocess
import sys

import pytest

import nps_toolkit

# Public in their subpackage, deliberately not top-level (the package docstring says why).
NOT_TOP_LEVEL = {
    "score": {"MIN_N", "MIN_N_ONE_SAMPLE"},
    "datasets": {"THEMES"},
}


@pytest.mark.parametrize("package", ["score", "io", "comments", "repeat", "datasets"])
def test_every_subpackage_name_is_the_same_object_at_the_top_level(package):
    pkg = importlib.import_module(f"nps_toolkit.{package}")
    meant = [n for n in pkg.__all__ if n not in NOT_TOP_LEVEL.get(package, set())]
    missing = [n for n in meant if n not in nps_toolkit.__all__]
    assert not missing, f"nps_toolkit.{package} names missing at the top level: {missing}"
    for name in meant:
        assert getattr(nps_toolkit, name) is getattr(pkg, name), name
    for name in NOT_TOP_LEVEL.get(package, ()):
        assert name in pkg.__all__ and name not in nps_toolkit.__all__, name


def test_named_results_are_exported_with_their_functions():
    from nps_toolkit._results import NamedResult

    for name in [
        "PredictorComparison",
        "RepeatPurchase",
        "RepeatRates",
        "FollowUpList",
        "KeyDrivers",
        "DriverPriority",
    ]:
        assert issubclass(getattr(nps_toolkit, name), NamedResult), name


def test_result_types_of_exported_functions_are_exported():
    from nps_toolkit.comments.followup_export import FollowUpExport
    from nps_toolkit.comments.likeness import DetractorLikeness

    assert nps_toolkit.FollowUpExport is FollowUpExport  # export_follow_up's result
    assert nps_toolkit.DetractorLikeness is DetractorLikeness  # detractor_likeness's result


def test_report_entry_point_only_from_the_report_subpackage():
    from nps_toolkit.report import run_report

    assert nps_toolkit.run_report is run_report
    assert "md_escape" not in nps_toolkit.__all__  # a building block stays in report


def test_every_top_level_name_resolves_and_dir_lists_it():
    for name in nps_toolkit.__all__:
        assert getattr(nps_toolkit, name) is not None, name
    assert set(nps_toolkit.__all__) <= set(dir(nps_toolkit))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nps_toolkit.nope  # noqa: B018


def test_import_stays_light():
    """The new exports are lazy: importing the package loads none of their modules."""
    code = (
        "import sys, nps_toolkit; "
        "heavy = ['statsmodels', 'sklearn', 'matplotlib', 'duckdb', 'nbformat', "
        "'nps_toolkit.repeat.results', 'nps_toolkit.report.run', 'nps_toolkit.datasets.truth']; "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
