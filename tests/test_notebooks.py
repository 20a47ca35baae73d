"""The report notebooks: committed clean, and the report command end to end.

The end-to-end runs are slow (each runs the four notebooks in Jupyter kernels) and
run once per session (module-scoped fixtures); their checks compare what the
reports say with values computed here independently, with plain pandas.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report.cli import main
from nps_toolkit.report.parameters import default_parameters, parameters_cell
from nps_toolkit.report.results import read_results
from nps_toolkit.report.run import (
    NOTEBOOKS,
    external_resources,
    notebook_problems,
    notebooks_dir,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
BOTANIC = ROOT / "data" / "botanic_nps_fr" / "nps_original_cp1252.csv"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

os.environ.setdefault("MPLBACKEND", "Agg")


def _live_markup(page: str) -> list[str]:
    """Executable markup: script tags, inline event handlers, javascript: URLs."""
    found = re.findall(r"<script\b[^>]*>", page, re.I)
    found += re.findall(r"<[a-z][^>]*\son\w+\s*=", page, re.I)
    found += re.findall(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", page, re.I)
    return found


def _results(out: Path) -> dict:
    """The results of the run that wrote ``out`` (the run id stamped in its files)."""
    stamped = {
        json.loads(p.read_text(encoding="utf-8")).get("run_id")
        for p in (out / "results").glob("*.json")
        if p.stem != "run"
    }
    assert len(stamped) == 1, f"one run's results expected in {out}, found run ids {stamped}"
    return read_results(out, run_id=stamped.pop())


def _nps(scores: pd.Series, low: int = 0) -> float:
    """NPS by hand: % 9-10 minus % 0-6 (1-6 on a 1-10 scale)."""
    s = scores.dropna().astype(float)
    assert s.between(low, 10).all()
    return 100 * (s.ge(9).mean() - s.le(6).mean())


# ------------------------------------------------------------------ committed notebooks
@pytest.mark.parametrize(
    "path", sorted(Path(ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_notebook_committed_clean(path):
    assert notebook_problems(path) == []


def test_every_report_notebook_and_the_template_exist():
    names = {p.stem for p in notebooks_dir().glob("*.ipynb")}
    assert set(NOTEBOOKS) <= names
    assert "00-template" in names
    assert (notebooks_dir() / "README.md").exists()


def test_parameters_cells_are_parameters_cell_and_literal():
    """Every notebook's parameters cell is exactly parameters_cell() (the CLI passes the
    same parameters to each), literal values only (papermill replaces them), equal to
    default_parameters()."""
    import ast

    import nbformat

    for path in sorted(notebooks_dir().glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assert cell.source == parameters_cell(), path.name
        values = {}
        for node in ast.parse(cell.source).body:
            assert isinstance(node, ast.Assign), f"{path.name}: only assignments"
            values[node.targets[0].id] = ast.literal_eval(node.value)
        assert values == default_parameters(), path.name


@pytest.mark.slow
def test_template_runs_on_the_demo_data(tmp_path):
    from nps_toolkit.report.run import run_notebook

    template = notebooks_dir() / "00-template.ipynb"
    run_notebook(template, tmp_path / "template.ipynb", {"out_dir": str(tmp_path)}, progress=False)
    import nbformat

    nb = nbformat.read(tmp_path / "template.ipynb", as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


# ------------------------------------------------------------------ demo run
@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_report")
    assert main(["report", "--demo", "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def demo_survey():
    """The demo survey as the report should have analysed it, read independently:
    rows with a score; of a customer's repeated submissions, the latest."""
    survey = pd.read_csv(DEMO / "survey.csv", parse_dates=["date"])
    survey = survey[survey["score"].notna()]
    return survey.drop_duplicates("customer_id", keep="last")


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_index_links_every_report(demo_run):
    index = (demo_run / "index.html").read_text()
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index
        assert (demo_run / f"{name}.html").stat().st_size > 10_000
        assert (demo_run / "executed" / f"{name}.ipynb").exists()
    assert 'href="follow_up_list.xlsx"' in index


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_pages_are_offline_safe_and_hide_code(demo_run):
    for page_path in demo_run.glob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        assert external_resources(page) == [], page_path.name
        assert _live_markup(page) == [], page_path.name
        assert '<div class="highlight' not in page, page_path.name  # no code
        # the demo's fake PII never reaches a report
        for pii in ("jane.doe@example.com", "john.smith@example.org", "7946 0958"):
            assert pii not in page, (page_path.name, pii)
    overview = (demo_run / "01-nps-overview.html").read_text()
    assert overview.count('src="data:image/png;base64,') >= 5


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_overall_nps_matches_a_hand_count(demo_run, demo_survey):
    r1 = _results(demo_run)["01-nps-overview"]
    assert r1["overall"]["n"] == len(demo_survey)
    assert r1["overall"]["nps"] == pytest.approx(_nps(demo_survey["score"]), abs=1e-9)
    assert r1["n_read"] == len(pd.read_csv(DEMO / "survey.csv"))
    # the executive summary states that number, rounded
    summary = (demo_run / "04-report.html").read_text()
    assert f"NPS {_nps(demo_survey['score']):+.0f}" in summary
    assert _results(demo_run)["04-report"]["nps"] == pytest.approx(r1["overall"]["nps"])


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_segment_nps_matches_a_hand_count(demo_run, demo_survey):
    r1 = _results(demo_run)["01-nps-overview"]
    for row in r1["segments"]["channel"]:
        group = demo_survey.loc[demo_survey["channel"].eq(row["channel"]), "score"]
        assert row["n"] == len(group)
        assert row["nps"] == pytest.approx(_nps(group), abs=1e-9)
    # the planted app gap is found, after the multiple-comparison correction
    gaps = {(g["a"], g["b"]) for g in r1["significant_gaps"] if g["segment"] == "channel"}
    assert any("app" in pair for pair in gaps)


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_summary_headlines_the_largest_gap_of_the_table(demo_run):
    results = _results(demo_run)
    r1 = results["01-nps-overview"]
    ranked = [g for g in r1["gaps"] if min(g["n_a"], g["n_b"]) >= r1["min_n"]]
    top = max((g for g in ranked if g["significant"]), key=lambda g: abs(g["diff"]))
    said = next(s for s in results["04-report"]["sentences"] if "largest significant gap" in s)
    assert f"a difference of +{abs(top['diff']):.1f} points (95% interval" in said
    assert f"**{top['segment']}**" in said


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_repeat_rates_match_a_hand_count(demo_run, demo_survey):
    orders = pd.read_csv(DEMO / "orders.csv", parse_dates=["order_date"])
    end = orders["order_date"].max()
    done = demo_survey[demo_survey["date"] + pd.Timedelta("180D") <= end]
    pairs = (
        done[["customer_id", "date", "score"]]
        .reset_index()
        .merge(orders[["customer_id", "order_date"]], on="customer_id", how="left")
    )
    hit = (pairs["order_date"] > pairs["date"]) & (
        pairs["order_date"] <= pairs["date"] + pd.Timedelta("180D")
    )
    repeat = hit.groupby(pairs["index"]).any()
    scores = done.set_index(done.index)["score"].reindex(repeat.index)
    r3 = _results(demo_run)["03-nps-and-repeat-purchase"]
    assert r3["n_censored"] == len(demo_survey) - len(done)
    rates = {r["nps_category"]: r for r in r3["rate_by_category"]}
    for category, mask in {
        "detractor": scores.le(6),
        "passive": scores.between(7, 8),
        "promoter": scores.ge(9),
    }.items():
        assert rates[category]["n"] == int(mask.sum())
        assert rates[category]["rate"] == pytest.approx(repeat[mask].mean(), abs=1e-12)
    ors = {o["term"]: o["odds_ratio"] for o in r3["odds_ratios"]}
    promoter = next(v for k, v in ors.items() if k.startswith("promoter"))
    assert promoter > 2  # planted: ~60% vs ~28% repeat


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
def test_demo_follow_up_list_exported_safely(demo_run, demo_survey):
    follow = pd.read_csv(demo_run / "follow_up_list.csv", keep_default_na=False)
    assert len(follow) == int(demo_survey["score"].le(6).sum())
    text = (demo_run / "follow_up_list.csv").read_text(encoding="utf-8")
    assert "jane.doe@example.com" not in text and "7946 0958" not in text
    # formula-looking comments are stored as text
    assert not any(str(c).startswith(("=", "+", "@")) for c in follow["comment"])
    assert (demo_run / "follow_up_list.xlsx").exists()
    r2 = _results(demo_run)["02-detractor-comments"]
    assert r2["follow_up_rows"] == len(follow)
    langs = {row["language"] for row in r2["languages"]}
    assert {"en", "fr", "es"} <= langs


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
@pytest.mark.parametrize("name", [*NOTEBOOKS, "index"])
def test_demo_page_renders_offline_in_chromium(demo_run, tmp_path, name):
    shot = tmp_path / f"{name}.png"
    proc = subprocess.run(
        [str(ROOT / "scripts" / "screenshot_report.sh"), str(demo_run / f"{name}.html"),
         str(shot), "1280x1600"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image as mpimg

    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (1600, 1280)
    assert pixels[..., :3].std() > 0.05  # not a blank page


# ------------------------------------------------------------------ hostile comments
@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    rng = np.random.default_rng(7)
    n = 240
    ordinary = [
        "delivery was late again",
        "great product, fast shipping",
        "too expensive for what it is",
        "support never answered my emails",
        "love it",
        "ok",
    ]
    comments = rng.choice(ordinary, size=n).astype(object)
    hostile = [  # no theme words: each theme keeps enough mentions for stable intervals
        "<script>alert(1)</script> meh",
        "<img src=x onerror=alert(1)> meh",
        "[click here](javascript:alert(1)) meh",
        '=HYPERLINK("http://x","click") meh',
        "call me at +44 20 7946 0958",
        "write to jane.doe@example.com please",
    ]
    comments[: len(hostile)] = hostile
    survey = pd.DataFrame(
        {
            "id": [f"X{i:04d}" for i in range(n)],
            "score": np.r_[np.zeros(len(hostile), int), rng.integers(1, 11, n - len(hostile))],
            "comment": comments,
            "date": pd.date_range("2025-01-01", periods=n, freq="2D").strftime("%Y-%m-%d"),
            "channel": rng.choice(["web", "app"], size=n),
        }
    )
    folder = tmp_path_factory.mktemp("hostile")
    survey.to_csv(folder / "survey.csv", index=False)
    out = folder / "out"
    argv = ["report", "--data", str(folder / "survey.csv"), "--score", "score", "--comment",
            "comment", "--date", "date", "--respondent", "id", "--segments", "channel",
            "--benchmark", "10", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    return out


@pytest.mark.xdist_group("report_hostile")
@pytest.mark.slow
def test_hostile_comments_show_as_text_only(hostile_run):
    pages = {p.name: p.read_text(encoding="utf-8") for p in hostile_run.glob("*.html")}
    assert len(pages) == len(NOTEBOOKS) + 1
    for name, page in pages.items():
        assert _live_markup(page) == [], name
        assert external_resources(page) == [], name
        assert "<img src=x" not in page and "<script>alert" not in page, name
        assert "jane.doe@example.com" not in page and "7946 0958" not in page, name
    comments = pages["02-detractor-comments.html"]
    # shown, escaped, in the follow-up table (score 0: the top of the list)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in comments
    assert "&lt;img src=x onerror=alert(1)&gt;" in comments
    assert "[click here](javascript:alert(1))" in comments
    assert "[EMAIL]" in comments and "[PHONE]" in comments


@pytest.mark.xdist_group("report_hostile")
@pytest.mark.slow
def test_hostile_run_benchmark_comparison(hostile_run):
    survey = pd.read_csv(hostile_run.parent / "survey.csv")
    bench = _results(hostile_run)["01-nps-overview"]["benchmark"]
    assert bench["benchmark"] == 10
    assert bench["diff"] == pytest.approx(_nps(survey["score"]) - 10, abs=1e-9)
    page = (hostile_run / "01-nps-overview.html").read_text()
    assert "different from the benchmark +10" in page


@pytest.mark.xdist_group("report_hostile")
@pytest.mark.slow
def test_hostile_comments_exports_neutralised(hostile_run):
    text = (hostile_run / "follow_up_list.csv").read_text(encoding="utf-8")
    assert "jane.doe@example.com" not in text and "7946 0958" not in text
    follow = pd.read_csv(hostile_run / "follow_up_list.csv", keep_default_na=False)
    formula = follow.loc[follow["comment"].str.contains("HYPERLINK"), "comment"]
    assert len(formula) == 1 and formula.iloc[0].startswith("'=")


# ------------------------------------------------------------------ real French survey
@pytest.fixture(scope="module")
def botanic_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("botanic")
    argv = ["report", "--data", str(BOTANIC), "--score", "nps", "--comment", "explication",
            "--respondent", "id", "--scale", "1-10", "--outcome", "NbPassageKS",
            "--drivers", "satisfaction,intention", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    return out


@pytest.mark.xdist_group("report_botanic")
@pytest.mark.slow
def test_botanic_report(botanic_run):
    raw = pd.read_csv(BOTANIC, encoding="latin-1")  # bytes undefined in cp1252 occur
    scores = raw["nps"].dropna()
    results = _results(botanic_run)
    r1 = results["01-nps-overview"]
    assert r1["n_read"] == len(raw) == 13_954
    assert r1["overall"]["n"] == len(scores) == 13_954 - 342
    assert r1["overall"]["nps"] == pytest.approx(_nps(scores, low=1), abs=1e-9)
    assert r1["scale"] == [1, 10]
    assert not r1["has_date"]
    overview = (botanic_run / "01-nps-overview.html").read_text()
    assert "no usable response date" in overview
    r2 = results["02-detractor-comments"]
    assert r2["main_language"] == "fr"
    assert r2["follow_up_rows"] == int(scores.le(6).sum())
    r3 = results["03-nps-and-repeat-purchase"]
    assert r3["mode"] == "count"
    promoter = next(r for r in r3["rate_ratios"] if r["term"].startswith("promoter"))
    # visits: promoters' mean over detractors' mean, by hand (the model has no controls)
    visits = raw.loc[raw["nps"].notna(), "NbPassageKS"]
    ratio = visits[scores.ge(9)].mean() / visits[scores.le(6)].mean()
    assert promoter["rate_ratio"] == pytest.approx(ratio, rel=1e-6)
    for page in botanic_run.glob("*.html"):
        assert external_resources(page.read_text()) == []


# ------------------------------------------------------------------ bare survey
@pytest.mark.slow
@pytest.mark.xdist_group("report_bare")
def test_score_only_survey_skips_sections_with_a_reason(tmp_path):
    """A survey with only a score and one segment: no date, comment, orders or ratings."""
    survey = pd.read_csv(DEMO / "survey.csv")[["response_id", "score", "channel"]].head(300)
    survey.to_csv(tmp_path / "bare.csv", index=False)
    out = tmp_path / "out"
    argv = ["report", "--data", str(tmp_path / "bare.csv"), "--score", "score",
            "--segments", "channel", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    pages = {p.stem: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    assert "no usable response date" in pages["01-nps-overview"]
    assert "No comment column was given" in pages["02-detractor-comments"]
    assert "the repeat-purchase sections are skipped" in pages["03-nps-and-repeat-purchase"]
    assert "No attribute ratings were given" in pages["03-nps-and-repeat-purchase"]
    scores = survey["score"].dropna()
    r1 = _results(out)["01-nps-overview"]
    assert r1["overall"]["nps"] == pytest.approx(_nps(scores), abs=1e-9)
    assert f"NPS {_nps(scores):+.0f}" in pages["04-report"]
    follow = pd.read_csv(out / "follow_up_list.csv")
    assert len(follow) == int(scores.le(6).sum())


@pytest.mark.slow
@pytest.mark.xdist_group("report_one_group")
def test_segment_with_one_group_is_skipped_with_a_sentence(tmp_path):
    """A segment holding one value (every respondent in one arm): no crash, one sentence,
    and the other segment is still compared."""
    survey = pd.read_csv(DEMO / "survey.csv")[["response_id", "score", "channel"]].head(300)
    survey["arm"] = "pilot"
    survey.to_csv(tmp_path / "one.csv", index=False)
    out = tmp_path / "out"
    argv = ["report", "--data", str(tmp_path / "one.csv"), "--score", "score",
            "--segments", "arm,channel", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    overview = (out / "01-nps-overview.html").read_text(encoding="utf-8")
    assert "arm has fewer than two groups: no gap to test." in overview
    r1 = _results(out)["01-nps-overview"]
    assert {g["segment"] for g in r1["gaps"]} == {"channel"}


# ------------------------------------------------------------------ experiment mode
@pytest.fixture(scope="module")
def experiment_run(tmp_path_factory):
    """A seeded A/B survey (a new sales-call script against the old one) run with --compare."""
    rng = np.random.default_rng(2014)
    n = 500
    arm = rng.choice(["old script", "new script"], size=n)
    cat = np.where(
        arm == "new script",
        rng.choice(3, size=n, p=[0.22, 0.30, 0.48]),
        rng.choice(3, size=n, p=[0.28, 0.30, 0.42]),
    )
    survey = pd.DataFrame(
        {
            "id": [f"T{i:04d}" for i in range(n)],
            "score": np.select([cat == 0, cat == 1], [rng.integers(0, 7, n), rng.integers(7, 9, n)], 10),
            "arm": arm,
            "date": (pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 120, n), "D")).strftime("%Y-%m-%d"),
            "region": rng.choice(["north", "south"], size=n),
        }
    )  # fmt: skip
    folder = tmp_path_factory.mktemp("experiment")
    survey.to_csv(folder / "survey.csv", index=False)
    out = folder / "out"
    argv = ["report", "--data", str(folder / "survey.csv"), "--score", "score", "--date", "date",
            "--respondent", "id", "--segments", "region", "--compare", "arm",
            "--title", "Telecom <pilot>", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    return out, survey


@pytest.mark.slow
@pytest.mark.xdist_group("report_experiment")
def test_experiment_summary_states_the_gap_with_its_interval(experiment_run):
    from nps_toolkit.report.wording import signed
    from nps_toolkit.score.significance import nps_test

    out, survey = experiment_run
    control = survey.loc[survey["arm"].eq("new script"), "score"]  # "new" < "old": the control
    pilot = survey.loc[survey["arm"].eq("old script"), "score"]
    t = nps_test(pilot, control).iloc[0]
    assert t["diff"] == pytest.approx(_nps(pilot) - _nps(control), abs=1e-9)
    interval = f"95% interval {signed(t['ci_low'])} to {signed(t['ci_high'])}"
    said = next(s for s in _results(out)["04-report"]["sentences"] if "In the experiment" in s)
    assert interval in said and f"{abs(t['diff']):.1f} points" in said
    assert f"p = {t['p_val']:.2g}" in said or "p < 0.001" in said
    summary = (out / "04-report.html").read_text(encoding="utf-8")
    assert "The experiment" in summary and interval in summary
    overview = (out / "01-nps-overview.html").read_text(encoding="utf-8")
    assert "6. Experiment: the arms compared" in overview
    assert "smallest rise of NPS this experiment detects" in overview
    for name in ("01-nps-overview", "04-report"):  # the survey's title heads the page, escaped
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert re.search(r"<h1[^>]*>Telecom &lt;pilot&gt;", page), name


# ------------------------------------------------------------------ browser check
_MEASURE = """<script>
(function () {
  var main = document.querySelector("main") || document.body;
  var rows = Array.from(document.querySelectorAll("main table")).map(function (t) {
    var head = Array.from(t.querySelectorAll("thead th")).map(function (h) {
      return h.textContent.trim(); }).join("|");
    return {width: t.scrollWidth, head: head.slice(0, 100)};
  });
  var out = document.createElement("pre");
  out.id = "table-widths";
  out.textContent = JSON.stringify({main: main.clientWidth, tables: rows});
  document.body.appendChild(out);
})();
</script>"""


def _table_widths(page: Path, tmp_path: Path) -> dict:
    """Each table's scrollWidth and the main column's width, measured in headless Chromium
    on a test copy of ``page`` with a measuring script appended (read back with --dump-dom)."""
    copy = tmp_path / f"measure-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"))
    profile = tmp_path / f"profile-{page.stem}"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--user-data-dir={profile}", "--window-size=1280,2000", "--dump-dom",
         copy.as_uri()],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    found = re.search(r'<pre id="table-widths">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"chromium did not run the measuring script on {page.name}: {proc.stderr[-500:]}"
    import html

    return json.loads(html.unescape(found.group(1)))


@pytest.mark.xdist_group("report_demo")
@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_demo_page_tables_have_no_index_and_fit_the_page(demo_run, tmp_path, name):
    _check_tables_in_chromium(demo_run / f"{name}.html", tmp_path)


@pytest.mark.xdist_group("report_experiment")
@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_experiment_page_tables_have_no_index_and_fit_the_page(experiment_run, tmp_path, name):
    """The experiment mode's own tables (arms, periods, themes per arm) fit the page too."""
    out, _ = experiment_run
    _check_tables_in_chromium(out / f"{name}.html", tmp_path)


def _check_tables_in_chromium(page: Path, tmp_path: Path) -> None:
    name = page.stem
    bodies = re.findall(r"<tbody\b[^>]*>(.*?)</tbody>", page.read_text(encoding="utf-8"), re.S)
    with_index = sum(bool(re.search(r"<th\b", body)) for body in bodies)
    assert with_index == 0, f"{name}: {with_index} of {len(bodies)} tables show an index column"
    measured = _table_widths(page, tmp_path)
    assert len(measured["tables"]) == len(bodies)
    wide = [t for t in measured["tables"] if t["width"] > measured["main"]]
    assert wide == [], f"{name}: tables wider than the page ({measured['main']}px): {wide}"
