"""Tests for nps_toolkit.privacy: PII redaction and formula-injection-safe export."""

import csv

import numpy as np
import openpyxl
import pandas as pd
import pytest

from nps_toolkit.privacy import (
    iban_valid,
    luhn_valid,
    neutralize_formulas,
    redact_pii,
    to_safe_csv,
    to_safe_excel,
)

REDACTED = [
    # e-mail
    ("mail me at john.doe+nps@example.co.uk", "mail me at [EMAIL]"),
    ("jean-pierre.dupont@orange.fr please", "[EMAIL] please"),
    ("(a.b@c-d.com)", "([EMAIL])"),
    # phones: international, national, grouped in many ways
    ("call +33 6 12 34 56 78 now", "call [PHONE] now"),
    ("06 12 34 56 78", "[PHONE]"),
    ("0612345678", "[PHONE]"),
    ("06.12.34.56.78", "[PHONE]"),
    ("(555) 123-4567", "[PHONE]"),
    ("555-123-4567", "[PHONE]"),
    ("My number is 555.123.4567.", "My number is [PHONE]."),
    ("+1 555 123 4567", "[PHONE]"),
    ("07700 900123", "[PHONE]"),
    ("+44 7700 900123", "[PHONE]"),
    ("+44 (0)20 7946 0958", "[PHONE]"),
    ("020 7946 0958", "[PHONE]"),
    ("+62 812-3456-7890", "[PHONE]"),
    ("+34 612 345 678", "[PHONE]"),
    ("+33612345678", "[PHONE]"),
    ("Tel: 01 23 45 67 89, merci", "Tel: [PHONE], merci"),
    # payment cards (Luhn-valid test numbers)
    ("card 4539 1488 0343 6467 charged twice", "card [CARD] charged twice"),
    ("4539-1488-0343-6467", "[CARD]"),
    ("4539148803436467", "[CARD]"),
    ("amex 378282246310005", "amex [CARD]"),
    ("5555 5555 5555 4444", "[CARD]"),
    # IBANs (published valid examples)
    ("refund to GB82 WEST 1234 5698 7654 32 please", "refund to [IBAN] please"),
    ("FR14 2004 1010 0505 0001 3M02 606", "[IBAN]"),
    ("DE89370400440532013000", "[IBAN]"),
    ("iban GB82 WEST 1234 5698 7654 32 PLEASE", "iban [IBAN] PLEASE"),
    ("fr14 2004 1010 0505 0001 3m02 606.", "[IBAN]."),
    # street addresses
    ("I live at 12 Baker Street", "I live at [ADDRESS]"),
    ("221B Baker St", "[ADDRESS]"),
    ("10 Downing St. is close", "[ADDRESS] is close"),
    ("send it to 15 rue de la Paix", "send it to [ADDRESS]"),
    ("3 place du marché", "[ADDRESS]"),
    ("25 avenue des Champs-Élysées", "[ADDRESS]"),
    ("Calle Mayor 5", "[ADDRESS]"),
    ("Via Roma 10, Milano", "[ADDRESS], Milano"),
    ("Rua Augusta 100", "[ADDRESS]"),
    ("Jalan Sudirman 45", "[ADDRESS]"),
    ("Jl. Thamrin No. 10", "[ADDRESS]"),
    # several in one comment
    (
        "Ring 06 12 34 56 78 or write to a@b.fr, card 4539 1488 0343 6467",
        "Ring [PHONE] or write to [EMAIL], card [CARD]",
    ),
]

