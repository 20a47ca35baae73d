"""Inputs that fooled read_survey (issue 11), each written out in the test.

Expected values are counted by hand from the small files written here (the
counts are spelt out next to each assertion) or computed with plain pandas /
Python on the same text, never with the loader itself.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nps_toolkit.io.read as nio
from nps_toolkit.io.read import (
    excluded_rows,
    quality_flags,
    quality_report,
    quality_summary,
    read_survey,
)

FIX = Path(__file__).parent / "fixtures" / "io"


def reasons(df) -> dict[str, int]:
    rep = quality_report(df)
    return dict(zip(rep["reason"], rep["rows"], strict=True))


def flags(df) -> dict[str, list[int]]:
    fl = quality_flags(df)
    return dict(zip(fl["reason"], fl["source_rows"], strict=True))


def nps_by_hand(scores) -> float:
    s = np.asarray(scores)
    return 100 * (np.mean(s >= 9) - np.mean(s <= 6))


# --------------------------------------------------------------------------- (1) identical rows


def _identical_rows_file(tmp_path) -> tuple[Path, pd.DataFrame]:
    # 3 channels x 2 regions x 11 scores = 66 distinct answers, each given 1..4 times:
    # a survey without respondent ids where many people gave the same answer.
    rng = np.random.default_rng(11)
    rows = [
        (s, ch, rg)
        for s in range(11)
        for ch in ("web", "app", "store")
        for rg in ("north", "south")
        for _ in range(int(rng.integers(1, 5)))
    ]
    rng.shuffle(rows)
    frame = pd.DataFrame(rows, columns=["score", "channel", "region"])
    path = tmp_path / "no_id.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_identical_answers_without_an_id_are_different_people(tmp_path):
    path, frame = _identical_rows_file(tmp_path)
    df = read_survey(path, score="score")
    # every row is kept: nothing says two identical rows are the same person
    assert reasons(df) == {"kept": len(frame)}
    assert df["score"].tolist() == frame["score"].tolist()
    assert nps_by_hand(df["score"]) == pytest.approx(nps_by_hand(frame["score"]))
    # the count of identical rows is reported as information (pandas counts them)
    acc = df.attrs["nps_toolkit"]
    assert acc.identical_rows == int(frame.duplicated().sum()) > 0
    assert f"{acc.identical_rows} row(s) repeat an earlier row exactly" in quality_summary(df)


def test_identical_rows_with_the_same_id_are_one_respondent(tmp_path):
    path = tmp_path / "ids.csv"
    # rows 1 and 2 are identical with id "a": the same answer twice; rows 3 and 4
    # are identical with an empty id: two people
    path.write_text("id,nps,why\na,9,good\na,9,good\n,7,ok\n,7,ok\nb,3,bad\n")
    df = read_survey(path, score="nps", respondent="id")
    assert reasons(df) == {"kept": 4, "duplicate row": 1}
    assert quality_report(df)["lines"].tolist()[1] == [3]  # header line 1, data from line 2
    assert df.index.tolist() == [0, 2, 3, 4]


# --------------------------------------------------------------------------- (2) scale


def _five_point(tmp_path, extra: list[str]) -> Path:
    values = ["4", "5", "3", "5", "4", "2", "5", "4", "1", "5"] * 4 + extra
    path = tmp_path / "five.csv"
    path.write_text("id,score\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)))
    return path


def test_one_stray_ten_does_not_make_a_five_point_survey_0_10(tmp_path):
    path = _five_point(tmp_path, ["10"])  # 40 answers 1-5, then a stray 10 on line 42
    with pytest.raises(ValueError, match=r"40 of 41 valid scores.*'score'.*10 \(line 42\)"):
        read_survey(path, score="score")
    # the CLI declares 0-10 by default: the same survey is refused there too
    with pytest.raises(ValueError, match=r"five-point survey with stray.*check_scales=False"):
        read_survey(path, score="score", scale=(0, 10))
    df = read_survey(path, score="score", scale=(1, 5))
    assert reasons(df) == {"kept": 40, "score out of declared scale": 1}
    assert quality_report(df)["lines"].tolist()[1] == [42]
    assert excluded_rows(df)["score"].tolist() == ["10"]
    # 1-5 top box: 5 promoters, 4 passives, 1-3 detractors: per 10 answers 4 x "5",
    # 3 x "4", 3 x 1-3 -> NPS = 40 - 30 = +10
    assert df.attrs["nps_toolkit"].scale == (1, 5)
    s = df["score"].to_numpy()
    assert 100 * (np.mean(s == 5) - np.mean(s <= 3)) == pytest.approx(10.0)


def test_few_answers_on_1_to_5_are_not_taken_for_0_10(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text("score\n4\n5\n3\n5\n4\n2\n")  # 6 answers, none above 5
    with pytest.raises(ValueError, match=r"all 6 valid scores.*scale=\(1, 5\)"):
        read_survey(path, score="score")
    # too few to tell (0.5 ** 4 > 1/20): read as 0-10, with a note saying so
    path.write_text("score\n4\n5\n3\n5\n")
    df = read_survey(path, score="score")
    assert "too few to tell" in quality_summary(df)


def test_a_happy_subgroup_of_a_0_10_survey_is_fine(tmp_path):
    # scale is decided on the whole column: 32 answers 9-10 and 32 answers 4-5 load as 0-10
    values = [9, 4, 10, 5] * 16
    path = tmp_path / "s.csv"
    path.write_text("score,seg\n" + "".join(f"{v},{'a' if v < 6 else 'b'}\n" for v in values))
    df = read_survey(path, score="score")
    assert df.attrs["nps_toolkit"].scale == (0, 10) and len(df) == 64


# --------------------------------------------------------------------------- (3) layouts


def test_surveymonkey_headers_without_the_second_header_row(tmp_path):
    path = tmp_path / "sm1.csv"
    path.write_text(
        "Respondent ID,Collector ID,End Date,NPS,Comment\n"
        "1001,77,2024-05-01,9,great\n"
        "1002,77,2024-05-02,4,slow\n"
        "1003,77,2024-05-03,10,\n"
    )
    df = read_survey(path, score="NPS")
    acc = df.attrs["nps_toolkit"]
    assert acc.platform == "surveymonkey" and acc.header_rows == 1
    assert acc.rows_read == 3 and df["score"].tolist() == [9, 4, 10]
    assert acc.columns["respondent"] == "Respondent ID"
    assert df["respondent_id"].tolist() == ["1001", "1002", "1003"]


def test_importid_in_a_comment_does_not_make_a_qualtrics_file(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(
        "id,score,comment\n"
        '1,9,fine\n2,7,"{""ImportId"": ""QID1""} pasted by a bot"\n3,10,ok\n4,2,no\n5,8,meh\n'
    )
    df = read_survey(path, score="score")
    acc = df.attrs["nps_toolkit"]
    # 5 physical data rows (lines 2-6), all read and all kept
    assert acc.platform == "plain" and acc.header_rows == 1
    assert acc.rows_read == 5 and reasons(df) == {"kept": 5}
    assert df.loc[1, "comment"] == '{"ImportId": "QID1"} pasted by a bot'


# --------------------------------------------------------------------------- (4) big integers


def test_integers_beyond_64_bits(tmp_path):
    big = "123456789012345678901234567890"
    path = tmp_path / "big.csv"
    path.write_text(f"order_ref,score\n{big},9\n42,7\n1,{big}\n")
    df = read_survey(path, score="score")
    assert df["order_ref"].tolist() == [big, "42"]  # kept as text
    assert "too large for 64 bits" in quality_summary(df)
    # a huge "score" is just out of scale, with its line
    assert reasons(df) == {"kept": 2, "score out of declared scale": 1}
    assert quality_report(df)["lines"].tolist()[1] == [4]


# --------------------------------------------------------------------------- (5) Excel


def _workbook(path, sheets: dict[str, list[list]]):
    with pd.ExcelWriter(path) as xl:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(xl, sheet_name=name, index=False, header=False)


def test_excel_sheets_listed_and_chosen(tmp_path):
    path = tmp_path / "book.xlsx"
    answers = [["id", "nps"], ["a", 9], ["b", 3]]
    _workbook(path, {"Summary": [["id", "nps"], ["x", 10]], "Responses": answers})
    df = read_survey(path, score="nps")
    assert df["score"].tolist() == [10]
    assert "2 sheets ('Summary', 'Responses')" in quality_summary(df)
    assert read_survey(path, score="nps", sheet="Responses")["score"].tolist() == [9, 3]
    assert read_survey(path, score="nps", sheet=1)["score"].tolist() == [9, 3]
    with pytest.raises(ValueError, match=r"no sheet 'Answers'.*'Summary', 'Responses'"):
        read_survey(path, score="nps", sheet="Answers")


def test_title_row_above_the_header(tmp_path):
    path = tmp_path / "title.xlsx"
    rows = [["Customer survey, March", None], [None, None], ["id", "nps"], ["a", 9], ["b", 6]]
    _workbook(path, {"Sheet1": rows})
    with pytest.raises(ValueError, match=r"looks like a title.*line 3: pass header_row=3"):
        read_survey(path, score="nps")
    df = read_survey(path, score="nps", header_row=3)
    acc = df.attrs["nps_toolkit"]
    assert df["score"].tolist() == [9, 6] and acc.rows_above_header == 1
    assert acc.line_of(df.index) == [4, 5]
    # the same in a CSV
    csv = tmp_path / "title.csv"
    csv.write_text("Customer survey\n\nid,nps\na,9\nb,6\n")
    with pytest.raises(ValueError, match=r"header_row=3"):
        read_survey(csv, score="nps")
    df = read_survey(csv, score="nps", header_row=3)
    assert df["score"].tolist() == [9, 6] and df.attrs["nps_toolkit"].line_of([0, 1]) == [4, 5]


# --------------------------------------------------------------------------- (6) dates, names


def test_mixed_day_month_orders_are_flagged(tmp_path):
    path = tmp_path / "dates.csv"
    # 25/04 is only day/month, 04/26 only month/day, 03/04 is either
    path.write_text("nps,when\n9,25/04/2024\n8,04/26/2024\n7,03/04/2024\n10,2024-05-01\n")
    df = read_survey(path, score="nps", date="when")
    mixed = [k for k in flags(df) if k.startswith("date order mixed")]
    assert len(mixed) == 1 and flags(df)[mixed[0]] == [0, 1, 2]
    assert df.loc[2, "date"] == pd.Timestamp("2024-03-04")  # ambiguous: month first
    day_first = read_survey(path, score="nps", date="when", dayfirst=True)
    assert day_first.loc[2, "date"] == pd.Timestamp("2024-04-03")
    assert day_first.loc[0, "date"] == pd.Timestamp("2024-04-25")
    # 04/26 cannot be day/month: said, not silently swapped
    assert flags(day_first)["date contradicts dayfirst= (read the only way it can be)"] == [1]


def test_duplicate_column_names_are_said(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,nps,region,nps\na,9,north,3\nb,7,south,10\n")
    with pytest.raises(ValueError, match=r"2 columns are named 'nps' \(positions 2, 4\)"):
        read_survey(path, score="nps")
    df = read_survey(path, score="nps.1")
    assert df["score"].tolist() == [3, 10]
    assert "Column name 'nps' is used by 2 columns (positions 2, 4)" in quality_summary(df)


def test_repeated_name_never_takes_a_name_the_header_holds():
    # a,a,a.1: pandas-style renaming would read the second "a" as "a.1" beside the real "a.1"
    from nps_toolkit.io.platforms import unique_names

    assert unique_names(["a", "a", "a.1"]) == (["a", "a.2", "a.1"], {"a": [1, 2]})
    assert unique_names(["a.1", "a", "a"]) == (["a.1", "a", "a.2"], {"a": [2, 3]})
    assert unique_names(["a", " ", "a", "a"]) == (
        ["a", "Unnamed: 1", "a.1", "a.2"],
        {"a": [1, 3, 4]},
    )


def test_header_a_a_a1_reads_three_distinct_columns(tmp_path):
    path = tmp_path / "dup1.csv"
    path.write_text("nps,a,a,a.1\n9,x,y,z\n7,u,v,w\n")
    df = read_survey(path, score="nps")
    assert [c for c in df.columns if c.startswith("a")] == ["a", "a.2", "a.1"]
    assert df["a.1"].tolist() == ["z", "w"]  # the header's own a.1, not the second a
    assert df["a.2"].tolist() == ["y", "v"]
    summary = quality_summary(df)
    assert "Column name 'a' is used by 2 columns (positions 2, 3)" in summary
    assert "read as a.2." in summary
    with pytest.raises(ValueError, match=r"pass by='a.2' for the second"):
        read_survey(path, score="nps", respondent="nps", by="a")


# --------------------------------------------------------------------------- (7) segments, lines


def test_respondent_in_both_arms_is_flagged(tmp_path):
    path = tmp_path / "ab.csv"
    path.write_text(
        "id,arm,nps,date\n"
        "a,control,9,2024-01-01\n"
        "b,pilot,7,2024-01-01\n"
        "a,pilot,3,2024-01-05\n"  # a answered in both arms
        "c,pilot,10,2024-01-02\n"
    )
    df = read_survey(path, score="nps", respondent="id", date="date", by="arm")
    name = "same respondent in control and pilot ('arm')"
    # the latest answer (row 2) is kept and flagged; row 0 is a duplicate respondent
    assert reasons(df) == {"kept": 3, "duplicate respondent": 1}
    assert flags(df)[name] == [2]
    conflicts = df.attrs["nps_toolkit"].segment_conflicts
    assert conflicts["respondent"].tolist() == ["a"]
    assert conflicts["lines"].tolist() == [[2, 4]]
    assert f"Flagged 1: {name}" in quality_summary(df)
    with pytest.raises(ValueError, match="respondent"):
        read_survey(path, score="nps", by="arm")


def test_lines_are_spreadsheet_rows(tmp_path):
    path = tmp_path / "lines.csv"
    # line 1 header; 2 ok; 3 blank; 4 no score; 5-6 one row with a quoted newline
    # (one spreadsheet row, line 5); 6 "seven"
    path.write_text('id,nps,why\n1,9,ok\n\n2,,none\n3,8,"two\nlines"\n4,seven,typo\n')
    df = read_survey(path, score="nps")
    rep = quality_report(df)
    assert dict(zip(rep["reason"], rep["lines"], strict=True)) == {
        "kept": [],
        "missing score": [4],
        "score not a number": [6],
    }
    assert df.attrs["nps_toolkit"].line_of(df.index) == [2, 5]
    assert excluded_rows(df)["line"].tolist() == [4, 6]


# --------------------------------------------------------------------------- fast = careful


CASES = sorted(p.name for p in FIX.glob("*.csv") if p.stat().st_size)


@pytest.mark.parametrize("name", CASES)
def test_pyarrow_and_csv_readers_give_the_same_account(name, monkeypatch):
    def load():
        try:
            return read_survey(FIX / name, duplicates="keep", check_scales=False)
        except ValueError as exc:
            return str(exc)

    fast = load()
    monkeypatch.setattr(nio, "_FAST", False)
    careful = load()
    if isinstance(fast, str):
        assert fast == careful
        return
    pd.testing.assert_frame_equal(fast, careful)
    a, b = fast.attrs["nps_toolkit"], careful.attrs["nps_toolkit"]
    assert a.excluded == b.excluded and a.lines.tolist() == b.lines.tolist()
    assert {k: v.tolist() for k, v in a.flags.items()} == {
        k: v.tolist() for k, v in b.flags.items()
    }
    assert b.reader == "csv"


def test_a_clean_file_takes_the_pyarrow_reader():
    df = read_survey(io.BytesIO(b'id,nps,why\n1,9,"a, b"\n2,3,c\n'), score="nps")
    assert df.attrs["nps_toolkit"].reader == "pyarrow"
    ragged = read_survey(io.BytesIO(b"id,nps\n1,9\n2,3,x\n"), score="nps")
    assert ragged.attrs["nps_toolkit"].reader == "csv"
    assert reasons(ragged) == {"kept": 1, "ragged row": 1}


def test_command_line_flags_reach_the_parameters():
    from nps_toolkit.report.cli import build_parser, parameters_from_args

    argv = ["report", "--data", "s.xlsx", "--sheet", "Responses", "--header-row", "3"]
    params = parameters_from_args(build_parser().parse_args([*argv, "--dayfirst"]))
    assert (params["sheet"], params["header_row"], params["dayfirst"]) == ("Responses", 3, True)
    params = parameters_from_args(build_parser().parse_args(argv[:3]))
    assert all(params.get(k) is None for k in ("sheet", "header_row", "dayfirst"))
    with pytest.raises(SystemExit):
        build_parser().parse_args([*argv[:3], "--header-row", "0"])
