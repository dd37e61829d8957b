"""Writing an export's rows as CSV (UTF-8 with a byte order mark, so spreadsheet programs
read Chinese names right) or XLSX (openpyxl, numbers as numbers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from enum import StrEnum

from openpyxl import Workbook

from exports.sources import Cell


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return str(cell)


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_text(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(sheet_name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(
    file_format: FileFormat, sheet_name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> bytes:
    if file_format is FileFormat.XLSX:
        return write_xlsx(sheet_name, headers, rows)
    return write_csv(headers, rows)