KEPT = [
    "order 12345",
    "order #123456789",
    "order 123456789012",
    "ref 98765432",
    "Commande 20240315",
    "2 weeks",
    "I waited 2 weeks on the road",
    "€49.99",
    "$1,299.00",
    "paid 1 250,00 €",
    "2024-03-15",
    "2024-03-15 10:30",
    "15/03/2024",
    "15.03.2024",
    "arrived on 12 March 2024",
    "version 2.1.3",
    "3 items for 10 euros",
    "took 45 minutes",
    "at 14:30",
    "score 10/10",
    "I live on the 3rd floor",
    "0.5 kg",
    "+5 stars",
    "-20% discount",
    "phone 123 456",
    "1234 5678 9012 3456",  # 16 digits failing Luhn: not a card
    "4539 1488 0343 6468",  # one digit off a valid card
    "tracking 1Z999AA10123456784",
    "the product arrived broken",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redacts(text, expected):
    assert redact_pii(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps_ordinary_numbers(text):
    assert redact_pii(text) == text


def test_invalid_iban_is_not_reported_as_iban():
    assert "[IBAN]" not in redact_pii("GB82 WEST 1234 5698 7654 33")


def test_checksums_by_hand():
    # Luhn by hand for 79927398713 (the classic example): valid; ...714 is not.
    assert luhn_valid("79927398713") and not luhn_valid("79927398714")
    # IBAN GB82 WEST 1234 5698 7654 32: move GB82 to the end, letters to numbers
    # (W=32, E=14, S=28, T=29, G=16, B=11): 3214282912345698765432161182 mod 97 == 1.
    assert int("3214282912345698765432161182") % 97 == 1
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB83WEST12345698765432")


def test_types_and_alignment():
    s = pd.Series(["mail a@b.com", None, "fine", np.nan], index=[5, 7, 9, 11], name="comment")
    out = redact_pii(s)
    assert isinstance(out, pd.Series)
    assert out.index.equals(s.index) and out.name == "comment"
    assert out.loc[5] == "mail [EMAIL]" and out.loc[9] == "fine"
    assert out.loc[[7, 11]].isna().all()
    assert redact_pii(["a@b.com", None]) == ["[EMAIL]", None]
    assert redact_pii("06 12 34 56 78", kinds=("email",)) == "06 12 34 56 78"


def test_bad_input():
    with pytest.raises(ValueError, match="got a DataFrame"):
        redact_pii(pd.DataFrame({"comment": ["a@b.com"]}))
    with pytest.raises(ValueError, match="Unknown PII kind"):
        redact_pii("x", kinds=("emails",))
    with pytest.raises(ValueError, match=r"'comment'.*non-text.*rows 1"):
        redact_pii(pd.Series(["ok", 3], name="comment", dtype="object"))


DANGEROUS = ["=1+1", "+33 6", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']


def _frame():
    return pd.DataFrame(
        {
            "comment": DANGEROUS + ["fine", "a = b", None],
            "amount": [-5.0, 1, 2, 3, 4, 5, 6, 7, 8, np.nan],
            "n": np.arange(-5, 5),
            "when": pd.date_range("2024-01-01", periods=10),
            "cat": pd.Categorical(["=x"] * 5 + ["ok"] * 5),
        }
    )


def test_neutralize_formulas():
    df = _frame()
    out = neutralize_formulas(df)
    assert out["comment"].iloc[:7].tolist() == ["'" + v for v in DANGEROUS]
    assert out["comment"].iloc[7:9].tolist() == ["fine", "a = b"]
    assert pd.isna(out["comment"].iloc[9])
    assert out["cat"].iloc[0] == "'=x"
    # Numbers stay numbers (negative included); dates stay dates; input untouched.
    pd.testing.assert_series_equal(out["amount"], df["amount"])
    pd.testing.assert_series_equal(out["n"], df["n"])
    pd.testing.assert_series_equal(out["when"], df["when"])
    assert df["comment"].iloc[0] == "=1+1"
    assert neutralize_formulas(pd.DataFrame({"=bad": [1]})).columns.tolist() == ["'=bad"]
    with pytest.raises(ValueError, match="expects a DataFrame"):
        neutralize_formulas(pd.Series([1]))


def test_to_safe_csv_read_back(tmp_path):
    path = to_safe_csv(_frame(), tmp_path / "out.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header == ["comment", "amount", "n", "when", "cat"]
    assert len(body) == 10
    for row in body:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert not row[4].startswith(("=", "+", "-", "@"))
    assert [r[0] for r in body[:7]] == ["'" + v for v in DANGEROUS]
    assert body[0][1] == "-5.0" and body[0][2] == "-5"  # numbers written as numbers


def test_to_safe_excel_has_no_formula(tmp_path):
    df = _frame()
    df.loc[8, "comment"] = "bell\x07char"
    path = to_safe_excel(df, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == ["comment", "amount", "n", "when", "cat"]
    # XML stores a carriage return as a line feed; every dangerous cell is quoted.
    expected = ["'" + v.replace("\r", "\n") for v in DANGEROUS]
    assert [v[0] for v in values[1:8]] == expected
    assert values[9][0] == "bell\ufffdchar"  # illegal XML character made visible, not dropped
    assert values[10][0] is None
    assert values[1][1] == -5 and values[1][2] == -5  # negative numbers stay numbers
    assert ws.cell(row=2, column=2).data_type == "n"
    assert values[1][3].year == 2024 and ws.cell(row=2, column=4).is_date


def test_openpyxl_would_write_a_formula_without_neutralising(tmp_path):
    # The risk being guarded against: openpyxl stores "=..." strings as formulas.
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1+1"
    wb.save(tmp_path / "raw.xlsx")
    assert openpyxl.load_workbook(tmp_path / "raw.xlsx").active["A1"].data_type == "f"


def test_index_is_neutralised_too(tmp_path):
    df = pd.DataFrame({"v": [1, 2]}, index=pd.Index(["=a", "b"], name="@who"))
    csv_path = to_safe_csv(df, tmp_path / "i.csv", index=True)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["'@who", "v"]
    assert rows[1][0] == "'=a" and rows[2][0] == "b"
    xlsx = to_safe_excel(df, tmp_path / "i.xlsx", index=True)
    ws = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in ws[1]] == ["'@who", "v"]
    assert ws["A2"].value == "'=a" and ws["A2"].data_type == "s"
