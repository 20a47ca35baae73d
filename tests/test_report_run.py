"""Tests of nps_toolkit.report: HTML export (offline, escaped), index, results, errors."""

from __future__ import annotations

import json
import re

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from nps_toolkit.report.run import (
    NOTEBOOKS,
    Entry,
    NotebookError,
    ReportError,
    export_html,
    external_resources,
    find_notebooks,
    md_escape,
    notebook_problems,
    read_results,
    run_report,
    write_index,
    write_results,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x","click")',
]


def _live_markup(page: str) -> list[str]:
    """Executable markup a page contains: script tags, event handlers, javascript: URLs."""
    found = re.findall(r"<script\b(?![^>]*type=\"text/x-mathjax-config\")[^>]*>", page, re.I)
    found += re.findall(r"<[^>]+\son\w+\s*=", page, re.I)
    found += re.findall(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", page, re.I)
    return found


# ------------------------------------------------------------------ external_resources
@pytest.mark.parametrize(
    "page, expected",
    [
        ('<script src="https://cdn.example/x.js"></script>', ["https://cdn.example/x.js"]),
        ("<link rel=stylesheet href='http://fonts.example/f.css'>", ["http://fonts.example/f.css"]),
        ('<img alt="" src="https://x.example/p.png">', ["https://x.example/p.png"]),
        ("<style>@import 'https://x.example/a.css';</style>", ["https://x.example/a.css"]),
        ("<style>b {background: url( //x.example/b.png )}</style>", ["//x.example/b.png"]),
        ('<a href="https://example.org">a link is fine</a>', []),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', []),
        ("<p>see https://example.org in the text</p>", []),
        # escaped comment text is text, not markup
        ("<td>url(http://x.example/a.png)</td>", []),
        ("<td>&lt;img src=http://x.example/p.png&gt;</td>", []),
        ("<pre>@import 'http://x.example/a.css'; &lt;script src=//x.example/s.js&gt;</pre>", []),
        # markup that loads: attributes, srcset, inline style
        ("<img src=http://x.example/p.png>", ["http://x.example/p.png"]),
        ('<img srcset="a.png 1x, https://x.example/b.png 2x">', ["https://x.example/b.png"]),
        ("<div style=\"background: url('//x.example/b.png')\">t</div>", ["//x.example/b.png"]),
        ('<video poster="https://x.example/p.jpg"></video>', ["https://x.example/p.jpg"]),
    ],
)
def test_external_resources(page, expected):
    assert external_resources(page) == expected


def test_comment_text_with_urls_does_not_block_the_page(tmp_path):
    comments = ["url(http://x.example/a.png) is broken", "<img src=http://x.example/p.png>"]
    frame = pd.DataFrame({"comment": comments, "score": [0, 1]})
    nb = new_notebook()
    cell = new_code_cell("frame", execution_count=1)
    cell.outputs = [
        new_output(
            "execute_result",
            data={"text/html": frame._repr_html_(), "text/plain": frame.to_string()},
            execution_count=1,
        )
    ]
    text = new_code_cell("print(...)", execution_count=2)
    text.outputs = [new_output("stream", name="stdout", text="\n".join(comments))]
    nb.cells = [cell, text]
    page = export_html(nb, tmp_path / "comments.html").read_text()
    assert "url(http://x.example/a.png) is broken" in page
    assert "&lt;img src=http://x.example/p.png&gt;" in page
    assert external_resources(page) == []


def test_real_remote_markup_blocks_the_page(tmp_path):
    nb = new_notebook()
    cell = new_code_cell("HTML(...)", execution_count=1)
    # what a sanitised output may keep: an <img> whose src is a web address
    cell.outputs = [
        new_output("display_data", data={"text/html": '<img src="http://x.example/p.png">'})
    ]
    nb.cells = [cell]
    with pytest.raises(ReportError, match=r"would load 1 resource.*http://x.example/p.png"):
        export_html(nb, tmp_path / "remote.html")
    assert not (tmp_path / "remote.html").exists()


# ------------------------------------------------------------------ export_html
@pytest.fixture
def hostile_notebook(tmp_path):
    """An executed-looking notebook whose outputs carry hostile comment text the
    way the report notebooks show it (a pandas table, plain text), plus a raw
    HTML output that no notebook should produce (the sanitiser must defuse it)."""
    frame = pd.DataFrame({"comment": HOSTILE, "score": [0, 1, 2, 3]})
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    table = new_code_cell("frame", execution_count=1)
    table.outputs = [
        new_output(
            "execute_result",
            data={"text/html": frame._repr_html_(), "text/plain": frame.to_string()},
            execution_count=1,
        )
    ]
    text = new_code_cell("print(...)", execution_count=2)
    text.outputs = [new_output("stream", name="stdout", text="\n".join(HOSTILE))]
    raw = new_code_cell("HTML(...)", execution_count=3)
    raw.outputs = [
        new_output(
            "display_data",
            data={"text/html": "<div>" + HOSTILE[0] + HOSTILE[1] + "</div>"},
        )
    ]
    silent = new_code_cell("quiet_cell_marker = 2", execution_count=5)  # shows nothing
    params = new_code_cell("secret_parameter = 1", execution_count=4)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Report with $x$ and a [link](https://example.org)"), params]
    nb.cells += [table, silent, text, raw]
    path = tmp_path / "hostile.ipynb"
    nbformat.write(nb, path)
    return path


def test_export_html_is_offline_escaped_and_hides_code(hostile_notebook, tmp_path):
    page_path = export_html(hostile_notebook, tmp_path / "hostile.html")
    page = page_path.read_text(encoding="utf-8")
    assert external_resources(page) == []
    assert _live_markup(page) == []
    # the hostile strings are shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[x](javascript:alert(1))" in page  # inert text, not a link
    assert "HYPERLINK" in page
    # code hidden, parameters cell dropped, the markdown link kept as a plain link
    assert "secret_parameter" not in page
    assert "print(...)" not in page and '<div class="highlight' not in page
    assert '<a href="https://example.org"' in page
    # cells: markdown, table, text, raw; the code cell that showed nothing leaves no gap
    assert page.count('class="jp-Cell ') == 4


def test_export_html_show_code(hostile_notebook, tmp_path):
    page = export_html(hostile_notebook, tmp_path / "code.html", show_code=True).read_text()
    assert '<div class="highlight' in page and '<span class="n">HTML</span>' in page
    assert "quiet_cell_marker" in page  # with the code shown, every cell is kept
    assert external_resources(page) == []
    assert _live_markup(page) == []


# ------------------------------------------------------------------ index
def test_write_index_links_reports_and_escapes_errors(tmp_path):
    (tmp_path / "01-nps-overview.html").write_text("<html></html>")
    entries = [
        Entry("01-nps-overview", "ok", tmp_path / "01-nps-overview.html", None, 3.2),
        Entry(
            "02-detractor-comments",
            "failed",
            None,
            tmp_path / "executed" / "02-detractor-comments.ipynb",
            1.0,
            "ValueError: <script>alert(1)</script>",
        ),
    ]
    page = write_index(tmp_path, entries, title="NPS <b>report</b>").read_text()
    assert '<a href="01-nps-overview.html">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page
    assert "NPS &lt;b&gt;report&lt;/b&gt;" in page
    assert "executed/02-detractor-comments.ipynb" in page
    assert external_resources(page) == []


# ------------------------------------------------------------------ results, escaping
def test_write_and_read_results_roundtrip(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, np.nan]})
    write_results(
        tmp_path,
        "x",
        {
            "n": np.int64(3),
            "f": np.float32(0.25),
            "nan": np.nan,
            "flag": np.bool_(True),
            "when": pd.Timestamp("2025-01-01"),
            "frame": frame,
            "row": frame.iloc[0],
            "none": None,
        },
    )
    got = read_results(tmp_path)["x"]
    assert got == {
        "n": 3,
        "f": 0.25,
        "nan": None,
        "flag": True,
        "when": "2025-01-01 00:00:00",
        "frame": [{"a": 1, "b": 0.5}, {"a": 2, "b": None}],
        "row": {"a": 1.0, "b": 0.5},
        "none": None,
    }
    json.loads((tmp_path / "results" / "x.json").read_text())  # strict JSON (no NaN)


