import warnings

import pandas as pd
import pytest

from nps_toolkit.io.respondents import dedupe_respondents


@pytest.fixture
def survey():
    return pd.DataFrame(
        {
            "id": ["a", "b", "a", None, "a", "c", "c"],
            "score": [3, 9, 10, 1, 5, 7, 8],
            "date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-02",
                    "2024-02-01",
                    None,
                    "2023-06-01",
                    "2024-01-01",
                    "2024-01-01",
                ]
            ),
        },
        index=[10, 11, 12, 13, 14, 15, 16],
    )


def test_keep_latest_by_date_and_tie_keeps_later_row(survey):
    kept, dropped = dedupe_respondents(survey, respondent="id", date="date")
    assert kept.index.tolist() == [11, 12, 13, 16]
    assert sorted(dropped.index.tolist()) == [10, 14, 15]
    assert (dropped["reason"] == "duplicate respondent").all()
    assert dropped.loc[10, "kept_row"] == 12 and dropped.loc[15, "kept_row"] == 16
    assert len(kept) + len(dropped) == len(survey)  # every row accounted for


def test_keep_earliest_and_first(survey):
    kept, _ = dedupe_respondents(survey, respondent="id", date="date", duplicates="earliest")
    assert kept.loc[kept["id"] == "a", "score"].tolist() == [5]
    kept, _ = dedupe_respondents(survey, respondent="id", duplicates="first")
    assert kept.loc[kept["id"] == "a", "score"].tolist() == [3]


def test_errors(survey):
    with pytest.raises(ValueError, match="needs date"):
        dedupe_respondents(survey, respondent="id")
    with pytest.raises(ValueError, match="not found"):
        dedupe_respondents(survey, respondent="customer", date="date")
    with pytest.raises(ValueError, match="duplicates must be"):
        dedupe_respondents(survey, respondent="id", date="date", duplicates="best")


def test_respondents_in_several_segment_values():
    from nps_toolkit.io.respondents import respondents_in_several

    df = pd.DataFrame(
        {
            "id": ["a", "b", "a", "c", None, None, "c", ""],
            "arm": ["control", "pilot", "pilot", "pilot", "control", "pilot", "pilot", "x"],
            "region": ["n", "n", "n", "s", "s", "n", "n", "n"],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )
    out = respondents_in_several(df, respondent="id", by=["arm", "region"])
    # by hand: a is in control (10) and pilot (12); c in region s (13) and n (16);
    # missing / empty ids match nobody
    assert out[["respondent", "column"]].values.tolist() == [["a", "arm"], ["c", "region"]]
    assert out["values"].tolist() == [("control", "pilot"), ("n", "s")]
    assert out["rows"].tolist() == [[10, 12], [13, 16]]
    assert out["n_rows"].tolist() == [2, 2]
    assert respondents_in_several(df, respondent="id", by="region").shape == (1, 5)
    none = respondents_in_several(df.iloc[:2], respondent="id", by="arm")
    assert len(none) == 0 and list(none.columns) == list(out.columns)


def test_old_keep_name_still_works_with_a_future_warning(survey):
    new, new_dropped = dedupe_respondents(survey, respondent="id", duplicates="first")
    with pytest.warns(FutureWarning, match=r"keep=\.\.\.\) is renamed duplicates="):
        old, old_dropped = dedupe_respondents(survey, respondent="id", keep="first")
    pd.testing.assert_frame_equal(old, new)
    pd.testing.assert_frame_equal(old_dropped, new_dropped)
    with pytest.raises(TypeError, match="got both keep="):
        dedupe_respondents(survey, respondent="id", keep="first", duplicates="first")


def test_new_duplicates_name_gives_no_warning(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dedupe_respondents(survey, respondent="id", date="date", duplicates="latest")


def test_read_survey_and_dedupe_respondents_share_the_word():
    import inspect

    from nps_toolkit.io.read import read_survey

    assert "duplicates" in inspect.signature(read_survey).parameters
    assert "duplicates" in inspect.signature(dedupe_respondents).parameters
    assert "keep" not in inspect.signature(dedupe_respondents).parameters
