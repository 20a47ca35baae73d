"""Tests for nps_toolkit.comments.followup: who is in the list, in which order, and safe export."""

import csv

import numpy as np
import openpyxl
import pandas as pd
import pytest

from nps_toolkit.comments.followup import (
    COLUMNS,
    FollowUpExport,
    FollowUpList,
    export_follow_up,
    follow_up_display,
    follow_up_list,
)
from nps_toolkit.comments.privacy import to_safe_csv, to_safe_excel

# Without orders the order columns would always be empty: they are left out.
NO_ORDER_COLUMNS = [c for c in COLUMNS if c not in ("last_order_date", "customer_value")]


def _survey():
    return pd.DataFrame(
        {
            "rid": ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
            "cust": ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"],
            "score": [3, 3, 3, 0, 6, 9, 7, np.nan, 3],
            "comment": [
                "Slow delivery.",  # mildly negative
                "Terrible, rude staff! Never again.",  # very negative
                None,  # no comment: still a detractor
                '=HYPERLINK("http://evil","x") awful',  # formula in a comment
                "Fine but expensive",
                "Great",
                "ok",
                "Worst shop",
                "Slow delivery.",  # same text as a, different value
            ],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18],
    )


def _orders():
    return pd.DataFrame(
        {
            "cust": ["C1", "C1", "C9", "C9", "C9", "C2", "C4", "C3"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-05",
                    "2024-03-01",
                    "2024-02-01",
                    "2024-02-10",
                    "2023-12-24",
                    "2024-01-01",
                    "2024-04-04",
                    "2024-05-05",
                ]
            ),
            "amount": [10.0, 20.0, 100.0, 50.0, -30.0, 5.0, 7.5, 1.0],
        }
    )


def _themes(index):
    return pd.DataFrame(
        {
            "delivery": [True, False, False, False, False, False, False, False, True],
            "price": [False, False, False, False, True, False, False, False, False],
            "staff": [False, True, False, False, False, False, False, False, False],
        },
        index=index,
    )


def _full_list():
    """The follow-up list of ``_survey()`` with orders, themes and English sentiment."""
    data = _survey()
    return follow_up_list(
        data,
        score="score",
        comment="comment",
        respondent="rid",
        orders=_orders(),
        customer="cust",
        order_date="order_date",
        amount="amount",
        themes=_themes(data.index),
        language="en",
    )


def test_order_and_contents_by_hand():
    result = _full_list()
    assert isinstance(result, FollowUpList) and result.comments_redacted is True
    out = result.table
    assert out.columns.tolist() == COLUMNS
    # Detractors only (score <= 6), promoters/passives/missing score excluded.
    assert set(out["respondent"]) == {"a", "b", "c", "d", "e", "i"}
    # Order by hand: score 0 (d) first; then score 3: b (very negative) before
    # a and i (same text, "Slow delivery." mildly negative; i is worth 120 > a 30),
    # then c (no comment, not scored); then score 6 (e).
    assert out["respondent"].tolist() == ["d", "b", "i", "a", "c", "e"]
    assert out["priority"].tolist() == [1, 2, 3, 4, 5, 6]
    # Orders by hand: C9 = 100 + 50 - 30 = 120, last 2024-02-10; C1 = 30, last 2024-03-01;
    # C5 has no order: value 0, no date.
    row = out.set_index("respondent")
    assert row.loc["i", "customer_value"] == pytest.approx(120.0)
    assert row.loc["i", "last_order_date"] == pd.Timestamp("2024-02-10")
    assert row.loc["a", "customer_value"] == pytest.approx(30.0)
    assert row.loc["a", "last_order_date"] == pd.Timestamp("2024-03-01")
    assert row.loc["e", "customer_value"] == 0.0 and pd.isna(row.loc["e", "last_order_date"])
    assert row.loc["a", "themes"] == "delivery" and row.loc["e", "themes"] == "price"
    assert row.loc["c", "themes"] == "" and pd.isna(row.loc["c", "comment"])
    assert row.loc["c", "sentiment_label"] == "no_comment"
    assert row.loc["b", "compound"] < row.loc["a", "compound"] < 0
    # Index kept for traceability back to the survey.
    assert out.index.tolist() == [13, 11, 18, 10, 12, 14]


