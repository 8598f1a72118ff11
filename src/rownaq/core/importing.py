"""Reading an uploaded Excel file safely, row by row, with errors that name the sheet, row and column.

An import is all-or-nothing: the caller validates every row first and writes only when no row has an error.

An xlsx file is a zip of XML parts, and a small upload can unfold into a huge one: every member's declared size and
compression ratio is checked before anything is opened (Python's zipfile never inflates a member past its declared
size), a sheet's own claim about its dimensions is ignored, rows and columns are capped, and any failure to parse
the XML is the Persian "broken file" error rather than a server error.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import jobs
from .jalali import parse_jalali_date
from .persian import clean_user_text, format_number, normalize, parse_number, search_key, to_latin_digits


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


UNREADABLE = "فایل اکسل خراب است یا خوانده نمی‌شود. آن را در اکسل باز کنید و دوباره با قالب «.xlsx» ذخیره کنید."
MAX_COLUMNS = 100  # far more than any import template has; cells beyond are never read
MAX_MEMBERS = 1000
RATIO_CHECKED_FROM = 1024 * 1024  # tiny parts (styles, relations) may compress very well and harmlessly


def check_archive(data: bytes) -> None:
    """Refuse a zip whose members would inflate beyond what an import needs, before any of them is opened."""
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(UNREADABLE) from exc
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(UNREADABLE)
    total_limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if sum(m.file_size for m in members) > total_limit:
        megabytes = format_number(total_limit // 2**20)
        raise ImportFileError(
            f"محتوای این فایل اکسل پس از گشودن بیش از {megabytes} مگابایت "
            "است؛ این اندازه برای ورود اطلاعات بیش از حد بزرگ است. فایل را در چند بخش بفرستید."
        )
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > ratio * max(member.compress_size, 1):
            raise ImportFileError(
                "این فایل اکسل به شکل غیرعادی فشرده شده است (بخشی از آن پس از گشودن صدها برابر "
                "بزرگ می‌شود) و خوانده نمی‌شود. آن را در اکسل باز کنید و دوباره ذخیره کنید."
            )


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
        raise ImportFileError(f"حجم فایل بیش از {format_number(limit // (1024 * 1024))} مگابایت است.")
    if not data.startswith(b"PK"):
        raise ImportFileError("این فایل اکسل (xlsx) نیست. فایل را در اکسل با قالب «.xlsx» ذخیره کنید.")
    check_archive(data)


def open_workbook(data: bytes):
    check_upload(data)
    try:
        # read_only keeps memory bounded; data_only reads cached values, so formulas are not evaluated here.
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except InvalidFileException as exc:
        raise ImportFileError(UNREADABLE) from exc
    except Exception as exc:  # parsing an uploaded file's XML: any failure means a broken file
        raise ImportFileError(UNREADABLE) from exc


_END = object()


def _next_row(rows):
    """The next row of a read-only sheet, whose XML is parsed only now: a parse failure is a broken file."""
    try:
        return next(rows, _END)
    except Exception as exc:  # xml ParseError, and openpyxl's own errors on odd content
        raise ImportFileError(UNREADABLE) from exc


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
    # A sheet may declare any size (16,384 columns x 1,048,576 rows in six kilobytes): it is ignored, and the
    # rows and columns actually present are capped.
    sheet.reset_dimensions()
    max_rows = settings.IMPORT_MAX_ROWS
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header_row = _next_row(rows)
    if header_row is _END:
        return
    lookup = {search_key(k): v for k, v in headers.items()}
    columns = {}
    for index, title in enumerate(header_row):
        key = search_key(str(title or ""))
        if key in lookup:
            columns[index] = lookup[key]
    progress = jobs.current()
    number = 1
    while (values := _next_row(rows)) is not _END:
        number += 1
        if number > max_rows + 1:
            raise ImportFileError(
                f"برگهٔ «{sheet.title}» بیش از {format_number(max_rows)} سطر دارد (یا سطری در "
                "انتهای دور برگه پر شده است). سطرهای خالی انتهای برگه را پاک کنید یا فایل را در "
                "چند بخش بفرستید."
            )
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
    try:  # typed as text: read as every form reads numbers (core.persian.parse_number)
        return Decimal(parse_number(text(value)))
    except ValueError as exc:
        raise ValueError(str(exc).rstrip(".")) from exc  # the caller adds its own full stop


def date_or_none(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        raise ValueError("تاریخ را به شمسی و به صورت متن بنویسید، مانند ۱۴۰۲/۰۵/۱۷")
    if isinstance(value, datetime.date):
        raise ValueError("تاریخ را به شمسی و به صورت متن بنویسید، مانند ۱۴۰۲/۰۵/۱۷")
    return parse_jalali_date(text(value))
