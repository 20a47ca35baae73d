"""Old module paths (before the subpackages) work for one release, with a FutureWarning."""

import importlib
import sys

import pytest

from nps_toolkit._moved import MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_module_path_gives_the_new_module_with_a_future_warning(old):
    sys.modules.pop(old, None)
    new = MOVED[old]
    first = new if isinstance(new, str) else new[0]
    with pytest.warns(FutureWarning, match=first.replace(".", r"\.")):
        module = importlib.import_module(old)
    if isinstance(new, str):
        assert module is importlib.import_module(new)


def test_a_split_module_finds_each_name_in_the_module_it_went_to():
    sys.modules.pop("nps_toolkit.io_read", None)
    with pytest.warns(FutureWarning, match="io.records / nps_toolkit.io.readfile"):
        old = importlib.import_module("nps_toolkit.io_read")
    from nps_toolkit.io import readfile, records

    assert old.Records is records.Records
    assert old.read_records is readfile.read_records
    with pytest.raises(AttributeError, match="moved to nps_toolkit.io.records"):
        old.no_such_name  # noqa: B018


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
