"""Shared parameter descriptions (nps_toolkit._docstrings)."""

import pytest

from nps_toolkit._docstrings import PARAMS, DocstringComponents, share_docs


def test_marker_is_replaced_by_the_indented_entry_and_other_braces_stay():
    @share_docs
    def f():
        """Do it.

        Parameters
        ----------
        {params.scale}
        method : {"a", "b"}
            Which.
        """

    lines = f.__doc__.splitlines()
    i = next(k for k, line in enumerate(lines) if line.strip().startswith("scale :"))
    indent = next(line for line in lines if "method :" in line).split("method")[0]
    assert lines[i] == indent + "scale : (int, int) or None"
    assert (
        lines[i + 1]
        == indent + "    The survey's declared scale, e.g. ``(1, 10)`` or ``(1, 5)``. ``None``"
    )
    assert 'method : {"a", "b"}' in f.__doc__
    assert "{params." not in f.__doc__


def test_unknown_marker_is_an_error_at_import():
    with pytest.raises(AttributeError, match="no shared parameter description 'nope'"):
        DocstringComponents({}).fill("    {params.nope}\n")


def test_every_entry_starts_with_its_name():
    for name, text in PARAMS.entries.items():
        assert text.startswith(f"{name} : "), name
