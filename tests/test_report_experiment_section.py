"""The overview's Experiment section (nps_toolkit.report.experiment_section).

The differences are checked against nps_test on the same two arms (a separate
two-sample test) and against NPS counted by hand; the respondents planted in two
arms are counted by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report.experiment_section import (
    check_compare_column,
    experiment_blocks,
    experiment_results,
    experiment_sentences,
)
from nps_toolkit.report.results import to_builtin
from nps_toolkit.report.summary import executive_summary
from nps_toolkit.report.wording import signed
from nps_toolkit.score import compare_arms
from nps_toolkit.score.significance import nps_test


@pytest.fixture(scope="module")
def study():
    rng = np.random.default_rng(14)
    n = 600
    arm = rng.choice(["control", "pilot"], size=n)
    # pilot: more promoters (planted +12 points or so)
    p_control, p_pilot = [0.3, 0.3, 0.4], [0.24, 0.3, 0.46]
    cat = np.where(
        arm == "pilot",
        rng.choice(3, size=n, p=p_pilot),
        rng.choice(3, size=n, p=p_control),
    )
    score = np.select([cat == 0, cat == 1], [rng.integers(0, 7, n), rng.integers(7, 9, n)], 10)
    respondent = [f"R{i:04d}" for i in range(n)]
    respondent[1] = respondent[0]  # planted: one respondent answered twice...
    arm[0], arm[1] = "control", "pilot"  # ... once in each arm
    return pd.DataFrame(
        {
            "score": score,
            "arm": arm,
            "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), "D"),
            "rating_delivery": rng.integers(1, 6, n),
            "respondent_id": respondent,
        }
    )


def _hand_nps(s):
    return 100 * (s.ge(9).mean() - s.le(6).mean())


def test_missing_or_single_arm_column_is_refused_with_the_flag_and_the_fix(study):
    with pytest.raises(ValueError, match=r"'arms'.*compare.*did you mean 'arm'"):
        check_compare_column(study, "arms", "survey.csv")
    with pytest.raises(
        ValueError, match=r"1 arm\(s\) \('pilot'\) in all 600 rows with a score.*at least two"
    ):
        check_compare_column(study.assign(arm="pilot"), "arm")
    check_compare_column(study, "arm")  # two arms: fine


def test_summary_states_the_gap_with_the_interval_of_nps_test(study):
    comparison = compare_arms(study, score="score", arm="arm", date="date", scale=(0, 10))
    r1 = {"experiment": to_builtin(experiment_results(comparison, column="arm"))}
    said = experiment_sentences(r1)
    pilot = study.loc[study["arm"].eq("pilot"), "score"]
    control = study.loc[study["arm"].eq("control"), "score"]
    t = nps_test(pilot, control).iloc[0]
    assert t["diff"] == pytest.approx(_hand_nps(pilot) - _hand_nps(control), abs=1e-9)
    interval = f"95% interval {signed(t['ci_low'])} to {signed(t['ci_high'])}"
    assert f"({signed(t['diff'])} points, {interval}" in said[0] or (
        f"{abs(t['diff']):.1f} points {'above' if t['diff'] > 0 else 'below'} control "
        f"({interval}" in said[0]
    )
    assert said[0].startswith("In the experiment (arm), ")
    assert "Compared within each period and combined:" in said[1]
    summary = executive_summary({"01-nps-overview": {**_R1, **r1}})
    assert [s.heading for s in summary.sections][:2] == ["The score", "The experiment"]


def test_no_difference_gives_the_minimum_detectable_difference():
    record = {
        "column": "arm",
        "control": "old script",
        "differences": [
            {"arm": "new script", "control": "old script", "diff": 3.44, "ci_low": -8.5,
             "ci_high": 15.3, "p_val": 0.58, "significant": False, "note": ""}
        ],
        "adjusted": [],
        "power": [{"arm": "new script", "control": "old script", "mde": 17.25,
                   "target_power": 0.8}],
    }  # fmt: skip
    said = experiment_sentences({"experiment": record})
    assert said[0] == (
        "In the experiment (arm), no evidence of a difference between new script and old "
        "script (+3.4 points, 95% interval -8.5 to +15.3, p = 0.58)."
    )
    assert said[1].startswith("With these numbers of respondents the experiment detects a rise")
    assert "17.2 points" in said[1] or "17.3 points" in said[1]
    assert experiment_sentences({"experiment": None}) == []
    assert experiment_sentences({}) == []


def test_section_shows_tables_without_index_and_flags_respondents_in_two_arms(study):
    comparison = compare_arms(
        study, score="score", arm="arm", date="date", drivers=["rating_delivery"],
        respondent="respondent_id", scale=(0, 10),
    )  # fmt: skip
    blocks = experiment_blocks(comparison, column="arm")
    texts = [b.data for b in blocks if hasattr(b, "data")]
    tables = [b.to_html() for b in blocks if hasattr(b, "to_html")]
    assert any("**1 respondent(s) answered in more than one arm**" in t for t in texts)
    assert any("smallest rise of NPS this experiment detects 80% of the time" in t for t in texts)
    assert len(tables) >= 5  # arms, difference, periods, drivers, respondents
    for html in tables:
        assert "row_heading" not in html  # no index column
        assert "(missing)" not in html
    assert any("all periods" in html for html in tables)


_R1 = {
    "title": "Shop",
    "n_read": 600,
    "n_kept": 600,
    "excluded": [],
    "scale": [0, 10],
    "min_n": 30,
    "overall": {"nps": 12.4, "ci_low": 8.6, "ci_high": 16.2, "n": 600,
                "pct_promoters": 40.2, "pct_detractors": 27.8},
    "benchmark": None,
    "segments": {},
    "gaps": [],
    "significant_gaps": [],
    "has_date": False,
    "freq": "MS",
    "worst_period": None,
    "best_period": None,
    "significant_changes": None,
    "partial_changes": 0,
}  # fmt: skip


def test_before_after_takes_before_as_the_control():
    from nps_toolkit.report.experiment_section import choose_control

    assert choose_control(["after", "before"]) == "before"  # sorted order would take "after"
    assert choose_control([" Control ", "pilot"]) == " Control "
    assert choose_control(["new script", "old script"]) is None  # no exact name: sorted order
