"""report.repeat_section: the outcome sentences, sections without data, the controls fallback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.repeat.models import fit_count_model, fit_repeat_model
from nps_toolkit.report.repeat_section import (
    REPEAT_SECTIONS,
    brier_sentence,
    family_sentence,
    fit_with_fallback,
    outcome_mode,
    outcome_section,
    outcome_sentence,
    outcome_summary,
    r2_sentence,
    repeat_sections,
    skipped_sentence,
)


def small_survey(n=240, seed=1, rate=0.25):
    """A 240-row survey with two segments (6 regions, 2 channels): too few events for both."""
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(
        {
            "score": rng.integers(0, 11, n),
            "region": rng.choice([f"r{i}" for i in range(6)], n),
            "channel": rng.choice(["web", "app"], n),
        }
    )
    d["rep"] = rng.random(n) < rate
    return d


def test_no_outcome_is_one_sentence_and_no_section():
    mode = outcome_mode(None, True, None)
    assert mode is None
    said = outcome_sentence(mode, window="180D")
    assert said.count(".") >= 1 and "\n" not in said and "skipped" in said
    assert "`--orders FILE`" in said  # worded for the command line and for JupyterLab
    # the notebook's calls without an outcome: no heading, no explanation, nothing shown
    s = repeat_sections()
    assert all(s.text(name, mode is not None) is None for name in ("outcome", "rates", "model"))
    assert s.text("drivers").startswith("## 1. Key drivers\n\n")  # numbered from 1, no gap
    with pytest.raises(ValueError, match="use one of"):
        s.text("nope")


def test_count_outcome_names_the_skipped_sections_in_its_one_sentence():
    said = outcome_sentence("count", window="180D", outcome="visits")
    assert "\n" not in said and "visits" in said
    assert "codings of the score, calibration, what-if) are skipped" in said
    s = repeat_sections()  # the notebook's calls for a count outcome, in page order
    shown = [
        s.text(outcome_section("outcome", "count"), True),
        s.text(outcome_section("rates", "count"), True),
        s.text(outcome_section("model", "count"), True),
        s.text("codings", False), s.text("calibration", False), s.text("drivers", True),
        s.text("what_if", False),
    ]  # fmt: skip
    heads = [t.splitlines()[0] for t in shown if t]
    assert heads == [
        "## 1. The outcome",
        "## 2. The outcome by category",
        "## 3. The model",
        "## 4. Key drivers",
    ]
    # a count outcome is never explained with censoring or Wilson intervals of a rate
    assert "**censored**" not in shown[0] and "Wilson" not in shown[1]
    assert "Logistic" not in shown[2] and "rate ratio" in shown[2]
    assert "Nothing is\ncensored" in shown[0]
    assert outcome_section("rates", "orders") == "rates"
    assert set(REPEAT_SECTIONS) == {
        "outcome", "rates", "count_outcome", "count_rates", "count_model", "model", "codings",
        "calibration", "drivers", "what_if",
    }  # fmt: skip


def test_skipped_section_sentences_name_the_setting():
    said = skipped_sentence("drivers")
    assert "`drivers` parameter" in said and "`--drivers A,B`" in said and "\n" not in said
    assert skipped_sentence("calibration").endswith("so the calibration is skipped.")
    with pytest.raises(ValueError, match="drivers, calibration or what_if"):
        skipped_sentence("rates")


def test_outcome_summary_counts_are_integers_and_match_a_hand_count():
    d = pd.DataFrame({"visits": [0, 1, 1, 3, 5, None, 13_612]})
    t = outcome_summary(d, "visits")
    assert list(t.columns) == ["outcome", "n", "n_missing", "mean", "std", "min", "median", "max"]
    row = t.iloc[0]
    assert row["n"] == 6 and row["n_missing"] == 1
    assert pd.api.types.is_integer_dtype(t["n"]) and pd.api.types.is_integer_dtype(t["n_missing"])
    assert row["mean"] == pytest.approx((0 + 1 + 1 + 3 + 5 + 13_612) / 6)
    assert row["median"] == 2.0 and row["min"] == 0 and row["max"] == 13_612
    from nps_toolkit.report.show import table_parts

    html = table_parts(t)[0].to_html()
    assert ">6<" in html and "6.0" not in html  # shown as integers, as issue 14 asks
    assert ">13,612<" in html and "13,612.0" not in html
    halves = outcome_summary(pd.DataFrame({"x": [0.5, 2.0]}), "x").iloc[0]
    assert halves["min"] == 0.5 and halves["max"] == 2.0


def test_short_sentences_by_hand():
    from types import SimpleNamespace

    assert family_sentence(SimpleNamespace(family_="poisson", dispersion_=0.9961)) == (
        "Family: **poisson** (Pearson dispersion 1.00)."
    )
    assert family_sentence(SimpleNamespace(family_="negative_binomial", dispersion_=8.314)) == (
        "Family: **negative binomial** (Pearson dispersion 8.31)."
    )
    assert brier_sentence(0.1234).startswith("Brier score: 0.123 ")
    assert r2_sentence(0.5).startswith("R² of the ratings together: 0.50 (they explain 50% ")


def test_small_survey_drops_the_control_with_most_levels():
    d = small_survey()
    events = int(min(d["rep"].sum(), (~d["rep"]).sum()))
    # by hand: terms = 2 (categories) + 5 (regions) + 1 (channel) = 8
    assert events / 8 < 10 <= events / 3
    with pytest.raises(ValueError, match="Too few events per variable"):
        fit_repeat_model(d, outcome="rep", score="score", controls=["region", "channel"])
    model, dropped, said = fit_with_fallback(
        fit_repeat_model, d, outcome="rep", score="score", controls=["region", "channel"]
    )
    assert dropped == ["region"]
    assert model is not None and model.controls == ["channel"]
    assert "Adjusted for channel only: region was dropped" in said
    assert "too few events per variable" in said
    # the setting, worded for JupyterLab and for the command line (issue 14 items 9-10)
    assert "the `min_epv` parameter; `--min-epv N` with nps-toolkit report" in said
    # the same model as fitting with the remaining control directly
    direct = fit_repeat_model(d, outcome="rep", score="score", controls=["channel"])
    pd.testing.assert_frame_equal(model.odds_ratios, direct.odds_ratios)


def test_setting_min_epv_keeps_or_drops_everything():
    d = small_survey()
    controls = ["region", "channel"]
    model, dropped, said = fit_with_fallback(
        fit_repeat_model, d, outcome="rep", score="score", controls=controls, min_epv=0
    )
    assert dropped == [] and said is None and model.controls == controls
    model, dropped, said = fit_with_fallback(
        fit_repeat_model, d, outcome="rep", score="score", controls=controls, min_epv=20
    )  # by hand: 49 repeaters / 2 terms = 24.5 >= 20 > 49 / 3 (channel added)
    assert dropped == ["region", "channel"] and model.controls is None
    assert said.startswith("Not adjusted for any segment: region, channel were dropped")
    model, dropped, said = fit_with_fallback(
        fit_repeat_model, d, outcome="rep", score="score", controls=controls, min_epv=1000
    )
    assert model is None and dropped == ["region", "channel"]
    assert said.startswith("No model could be fitted, even without controls")


def test_enough_events_nothing_dropped_and_other_errors_raise():
    d = small_survey(n=3000, rate=0.4)
    model, dropped, said = fit_with_fallback(
        fit_repeat_model, d, outcome="rep", score="score", controls=["region"]
    )
    assert dropped == [] and said is None and model.controls == ["region"]
    with pytest.raises(ValueError, match="not found|nope"):
        fit_with_fallback(fit_repeat_model, d, outcome="rep", score="score", controls=["nope"])
    d["visits"] = np.random.default_rng(2).poisson(2.0, len(d))
    count, dropped, _ = fit_with_fallback(
        fit_count_model, d, outcome="visits", score="score", controls=["channel"]
    )
    assert dropped == [] and count.family_ in ("poisson", "negative_binomial")


def test_censoring_sentence_counts_by_hand():
    from nps_toolkit.repeat.results import RepeatPurchase
    from nps_toolkit.report.repeat_section import censoring_sentence

    linked = RepeatPurchase(
        pd.DataFrame({"x": range(4_793)}),
        n_censored=1_198,
        data_end=pd.Timestamp("2026-10-31"),
        window=pd.Timedelta("180D"),
    )
    said = censoring_sentence(linked, 31_465, "180D")
    assert said.startswith("31,465 orders read. 4,793 respondents; 1,198 are censored")
    assert "less than 180 days before" in said  # the window in words, not "180D"
    assert said.endswith("; 3,595 remain.")  # 4,793 - 1,198 by hand


@pytest.mark.parametrize("fit", [fit_repeat_model, fit_count_model])
def test_a_control_with_one_value_is_left_out_with_a_sentence(fit):
    """Every respondent in one arm: the model refuses such a control; the notebook goes on."""
    d = small_survey(n=600, seed=3, rate=0.4)
    d["arm"] = "pilot"
    d["visits"] = np.random.default_rng(3).poisson(3, len(d))
    outcome = "rep" if fit is fit_repeat_model else "visits"
    with pytest.raises(ValueError, match="single level"):
        fit(d, outcome=outcome, score="score", controls=["arm", "channel"])
    model, dropped, said = fit_with_fallback(
        fit, d, outcome=outcome, score="score", controls=["arm", "channel"]
    )
    assert model is not None and model.controls == ["channel"]
    assert dropped == ["arm"]
    assert said == "arm has a single value, so it is not a control."


def test_rates_in_percent_read_as_the_chart_by_hand():
    from nps_toolkit.repeat.outcomes import repeat_rate_by
    from nps_toolkit.report.repeat_section import rates_in_percent
    from nps_toolkit.report.show import table_parts

    d = pd.DataFrame(
        {"cat": ["detractor", "passive", "promoter"] * 4, "rep": [0, 1, 1] * 3 + [1, 0, 1]}
    )
    raw = repeat_rate_by(d, outcome="rep", by="cat").table
    shown = rates_in_percent(raw)
    # by hand: detractors 1 of 4, passives 3 of 4, promoters 4 of 4 came back
    assert shown["rate"].tolist() == pytest.approx([25.0, 75.0, 100.0])
    assert (shown["ci_low"] == raw["ci_low"] * 100).all()
    assert shown["relative_risk"].tolist() == raw["relative_risk"].tolist()  # not a rate
    html = table_parts(shown, percent=["rate", "ci_low", "ci_high"], decimals=2)[0].to_html()
    assert "25.0%" in html and "75.0%" in html  # percentages: one decimal even at decimals=2
