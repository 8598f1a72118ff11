"""Reading an uploaded Excel file safely, row by row, with errors that name the sheet, row and column.

An import is all-or-nothing: the caller validates every row first and writes only when no row has an error.

An xlsx file is a zip of XML parts, and a small upload can unfold into a huge one: every member's declared size and
compression ratio is checked before anything is opened (Python's zipfile never inflates a member past its declared
size), a sheet's own claim about its dimensions is ignored, rows and columns are capped, and any failure to parse
the XML is the Persian "broken file" error rather than a server error.
"""
from __future__ import annotations

import datetime
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .jalali import parse_jalali_date
from .persian import clean_user_text, format_number, normalize, search_key, to_latin_digits


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
        raise ImportFileError(f"محتوای این فایل اکسل پس از گشودن بیش از {megabytes} مگابایت "
                              "است؛ این اندازه برای ورود اطلاعات بیش از حد بزرگ است. فایل را در چند بخش بفرستید.")
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > ratio * max(member.compress_size, 1):
            raise ImportFileError("این فایل اکسل به شکل غیرعادی فشرده شده است (بخشی از آن پس از گشودن صدها برابر "
                                  "بزرگ می‌شود) و خوانده نمی‌شود. آن را در اکسل باز کنید و دوباره ذخیره کنید.")


def open_workbook(data: bytes):
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(f"حجم فایل بیش از {limit // (1024 * 1024)} مگابایت است.")
    if not data.startswith(b"PK"):
        raise ImportFileError("این فایل اکسل (xlsx) نیست. فایل را در اکسل با قالب «.xlsx» ذخیره کنید.")
    check_archive(data)
    try:
        # read_only keeps memory bounded; data_only reads cached values, so formulas are not evaluated here.
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except InvalidFileException as exc:
        raise ImportFileError(UNREADABLE) from exc
    except Exception as exc:  # noqa: BLE001  parsing an uploaded file's XML: any failure means a broken file
        raise ImportFileError(UNREADABLE) from exc


_END = object()


def _next_row(rows):
    """The next row of a read-only sheet, whose XML is parsed only now: a parse failure is a broken file."""
    try:
        return next(rows, _END)
    except Exception as exc:  # noqa: BLE001  (xml ParseError, and openpyxl's own errors on odd content)
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
    number = 1
    while (values := _next_row(rows)) is not _END:
        number += 1
        if number > max_rows + 1:
            raise ImportFileError(f"برگهٔ «{sheet.title}» بیش از {format_number(max_rows)} سطر دارد (یا سطری در "
                                  "انتهای دور برگه پر شده است). سطرهای خالی انتهای برگه را پاک کنید یا فایل را در "
                                  "چند بخش بفرستید.")
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
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


# ---------------------------------------------------------------- previews kept between upload and confirm
# An upload that previews cleanly is kept until the user confirms it, and no longer: confirming (or a newer preview
# in the same session) deletes it, and a preview older than a session (after which its token is useless) is purged
# by the next preview and by the daily worker (purge_import_previews).

_TOKEN = re.compile(r"[0-9a-f]{32}")


def preview_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _preview_path(token: str) -> Path | None:
    return preview_folder() / f"{token}.xlsx" if _TOKEN.fullmatch(token or "") else None


def keep_preview(data: bytes) -> str:
    """Store an upload for its confirmation; returns the token naming it."""
    purge_stale_previews()
    token = uuid.uuid4().hex
    folder = preview_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _preview_path(token).write_bytes(data)
    return token


def take_preview(token: str) -> bytes | None:
    """The kept upload, removed as it is read (a preview is confirmed once); None when there is none."""
    path = _preview_path(token)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data


def discard_preview(token: str | None) -> None:
    path = _preview_path(token or "")
    if path is not None:
        path.unlink(missing_ok=True)


def purge_stale_previews(max_age_seconds: float | None = None) -> int:
    """Delete previews older than a session (SESSION_COOKIE_AGE); returns how many were deleted."""
    max_age = settings.SESSION_COOKIE_AGE if max_age_seconds is None else max_age_seconds
    cutoff = time.time() - max_age
    deleted = 0
    for path in preview_folder().glob("*.xlsx") if preview_folder().is_dir() else ():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # another process purged it first
            continue
    return deleted
