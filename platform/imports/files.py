"""Reading an uploaded file into rows: CSV (UTF-8, with or without BOM; comma, semicolon or
tab separated) and XLSX (the first worksheet, read-only). Pure: bytes in, rows out."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from core.errors import BusinessRuleError
from imports.errors import ImportErrorCode

MAX_FILE_BYTES = 7_000_000
MAX_ROWS = 50_000
XLSX_MAGIC = b"PK\x03\x04"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class SourceRow:
    """One data row: its number as a spreadsheet shows it (the header is row 1) and its
    cells by lower-case column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[SourceRow]


def file_format(file_name: str, content: bytes) -> str:
    """csv or xlsx, by the content (an XLSX is a zip) and the name; else UNKNOWN_FORMAT."""
    name = file_name.strip().lower()
    if content.startswith(XLSX_MAGIC):
        if name.endswith((".xlsx", ".xlsm")) or not name.endswith(".csv"):
            return "xlsx"
    elif name.endswith((".csv", ".txt")) or "." not in name:
        return "csv"
    raise _error(ImportErrorCode.UNKNOWN_FORMAT, "Upload a CSV or XLSX file.", "fileName")


def read_table(file_format_name: str, content: bytes) -> Table:
    """The header and the non-empty rows; EMPTY_FILE, TOO_MANY_ROWS or UNREADABLE_FILE."""
    raw = _xlsx_rows(content) if file_format_name == "xlsx" else _csv_rows(content)
    header = next(raw, None)
    if header is None or not any(cell.strip() for cell in header):
        raise _error(ImportErrorCode.EMPTY_FILE, "The file has no header row.", "contentBase64")
    columns = [cell.strip().lower() for cell in header]
    rows: list[SourceRow] = []
    for number, values in enumerate(raw, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise _error(
                ImportErrorCode.TOO_MANY_ROWS,
                f"At most {MAX_ROWS:,} rows per file.",
                "contentBase64",
            )
        rows.append(
            SourceRow(
                number,
                {column: value for column, value in zip(columns, values, strict=False) if column},
            )
        )
    return Table([c for c in columns if c], rows)


def _error(code: ImportErrorCode, message: str, field: str) -> BusinessRuleError:
    return BusinessRuleError.single(code, message, field)


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _error(
            ImportErrorCode.UNREADABLE_FILE, "Save the CSV file as UTF-8.", "contentBase64"
        ) from error
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return iter(list(csv.reader(io.StringIO(text, newline=""), dialect)))


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _error(
            ImportErrorCode.UNREADABLE_FILE, "The XLSX file cannot be read.", "contentBase64"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return iter(rows)


def _cell_text(value: object) -> str:
    """Cells as the text a user typed: dates as ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)
