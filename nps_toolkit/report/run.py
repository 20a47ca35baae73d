"""Run the analysis notebooks and export them as self-contained, safe HTML reports.

The numbered notebooks in the repository's ``notebooks/`` folder are the
analysis; this module runs them with papermill on a given dataset (their
``parameters`` cell is overridden), keeps the executed notebooks, and exports
each to HTML with the code hidden (or shown), plus an ``index.html`` linking
them. ``nps-toolkit report`` (:mod:`nps_toolkit.report.cli`) is a thin shell around
:func:`run_report`.

What the HTML is guaranteed to be:

* **self-contained and offline**: figures are embedded PNG, the CSS is inlined,
  and the page loads nothing over the network (no require.js, MathJax or
  Mermaid from a CDN; :func:`external_resources` finds any such reference and
  :func:`export_html` refuses to write a page that has one);
* **safe to share**: the notebooks show comment text only through
  :func:`nps_toolkit.comments.privacy.redact_pii` and as escaped table/text output, and
  the exporter sanitises the HTML outputs (nbconvert's ``sanitize_html``), so a
  comment such as ``<script>alert(1)</script>`` is shown as text.

Running: the survey is read once (:func:`load_survey`, a cache of
:func:`nps_toolkit.io.read_survey` shared by the notebooks of one run and
deleted at the end); notebooks 01-03 run side by side (``jobs``), each in its
own kernel, and the executive summary (04) last, from the others' results.

Layout of an output folder ``OUT``::

    OUT/index.html               links to every report
    OUT/01-nps-overview.html ... one HTML page per notebook
    OUT/executed/*.ipynb         the executed notebooks (with tracebacks on failure)
    OUT/results/*.json           small machine-readable results of each notebook
    OUT/*follow_up*.csv/.xlsx    written by notebook 02
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from nps_toolkit.report.parameters import default_parameters
from nps_toolkit.report.results import read_results, write_results

__all__ = [
    "NOTEBOOKS",
    "NotebookError",
    "ReportError",
    "default_parameters",
    "export_html",
    "external_resources",
    "find_notebooks",
    "load_survey",
    "md_escape",
    "notebook_problems",
    "notebooks_dir",
    "read_results",
    "run_notebook",
    "run_report",
    "write_index",
    "write_results",
]

#: The report notebooks, in the order they run (04 reads the results of 01-03).
NOTEBOOKS = (
    "01-nps-overview",
    "02-detractor-comments",
    "03-nps-and-repeat-purchase",
    "04-report",
)

TITLES = {
    "01-nps-overview": "NPS overview: score, segments and trend",
    "02-detractor-comments": "Why detractors are unhappy: the comments",
    "03-nps-and-repeat-purchase": "Does NPS predict repeat purchase?",
    "04-report": "Executive summary",
}

# A page may link to the web (<a href>) but must not *load* anything from it.
_LOADED_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|embed|source|audio|video|object|link)\b[^>]*?"""
    r"""\b(?:src|href|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)"""
    r"""|url\(\s*["']?\s*((?:https?:)?//[^"')\s]+)"""
    r"""|@import\s+["']((?:https?:)?//[^"']+)""",
    re.IGNORECASE,
)

