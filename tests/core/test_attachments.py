"""One attachment rule: the cases and sourcing forms take files through core.forms.AttachmentsField, so they refuse
the same bad file with the same Persian message, count files alike, and say which kinds they take (each its own list,
from core.uploads) the same way in the help text, the refusal and the browser's `accept`."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rownaq.cases.forms import CaseOpenForm, FollowUpForm
from rownaq.core import uploads
from rownaq.sourcing.forms import AttachForm, NeedForm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff" + b"\x00" * 20

FIELDS = {
    "case": CaseOpenForm.base_fields["attachments"],
    "case follow-up": FollowUpForm.base_fields["attachments"],
    "need": NeedForm.base_fields["attachments"],
    "need's added drawing": AttachForm.base_fields["attachments"],
}

BAD = {
    "renamed executable": ([("drawing.pdf", EXECUTABLE)], "فایل «drawing.pdf» یک برنامهٔ اجرایی است و پذیرفته نمی‌شود."),
    "too large": ([("report.pdf", PDF + b"0" * 4096)], "حجم فایل «report.pdf» بیش از ۲ کیلوبایت است."),
    "extension that lies": ([("scan.png", PDF)], "پسوند فایل «scan.png» با محتوای آن (PDF) نمی‌خواند."),
    "too many": ([(f"page{n}.pdf", PDF) for n in range(uploads.MAX_FILES + 1)], "حداکثر ۱۰ فایل را می‌توان پیوست کرد."),
}


def refusal(field, files) -> list[str]:
    with pytest.raises(ValidationError) as error:
        field.clean([SimpleUploadedFile(name, content) for name, content in files])
    return error.value.messages


@pytest.mark.parametrize("files, message", BAD.values(), ids=BAD.keys())
def test_cases_and_sourcing_refuse_the_same_bad_file_with_the_same_message(settings, files, message):
    settings.ATTACHMENT_MAX_BYTES = 2048
    assert {name: refusal(field, files) for name, field in FIELDS.items()} == {name: [message] for name in FIELDS}


def test_each_form_names_the_kinds_it_takes_where_it_refuses_one(settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    for field in FIELDS.values():
        names = uploads.kind_names(field.allowed)
        assert refusal(field, [("photo.gif", GIF)]) == [f"نوع فایل «photo.gif» پذیرفته نیست. نوع‌های مجاز: {names}."]
        assert field.help_text.endswith(f"نوع‌های مجاز: {names}.")
        assert field.widget.attrs["accept"] == uploads.extensions(field.allowed)
    # A case takes a Word letter; a need takes what a maker can quote from, and says so.
    word = uploads.DOCX
    assert word in FIELDS["case"].allowed and word not in FIELDS["need"].allowed
    assert ".docx" in FIELDS["case"].widget.attrs["accept"] and ".docx" not in FIELDS["need"].widget.attrs["accept"]
    assert FIELDS["need"].allowed == FIELDS["need's added drawing"].allowed == uploads.DRAWINGS


def test_good_files_come_back_as_names_and_bytes(settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    for field in FIELDS.values():
        assert field.clean([SimpleUploadedFile("letter.pdf", PDF)]) == [("letter.pdf", PDF)]


def test_sizes_read_in_persian_up_to_gigabytes():
    from rownaq.core.uploads import file_size

    assert file_size(45) == "۴۵ بایت"
    assert file_size(int(2.5 * 1024 * 1024)) == "۲٫۵ مگابایت"
    assert file_size(int(76.5 * 1024**3)) == "۷۶٫۵ گیگابایت"
    assert file_size(None) == "—"
