import inspect
import warnings

import pandas as pd
import pytest

from nps_toolkit._validation import parse_dates, renamed_args, require_columns


@pytest.fixture
def frame():
    return pd.DataFrame({"score": [9, 3], "segment": ["a", "b"], "date": ["2024-01-02", None]})


def test_require_columns_passes_and_ignores_none(frame):
    require_columns(frame, ["score", None, "segment"])
    require_columns(frame, [])
    require_columns(["score", "segment"], ["segment", None], "the DuckDB source")


def test_require_columns_none_is_missing_when_not_skipped(frame):
    with pytest.raises(ValueError, match=r"Column\(s\) \[None\] not found in the data"):
        require_columns(frame, ["score", None], skip_none=False)


def test_require_columns_names_column_where_available_and_fix(frame):
    with pytest.raises(ValueError) as err:
        require_columns(frame, ["score", "Segment"], "orders")
    msg = str(err.value)
    assert "Column(s) ['Segment'] not found in orders." in msg
    assert "Did you mean 'segment'?" in msg
    assert "Available columns: ['score', 'segment', 'date']" in msg
    assert msg.endswith("Fix: pass the right column name.")


def test_require_columns_suggests_per_column_and_only_when_close(frame):
    with pytest.raises(ValueError) as err:
        require_columns(frame, ["scores", "dates", "zzz"])
    msg = str(err.value)
    assert "['scores', 'dates', 'zzz'] not found" in msg
    assert "Did you mean 'score' for 'scores', 'date' for 'dates'?" in msg
    with pytest.raises(ValueError) as err:
        require_columns(frame, ["zzz"])
    assert "Did you mean" not in str(err.value)


def test_require_columns_on_a_list_of_names():
    with pytest.raises(
        ValueError, match=r"\['sgment'\] not found in the Spark DataFrame.*'segment'"
    ):
        require_columns(["s", "segment"], ["s", "sgment"], "the Spark DataFrame")


def test_require_columns_refuses_a_series(frame):
    with pytest.raises(ValueError, match="got a Series"):
        require_columns(frame["score"], ["score"])


def test_parse_dates_keeps_datetimes_and_missing():
    dated = pd.Series(pd.to_datetime(["2024-01-02", None]).tz_localize("UTC"))
    assert parse_dates(dated, "d", "the data") is dated
    got = parse_dates(pd.Series(["2024-01-02", None, "2024-01-03"]), "d", "the data")
    assert pd.api.types.is_datetime64_any_dtype(got)
    assert got.tolist()[::2] == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    assert got.isna().tolist() == [False, True, False]


def test_parse_dates_silences_could_not_infer_format():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas warns "Could not infer format" here
        with pytest.raises(ValueError, match="not dates"):
            parse_dates(pd.Series(["soon", "2024-01-02"]), "d", "the data")


def test_parse_dates_bad_value_names_column_count_examples_rows_and_fix():
    values = pd.Series(["2024-01-02", "soon", None, "later"], index=[10, 11, 12, 13])
    with pytest.raises(ValueError) as err:
        parse_dates(values, "odate", "orders")
    msg = str(err.value)
    assert "Date column 'odate' has 2 value(s) that are not dates in orders" in msg
    assert "['soon', 'later']" in msg
    assert "(rows [11, 13])" in msg
    assert "pd.to_datetime(..., format=...)" in msg


def test_parse_dates_row_list_is_truncated():
    values = pd.Series(["x"] * 7)
    with pytest.raises(ValueError, match=r"rows \[0, 1, 2, 3, 4, \.\.\.\]"):
        parse_dates(values, "d", "the data")


# ------------------------------------------------------------------ renamed arguments
@renamed_args(text="comment", random_state="seed")
def _count(data, *, comment, seed=0):
    return (data, comment, seed)


class _Estimator:
    @renamed_args(random_state="seed")
    def __init__(self, *, seed=0):
        self.seed = seed


def test_renamed_args_new_names_pass_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _count("d", comment="c", seed=2) == ("d", "c", 2)
        assert _count("d", comment="c") == ("d", "c", 0)


