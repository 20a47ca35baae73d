"""Checks made once, before any kernel starts: the survey's columns and the words of errors.

``nps-toolkit report`` reads the survey once with :func:`prepare_parameters`
before it starts the notebooks' kernels: a column named in ``--segments``,
``--drivers`` or ``--compare`` that is not in the survey is reported at once,
with the closest column name (:func:`check_columns`), and the columns
:func:`nps_toolkit.io.read_survey` finds by itself (score, comment, date) are
passed on to the notebooks by name, so every notebook analyses the same columns.

Errors name what the analyst typed: the flag (``--comment``) when the run comes
from the command, the parameter (``comment``) in JupyterLab (:func:`in_words`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

from nps_toolkit.report.parameters import PARAMETERS, resolve_data_path

__all__ = [
    "DETECTED",
    "check_columns",
    "closest",
    "command_wording",
    "in_words",
    "prepare_parameters",
]

#: Parameters :func:`nps_toolkit.io.read_survey` finds in the file when they are ``None``,
#: and the canonical column name it gives each.
DETECTED = ("score", "comment", "date")

_READ = ("score", "comment", "date", "respondent", "sheet", "header_row", "dayfirst")
_FLAGS = {p.name: p.flag for p in PARAMETERS if p.flag}
_FLAGS["by"] = _FLAGS["segments"]


def in_words(name: str, command: bool) -> str:
    """How a message names parameter ``name``: ``--comment`` (command) or ``comment`` (notebook).

    Examples
    --------
    >>> in_words("header_row", True), in_words("header_row", False)
    ('--header-row', 'header_row')
    """
    return _FLAGS.get(name, name) if command else name


def command_wording(message: str) -> str:
    """A message of :func:`nps_toolkit.io.read_survey` worded for the command line:
    ``pass comment= the one`` becomes ``pass --comment the one``.

    Examples
    --------
    >>> command_wording("Fix: pass header_row=3 or check score= and scale=.")
    'Fix: pass --header-row 3 or check --score and --scale.'
    """

    names = "|".join(sorted(map(re.escape, _FLAGS), key=len, reverse=True))

    def flag(match: re.Match) -> str:
        after = match.group(2)
        return _FLAGS[match.group(1)] + (" " if after and after not in ".,;)" else "")

    return re.sub(rf"(?<![\w-])({names})=(?=(\S)?)", flag, message)


def closest(name: str, columns: Sequence[str]) -> str | None:
    """The column whose name is closest to ``name`` (case ignored), or ``None``.

    Examples
    --------
    >>> closest("chanel", ["channel", "region"]), closest("xyz", ["channel"])
    ('channel', None)
    >>> closest("Region", ["channel", "region"])
    'region'
    """
    lowered = {str(c).lower(): str(c) for c in columns}
    match = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def check_columns(
    columns: Sequence[str],
    file: str,
    *,
    segments: Sequence[str] = (),
    drivers: Sequence[str] = (),
    compare: str | None = None,
    command: bool = False,
) -> None:
    """Raise if a segment, driver or comparison column is not in the survey.

    Parameters
    ----------
    columns : sequence of str
        The survey's columns.
    file : str
        The survey file, for the message.
    segments, drivers : sequence of str
        Segment and driver columns.
    compare : str, optional
        The experiment arm / before-after column.
    command : bool
        Word the message for ``nps-toolkit report`` (flags) instead of JupyterLab
        (parameters).

    Raises
    ------
    ValueError
        Naming each unknown column, the flag or parameter it came from, the
        closest column of the survey, and the fix.
    """
    kinds = {"segments": "segment", "drivers": "driver", "compare": "comparison"}
    asked = [("segments", n) for n in segments] + [("drivers", n) for n in drivers]
    asked += [("compare", compare)] if compare else []
    problems = []
    for param, name in asked:
        if name in columns:
            continue
        near = closest(name, columns)
        hint = f" (did you mean {near!r}?)" if near else ""
        if command:
            where = f"{in_words(param, True)} {name}: no column {name!r} in {file}"
        else:
            where = (
                f"{kinds[param]} column {name!r} (the `{param}` parameter; "
                f"`{in_words(param, True)}` with nps-toolkit report): not in {file}"
            )
        problems.append(where + hint)
    if problems:
        raise ValueError(
            "; ".join(problems)
            + f". Its columns are {', '.join(map(repr, columns))}. Fix: correct the name "
            "(case and spaces count) or remove it from the list."
        )


def prepare_parameters(params: Mapping, *, command: bool = False) -> dict:
    """Read the survey once and complete the notebooks' parameters from it.

    The column parameters left ``None`` that :func:`nps_toolkit.io.read_survey`
    finds (:data:`DETECTED`: score, comment, date) are set to the file's column
    name, so that every notebook uses them (e.g. the comment sections run on a
    comment column named "Why did you give this score?"). The segment, driver
    and comparison columns are checked (:func:`check_columns`).

    ``respondent`` is left as given: a platform's id that ``read_survey`` finds
    only flags repeated respondents, while a named one removes the repeats
    (``duplicates="latest"``), so naming it would change the rows analysed.

    Parameters
    ----------
    params : mapping
        Notebook parameters (``data_path`` a file or ``"demo"``).
    command : bool
        Errors name flags (``--segments``) rather than parameters.

    Returns
    -------
    dict
        ``params`` with the detected column names filled in.

    Raises
    ------
    ValueError
        The survey cannot be read with these parameters, or a named column is
        not in it; the message says what to fix.
    """
    from nps_toolkit.io.arrowtext import release_unused_memory
    from nps_toolkit.io.quality import ATTRS_KEY
    from nps_toolkit.io.read import read_survey

    params = dict(params)
    file = resolve_data_path(params["data_path"], "survey")
    kwargs = {k: params.get(k) for k in _READ}
    scale = params.get("scale")
    try:
        survey = read_survey(file, scale=tuple(scale) if scale else None, **kwargs)
    except ValueError as exc:
        raise ValueError(command_wording(str(exc)) if command else str(exc)) from None
    account = survey.attrs[ATTRS_KEY]
    check_columns(
        list(survey.columns),
        str(params["data_path"]),
        segments=params.get("segments") or (),
        drivers=params.get("drivers") or (),
        compare=params.get("compare"),
        command=command,
    )
    for name in DETECTED:
        if params.get(name) is None and account.columns.get(name) is not None:
            params[name] = account.columns[name]
    # the kernels read the survey again: this process need not keep its pages meanwhile
    del survey, account
    release_unused_memory()
    return params
