"""Numbers in words for the report's sentences: signed points, intervals, differences.

Shared by :mod:`nps_toolkit.report.summary` and the notebooks. Every function
returns plain text (digits, signs and spaces only), safe inside Markdown.
"""

from __future__ import annotations

__all__ = ["difference", "duration", "oriented_gap", "p_value", "points", "signed"]


def signed(x, digits: int = 1) -> str:
    """``x`` with its sign and ``digits`` decimals, never ``-0``.

    Examples
    --------
    >>> signed(3.44), signed(-8.51), signed(-0.04), signed(12.0, 0)
    ('+3.4', '-8.5', '0.0', '+12')
    """
    text = f"{x:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def points(x) -> str:
    """A whole number of NPS points with its sign (``"+12"``, ``"-3"``, ``"0"``).

    Examples
    --------
    >>> points(12.4), points(-2.6), points(0.3)
    ('+12', '-3', '0')
    """
    return signed(x, 0)


def duration(window: str) -> str:
    """A pandas length ("180D", "26W", "12h") in words ("180 days", "26 weeks").

    Anything else is returned as given (the report escapes it).

    Examples
    --------
    >>> duration("180D"), duration("26W"), duration("1D"), duration("90 days"), duration("12h")
    ('180 days', '26 weeks', '1 day', '90 days', '12 hours')
    """
    import re

    units = {"d": "day", "w": "week", "h": "hour", "min": "minute", "s": "second"}
    match = re.fullmatch(r"\s*(\d+)\s*(d|w|h|min|s)\s*", str(window), flags=re.IGNORECASE)
    if match is None:
        return str(window)
    n, unit = int(match.group(1)), units[match.group(2).lower()]
    return f"{n} {unit}{'' if n == 1 else 's'}"


def p_value(p) -> str:
    """``p = 0.012``, or ``p < 0.001`` for smaller values.

    Examples
    --------
    >>> p_value(0.01234), p_value(0.00001)
    ('p = 0.012', 'p < 0.001')
    """
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def difference(diff, ci_low, ci_high, significant, *, p_adj=None, unit: str = "points") -> str:
    """A difference with its 95% interval, worded by whether it is significant.

    Parameters
    ----------
    diff, ci_low, ci_high : float
        The difference and its 95% interval (not corrected for multiple comparisons).
    significant : bool
        Whether the test (after any correction) finds it significant.
    p_adj : float, optional
        The p-value corrected for multiple comparisons. Given, a difference whose
        interval excludes 0 but that is not significant after the correction says so.
    unit : str
        Unit after the number.

    Returns
    -------
    str
        ``"a difference of +12.0 points (95% interval +5.1 to +18.9)"`` when
        significant, ``"no evidence of a difference (+3.4 points, 95% interval
        -8.5 to +15.3)"`` when not.

    Examples
    --------
    >>> difference(3.44, -8.5, 15.3, False)
    'no evidence of a difference (+3.4 points, 95% interval -8.5 to +15.3)'
    >>> difference(-12, -18.9, -5.1, True)
    'a difference of -12.0 points (95% interval -18.9 to -5.1)'
    >>> difference(7.3, 0.4, 14.2, False, p_adj=0.09)
    'no evidence of a difference once the number of comparisons is taken into account (+7.3 points, 95% interval +0.4 to +14.2 before that correction; adjusted p = 0.09)'
    """
    interval = f"95% interval {signed(ci_low)} to {signed(ci_high)}"
    if significant:
        return f"a difference of {signed(diff)} {unit} ({interval})"
    if p_adj is not None and (ci_low > 0 or ci_high < 0):
        return (
            "no evidence of a difference once the number of comparisons is taken into account "
            f"({signed(diff)} {unit}, {interval} before that correction; adjusted {p_value(p_adj)})"
        )
    return f"no evidence of a difference ({signed(diff)} {unit}, {interval})"


def oriented_gap(pair) -> tuple:
    """A pair of groups with the gap made positive: ``(higher, lower, gap, ci_low, ci_high)``.

    ``pair`` is a row of :func:`nps_toolkit.score.significance.pairwise_nps`
    (``a``, ``b``, ``diff`` = NPS of ``a`` minus NPS of ``b``, ``ci_low``, ``ci_high``).

    Examples
    --------
    >>> oriented_gap({"a": "app", "b": "web", "diff": -15.0, "ci_low": -22.0, "ci_high": -8.0})
    ('web', 'app', 15.0, 8.0, 22.0)
    """
    if pair["diff"] >= 0:
        return pair["a"], pair["b"], pair["diff"], pair["ci_low"], pair["ci_high"]
    return pair["b"], pair["a"], -pair["diff"], -pair["ci_high"], -pair["ci_low"]
