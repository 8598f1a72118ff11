"""Checking uploaded files by what they are, not by what they are called: size, an allowed type recognised from
the file's first bytes, and an extension that agrees with it. Executables are refused whatever their name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from .persian import to_persian_digits

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10  # files one form may attach at once


class UploadRejected(ValueError):
    """The message is for the user, in Persian."""


@dataclass(frozen=True)
class FileKind:
    name: str
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("PDF", (".pdf",), "application/pdf")
PNG = FileKind("PNG", (".png",), "image/png")
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), "image/jpeg")
DOCX = FileKind("Word", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("Excel", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DWG = FileKind("AutoCAD DWG", (".dwg",), "image/vnd.dwg")
DXF = FileKind("DXF", (".dxf",), "image/vnd.dxf")
STEP = FileKind("STEP", (".step", ".stp"), "model/step")
TXT = FileKind("متن", (".txt",), "text/plain")
# What a record may carry, in the order forms list it. Recognised from the first bytes (detect), so the list is also
# what can be told apart safely: no archives, no HTML or SVG (they run scripts in a browser), no legacy Office files
# (macros).
# Evidence of a problem (a case, its follow-ups): letters and scans, photos, Word and Excel files, drawings, text.
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, DWG, DXF, STEP, TXT)
# What a maker quotes from (an imported item's need): drawings and models, photos, PDF data sheets; an office file or
# a text says nothing a maker can make the item from.
DRAWINGS = (PDF, PNG, JPEG, DWG, DXF, STEP)

EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")


def _office_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def _is_text(data: bytes) -> bool:
    try:
        text = data[:65536].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def detect(data: bytes) -> FileKind | None:
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"AC10"):
        return DWG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if head.startswith(b"ISO-10303-21"):
        return STEP
    if _is_text(data):
        stripped = data.lstrip()[:64]
        if stripped.startswith((b"0\r\nSECTION", b"0\nSECTION")):
            return DXF
        return TXT
    return None


def file_size(size) -> str:
    """A file (or disk) size in Persian: «۴۵ بایت», «۱۲٫۳ کیلوبایت», «۲٫۵ مگابایت», «۷۶٫۵ گیگابایت»."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return "—"
    for limit, unit in ((1024**3, "گیگابایت"), (1024 * 1024, "مگابایت"), (1024, "کیلوبایت")):
        if size >= limit:
            return f"{to_persian_digits(f'{size / limit:.1f}'.replace('.', '٫').replace('٫0', ''))} {unit}"
    return f"{to_persian_digits(size)} بایت"


def kind_names(allowed=ALLOWED) -> str:
    """«PDF، PNG، JPEG، …»: the allowed kinds as forms list them and refusals name them."""
    return "، ".join(kind.name for kind in allowed)


def extensions(allowed=ALLOWED) -> str:
    """ ".pdf,.png,…": the allowed kinds' extensions, for a file input's `accept` (the browser's first filter)."""
    return ",".join(extension for kind in allowed for extension in kind.extensions)


def check_size(name: str, size: int, max_bytes: int = MAX_BYTES) -> None:
    """UploadRejected when a file is larger than `max_bytes` (a form asks this before reading the file)."""
    if size > max_bytes:
        raise UploadRejected(f"حجم فایل «{name}» بیش از {file_size(max_bytes)} است.")


def check_upload(name: str, data: bytes, max_bytes: int = MAX_BYTES, allowed=ALLOWED) -> FileKind:
    """The file's kind, or UploadRejected saying why it is refused."""
    if not data:
        raise UploadRejected("فایل خالی است.")
    check_size(name, len(data), max_bytes)
    if data.startswith(EXECUTABLE_SIGNATURES):
        raise UploadRejected(f"فایل «{name}» یک برنامهٔ اجرایی است و پذیرفته نمی‌شود.")
    kind = detect(data)
    if kind is None or kind not in allowed:
        raise UploadRejected(f"نوع فایل «{name}» پذیرفته نیست. نوع‌های مجاز: {kind_names(allowed)}.")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in kind.extensions:
        raise UploadRejected(f"پسوند فایل «{name}» با محتوای آن ({kind.name}) نمی‌خواند.")
    return kind
