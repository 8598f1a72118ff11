"""Excel files: a list exported as the user filtered it, right-to-left, with Persian headers."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .jalali import format_jalali_date

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 18


def _cell(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return format_jalali_date(value, persian_digits=False)
    if isinstance(value, datetime.date):
        return format_jalali_date(value, persian_digits=False)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    # Text that a spreadsheet would read as a formula is stored as plain text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_sheet(wb: Workbook, title: str, columns: Sequence[Column], rows: Iterable[object], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.sheet_view.rightToLeft = True
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(c.value(row)) for c in columns])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    return ws


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_list(title: str, columns: Sequence[Column], rows: Iterable[object], filename: str) -> HttpResponse:
    wb = Workbook()
    write_sheet(wb, title, columns, rows, first=True)
    return xlsx_response(workbook_bytes(wb), filename)
