"""Parameter descriptions written once and shared by every docstring (after seaborn's
``_docstrings.DocstringComponents``).

A docstring names a shared description with ``{params.<name>}`` at the place of
its whole numpydoc entry (name, type line and text); :func:`share_docs` fills it
in at import, so ``help()`` and the rendered docs show the full text. Only
``{params.<name>}`` markers are replaced: braces elsewhere (``{"wald", ...}``)
are left alone.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["PARAMS", "DocstringComponents", "share_docs"]


class DocstringComponents:
    """Named numpydoc parameter entries, written without indentation."""

    def __init__(self, entries: dict[str, str]):
        self.entries = {k: textwrap.dedent(v).strip("\n") for k, v in entries.items()}

    def __getattr__(self, name: str) -> str:
        try:
            return self.entries[name]
        except KeyError:
            raise AttributeError(f"no shared parameter description {name!r}") from None

    def fill(self, doc: str) -> str:
        """Replace each ``{params.<name>}`` line of ``doc`` by its entry, indented like it."""

        def entry(match: re.Match) -> str:
            indent, name = match.group(1), match.group(2)
            return textwrap.indent(getattr(self, name), indent)

        return re.sub(r"^([ \t]*)\{params\.(\w+)\}[ \t]*$", entry, doc, flags=re.M)


PARAMS = DocstringComponents(
    {
        "data": """
            data : pandas.DataFrame
                The survey, one row per response.""",
        "score": """
            score : str
                Column of the 0-10 (or declared-scale) likelihood-to-recommend answers.""",
        "by": """
            by : str or list of str
                Column(s) to group by; one row per combination in the result.""",
        "comment": """
            comment : str
                Column of the free-text "why?" answers.""",
        "date": """
            date : str
                Column of the response date (parsed if it is text).""",
        "scale": """
            scale : (int, int) or None
                The survey's declared scale, e.g. ``(1, 10)`` or ``(1, 5)``. ``None``
                means the standard 0-10, with a guard against undeclared five-point
                data (the rule is :func:`nps_toolkit.score.scales.decide_scale`'s); pass
                ``scale=(0, 10)`` to confirm such data really is 0-10.""",
        "thresholds": """
            thresholds : (int, int) or None
                ``(passive_min, promoter_min)``: needed for scales without standard
                cut-offs (see :data:`nps_toolkit.score.scales.SCALES`); overrides the
                table otherwise.""",
        "confidence": """
            confidence : float
                Interval level, e.g. 0.95; tests call a result significant at
                ``1 - confidence``.""",
        "method": """
            method : {"adjusted_wald", "wald", "bootstrap", "bayes"}
                Interval method: Rocks' adjusted Wald (default), Wald, seeded
                percentile bootstrap, or the Dirichlet posterior; see
                :mod:`nps_toolkit.score.stats`.""",
        "seed": """
            seed : int
                Seed of the random draws (bootstrap, Bayesian draws, folds), so a
                rerun gives the same numbers.""",
        "outcome": """
            outcome : str
                Column of the binary outcome (True/False or 0/1), e.g.
                ``"repeat_purchase"``.""",
        "censored": """
            censored : str or None
                Column flagging censored rows (from
                :func:`nps_toolkit.repeat.outcomes.repeat_purchase`); they are
                excluded and counted. ``None`` (or a column that is absent) uses
                every row.""",
        "controls": """
            controls : list of str, optional
                Extra columns. Text/categorical ones are one-hot encoded against
                their most frequent level; numeric ones enter linearly.""",
        "predictor": """
            predictor : {"category", "score", "top2box"}
                How the score enters: passive and promoter dummies (detractors the
                reference), linear in the raw score, or promoter vs the rest.""",
        "weights": """
            weights : str or None
                Column of survey weights (e.g. from raking); ``None`` weights every
                response equally. Weighted intervals use the Taylor-linearised
                variance.""",
    }
)


def share_docs(func):
    """Decorator: fill the ``{params.<name>}`` markers of ``func.__doc__``."""
    if func.__doc__:
        func.__doc__ = PARAMS.fill(func.__doc__)
    return func