def test_redaction_default_and_off():
    data = pd.DataFrame(
        {"rid": [1, 2], "score": [2, 5], "comment": ["mail me: jo@x.com", "call 06 12 34 56 78"]}
    )
    out = follow_up_list(
        data, score="score", comment="comment", respondent="rid", themes=False, language="en"
    ).table
    assert out["comment"].tolist() == ["mail me: [EMAIL]", "call [PHONE]"]
    raw = follow_up_list(
        data,
        score="score",
        comment="comment",
        respondent="rid",
        themes=False,
        language="en",
        redact=False,
    ).table
    assert raw["comment"].tolist() == ["mail me: jo@x.com", "call 06 12 34 56 78"]


def test_value_column_scale_and_max_rows():
    data = pd.DataFrame(
        {
            "rid": ["x", "y", "z", "w"],
            "nps": [5, 5, 5, 10],
            "comment": [None, None, None, "super"],
            "spend": [10.0, 300.0, np.nan, 5.0],
        }
    )
    args = {
        "score": "nps",
        "comment": "comment",
        "respondent": "rid",
        "value": "spend",
        "scale": (1, 10),
        "themes": False,
        "language": "fr",
    }
    out = follow_up_list(data, **args).table
    # Same score, no sentiment: highest value first, unknown value last.
    assert out["respondent"].tolist() == ["y", "x", "z"]
    top = follow_up_list(data, **args, max_rows=2).table
    assert top["respondent"].tolist() == ["y", "x"]


def test_without_comment_column():
    data = _survey().drop(columns="comment")
    out = follow_up_list(data, score="score", comment=None, respondent="rid").table
    assert out["respondent"].tolist() == ["d", "a", "b", "c", "i", "e"]  # score, then id
    assert out["comment"].isna().all() and out["compound"].isna().all()
    assert out["sentiment_label"].eq("no_comment").all() and out["themes"].eq("").all()


def test_export_read_back_has_no_formula(tmp_path):
    out = _full_list().table
    csv_path = to_safe_csv(out, tmp_path / "follow.csv")
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == COLUMNS
    assert rows[1][4].startswith("'=HYPERLINK")
    # Text cells (quoted) never start a formula; numbers (e.g. a negative compound)
    # are written unquoted and read back as numbers.
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        typed = list(csv.reader(fh, quoting=csv.QUOTE_NONNUMERIC))
    text_cells = [c for r in typed for c in r if isinstance(c, str)]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in text_cells)
    numbers = [c for r in typed[1:] for c in r if isinstance(c, float)]
    assert any(n < 0 for n in numbers)

    xlsx_path = to_safe_excel(out, tmp_path / "follow.xlsx")
    ws = openpyxl.load_workbook(xlsx_path).active
    cells = [c for r in ws.iter_rows() for c in r]
    assert not any(c.data_type == "f" for c in cells)
    assert ws.cell(row=2, column=5).value.startswith("'=HYPERLINK")
    assert ws.cell(row=2, column=1).value == 1  # priority stays a number


def test_bad_input():
    data = _survey()
    with pytest.raises(ValueError, match=r"\['note'\] not found in data"):
        follow_up_list(data, score="score", comment="note", respondent="rid")
    with pytest.raises(ValueError, match="also pass customer="):
        follow_up_list(data, score="score", comment="comment", respondent="rid", orders=_orders())
    bad_orders = _orders().assign(amount=lambda d: d["amount"].astype(str))
    with pytest.raises(ValueError, match="'amount' is not numeric"):
        follow_up_list(
            data,
            score="score",
            comment="comment",
            respondent="rid",
            orders=bad_orders,
            customer="cust",
            order_date="order_date",
            amount="amount",
            themes=False,
            language="en",
        )
    with pytest.raises(ValueError, match="no row for"):
        follow_up_list(
            data,
            score="score",
            comment="comment",
            respondent="rid",
            themes=_themes(data.index).iloc[:2],
            language="en",
        )


