"""Old module paths (before the subpackages) work for one release, with a FutureWarning."""

import importlib
import sys

import pytest

from nps_toolkit._moved import MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_module_path_gives_the_new_module_with_a_future_warning(old):
    sys.modules.pop(old, None)
    with pytest.warns(FutureWarning, match=MOVED[old].replace(".", r"\.")):
        module = importlib.import_module(old)
    assert module is importlib.import_module(MOVED[old])


def test_from_import_of_an_old_module_name_works():
    sys.modules.pop("nps_toolkit.segments", None)
    import nps_toolkit

    nps_toolkit.__dict__.pop("segments", None)
    with pytest.warns(FutureWarning, match="score.estimate"):
        from nps_toolkit import segments
    assert segments.nps_by is nps_toolkit.nps_by


def test_old_path_patching_reaches_the_new_module(monkeypatch):
    sys.modules.pop("nps_toolkit.stats", None)
    with pytest.warns(FutureWarning):
        old = importlib.import_module("nps_toolkit.stats")
    monkeypatch.setattr(old, "Z_MARKER", 1, raising=False)
    assert importlib.import_module("nps_toolkit.score.stats").Z_MARKER == 1


def test_unknown_module_still_fails():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("nps_toolkit.no_such_module")


@pytest.mark.parametrize("package", ["score", "io", "comments", "repeat", "report", "datasets"])
def test_every_subpackage_export_resolves(package):
    pkg = importlib.import_module(f"nps_toolkit.{package}")
    for name in pkg.__all__:
        assert getattr(pkg, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        pkg.nope  # noqa: B018
