"""A file's bytes, format, text encoding and delimiter: the first steps of reading.

Internal to :mod:`nps_toolkit.io`. Text is decoded with the declared
encoding, else by BOM (UTF-8, UTF-16, UTF-32), else as UTF-8, else as UTF-16
without BOM (many NUL bytes), else as Windows-1252 (ftfy's
``sloppy-windows-1252``); the delimiter is found among ``, ; TAB |``.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

# A cell longer than this is not a survey answer but a broken quote swallowing the file.
FIELD_LIMIT = 10_000_000
TEXT_FORMATS = ("csv", "tsv")
FORMATS = ("auto", "csv", "tsv", "excel", "parquet")


def source_name(path_or_buffer) -> str:
    """The file's path, or the open file's name, for messages (``"<buffer>"`` if none)."""
    if isinstance(path_or_buffer, str | Path):
        return str(path_or_buffer)
    name = getattr(path_or_buffer, "name", None)
    return str(name) if isinstance(name, str) else "<buffer>"


def read_bytes(path_or_buffer, source: str, what: str = "Survey") -> bytes:
    """The bytes of a path, bytes object or open (text or binary) file."""
    if isinstance(path_or_buffer, str | Path):
        path = Path(path_or_buffer)
        if not path.exists():
            raise ValueError(f"{what} file {source!r} does not exist. Check the path.")
        return path.read_bytes()
    if isinstance(path_or_buffer, bytes | bytearray):
        return bytes(path_or_buffer)
    if hasattr(path_or_buffer, "read"):
        data = path_or_buffer.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise ValueError(
        f"read_survey needs a file path or an open file, got {type(path_or_buffer).__name__}."
    )


def detect_format(data: bytes, source: str, fmt: str) -> str:
    """``fmt``, or for ``"auto"`` the format the first bytes (zip, Parquet) or the suffix say."""
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not one of {', '.join(FORMATS)}.")
    if fmt != "auto":
        return fmt
    if data[:4] == b"PK\x03\x04":
        return "excel"
    if data[:4] == b"PAR1":
        return "parquet"
    suffix = Path(source).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "excel"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "tsv" if suffix == ".tsv" else "csv"


def decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """Decode bytes: declared encoding, else BOM, else UTF-8, else UTF-16, else Windows-1252.

    Windows-1252 is decoded with ftfy's ``sloppy-windows-1252`` codec, which keeps
    the five bytes that code page leaves undefined as the matching control
    characters instead of failing, as browsers do.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ValueError(
                f"encoding={encoding!r} is not an encoding Python knows; "
                "try 'utf-8', 'utf-16', 'cp1252' or 'latin-1'."
            ) from None
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"File {source!r} is not valid {encoding} (byte {exc.start}: "
                f"{data[exc.start : exc.start + 1]!r}). Fix: leave encoding=None to detect it, "
                "or declare the right one (e.g. 'cp1252' for Windows exports)."
            ) from None
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4000]  # UTF-16 without a BOM: every other byte of ASCII text is NUL
    if len(head) >= 4 and head.count(0) >= len(head) // 3:
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    return data.decode("sloppy-windows-1252"), "windows-1252"


def sniff_delimiter(text: str, fmt: str, partial: bool = False) -> str:
    """The delimiter among ``, ; TAB |``; ``partial``: ``text`` is the file's beginning."""
    if fmt == "tsv":
        return "\t"
    sample = text[:65536]
    if "\n" in sample and (partial or len(text) > len(sample)):  # complete lines only
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","