def test_demo_follow_up_list():
    from nps_toolkit.datasets.demo import load_demo
    from nps_toolkit.datasets.phrases import PII_COMMENTS
    from nps_toolkit.score.scales import classify

    survey, orders = load_demo()
    out = follow_up_list(
        survey,
        score="score",
        comment="comment",
        respondent="response_id",
        orders=orders,
        customer="customer_id",
        order_date="order_date",
        amount="amount",
        language="language",
    ).table
    # Every detractor, with or without a comment.
    assert len(out) == int(classify(survey["score"]).eq("detractor").sum())
    assert out["score"].is_monotonic_increasing
    # Customer value and last order recomputed independently for three customers.
    for cid in out["customer"].iloc[[0, 10, 100]]:
        theirs = orders[orders["customer_id"].eq(cid)]
        row = out[out["customer"].eq(cid)].iloc[0]
        assert row["customer_value"] == pytest.approx(theirs["amount"].sum())
        assert row["last_order_date"] == theirs["order_date"].max()
    # The planted personal data never reaches the list.
    text = " ".join(out["comment"].dropna())
    for comment, _ in PII_COMMENTS:
        assert comment not in text
    for secret in ("4111 1111 1111 1111", "jane.doe@example.com", "+44 20 7946 0958"):
        assert secret not in text


# ------------------------------------------------------------------ contact identifiers
def _delighted():
    """A Delighted-like export: the respondent id is the e-mail address (15 detractors)."""
    emails = [f"client{i}.lévêque@exemple.fr" for i in range(12)] + [
        "józef.nowak@example.pl",
        "user@exämple.de",
        "=cmd@example.com",  # an address that a spreadsheet would read as a formula
    ]
    return pd.DataFrame(
        {
            "email": emails + ["promoter@example.com"],
            "score": [0, 1, 2, 3, 4, 5, 6] * 2 + [6, 10],
            "comment": ["Too slow, call me on whatsapp+33612345678"] + ["Late"] * 14 + ["Great"],
            "phone": ["+33 6 12 34 56 78"] * 15 + [None],
        }
    )


def _delighted_list(**kwargs):
    return follow_up_list(
        _delighted(),
        score="score",
        comment="comment",
        respondent="email",
        customer="phone",
        themes=False,
        language="en",
        **kwargs,
    )


def test_display_masks_contact_identifiers():
    result = _delighted_list()
    follow = result.table
    # The list itself keeps the addresses: it is for calling back.
    assert set(_delighted()["email"].iloc[:15]) == set(follow["respondent"])
    shown = follow_up_display(result, rows=None)
    assert shown["respondent"].eq("[EMAIL]").all() and shown["customer"].eq("[PHONE]").all()
    # no orders: the always-empty order columns are left out (issue 14 item 8)
    assert shown.columns.tolist() == NO_ORDER_COLUMNS and shown.index.equals(follow.index)
    assert shown["priority"].equals(follow["priority"]) and shown["score"].equals(follow["score"])
    # The comment was redacted by follow_up_list; display does not touch free text.
    assert shown["comment"].equals(follow["comment"])
    assert "Too slow, call me on whatsapp[PHONE]" in set(shown["comment"])
    page = follow_up_display(follow).to_html()  # the 15 rows a report shows
    for address in _delighted()["email"]:
        assert address not in page
    assert "lévêque" not in page and "612345678" not in page and "12 34 56 78" not in page
    assert len(follow_up_display(follow)) == 15 and len(follow_up_display(follow, rows=3)) == 3


