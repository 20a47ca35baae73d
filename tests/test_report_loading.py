"""The report notebooks' shared load step (nps_toolkit.report.loading)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nps_toolkit.report.loading import load_report_survey

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def test_demo_survey_loaded_and_counted_like_by_hand():
    loaded = load_report_survey(
        "demo",
        score="score",
        comment="comment",
        date="date",
        respondent="customer_id",
        scale=[0, 10],
        segments=["channel"],
        drivers=["rating_price"],
    )
    raw = pd.read_csv(DEMO / "survey.csv")
    kept = raw[raw["score"].notna()].drop_duplicates("customer_id", keep="last")
    assert len(loaded.survey) == len(kept)
    assert loaded.scale == (0, 10)
    assert loaded.has_date and loaded.has_comment
    assert loaded.file.endswith("survey.csv")


def test_blank_comments_and_no_date_are_not_usable(tmp_path):
    path = tmp_path / "s.csv"
    pd.DataFrame({"score": [9, 3, 7, 10], "comment": ["", "", "", ""]}).to_csv(path, index=False)
    loaded = load_report_survey(path, score="score", comment="comment", scale=[0, 10])
    assert not loaded.has_comment and not loaded.has_date
    assert len(loaded.survey) == 4


def test_unknown_segment_or_driver_names_the_column_the_setting_and_the_fix(tmp_path):
    path = tmp_path / "s.csv"
    pd.DataFrame({"score": [9, 3], "channel": ["app", "web"]}).to_csv(path, index=False)
    with pytest.raises(ValueError) as err:
        load_report_survey(
            path, score="score", scale=[0, 10], segments=["chanel"], drivers=["price"]
        )
    message = str(err.value)
    assert "segment column 'chanel' (the `segments` parameter; `--segments`" in message
    assert "driver column 'price'" in message
    assert "'channel'" in message and "Fix:" in message
