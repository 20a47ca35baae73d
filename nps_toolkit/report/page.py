"""What every report page shows the same way: the survey's title, its sections and tables.

The report notebooks show the ``title`` parameter as the first heading of the
page (:func:`title_heading`), so a page printed or forwarded on its own still
says which survey it is about; every result table through :func:`page_table`
(:func:`nps_toolkit.report.tables.style_table` after dropping a ``note``
column with nothing in it and showing dates as dates); and the sections that
may have no data through :class:`Sections`: a section that runs shows its
heading and explanation, numbered after the sections shown before it; one
without data shows one sentence instead (issue 14 item 7).
"""

from __future__ import annotations

from nps_toolkit.report.html import md_escape
from nps_toolkit.report.tables import style_table

__all__ = ["Sections", "page_table", "title_heading"]


def title_heading(title, page: str | None = None) -> str:
    """The Markdown heading naming the survey (and the page), Markdown-escaped.

    Parameters
    ----------
    title : str or None
        The ``title`` parameter (the survey's name). ``None`` or blank: the page
        name alone, or ``""`` when there is no page name either.
    page : str, optional
        What the page is, e.g. ``"NPS overview"``; follows the title after a dash.

    Returns
    -------
    str
        ``"# Demo shop: NPS overview"``; text from the parameters is escaped, so a
        title such as ``"*Q3* <b>"`` is shown as written, never as markup.

    Examples
    --------
    >>> title_heading("Demo shop", "NPS overview")
    '# Demo shop: NPS overview'
    >>> title_heading(None, "Executive summary"), title_heading("  ")
    ('# Executive summary', '')
    """
    name = "" if title is None else " ".join(str(title).split())
    parts = [md_escape(x) for x in (name, page) if x]
    return "# " + ": ".join(parts) if parts else ""


def page_table(df, *, notes=("note",), **options):
    """A result table as a report page shows it (a pandas ``Styler``).

    Parameters
    ----------
    df : DataFrame
        The table.
    notes : iterable of str
        Note columns (empty text when there is nothing to note): left out when
        no row has a note; otherwise a row without one reads "-" (not "(missing)").
    **options
        Passed to :func:`nps_toolkit.report.tables.style_table` (``percent=``,
        ``decimals=``, ``caption=``...).

    Returns
    -------
    pandas.io.formats.style.Styler
        As :func:`~nps_toolkit.report.tables.style_table`; date columns whose
        values are all at midnight read ``2024-03-01`` (no ``00:00:00``), and
        dates are never wrapped; a list column empty on every row (the
        ``source_rows`` of a survey with nothing excluded) is left out.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2024-03-01"]), "n": [5], "note": [""]})
    >>> html = page_table(t).to_html()
    >>> "2024-03-01" in html, "00:00:00" in html, "note" in html
    (True, False, False)
    """
    import pandas as pd

    for col in [c for c in notes if c in df]:
        blank = df[col].isna() | df[col].astype(str).str.strip().eq("")
        df = df.drop(columns=col) if blank.all() else df.assign(**{col: df[col].mask(blank, "-")})
    # list columns (source_rows, lines) with an empty list on every row say nothing
    empty_lists = [
        c
        for c in df.columns
        if df[c].dtype == object
        and len(df)
        and df[c].map(lambda v: isinstance(v, (list, tuple)) and len(v) == 0).all()
    ]
    df = df.drop(columns=empty_lists)
    dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    for col in dates:
        values = df[col]
        if values.dropna().eq(values.dropna().dt.normalize()).all():
            df = df.assign(**{col: values.dt.strftime("%Y-%m-%d")})
    styler = style_table(df, **options)
    if dates:  # a date never breaks at its hyphens
        styler = styler.set_properties(subset=dates, **{"white-space": "nowrap"})
    return styler


class Sections:
    """The sections of a report page that may have no data, numbered as they are shown.

    Parameters
    ----------
    texts : mapping of str to str
        Each section's Markdown heading and explanation. ``{n}`` in a text is
        its number: the sections shown get consecutive numbers from ``first``,
        so a skipped section leaves no gap. A text without ``{n}`` (a
        sub-section) takes no number.
    first : int, default 1
        Number of the first numbered section shown (sections before it are
        fixed Markdown cells of the notebook).

    Examples
    --------
    >>> s = Sections({"a": "## {n}. Trend", "b": "## {n}. Arms", "c": "### Benchmark"}, first=4)
    >>> s.text("a", runs=False, skipped="No date: no trend.")
    'No date: no trend.'
    >>> s.text("b"), s.text("c")
    ('## 4. Arms', '### Benchmark')
    """

    def __init__(self, texts, first: int = 1):
        self.texts = dict(texts)
        self.next = int(first)
        self.numbers: dict[str, int] = {}  # a cell run again in JupyterLab keeps its number

    def text(self, name: str, runs: bool = True, skipped: str | None = None) -> str | None:
        """The section's numbered heading and explanation when it runs; otherwise ``skipped``.

        Parameters
        ----------
        name : str
            A key of ``texts``.
        runs : bool
            Whether the section has data to show.
        skipped : str, optional
            The one sentence shown instead when it does not run (None: nothing).

        Returns
        -------
        str or None
        """
        if name not in self.texts:
            raise ValueError(f"section {name!r}: use one of {', '.join(self.texts)}.")
        if not runs:
            return skipped
        text = self.texts[name]
        if "{n}" in text:
            if name not in self.numbers:
                self.numbers[name] = self.next
                self.next += 1
            text = text.replace("{n}", str(self.numbers[name]))
        return text

    def show(self, name: str, runs: bool = True, skipped: str | None = None) -> None:
        """Display :meth:`text` as Markdown in a notebook (nothing when it is None)."""
        said = self.text(name, runs, skipped)
        if said:
            from IPython.display import Markdown, display

            display(Markdown(said))