def test_renamed_args_old_name_warns_and_passes_the_value_on():
    with pytest.warns(FutureWarning) as caught:
        assert _count("d", text="c", random_state=3) == ("d", "c", 3)
    messages = [str(w.message) for w in caught]
    assert messages == [
        "_count(text=...) is renamed comment=...; the old name stops working in the next release.",
        "_count(random_state=...) is renamed seed=...; the old name stops working in the "
        "next release.",
    ]
    # The warning points at the caller, not at the decorator.
    assert all(w.filename == __file__ for w in caught)


def test_renamed_args_both_names_is_a_type_error():
    with pytest.raises(
        TypeError, match=r"_count\(\) got both text= .* and comment=.*only comment="
    ):
        _count("d", text="c", comment="c")
    with pytest.raises(TypeError, match=r"both random_state= .* and seed="):
        _count("d", comment="c", seed=1, random_state=1)


def test_renamed_args_both_names_warns_then_is_also_a_value_error():
    from nps_toolkit._validation import RenamedArgumentError

    # A caller that catches the kit's bad-input ValueError catches this one too,
    # and still learns the new name from the warning.
    with pytest.raises(ValueError, match="once, passing only comment="):
        with pytest.warns(FutureWarning, match="renamed comment="):
            _count("d", text="c", comment="c")
    assert issubclass(RenamedArgumentError, TypeError)


def test_renamed_args_on_init_names_the_class_and_keeps_the_signature():
    with pytest.warns(FutureWarning, match=r"^_Estimator\(random_state=\.\.\.\) is renamed seed="):
        assert _Estimator(random_state=4).seed == 4
    # Introspection (scikit-learn's get_params, help()) sees only the new names.
    assert list(inspect.signature(_Estimator.__init__).parameters) == ["self", "seed"]
    assert list(inspect.signature(_count).parameters) == ["data", "comment", "seed"]


def test_renamed_args_keeps_other_errors():
    with pytest.raises(TypeError, match="unexpected keyword argument 'txt'"):
        _count("d", txt="c")


def test_as_list_one_name_or_several():
    from nps_toolkit._validation import as_list

    assert as_list(None) == []
    assert as_list("region") == ["region"]
    assert as_list(("region", "channel")) == ["region", "channel"]
    assert as_list(["a"]) == ["a"]
    assert as_list(3) == [3]  # a non-string column label is one name


def test_as_list_takes_any_non_string_iterable():
    import numpy as np

    from nps_toolkit._validation import as_list

    assert as_list(pd.Index(["region", "channel"])) == ["region", "channel"]
    assert as_list(np.array(["a", "b"])) == ["a", "b"]
    assert as_list(c for c in ("x", "y")) == ["x", "y"]
    assert as_list({"b", "c", "a"}) == ["a", "b", "c"]  # a set: sorted, not hash order
    assert as_list(frozenset({2, "a"})) == [2, "a"]  # not comparable: sorted as text


def test_rows_text_names_file_lines_of_a_loaded_survey():
    import io

    from nps_toolkit._validation import rows_text
    from nps_toolkit.io.read import read_survey

    # header on line 1; line 3 holds N/A (excluded), so kept rows 0, 2, 3 are lines 2, 4, 5
    csv = "nps,d\n9,2024-01-01\nN/A,2024-01-01\n8,2024-01-02\n7,soon\n"
    df = read_survey(io.StringIO(csv), score="nps")
    assert df.index.tolist() == [0, 2, 3]
    assert rows_text(df.index[1:], df) == "lines [4, 5] of the file"
    assert rows_text(df.index[1:], df["d"]) == "lines [4, 5] of the file"
    # filtered or re-indexed: the labels are no longer rows of the file
    assert rows_text([1], df.reset_index(drop=True)) == "rows [1]"
    assert rows_text([2], df.iloc[1:]) == "rows [2]"
    with pytest.raises(ValueError, match=r"\(lines \[5\] of the file\)"):
        parse_dates(df["d"], "d", "the data")


def test_rows_text_and_examples_text_truncate_after_five():
    from nps_toolkit._validation import examples_text, rows_text

    assert rows_text([3, 5]) == "rows [3, 5]"
    assert rows_text(range(6), brackets=False) == "rows 0, 1, 2, 3, 4 ..."
    assert examples_text(["a", 1]) == "['a', 1]"