def test_display_detects_on_the_whole_list():
    # Ids are addresses for most respondents; the first rows shown hold plain ids
    # ("guest-1"...): the column is still masked, because it is detected on the whole list.
    data = pd.DataFrame(
        {
            "rid": ["guest-1", "guest-2"] + [f"p{i}@example.com" for i in range(8)],
            "score": [0, 0] + [5] * 8,
        }
    )
    follow = follow_up_list(data, score="score", comment=None, respondent="rid").table
    shown = follow_up_display(follow, rows=2)
    assert follow["respondent"].iloc[:2].tolist() == ["guest-1", "guest-2"]
    assert shown["respondent"].tolist() == ["[EMAIL]", "[EMAIL]"]


def test_report_pages_mask_contact_cells(tmp_path):
    # Safety net: the report's HTML sanitiser masks contact cells even in a table
    # shown without follow_up_display.
    from nps_toolkit.report.html import _clean_html

    follow = _delighted_list().table
    page = _clean_html(follow.head(15).to_html())
    for address in _delighted()["email"].iloc[:14]:
        assert address not in page
    assert page.count("[EMAIL]") == 15 and "12 34 56 78" not in page


def test_export_keeps_contacts_and_says_so(tmp_path, caplog):
    follow = _delighted_list()
    with caplog.at_level("INFO", logger="nps_toolkit.comments.followup"):
        done = export_follow_up(follow, tmp_path / "out")
    assert isinstance(done, FollowUpExport) and done.rows == 15
    assert done.contact_columns == ["respondent", "customer"]
    assert "contains contact details" in done.note and "respondent, customer" in done.note
    assert "Comments are redacted" in done.note
    assert "contains contact details" in caplog.text
    # CSV: a clean header, every address kept (for calling back), formulas neutralised.
    with open(done.csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == NO_ORDER_COLUMNS
    respondents = [r[1] for r in rows[1:]]
    assert "józef.nowak@example.pl" in respondents and "user@exämple.de" in respondents
    assert "'=cmd@example.com" in respondents and "=cmd@example.com" not in respondents
    assert {r[2] for r in rows[1:]} == {"'+33 6 12 34 56 78"}  # "+" starts a formula
    # XLSX: the data sheet first with a clean header, then the "About" sheet.
    wb = openpyxl.load_workbook(done.xlsx)
    assert wb.sheetnames == ["Follow-up", "About"]
    sheet = wb["Follow-up"]
    assert [c.value for c in sheet[1]] == NO_ORDER_COLUMNS
    about = " ".join(str(c.value) for r in wb["About"].iter_rows() for c in r)
    assert "contains contact details" in about and "called back" in about
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert not any(c.data_type == "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in texts)
    assert "józef.nowak@example.pl" in {c.value for c in sheet["B"]}


def test_export_note_without_contacts_and_unredacted(tmp_path):
    follow = follow_up_list(
        _survey(), score="score", comment="comment", respondent="rid", redact=False,
        themes=False, language="en",
    )  # fmt: skip
    assert follow.comments_redacted is False
    done = export_follow_up(follow, tmp_path, name="list", formats=("csv",))
    assert done.contact_columns == [] and done.xlsx is None and done.csv.name == "list.csv"
    assert "No column of this file was detected as contact details" in done.note
    assert "NOT redacted" in done.note


def test_display_and_export_bad_input(tmp_path):
    follow = _delighted_list().table
    with pytest.raises(ValueError, match="rows must be"):
        follow_up_display(follow, rows=-1)
    with pytest.raises(ValueError, match="expects a DataFrame"):
        follow_up_display(follow["respondent"])
    with pytest.raises(ValueError, match="formats must be"):
        export_follow_up(follow, tmp_path, formats=("pdf",))
    with pytest.raises(ValueError, match="formats must be a non-empty list"):
        export_follow_up(follow, tmp_path, formats=None)
    assert export_follow_up(follow, tmp_path, formats="csv").xlsx is None
    with pytest.raises(ValueError, match="expects a DataFrame"):
        export_follow_up(follow.to_dict(), tmp_path)


def test_segments_and_no_always_empty_columns():
    # Issue 14 item 8: the chosen segment columns are in the list (after score); without
    # orders/customer/value the columns that could only be empty are left out.
    data = _survey().assign(arm=list("ABABABABA"))
    out = follow_up_list(
        data, score="score", comment="comment", respondent="rid", segments=["arm"],
        themes=False, language="en",
    ).table  # fmt: skip
    assert out.columns.tolist() == [
        "priority", "respondent", "score", "arm", "comment", "themes", "compound",
        "sentiment_label",
    ]  # fmt: skip
    # by hand: rid -> arm from the survey row (a=A, b=B, c=A, d=B, e=A, i=A)
    assert dict(zip(out["respondent"], out["arm"], strict=True)) == {
        "d": "B", "b": "B", "i": "A", "a": "A", "c": "A", "e": "A",
    }  # fmt: skip
    with_value = follow_up_list(
        data.assign(spend=1.0), score="score", comment=None, respondent="rid", value="spend"
    ).table
    assert "customer_value" in with_value and "last_order_date" not in with_value
    with pytest.raises(ValueError, match="also a column name of the follow-up list"):
        follow_up_list(data, score="score", comment=None, respondent="rid", segments=["score"])
    with pytest.raises(ValueError, match=r"\['nope'\] not found in data"):
        follow_up_list(data, score="score", comment=None, respondent="rid", segments=["nope"])


def test_old_dataframe_use_of_the_list_warns():
    result = follow_up_list(_survey(), score="score", comment=None, respondent="rid")
    with pytest.warns(FutureWarning, match=r"follow_up_list now returns FollowUpList; use \.table"):
        assert result["respondent"].tolist() == result.table["respondent"].tolist()


def test_tone_orders_and_labels_every_language():
    # French comments: the English lexicon cannot score them, so without tone= they keep
    # id order; with the tone of every comment, the most negative comes first.
    data = pd.DataFrame(
        {
            "rid": ["r1", "r2", "r3", "r4", "r5"],
            "score": [2, 2, 2, 9, 2],
            "comment": ["Personnel aimable.", "Prix beaucoup trop élevés, scandaleux.", None,
                        "Top", "👍"],
        },
        index=[5, 6, 7, 8, 9],
    )  # fmt: skip
    tone = pd.DataFrame(
        {"tone": ["positive", "negative", None, "positive", None],
         "tone_score": [0.6, -0.9, np.nan, 0.8, np.nan]},
        index=[5, 6, 7, 8, 9],
    )  # fmt: skip
    plain = follow_up_list(data, score="score", comment="comment", respondent="rid", themes=False)
    assert plain.table.loc[[5, 6], "compound"].isna().all()  # French: no English score
    order = plain.table["respondent"].tolist()
    assert order.index("r1") < order.index("r2")  # so the angrier one is not first
    out = follow_up_list(
        data, score="score", comment="comment", respondent="rid", themes=False, tone=tone
    ).table
    # -0.9, then 0.6, then the rows without a tone score, by id
    assert out["respondent"].tolist() == ["r2", "r1", "r3", "r5"]
    assert out["tone"].tolist() == ["negative", "positive", "no comment", "no tone"]
    assert out["tone_score"].tolist()[:2] == [-0.9, 0.6]
    assert "compound" not in out.columns and "sentiment_label" not in out.columns
    with pytest.raises(ValueError, match="tone= must be the comments table"):
        follow_up_list(data, score="score", comment="comment", respondent="rid",
                       tone=tone["tone"])  # fmt: skip
    # a detractor without a comment may be absent from the tone table (tone() on commented rows)
    without = follow_up_list(data, score="score", comment="comment", respondent="rid",
                             themes=False, tone=tone.drop(index=7)).table  # fmt: skip
    assert without["tone"].tolist() == out["tone"].tolist()
    with pytest.raises(ValueError, match="no row for 1 commented detractor"):
        follow_up_list(data, score="score", comment="comment", respondent="rid", tone=tone.iloc[1:])