# The lab template without anything fetched from a CDN: require.js and the
# widget manager (not needed: no widgets in static reports), MathJax (no maths
# in the reports; "$" in text stays text) and Mermaid.
_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
main { max-width: 1100px; margin: 0 auto; }
.jp-RenderedHTMLCommon table { font-size: 12px; }
</style>
{%- endblock extra_css -%}
"""


class ReportError(RuntimeError):
    """The report could not be produced (missing notebooks, bad parameters, failures)."""


class NotebookError(ReportError):
    """A notebook cell failed while running; the message says where and why.

    Attributes
    ----------
    notebook : str
        Name of the notebook (e.g. ``"01-nps-overview"``).
    cell : int
        1-based position of the failing cell in the executed notebook.
    execution_count : int or None
        The ``In [n]`` number of the failing cell.
    source_line : str
        First line of the failing cell's source.
    ename, evalue : str
        Exception name and message raised in the cell.
    executed : pathlib.Path
        The executed notebook, which holds the full traceback.
    """

    def __init__(self, *, notebook, cell, execution_count, source_line, ename, evalue, executed):
        self.notebook = notebook
        self.cell = cell
        self.execution_count = execution_count
        self.source_line = source_line
        self.ename = ename
        self.evalue = evalue
        self.executed = Path(executed)
        count = f" (In [{execution_count}])" if execution_count is not None else ""
        super().__init__(
            f"notebook {notebook} failed at cell {cell}{count}: `{source_line}`\n"
            f"  {ename}: {evalue}\n"
            f"  full traceback in the executed notebook: {self.executed}"
        )


def notebooks_dir() -> Path:
    """The repository's ``notebooks/`` folder (the kit is installed editable).

    Raises
    ------
    ReportError
        If the folder is not there (e.g. the kit was installed from a wheel).
    """
    import nps_toolkit

    folder = Path(nps_toolkit.__file__).resolve().parents[1] / "notebooks"
    if not folder.is_dir():
        raise ReportError(
            f"the report notebooks were not found in {folder}: the report command runs the "
            "notebooks of a repository checkout. Clone the nps-toolkit repository and install it "
            "with `pip install -e .`, or pass notebooks= to run_report."
        )
    return folder


def find_notebooks(only: Sequence[str] | None = None, directory=None) -> list[Path]:
    """Paths of the report notebooks to run, in running order.

    Parameters
    ----------
    only : sequence of str, optional
        Prefixes or names of the notebooks to keep, e.g. ``["01", "03"]``.
    directory : path, optional
        Folder holding the notebooks (default :func:`notebooks_dir`).

    Examples
    --------
    >>> [p.name for p in find_notebooks(["01", "04"])]
    ['01-nps-overview.ipynb', '04-report.ipynb']
    """
    folder = Path(directory) if directory is not None else notebooks_dir()
    names = list(NOTEBOOKS)
    if only:
        wanted = [str(o).strip() for o in only if str(o).strip()]
        unknown = [w for w in wanted if not any(n.startswith(w) for n in names)]
        if unknown:
            raise ReportError(
                f"--only: no report notebook matches {unknown}; choose among "
                f"{', '.join(n.split('-')[0] for n in names)} ({', '.join(names)})."
            )
        names = [n for n in names if any(n.startswith(w) for w in wanted)]
    paths = [folder / f"{n}.ipynb" for n in names]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise ReportError(
            f"report notebooks missing from {folder}: {', '.join(missing)}. "
            "Restore them from the repository."
        )
    return paths


def run_notebook(
    notebook,
    executed,
    parameters: Mapping | None = None,
    *,
    cwd=None,
    progress: bool | dict = True,
    kernel_name: str = "python3",
    timeout: int | None = 1800,
) -> Path:
    """Execute one notebook with papermill and save the executed copy.

    Parameters
    ----------
    notebook : path
        The notebook to run (its ``parameters`` cell gets overridden).
    executed : path
        Where to write the executed notebook (also written on failure).
    parameters : mapping, optional
        Values injected after the ``parameters`` cell.
    cwd : path, optional
        Working folder of the kernel (default: the notebook's folder).
    progress : bool or dict
        Show a progress bar of the cells (a dict: extra tqdm options).
    kernel_name : str
        Jupyter kernel to use.
    timeout : int, optional
        Seconds allowed per cell.

    Returns
    -------
    pathlib.Path
        ``executed``.

    Raises
    ------
    NotebookError
        When a cell raises: the message names the notebook, the cell, the first
        line of its source, the exception and the executed notebook's path.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, executed = Path(notebook), Path(executed)
    executed.parent.mkdir(parents=True, exist_ok=True)
    # Kernels draw with Agg (inline PNG through %matplotlib inline), no display needed.
    os.environ.setdefault("MPLBACKEND", "Agg")
    bar = False
    if progress:
        bar = {"desc": notebook.stem, "leave": True}
        bar.update(progress if isinstance(progress, dict) else {})
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=dict(parameters or {}),
            kernel_name=kernel_name,
            language="python",
            progress_bar=bar,
            cwd=str(cwd if cwd is not None else notebook.parent),
            execution_timeout=timeout,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        source = next((line for line in str(exc.source).splitlines() if line.strip()), "")
        raise NotebookError(
            notebook=notebook.stem,
            cell=_failing_cell(executed, exc.exec_count, exc.cell_index),
            execution_count=exc.exec_count,
            source_line=source.strip(),
            ename=exc.ename,
            evalue=_strip_ansi(str(exc.evalue)),
            executed=executed,
        ) from None
    except Exception as exc:  # kernel died, timed out, could not start...
        raise ReportError(
            f"notebook {notebook.stem} could not be run: {type(exc).__name__}: "
            f"{_strip_ansi(str(exc)).strip()[:500]}\n"
            f"  the executed notebook so far: {executed}"
        ) from exc
    return executed


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _failing_cell(executed: Path, exec_count, cell_index) -> int:
    """1-based position of the failing cell in the notebook as written (not counting
    papermill's injected cells), found from the executed copy."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # the executed copy could not be read: fall back on papermill's index
        return int(cell_index) + 1
    position = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            continue
        position += 1
        if cell.cell_type == "code" and (
            cell.get("metadata", {}).get("papermill", {}).get("exception")
            or (exec_count is not None and cell.get("execution_count") == exec_count)
        ):
            return position
    return int(cell_index) + 1


def external_resources(page: str) -> list[str]:
    """Network resources an HTML page would *load* (scripts, styles, images, fonts...).

    Plain links (``<a href="https://...">``) are not resources and are not listed.

    Examples
    --------
    >>> external_resources('<script src="https://cdn.x/y.js"></script><a href="https://x">x</a>')
    ['https://cdn.x/y.js']
    >>> external_resources("<style>@font-face {src: url(//fonts.x/f.woff)}</style>")
    ['//fonts.x/f.woff']
    """
    return [next(g for g in match.groups() if g) for match in _LOADED_RESOURCE.finditer(page)]


# What the report pages may contain in HTML and Markdown outputs: the markup pandas
# tables, Markdown prose and embedded images need, and nothing that runs. Everything
# else is escaped (so it shows as text). nbconvert's own `clean_html` filter would
# escape headings, paragraphs and table headers as well.
_ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "code", "div", "em", "hr", "i"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "img", "li", "ol", "p", "pre", "small", "span"),
        *("strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
        "style",
    }
)
_ALLOWED_ATTRIBUTES = {
    "*": ["class", "id", "title", "style"],
    "a": ["href", "title", "class", "id"],
    "img": ["src", "alt", "width", "height", "class"],
    "table": ["border", "class", "id"],
    "th": ["colspan", "rowspan", "class", "style", "halign", "valign"],
    "td": ["colspan", "rowspan", "class", "style"],
    "style": ["scoped", "type"],
}


def _clean_html(fragment) -> str:
    """Sanitise an HTML fragment (an output or rendered Markdown) with bleach."""
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    cleaned = bleach.clean(
        text,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        protocols=["http", "https", "mailto"],
        css_sanitizer=CSSSanitizer(),
        strip_comments=True,
    )
    # --- issue 11 (redaction gaps): table cells that are an e-mail address or a phone
    # number (a respondent id that is a contact detail) are masked on every page.
    from nps_toolkit.comments.privacy import mask_html_tables

    cleaned = mask_html_tables(cleaned)
    # --- end issue 11
    return cleaned


def _exporter(show_code: bool):
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"nps_report.html.j2": _TEMPLATE})],
        template_file="nps_report.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        sanitize_html=True,
        filters={"clean_html": _clean_html},
    )


def export_html(executed, html_path, *, show_code: bool = False, title: str | None = None) -> Path:
    """Export an executed notebook to one self-contained HTML page.

    Code cells are hidden unless ``show_code``; HTML outputs are sanitised;
    nothing is loaded from the network (checked: :class:`ReportError` if the
    page would load a remote resource).

    Parameters
    ----------
    executed : path
        Executed notebook.
    html_path : path
        The page to write.
    show_code : bool
        Keep the code cells (for an analyst audience).
    title : str, optional
        Page title (default: the notebook's file name).

    Returns
    -------
    pathlib.Path
        ``html_path``.
    """
    executed, html_path = Path(executed), Path(html_path)
    nb = nbformat.read(executed, as_version=4)
    # papermill's parameter cells and error banners are not part of the report.
    nb.cells = [
        c
        for c in nb.cells
        if not {"injected-parameters", "parameters", "papermill-error-cell-tag"}
        & set(c.get("metadata", {}).get("tags", []))
        or show_code
    ]
    nb.metadata["title"] = title or TITLES.get(executed.stem, executed.stem)
    nb.metadata.pop("widgets", None)
    body, _ = _exporter(show_code).from_notebook_node(nb)
    remote = external_resources(body)
    if remote:
        raise ReportError(
            f"{html_path.name} would load {len(remote)} resource(s) from the network "
            f"({', '.join(remote[:3])}); the report must be self-contained. This is a bug in "
            "nps_toolkit.report's template: please report it."
        )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path


@dataclass
class _Entry:
    name: str
    status: str  # "ok" or "failed"
    html: Path | None = None
    executed: Path | None = None
    seconds: float = 0.0
    error: str = ""
    exception: Exception | None = None


@dataclass
class ReportResult:
    """What :func:`run_report` produced."""

    out: Path
    index: Path
    entries: list[_Entry] = field(default_factory=list)

    @property
    def failed(self) -> list[_Entry]:
        return [e for e in self.entries if e.status != "ok"]

    @property
    def html(self) -> list[Path]:
        return [e.html for e in self.entries if e.html is not None]


def write_index(out, entries: Sequence[_Entry], *, title: str = "NPS report") -> Path:
    """Write ``out/index.html``: a self-contained page linking every report.

    Failed notebooks are listed with their (escaped) error message and the
    executed notebook that holds the traceback.
    """
    out = Path(out)
    items = []
    for e in entries:
        label = html.escape(TITLES.get(e.name, e.name))
        if e.status == "ok" and e.html is not None:
            items.append(
                f'<li><a href="{html.escape(e.html.name, quote=True)}">{label}</a> '
                f'<span class="muted">({html.escape(e.name)}, {e.seconds:.0f} s)</span></li>'
            )
        else:
            where = html.escape(os.path.relpath(e.executed, out)) if e.executed else ""
            items.append(
                f'<li>{label} <span class="failed">failed</span>'
                f"<pre>{html.escape(e.error)}</pre>"
                + (f'<span class="muted">traceback: {where}</span>' if where else "")
                + "</li>"
            )
    files = sorted(p.name for p in out.glob("follow_up_list.*"))
    downloads = (
        "<p>Follow-up list of detractors (comments redacted unless the report was run with "
        "--no-redact): "
        + ", ".join(f'<a href="{html.escape(f, quote=True)}">{html.escape(f)}</a>' for f in files)
        + ".</p>"
        if files
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 760px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }}
li {{ margin: 0.6em 0; }} .muted {{ color: #777; font-size: 90%; }}
.failed {{ color: #b00020; font-weight: bold; }}
pre {{ white-space: pre-wrap; background: #f6f6f6; padding: 0.5em; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>Generated by nps-toolkit on {time.strftime("%Y-%m-%d %H:%M")}. Each report explains what is
computed and how to read it; intervals are 95% unless stated otherwise.</p>
<ol>
{chr(10).join(items)}
</ol>
{downloads}
</body>
</html>
"""
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def run_report(
    parameters: Mapping | None = None,
    out="reports",
    *,
    only: Sequence[str] | None = None,
    show_code: bool = False,
    progress: bool = True,
    notebooks=None,
    kernel_name: str = "python3",
    raise_on_error: bool = True,
    jobs: int = 1,
) -> ReportResult:
    """Run the report notebooks on a dataset and write HTML reports to ``out``.

    Every notebook runs even if an earlier one failed (the index lists the
    failure); at the end a :class:`NotebookError` (one failure) or
    :class:`ReportError` (several) is raised unless ``raise_on_error=False``.

    Parameters
    ----------
    parameters : mapping, optional
        Notebook parameters (see :func:`default_parameters`, which is the
        default). ``out_dir`` is set to ``out``.
    out : path
        Output folder (created).
    only : sequence of str, optional
        Notebook prefixes to run, e.g. ``["01", "03"]``.
    show_code : bool
        Keep the code in the HTML.
    progress : bool
        Progress bar per notebook.
    notebooks : path or sequence of paths, optional
        A folder of notebooks, or explicit notebook files (default: the
        repository's ``notebooks/``).
    kernel_name : str
        Jupyter kernel.
    raise_on_error : bool
        Raise after writing the index if a notebook failed.
    jobs : int
        Notebooks run side by side (each in its own kernel); the executive
        summary (04) always runs after the others.

    Returns
    -------
    ReportResult
        Output folder, index path and one entry per notebook.
    """
    out = Path(out).resolve()
    (out / "executed").mkdir(parents=True, exist_ok=True)
    (out / "results").mkdir(parents=True, exist_ok=True)
    params = dict(default_parameters() if parameters is None else parameters)
    params["out_dir"] = str(out)
    if notebooks is None or isinstance(notebooks, str | os.PathLike):
        paths = find_notebooks(only, notebooks)
    else:
        paths = [Path(p) for p in notebooks]

    _preload(params, out, paths)

    def one(path: Path, position: int) -> _Entry:
        executed = out / "executed" / path.name
        begin = time.perf_counter()
        try:
            run_notebook(
                path,
                executed,
                params,
                cwd=path.parent,
                progress={"position": position} if progress else False,
                kernel_name=kernel_name,
            )
            page = export_html(executed, out / f"{path.stem}.html", show_code=show_code)
        except ReportError as exc:
            return _Entry(
                path.stem, "failed", None, executed, time.perf_counter() - begin, str(exc), exc
            )
        return _Entry(path.stem, "ok", page, executed, time.perf_counter() - begin)

    # 04 (the summary) reads the others' results: it runs last; the others may run
    # side by side (each in its own kernel process).
    first = [p for p in paths if p.stem != "04-report"]
    last = [p for p in paths if p.stem == "04-report"]
    if jobs > 1 and len(first) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            entries = list(pool.map(one, first, range(len(first))))
    else:
        entries = [one(p, 0) for p in first]
    entries += [one(p, 0) for p in last]
    shutil.rmtree(out / "cache", ignore_errors=True)
    index = write_index(out, entries, title=f"NPS report: {params.get('title') or 'survey'}")
    (out / "results" / "run.json").write_text(
        json.dumps(
            {
                e.name: {"status": e.status, "seconds": round(e.seconds, 1), "error": e.error}
                for e in entries
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    result = ReportResult(out, index, entries)
    failed = result.failed
    if failed and raise_on_error:
        if len(failed) == 1 and failed[0].exception is not None:  # keep its type
            raise failed[0].exception
        raise ReportError(
            f"{len(failed)} of {len(entries)} notebooks failed (see {index}):\n\n"
            + "\n\n".join(e.error for e in failed)
        )
    return result


def _preload(params: Mapping, out: Path, paths: Sequence[Path]) -> None:
    """Read the survey once, before the notebooks, into the cache they share."""
    data_path = params.get("data_path")
    if not data_path or all(p.stem == "04-report" for p in paths):
        return
    if not Path(data_path).is_file():
        raise ReportError(f"survey file not found: {data_path}. Fix: check --data.")
    kwargs = {
        "out_dir": out,
        "score": params.get("score"),
        "comment": params.get("comment"),
        "date": params.get("date"),
        "respondent": params.get("respondent"),
        "scale": tuple(params.get("scale") or (0, 10)),
    }
    # In a short-lived process: the runner stays small while the kernels work.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pool.submit(_preload_worker, str(data_path), kwargs).result()
    except (ValueError, KeyError, OSError) as exc:
        raise ReportError(f"could not read the survey {data_path}:\n  {exc}") from exc


def _preload_worker(data_path: str, kwargs: dict) -> None:
    load_survey(data_path, **kwargs)


def notebook_problems(path) -> list[str]:
    """Why a notebook is not fit to commit: outputs, execution counts, no ``parameters`` cell.

    Returns an empty list for a clean notebook.
    """
    nb = nbformat.read(Path(path), as_version=4)
    problems = []
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        problems.append(f"{len(tagged)} cells tagged 'parameters' (need exactly one)")
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
    return problems


def md_escape(value) -> str:
    """Text from the data made safe to put in a Markdown sentence.

    HTML is escaped and Markdown's special characters are backslashed, so a
    segment called ``<b>x</b>`` or ``[x](javascript:...)`` shows as written.

    Examples
    --------
    >>> md_escape("<b>app</b> [x](javascript:alert(1)) *")
    '&lt;b&gt;app&lt;/b&gt; \\\\[x\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\) \\\\*'
    """
    text = html.escape(str(value), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+\-!|~$>])", r"\\\1", text)


def _cache_key(data_path, kwargs: Mapping) -> str:
    import hashlib

    path = Path(data_path).resolve()
    stat = path.stat()
    text = json.dumps(
        [str(path), stat.st_size, stat.st_mtime_ns, sorted((k, repr(v)) for k, v in kwargs.items())]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_survey(data_path, *, out_dir=None, **kwargs):
    """:func:`nps_toolkit.io.read_survey`, cached for the notebooks of one report run.

    The report notebooks all load the same file; on a large survey reading it
    (encoding detection, validation, the row-by-row account) is the slow part,
    so the first read is pickled to ``out_dir/cache/`` (with its account) and
    later reads with the same file (path, size, modification time) and the same
    arguments reuse it. Without ``out_dir`` this is plain ``read_survey``.

    Parameters
    ----------
    data_path : path
        Survey file.
    out_dir : path, optional
        Report output folder holding the cache.
    **kwargs
        Arguments of :func:`nps_toolkit.io.read_survey` (``score``, ``comment``,
        ``date``, ``respondent``, ``scale``...).

    Returns
    -------
    pandas.DataFrame
        What ``read_survey`` returns, account included (``quality_report`` works on it).
    """
    import pandas as pd

    from nps_toolkit.io.read import read_survey

    if out_dir is None:
        return read_survey(data_path, **kwargs)
    cache = Path(out_dir) / "cache" / f"survey-{_cache_key(data_path, kwargs)}.pkl"
    if cache.exists():
        return pd.read_pickle(cache)
    survey = read_survey(data_path, **kwargs)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(f".{os.getpid()}.tmp")
    survey.to_pickle(partial)
    partial.replace(cache)  # atomic: a notebook running alongside never reads half a file
    return survey
