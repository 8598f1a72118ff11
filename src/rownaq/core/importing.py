"""Reading an uploaded Excel file safely, row by row, with errors that name the sheet, row and column.

An import is all-or-nothing: the caller validates every row first and writes only when no row has an error.
"""
from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import jobs
from .jalali import parse_jalali_date
from .persian import clean_user_text, normalize, search_key, to_latin_digits


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not Excel, too large, corrupt, missing sheet)."""


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, message))
        if (progress := jobs.current()) is not None:
            progress.count("errors")


@dataclass(frozen=True)
class Importer:
    """One kind of Excel import, run as tasks (core/tasks.py): `plan(data, user)` reads and checks every row and
    writes nothing; `apply(plan, user)` writes a plan without errors in one transaction; `preview_template`
    shows a checked plan before the user confirms it."""

    plan: Callable
    apply: Callable
    preview_template: str


def check_upload(data: bytes) -> None:
    """The cheap checks of a whole file (its size, that it is a zip like every .xlsx), done in the request."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(f"حجم فایل بیش از {limit // (1024 * 1024)} مگابایت است.")
    if not data.startswith(b"PK"):
        raise ImportFileError("این فایل اکسل (xlsx) نیست. فایل را در اکسل با قالب «.xlsx» ذخیره کنید.")


def open_workbook(data: bytes):
    check_upload(data)
    try:
        # read_only keeps memory bounded; data_only reads cached values, so formulas are not evaluated here.
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError("فایل اکسل خراب است یا خوانده نمی‌شود.") from exc


def sheet_rows(workbook, names: tuple[str, ...], headers: dict[str, str], required: bool = True):
    """Yield (row_number, {field: raw value}) for the first sheet whose title is in `names`.

    `headers` maps a normalised Persian or English header to a field name; unknown columns are ignored.
    """
    sheet = None
    wanted = {normalize(n) for n in names}
    for ws in workbook.worksheets:
        if normalize(ws.title) in wanted:
            sheet = ws
            break
    if sheet is None:
        if required:
            raise ImportFileError(f"برگهٔ «{names[0]}» در فایل نیست.")
        return
    rows = sheet.iter_rows(values_only=True)
    try:
        header_row = next(rows)
    except StopIteration:
        return
    lookup = {search_key(k): v for k, v in headers.items()}
    columns = {}
    for index, title in enumerate(header_row):
        key = search_key(str(title or ""))
        if key in lookup:
            columns[index] = lookup[key]
    progress = jobs.current()
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if progress is not None:
            progress.count("rows")
            progress.check()  # the user may cancel a long read
        yield number, {name: values[i] if i < len(values) else None for i, name in columns.items()}


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_user_text(str(value))


def digits(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_latin_digits(text(value)).replace(" ", "")


def decimal_or_none(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError("عدد نیست")
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    raw = to_latin_digits(text(value)).replace("٬", "").replace(",", "").replace("٫", ".")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError("عدد نیست") from exc


def date_or_none(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        raise ValueError("تاریخ را به شمسی و به صورت متن بنویسید، مانند ۱۴۰۲/۰۵/۱۷")
    if isinstance(value, datetime.date):
        raise ValueError("تاریخ را به شمسی و به صورت متن بنویسید، مانند ۱۴۰۲/۰۵/۱۷")
    return parse_jalali_date(text(value))
