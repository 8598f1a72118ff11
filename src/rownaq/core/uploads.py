"""Checking uploaded files by what they are, not by what they are called: size, an allowed type recognised from
the file's first bytes, and an extension that agrees with it. Executables are refused whatever their name."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

MAX_BYTES = 10 * 1024 * 1024


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
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, DWG, DXF, STEP, TXT)

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


def check_upload(name: str, data: bytes, max_bytes: int = MAX_BYTES, allowed=ALLOWED) -> FileKind:
    """The file's kind, or UploadRejected saying why it is refused."""
    if not data:
        raise UploadRejected("فایل خالی است.")
    if len(data) > max_bytes:
        raise UploadRejected(f"حجم فایل «{name}» بیش از {max_bytes // (1024 * 1024)} مگابایت است.")
    if data.startswith(EXECUTABLE_SIGNATURES):
        raise UploadRejected(f"فایل «{name}» یک برنامهٔ اجرایی است و پذیرفته نمی‌شود.")
    kind = detect(data)
    if kind is None or kind not in allowed:
        names = "، ".join(k.name for k in allowed)
        raise UploadRejected(f"نوع فایل «{name}» پذیرفته نیست. نوع‌های مجاز: {names}.")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in kind.extensions:
        raise UploadRejected(f"پسوند فایل «{name}» با محتوای آن ({kind.name}) نمی‌خواند.")
    return kind
