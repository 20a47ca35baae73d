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
    assert lines[i] == "    scale : (int, int) or None"
    assert lines[i + 1].startswith("        The survey's declared scale")
    assert 'method : {"a", "b"}' in f.__doc__
    assert "{params." not in f.__doc__


def test_unknown_marker_is_an_error_at_import():
    with pytest.raises(AttributeError, match="no shared parameter description 'nope'"):
        DocstringComponents({}).fill("    {params.nope}\n")


def test_every_entry_starts_with_its_name():
    for name, text in PARAMS.entries.items():
        assert text.startswith(f"{name} : "), name
