"""report.repeat_section: the outcome sentences, sections without data, the controls fallback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.repeat.models import fit_count_model, fit_repeat_model
from nps_toolkit.report.repeat_section import (
    REPEAT_SECTIONS,
    fit_with_fallback,
    outcome_mode,
    outcome_sentence,
    section,
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
    assert all(section(name, mode) is None for name in REPEAT_SECTIONS)
    # a count outcome runs the sections that do not need orders
    assert section("model", "count").startswith("## 3. The model")
    assert section("codings", "count", needs=("orders",)) is None
    with pytest.raises(ValueError, match="use one of"):
        section("nope", "orders")


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
    assert "too few events per variable" in said and "min_epv=" in said
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
