"""The report's HTML: offline, sanitised pages, the network check, the index page.

What a page is guaranteed to be:

* **self-contained and offline**: figures are embedded PNG, the CSS is inlined,
  and the page loads nothing over the network (no require.js, MathJax or
  Mermaid from a CDN); :func:`external_resources` finds any resource the markup
  would load, and :func:`export_html` refuses to write a page that has one. Text
  (escaped comment text included) is never taken for markup;
* **safe to share**: the notebooks show comment text only through
  :func:`nps_toolkit.comments.privacy.redact_pii` and as escaped table/text output, and
  the exporter sanitises the HTML outputs with bleach, so a comment such as
  ``<script>alert(1)</script>`` is shown as text.
"""

from __future__ import annotations

import functools
import html
import os
import re
import threading
import time
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from nps_toolkit.report.errors import ReportError
from nps_toolkit.report.notebook import TITLES

__all__ = ["export_html", "external_resources", "md_escape", "warm_up", "write_index"]

_EXPORT_LOCK = threading.Lock()

# Elements that load what an attribute names (a page may *link* to the web with
# <a href>, but must not load anything from it).
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "object": ("data",),
    "input": ("src",),
    "link": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
}
_REMOTE = re.compile(r"^\s*((?:https?:)?//\S+)", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""url\(\s*["']?\s*((?:https?:)?//[^"')\s]+)|@import\s+["']((?:https?:)?//[^"']+)""",
    re.IGNORECASE,
)


class _Resources(HTMLParser):
    """Collects the remote URLs a page's markup would load: loading attributes of
    elements, ``style`` attributes and ``<style>`` sheets. Text is ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        loads = _LOADING.get(tag, ())
        for name, value in attrs:
            if value is None:
                continue
            if name in loads:
                urls = [u.strip().split()[0] for u in value.split(",") if u.strip()]
                urls = urls if name == "srcset" else [value]
                self.found += [m.group(1) for u in urls if (m := _REMOTE.match(u))]
            elif name == "style":
                self.found += [a or b for a, b in _CSS_URL.findall(value)]
        self._in_style = tag == "style" or self._in_style

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [a or b for a, b in _CSS_URL.findall(data)]


def external_resources(page: str) -> list[str]:
    """Network resources an HTML page would *load* (scripts, styles, images, fonts...).

    Only markup counts: the attributes of elements that load something, inline
    ``style`` attributes and ``<style>`` sheets. Plain links (``<a href>``) and
    text (an escaped comment reading ``url(http://x)`` or ``<img src=http://x>``)
    are not resources.

    Examples
    --------
    >>> external_resources('<script src="https://cdn.x/y.js"></script><a href="https://x">x</a>')
    ['https://cdn.x/y.js']
    >>> external_resources("<style>@font-face {src: url(//fonts.x/f.woff)}</style>")
    ['//fonts.x/f.woff']
    >>> external_resources("<p>url(http://x) &lt;img src=http://x&gt;</p>")
    []
    """
    parser = _Resources()
    parser.feed(page)
    parser.close()
    return parser.found


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


@functools.cache
def _exporter(show_code: bool):
    """One exporter per setting for the process (its templates compile once)."""
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

    Code cells are hidden unless ``show_code`` (a code cell without output is then
    left out, so it leaves no blank gap); HTML outputs are sanitised;
    nothing is loaded from the network (checked: :class:`ReportError` if the
    page would load a remote resource).

    Parameters
    ----------
    executed : path or nbformat.NotebookNode
        Executed notebook (a file, or the notebook :func:`run_notebook` returned).
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
    import nbformat

    html_path = Path(html_path)
    if isinstance(executed, str | os.PathLike):
        executed = Path(executed)
        name, nb = executed.stem, nbformat.read(executed, as_version=4)
    else:  # an executed notebook in memory (what run_notebook returns)
        name, nb = html_path.stem, nbformat.from_dict(executed)
    # papermill's parameter cells and error banners are not part of the report, and
    # with the code hidden a cell that showed nothing would leave a blank gap.
    nb.cells = [
        c
        for c in nb.cells
        if show_code
        or not (
            {"injected-parameters", "parameters", "papermill-error-cell-tag"}
            & set(c.get("metadata", {}).get("tags", []))
            or (c.get("cell_type") == "code" and not c.get("outputs"))
        )
    ]
    nb.metadata["title"] = title or TITLES.get(name, name)
    nb.metadata.pop("widgets", None)
    with _EXPORT_LOCK:  # one exporter is shared by the notebooks' threads
        body, _ = _exporter(show_code).from_notebook_node(nb)
    remote = external_resources(body)
    if remote:
        raise ReportError(
            f"{html_path.name} would load {len(remote)} resource(s) from the network "
            f"({', '.join(remote[:3])}); the report must be self-contained. The markup "
            "(not the text) loads it: a notebook output or the template does; fix that cell "
            "or report it to nps-toolkit."
        )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def warm_up(show_code: bool = False) -> None:
    """Import nbconvert and compile the page template now (a run calls this in a
    thread while the first kernels start, so the first page is not slower)."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell("warm-up")])
    with _EXPORT_LOCK:
        try:
            _exporter(show_code).from_notebook_node(nb)
        except Exception:  # the real export reports any problem
            pass


def write_index(
    out, entries: Sequence, *, title: str = "NPS report", written: Sequence[str] = ()
) -> Path:
    """Write ``out/index.html``: a self-contained page linking every report of the run.

    Failed notebooks are listed with their (escaped) error message and the
    executed notebook that holds the traceback.

    Parameters
    ----------
    out : path
        The output folder.
    entries : sequence of Entry
        One per notebook of the run (``name``, ``status``, ``html``, ``executed``,
        ``seconds``, ``error``).
    title : str
        Page title.
    written : sequence of str
        Files (relative to ``out``) this run wrote; the follow-up lists among them
        are linked. Files of other runs or of the user are never linked.
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
    files = sorted(f for f in written if Path(f).name.startswith("follow_up_list."))
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