def test_md_escape_neutralises_markdown_and_html():
    import mistune  # nbconvert's Markdown renderer

    raw = "[x](javascript:alert(1)) <b>y</b> *z*"
    assert "<b>" in mistune.html(raw)  # unescaped, the text would be markup
    rendered = mistune.html(md_escape(raw))
    assert "<a" not in rendered and "<b>" not in rendered and "<em>" not in rendered
    assert "[x](javascript:alert(1))" in rendered
    assert "&lt;b&gt;y&lt;/b&gt;" in rendered


# ------------------------------------------------------------------ notebooks
def test_find_notebooks_order_and_only():
    assert [p.stem for p in find_notebooks()] == list(NOTEBOOKS)
    assert [p.stem for p in find_notebooks(["03", "01"])] == [NOTEBOOKS[0], NOTEBOOKS[2]]
    with pytest.raises(ReportError, match=r"--only: no report notebook matches \['07'\]"):
        find_notebooks(["07"])


def test_find_notebooks_missing_folder(tmp_path):
    with pytest.raises(ReportError, match="report notebooks missing from"):
        find_notebooks(directory=tmp_path)


def test_notebook_problems_flags_outputs(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1", execution_count=3)])
    nb.cells[0].outputs = [new_output("stream", name="stdout", text="1")]
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    assert notebook_problems(path) == [
        "0 cells tagged 'parameters' (need exactly one)",
        "cell 1 has outputs",
        "cell 1 has an execution count",
    ]


@pytest.fixture
def broken_notebook(tmp_path):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    params = new_code_cell("value = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        new_markdown_cell("# Broken"),
        params,
        new_code_cell("total = value + 1"),
        new_code_cell("# divide by the empty group\ntotal / (value - value)"),
        new_code_cell("never = 'reached'"),
    ]
    path = tmp_path / "nbs" / "09-broken.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def test_failing_cell_is_named(broken_notebook, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(NotebookError) as info:
        run_report({"value": 2}, out, notebooks=[broken_notebook], progress=False)
    err = info.value
    assert err.notebook == "09-broken"
    assert err.cell == 4  # markdown, parameters, total, the failing cell
    assert err.source_line == "# divide by the empty group"
    assert err.ename == "ZeroDivisionError"
    assert err.executed == out / "executed" / "09-broken.ipynb"
    message = str(err)
    assert "notebook 09-broken failed at cell 4" in message
    assert "ZeroDivisionError" in message and str(err.executed) in message
    # the executed notebook (with the traceback) is kept, and the index lists the failure
    executed = nbformat.read(err.executed, as_version=4)
    assert any(
        o.get("ename") == "ZeroDivisionError" for c in executed.cells for o in c.get("outputs", [])
    )
    index = (out / "index.html").read_text()
    assert "failed" in index and "ZeroDivisionError" in index


def test_kernel_that_cannot_start_is_reported(broken_notebook, tmp_path):
    with pytest.raises(ReportError, match=r"notebook 09-broken could not be run: NoSuchKernel"):
        run_report(
            {}, tmp_path / "out", notebooks=[broken_notebook], progress=False, kernel_name="nope"
        )
    assert "09-broken" in (tmp_path / "out" / "index.html").read_text()


def test_load_survey_cache_keeps_the_account(tmp_path):
    from nps_toolkit.io.read import excluded_rows, quality_report, read_survey
    from nps_toolkit.report.cache import load_survey
    from nps_toolkit.report.output import run_folder

    path = tmp_path / "s.csv"
    pd.DataFrame(
        {"id": ["a", "b", "c", "c"], "score": [10, None, 3, 3], "comment": ["x", "y", "", ""]}
    ).to_csv(path, index=False)
    kwargs = {"score": "score", "comment": "comment", "respondent": "id", "scale": (0, 10)}
    cache = run_folder(tmp_path, "run1") / "cache"
    first = load_survey(path, out_dir=tmp_path, run_id="run1", **kwargs)
    entries = list(cache.glob("survey-*"))
    assert len(entries) == 1
    # columnar files only: no pickle anywhere
    assert {f.suffix for f in entries[0].iterdir()} <= {".parquet", ".json", ".npy"}
    again = load_survey(path, out_dir=tmp_path, run_id="run1", **kwargs)
    pd.testing.assert_frame_equal(again, read_survey(path, **kwargs))
    pd.testing.assert_frame_equal(quality_report(again), quality_report(first))
    pd.testing.assert_frame_equal(excluded_rows(again), excluded_rows(first))
    # other arguments, another cache entry; another run, another folder
    load_survey(path, out_dir=tmp_path, run_id="run1", **{**kwargs, "respondent": None})
    assert len(list(cache.glob("survey-*"))) == 2
    load_survey(path, out_dir=tmp_path, run_id="run2", **kwargs)
    assert len(list((run_folder(tmp_path, "run2") / "cache").glob("survey-*"))) == 1
    # a changed file (same size) is read again, not taken from the cache
    path.write_text(path.read_text().replace("10", "09"))
    changed = load_survey(path, out_dir=tmp_path, run_id="run1", **kwargs)
    assert changed["score"].tolist() != again["score"].tolist()


def test_load_survey_without_run_is_plain_read_survey(tmp_path):
    from nps_toolkit.io.read import read_survey
    from nps_toolkit.report.cache import load_survey

    path = tmp_path / "s.csv"
    pd.DataFrame({"score": [10, 3]}).to_csv(path, index=False)
    got = load_survey(path, out_dir=tmp_path, score="score")
    pd.testing.assert_frame_equal(got, read_survey(path, score="score"))
    assert list(tmp_path.iterdir()) == [path]  # nothing written


def test_load_survey_demo():
    from nps_toolkit.io.read import read_survey
    from nps_toolkit.report.cache import load_survey
    from nps_toolkit.report.parameters import resolve_data_path

    got = load_survey("demo", score="score")
    pd.testing.assert_frame_equal(got, read_survey(resolve_data_path("demo"), score="score"))
