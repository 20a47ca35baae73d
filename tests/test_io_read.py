"""Tests for nps_toolkit.io: survey loaders and the row-by-row account.

Every expected value below is read off the hand-written fixture files in
tests/fixtures/io/ (their rows are short enough to count by eye; the counts are
spelt out next to each assertion) or computed independently with plain pandas.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.io.read import (
    SurveyAccount,
    excluded_rows,
    quality_flags,
    quality_report,
    quality_summary,
    read_survey,
)

FIX = Path(__file__).parent / "fixtures" / "io"
REPO = Path(__file__).parent.parent
BOTANIC = REPO / "data" / "botanic_nps_fr" / "nps_original_cp1252.csv"
DEMO = REPO / "data" / "demo" / "survey.csv"


def reasons(df) -> dict[str, int]:
    rep = quality_report(df)
    return dict(zip(rep["reason"], rep["rows"], strict=True))


def flags(df) -> dict[str, list[int]]:
    fl = quality_flags(df)
    return dict(zip(fl["reason"], fl["source_rows"], strict=True))


def balances(df, rows_in_file: int) -> None:
    rep = quality_report(df)
    assert rep["rows"].sum() == rows_in_file
    assert rep["reason"].iloc[0] == "kept"
    assert rep["rows"].iloc[0] == len(df)
    # every source row appears exactly once: kept (index) or in one exclusion
    listed = list(df.index) + [r for rows in rep["source_rows"].iloc[1:] for r in rows]
    assert sorted(listed) == list(range(rows_in_file))


# --------------------------------------------------------------------------- platforms


def test_qualtrics_three_header_rows():
    df = read_survey(FIX / "qualtrics.csv")
    acc = df.attrs["nps_toolkit"]
    assert acc.platform == "qualtrics" and acc.header_rows == 3
    # Q1 is the NPS question (Q1_NPS_GROUP is Qualtrics' derived 1/2/3 group, not a score)
    assert acc.columns == {
        "respondent": "ResponseId",
        "score": "Q1",
        "comment": "Q2",
        "date": "RecordedDate",
    }
    balances(df, 6)
    # data row 3 (R_4d..., unfinished) has no score
    assert reasons(df) == {"kept": 5, "missing score": 1}
    assert df["score"].tolist() == [10, 3, 8, 9, 6]
    assert df.index.tolist() == [0, 1, 2, 4, 5]
    assert df.loc[0, "respondent_id"] == "R_1aBcDeFgHiJkLmN"
    assert df.loc[4, "comment"] == "Support fixed my problem in minutes 👍"
    assert df.loc[0, "date"] == pd.Timestamp("2024-03-01 10:00:12")
    # original columns kept under their names, next to the canonical ones
    assert list(df.columns[:4]) == ["respondent_id", "score", "comment", "date"]
    assert {"Q1", "Q1_NPS_GROUP", "Q2", "Q3", "ResponseId", "StartDate"} <= set(df.columns)
    assert df["Q3"].tolist() == ["North", "South", "East", "North", "Central"]
    assert flags(df) == {"comment missing": [2]}


def test_qualtrics_column_named_by_question_text():
    df = read_survey(FIX / "qualtrics.csv", comment="Why did you give that score?")
    assert df.attrs["nps_toolkit"].columns["comment"] == "Q2"


def test_surveymonkey_two_header_rows_text_scores_crlf():
    df = read_survey(FIX / "surveymonkey.csv")
    acc = df.attrs["nps_toolkit"]
    assert acc.platform == "surveymonkey" and acc.header_rows == 2
    q = "How likely is it that you would recommend Acme to a friend or colleague?"
    assert acc.columns == {
        "respondent": "Respondent ID",
        "score": q,
        "comment": "What is the primary reason for your score?",
        "date": "End Date",
    }
    balances(df, 5)
    assert reasons(df) == {"kept": 4, "missing score": 1}
    # "10 - Extremely likely" and "0 - Not at all likely" are parsed
    assert df["score"].tolist() == [10, 0, 7, 9]
    assert flags(df)["score written as text (parsed)"] == [0, 1]
    assert df.loc[1, "comment"] == "Refund took 6 weeks, still waiting"
    # US month/day order with AM/PM, as SurveyMonkey writes it
    assert df.loc[4, "date"] == pd.Timestamp("2024-11-04 16:45:30")
    assert df.loc[0, "respondent_id"] == "114001234567"
    # 11/02 .. 11/04: no day above 12 tells the order, so it is said
    assert flags(df)["date order ambiguous (read as month/day)"] == [0, 1, 2, 4]
    # multiple-choice sub-columns get "question - option" names
    assert "Which channel did you use? - Website" in df.columns
    assert "Which channel did you use? - Other (please specify)" in df.columns
    assert df.loc[1, "Which channel did you use? - Other (please specify)"] == "phone"


def test_typeform():
    df = read_survey(FIX / "typeform.csv")
    acc = df.attrs["nps_toolkit"]
    assert acc.platform == "typeform"
    assert acc.columns["respondent"] == "#"
    assert acc.columns["date"] == "Submit Date (UTC)"
    assert acc.columns["comment"] == "Can you tell us why?"
    assert acc.columns["score"].startswith("On a scale of 0 to 10")
    balances(df, 5)
    # row 3 answered "seven"
    assert reasons(df) == {"kept": 4, "score not a number": 1}
    assert acc.excluded == [(3, "score not a number", "seven")]
    assert df["score"].tolist() == [9, 2, 10, 8]
    assert df.loc[4, "comment"] == 'Good, but "premium" shipping is slow'
    # row 4 has no submit date: flagged, not excluded
    assert flags(df) == {"comment missing": [2], "date missing": [4]}
    assert pd.isna(df.loc[4, "date"])


def test_delighted_unix_time_and_platform_ids_not_deduplicated():
    df = read_survey(FIX / "delighted.csv")
    acc = df.attrs["nps_toolkit"]
    assert acc.platform == "delighted"
    assert acc.columns == {
        "respondent": "person_id",
        "score": "score",
        "comment": "comment",
        "date": "created_at",
    }
    balances(df, 5)
    # row 4 scored 11 on a 0-10 survey
    assert reasons(df) == {"kept": 4, "score out of declared scale": 1}
    # 1717236000 s = 2024-06-01 10:00:00 UTC (= 19875 days * 86400 + 36000)
    assert 1717236000 == 19875 * 86400 + 36000
    assert df.loc[0, "date"] == pd.Timestamp("2024-06-01 10:00:00")
    assert df.loc[3, "date"] == pd.Timestamp("2024-06-04 10:00:00")
    # person 501 answered twice (rows 0 and 3): a platform's id is only flagged
    assert flags(df)["duplicate respondent (kept)"] == [0, 3]
    # the source "score" column is replaced by the cleaned one; others keep their names
    assert df["score"].dtype == "Int64"
    assert list(df.columns).count("score") == 1
    assert df.loc[1, "Properties: region"] == "South"


def test_delighted_iso_dates_with_offsets_become_utc():
    df = read_survey(FIX / "delighted_iso.csv")
    balances(df, 3)
    assert df["date"].tolist()[:2] == [
        pd.Timestamp("2024-06-01 10:00:00"),
        pd.Timestamp("2024-06-02 08:00:00"),  # 10:00 at +02:00
    ]
    assert flags(df) == {"date unparseable": [2]}
    assert reasons(df) == {"kept": 3}


def test_plain_semicolon_bom_named_columns_and_every_score_rule():
    df = read_survey(
        FIX / "plain_semicolon_bom.csv",
        score="nps_score",
        comment="verbatim",
        date="survey_date",
        respondent="customer",
    )
    acc = df.attrs["nps_toolkit"]
    assert acc.encoding == "utf-8-sig" and acc.delimiter == ";"
    balances(df, 8)
    # C6 "N/A" missing; C7 7.5 not whole; C8 -1 outside 0-10
    assert reasons(df) == {
        "kept": 5,
        "missing score": 1,
        "score not a whole number": 1,
        "score out of declared scale": 1,
    }
    assert acc.excluded == [
        (5, "missing score", "N/A"),
        (6, "score not a whole number", "7.5"),
        (7, "score out of declared scale", "-1"),
    ]
    # "0 (Not at all likely)" -> 0, " 7 " -> 7, "7.0" -> 7
    assert df["score"].tolist() == [10, 6, 0, 7, 7]
    assert df["respondent_id"].tolist() == ["C1", "C2", "C3", "C4", "C5"]
    # the quoted field keeps its semicolon; accents intact (UTF-8 with BOM)
    assert df.loc[1, "comment"] == "Livraison en retard; colis abîmé"
    assert df.loc[0, "comment"] == "Très bien, merci !"
    assert flags(df) == {
        "comment missing": [3],
        "score written as text (parsed)": [2],
        "date missing": [4],
    }
    # the first column name is clean (BOM removed)
    assert "customer" in df.columns


# --------------------------------------------------------------------------- encodings and formats

ROWS = [
    ("r1", 10, "Très bon accueil, café offert"),
    ("r2", 3, "Délai trop long: déçu"),
    ("r3", 8, "ça va"),
]


def _table(sep=","):
    lines = [sep.join(["id", "nps", "pourquoi"])]
    lines += [sep.join([a, str(b), c.replace(",", " ")]) for a, b, c in ROWS]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("cp1252", "windows-1252"),
        ("latin-1", "windows-1252"),
    ],
)
def test_encodings_detected(tmp_path, encoding, expected):
    path = tmp_path / "survey.csv"
    path.write_bytes(_table().encode(encoding))
    df = read_survey(path, score="nps", comment="pourquoi", respondent="id")
    assert df.attrs["nps_toolkit"].encoding == expected
    assert df["comment"].tolist() == [c.replace(",", " ") for _, _, c in ROWS]
    assert df["score"].tolist() == [10, 3, 8]
    balances(df, 3)


def test_windows1252_specials(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("id,nps,pourquoi\n1,4,15€ – trop “cher”\n".encode("cp1252"))
    df = read_survey(path, score="nps", comment="pourquoi")
    assert df.loc[0, "comment"] == "15€ – trop “cher”"
    assert df.attrs["nps_toolkit"].encoding == "windows-1252"


def test_declared_encoding_used_and_wrong_declaration_explained(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("id,nps,why\n1,9,été\n".encode("cp1252"))
    df = read_survey(path, score="nps", encoding="cp1252")
    assert df.loc[0, "why"] == "été"
    with pytest.raises(ValueError, match=r"w\.csv.*not valid utf-8.*encoding=None"):
        read_survey(path, score="nps", encoding="utf-8")


def test_tsv_and_pipe_delimiters(tmp_path):
    tsv = tmp_path / "s.tsv"
    tsv.write_text(_table("\t"), encoding="utf-8")
    df = read_survey(tsv, score="nps", comment="pourquoi")
    assert df["score"].tolist() == [10, 3, 8]
    pipe = tmp_path / "s.txt"
    pipe.write_text(_table("|"), encoding="utf-8")
    df = read_survey(pipe, score="nps", comment="pourquoi")
    assert df.attrs["nps_toolkit"].delimiter == "|"
    assert df["comment"].tolist()[2] == "ça va"


def test_excel_surveymonkey_layout_and_sheet(tmp_path):
    # The SurveyMonkey fixture rebuilt as an .xlsx (two header rows, typed cells)
    raw = pd.read_csv(FIX / "surveymonkey.csv", header=None, dtype=str, keep_default_na=False)
    path = tmp_path / "sm.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"a": ["cover sheet"]}).to_excel(xl, sheet_name="About", index=False)
        raw.to_excel(xl, sheet_name="Responses", index=False, header=False)
    df = read_survey(path, sheet="Responses")
    acc = df.attrs["nps_toolkit"]
    assert acc.format == "excel" and acc.platform == "surveymonkey"
    assert df["score"].tolist() == [10, 0, 7, 9]
    assert reasons(df) == {"kept": 4, "missing score": 1}
    with pytest.raises(ValueError, match="sheet"):
        read_survey(path, sheet="Nope")


def test_excel_numbers_and_dates_cells(tmp_path):
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "Likelihood to recommend": [9.0, np.nan, 4.0],
            "when": pd.to_datetime(["2024-02-01", "2024-02-02", "2024-02-03"]),
        }
    )
    path = tmp_path / "t.xlsx"
    frame.to_excel(path, index=False)
    df = read_survey(path, date="when")
    assert df["score"].tolist() == [9, 4]
    assert df["date"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-03")]
    assert reasons(df) == {"kept": 2, "missing score": 1}


def test_parquet_and_buffer(tmp_path):
    frame = pd.DataFrame({"customer": ["a", "b", "c"], "nps": [10, 6, None]})
    path = tmp_path / "s.parquet"
    frame.to_parquet(path)
    df = read_survey(path, score="nps", respondent="customer")
    assert df.attrs["nps_toolkit"].format == "parquet"
    assert df["score"].tolist() == [10, 6]
    assert reasons(df) == {"kept": 2, "missing score": 1}
    # same bytes from an open binary buffer (format found from the magic bytes)
    with open(path, "rb") as fh:
        df2 = read_survey(fh, score="nps")
    assert df2["score"].tolist() == [10, 6]


def test_slash_dates_day_first_when_the_data_say_so(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text("id,nps,when\n1,9,03/04/2024\n2,8,25/04/2024\n3,7,\n")
    df = read_survey(path, score="nps", date="when")
    # 25/04 can only be day/month, so 03/04 is 3 April
    assert df["date"].tolist()[:2] == [pd.Timestamp("2024-04-03"), pd.Timestamp("2024-04-25")]
    assert flags(df) == {"date missing": [2]}


def test_leading_zero_ids_stay_text(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("cust,zip,nps\n007,01000,9\n010,75001,6\n")
    df = read_survey(path, score="nps", respondent="cust")
    assert df["cust"].tolist() == ["007", "010"]
    assert df["zip"].tolist() == ["01000", "75001"]
    assert df["respondent_id"].tolist() == ["007", "010"]


def test_mojibake_repaired_and_counted():
    df = read_survey(FIX / "mojibake_utf8.csv", score="score", comment="comment")
    # "cafÃ© trÃ¨s bon" is UTF-8 read as Windows-1252: ftfy restores it
    assert df.loc[0, "comment"] == "café très bon"
    assert df.loc[2, "comment"] == "déjà parfait"  # correct text untouched
    assert df.attrs["nps_toolkit"].repaired == {"comment": 1}
    assert flags(df) == {"text repaired (mojibake)": [0]}


# --------------------------------------------------------------------------- broken files


def test_ragged_rows_excluded_never_realigned():
    df = read_survey(FIX / "broken_ragged.csv", score="score", comment="comment")
    balances(df, 4)
    assert reasons(df) == {"kept": 2, "ragged row": 2}
    assert df.attrs["nps_toolkit"].excluded == [
        (1, "ragged row", "4 fields, header has 3"),
        (2, "ragged row", "2 fields, header has 3"),
    ]
    assert df["score"].tolist() == [9, 10]
    # nothing of the ragged rows is lost: the extra field is kept
    ex = excluded_rows(df)
    assert ex.index.tolist() == [1, 2]
    assert ex.loc[1, "comment"] == "one, two" and ex.loc[1, "extra_fields"] == ["extra"]
    assert ex.loc[2, "score"] == "7" and ex.loc[2, "comment"] == ""


def test_truncated_file_last_row_excluded():
    df = read_survey(FIX / "broken_truncated.csv", score="score")
    balances(df, 2)
    assert reasons(df) == {"kept": 1, "truncated row": 1}
    assert df.index.tolist() == [0]
    assert excluded_rows(df).loc[1, "comment"] == "this comment was cut off in the mid"


def test_stray_header_and_exact_duplicate_rows():
    df = read_survey(FIX / "broken_stray_header.csv", score="score", respondent="id")
    balances(df, 6)
    # row 2 repeats the header; row 4 repeats row 3 exactly
    assert reasons(df) == {"kept": 4, "stray header row": 1, "duplicate row": 1}
    assert df["score"].tolist() == [9, 3, 10, 8]


def test_formula_cells_kept_as_text():
    df = read_survey(FIX / "broken_formulas.csv", score="score", comment="comment")
    balances(df, 5)
    assert reasons(df) == {"kept": 5}
    assert df["comment"].tolist() == [
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "-2+3",
        "-5 stars would be too many",
    ]
    # "-2+3" would be evaluated by a spreadsheet; "-5 stars" starts like a number
    assert flags(df) == {"formula-looking cell (kept as text)": [0, 1, 2]}


def test_long_comments_emoji_and_newlines(tmp_path):
    long = "slow delivery " * 715  # 10,010 characters
    assert len(long) > 10_000
    text = (
        "id,score,comment\n"
        f'1,2,"{long}"\n'
        '2,10,"🎉🎉 love it 😍"\n'
        '3,9,"line one\nline two, with comma"\n'
    )
    path = tmp_path / "long.csv"
    path.write_text(text, encoding="utf-8")
    df = read_survey(path, score="score", comment="comment")
    balances(df, 3)
    assert df.loc[0, "comment"] == long.strip()
    assert df.loc[1, "comment"] == "🎉🎉 love it 😍"
    assert df.loc[2, "comment"] == "line one\nline two, with comma"


def test_duplicate_respondents_policies():
    path = FIX / "duplicates.csv"
    kw = dict(score="score", respondent="customer", date="date", comment="comment")
    df = read_survey(path, **kw)
    balances(df, 6)
    # row 4 = row 3 exactly; row 5 has no score; A answered on 01-01 (row 0) and
    # 02-01 (row 2): the latest (row 2) is kept
    assert reasons(df) == {
        "kept": 3,
        "duplicate row": 1,
        "missing score": 1,
        "duplicate respondent": 1,
    }
    assert df.index.tolist() == [1, 2, 3]
    assert df.loc[2, "comment"] == "changed my mind"
    first = read_survey(path, **kw, duplicates="first")
    assert first.index.tolist() == [0, 1, 3]
    keep = read_survey(path, **kw, duplicates="keep")
    assert keep.index.tolist() == [0, 1, 2, 3]
    assert flags(keep)["duplicate respondent (kept)"] == [0, 2]
    with pytest.raises(ValueError, match=r"'customer'.*'A' rows \[0, 2\].*duplicates="):
        read_survey(path, **kw, duplicates="error")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("name", "kwargs", "pattern"),
    [
        ("empty.csv", {}, r"empty\.csv.*is empty"),
        ("header_only.csv", {"score": "score"}, r"header_only\.csv.*no data rows"),
        ("no_score.csv", {}, r"no_score\.csv.*no column looks like.*pass score="),
        (
            "ambiguous.csv",
            {},
            r"ambiguous\.csv.*several columns.*our store.*our app.*pass score=",
        ),
        (
            "mostly_text.csv",
            {"score": "score"},
            # rows named as a spreadsheet shows them (issue 11): data row 0 is line 2
            r"mostly_text\.csv.*'score' is mostly text: 4 of 5.*'great' \(line 2\)",
        ),
        (
            "five_point.csv",
            {"score": "score"},
            r"five_point\.csv.*all 12 valid scores.*'score'.*between 1 and 5.*scale=\(1, 5\)",
        ),
        (
            "mixed_scale.csv",
            {},
            r"mixed_scale\.csv.*mixes scales: 25 consecutive answers \(lines 32 to 56\)",
        ),
        ("typeform.csv", {"score": "NPS"}, r"typeform\.csv.*no column 'NPS'.*Columns are"),
        ("qualtrics.csv", {"comment": "Q22"}, r"no column 'Q22'.*Did you mean"),
    ],
)
def test_bad_input_messages(name, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        read_survey(FIX / name, **kwargs)


def test_five_point_file_loads_when_declared():
    df = read_survey(FIX / "five_point.csv", score="score", scale=(1, 5))
    # 5,4,4,3,5,2,4,5,1,3,4,5 -> 12 kept
    assert df["score"].tolist() == [5, 4, 4, 3, 5, 2, 4, 5, 1, 3, 4, 5]
    assert reasons(df) == {"kept": 12}


def test_sorted_low_scores_are_not_a_mixed_scale(tmp_path):
    # a 0-10 file sorted by score has a long low block that is simply sorted
    values = sorted([0, 1, 2, 3, 4, 5] * 5 + [6, 7, 8, 9, 10] * 10)
    path = tmp_path / "sorted.csv"
    path.write_text("id,nps\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)))
    df = read_survey(path, score="nps")
    assert len(df) == 80


def test_bad_spell_of_detractors_is_not_a_mixed_scale(tmp_path):
    # 30 happy answers, then an outage: 25 answers of 0-3 (a real drop, not a 1-5 block)
    values = [10, 9, 8, 10, 9] * 6 + [0, 2, 1, 3, 0] * 5 + [9, 10, 8, 9, 10]
    path = tmp_path / "outage.csv"
    path.write_text("id,nps\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)))
    df = read_survey(path, score="nps")
    assert len(df) == 60


def test_check_scales_off_loads_the_mixed_file():
    df = read_survey(FIX / "mixed_scale.csv", check_scales=False)
    assert reasons(df) == {"kept": 55}


def test_missing_file_and_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        read_survey(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="duplicates="):
        read_survey(FIX / "typeform.csv", duplicates="newest")
    with pytest.raises(ValueError, match="format="):
        read_survey(FIX / "typeform.csv", format="json")
    corrupt = tmp_path / "bad.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match=r"bad\.xlsx.*cannot be read as excel"):
        read_survey(corrupt)


def test_account_needs_read_survey_result():
    with pytest.raises(ValueError, match="read_survey"):
        quality_report(pd.DataFrame({"score": [1, 2]}))
    df = read_survey(FIX / "qualtrics.csv")
    with pytest.raises(ValueError, match="filtered"):
        quality_report(df[df["score"] > 5])
    # copies keep the account (shared, not deep-copied)
    assert quality_report(df.copy())["rows"].sum() == 6
    assert isinstance(df.copy(deep=True).attrs["nps_toolkit"], SurveyAccount)
    text = quality_summary(df)
    assert "6 data rows read; 5 kept" in text and "Excluded 1: missing score" in text


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def botanic():
    return read_survey(BOTANIC, score="nps", comment="explication", respondent="id", scale=(1, 10))


def test_botanic_loads_in_one_call(botanic):
    acc = botanic.attrs["nps_toolkit"]
    assert acc.encoding == "windows-1252"
    assert acc.rows_read == 13_954
    assert reasons(botanic) == {"kept": 13_612, "missing score": 342}
    balances(botanic, 13_954)
    # README: 1:83 2:53 3:65 4:101 5:401 6:491 7:1061 8:2892 9:2487 10:5978
    counts = botanic["score"].value_counts().sort_index()
    assert counts.to_dict() == {
        1: 83,
        2: 53,
        3: 65,
        4: 101,
        5: 401,
        6: 491,
        7: 1061,
        8: 2892,
        9: 2487,
        10: 5978,
    }
    assert counts.sum() == 13_954 - 342


def test_botanic_against_independent_read(botanic):
    # pandas reading the UTF-8 copy is the independent reference
    ref = pd.read_csv(BOTANIC.with_name("nps_utf8.csv"), encoding="utf-8")
    missing = ref.index[ref["nps"].isna()].tolist()
    assert botanic.attrs["nps_toolkit"].excluded[0][0] == missing[0]
    assert quality_report(botanic)["source_rows"].iloc[1] == missing
    kept = ref[ref["nps"].notna()]
    assert botanic.index.tolist() == kept.index.tolist()
    assert (botanic["NbPassageKS"].to_numpy() == kept["NbPassageKS"].to_numpy()).all()
    # comments are the same text, the undefined 0x90 bytes kept as U+0090
    same = botanic["comment"].fillna("") == kept["explication"].fillna("").to_numpy()
    assert same.all()
    assert flags(botanic)["comment missing"] == kept.index[kept["explication"].isna()].tolist()
    # DOS accents ("‚" for "é") are not repaired; those rows are flagged
    dos = flags(botanic)["suspected DOS-accent mojibake (not repaired)"]
    assert 1000 < len(dos) < int(kept["explication"].notna().sum())
    assert "\u201a" in botanic.loc[dos[0], "comment"]


# --------------------------------------------------------------------------- demo data


def test_demo_survey_account():
    df = read_survey(DEMO, respondent="customer_id")
    acc = df.attrs["nps_toolkit"]
    assert acc.columns == {
        "respondent": "customer_id",
        "score": "score",
        "comment": "comment",
        "date": "date",
    }
    ref = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    n = len(ref)
    balances(df, n)
    no_score = ref["score"].eq("")
    dup = ref[~no_score].duplicated(subset=["customer_id"], keep="last")
    assert reasons(df) == {
        "kept": n - int(no_score.sum()) - int(dup.sum()),
        "missing score": int(no_score.sum()),
        "duplicate respondent": int(dup.sum()),
    }
    # data/README.md: 40 skipped scores, 15 re-submissions
    assert int(no_score.sum()) == 40 and int(dup.sum()) == 15
    kept = ref.drop(index=dup[dup].index)[lambda d: d["score"].ne("")]
    assert df["score"].tolist() == kept["score"].astype(int).tolist()
    # "n/a", "none" typed as comments stay as written; only empty cells are missing
    assert df["comment"].isna().sum() == int(kept["comment"].eq("").sum())


def test_botanic_copy_matches_shared_original(tmp_path):
    shared = Path("/work/shared/data/botanic_nps_fr/nps_original_cp1252.csv")
    if not shared.exists() or not BOTANIC.exists():
        pytest.skip("shared original not available")
    assert shared.read_bytes() == BOTANIC.read_bytes()
    # and a stream read gives the same account as the path
    copy = tmp_path / "b.csv"
    shutil.copy(BOTANIC, copy)
    with open(copy, "rb") as fh:
        df = read_survey(fh, score="nps", scale=(1, 10))
    assert reasons(df) == {"kept": 13_612, "missing score": 342}


def test_buffer_of_text():
    df = read_survey(io.StringIO("nps\n9\n10\n"), score="nps")
    assert df["score"].tolist() == [9, 10]
    assert df.attrs["nps_toolkit"].source == "<buffer>"


def test_blank_lines_are_not_rows_but_are_counted():
    df = read_survey(io.StringIO("nps,why\n9,a\n\n  \n8,b\n"), score="nps")
    acc = df.attrs["nps_toolkit"]
    assert acc.rows_read == 2 and acc.blank_rows == 2
    assert df.index.tolist() == [0, 1]
    assert "2 blank line(s) skipped" in quality_summary(df)


def test_two_surveymonkey_exports_pasted_together(tmp_path):
    lines = (FIX / "surveymonkey.csv").read_text(encoding="utf-8").splitlines()
    # header (2 lines) + 5 answers, then the second export's 2 header lines + 5 answers
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(lines + lines[0:2] + lines[2:7]) + "\n", encoding="utf-8")
    df = read_survey(path, duplicates="keep")
    balances(df, 12)
    # data rows 5 and 6 are the repeated header lines; rows 7-11 repeat rows 0-4
    # exactly (the first reason wins, so row 10, a copy of the unscored row 3, is a
    # duplicate row); row 3 has no score
    assert reasons(df) == {"kept": 4, "stray header row": 2, "duplicate row": 5, "missing score": 1}
    assert quality_report(df)["source_rows"].tolist()[1:] == [[5, 6], [7, 8, 9, 10, 11], [3]]


def test_io_docstrings_use_the_shared_parameter_text():
    from nps_toolkit._docstrings import PARAMS
    from nps_toolkit.io.respondents import dedupe_respondents, respondents_in_several

    for name in ("score", "comment", "date"):
        assert PARAMS.fill("    {params." + name + "}") in read_survey.__doc__
    for func in (read_survey, dedupe_respondents, respondents_in_several):
        assert "{params." not in func.__doc__
    for func in (dedupe_respondents, respondents_in_several):
        assert PARAMS.fill("    {params.data}") in func.__doc__
