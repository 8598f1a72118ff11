"""A need's attachments are drawings, photos and PDFs, checked by what they are: too large, another type, or a
program renamed to .pdf is refused with the reason in Persian, and then nothing at all is saved (no need, no
file). Files are served only by the scoped download view."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rownaq.core.uploads import UploadRejected
from rownaq.sourcing.models import Need, NeedAttachment

from .conftest import EXECUTABLE, PDF, PNG, list_need

pytestmark = pytest.mark.django_db


def form_data(world, **extra):
    return {
        "organisation": world.unit_a.pk,
        "title": "قالب تزریق سبد",
        "kind": "mould",
        "unit": "set",
        "currency": "EUR",
        "visibility": "public",
        **extra,
    }


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_drawing_and_a_photo_are_kept(client, makers, private_media):
    w = makers
    client.force_login(w.member_a)
    response = client.post(
        reverse("sourcing:need-create"),
        form_data(
            w,
            attachments=[
                SimpleUploadedFile("نقشه قالب.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            ],
        ),
    )
    assert response.status_code == 302
    need = Need.objects.get()
    names = sorted(need.attachments.values_list("original_name", "content_type"))
    assert names == [("photo.png", "image/png"), ("نقشه قالب.pdf", "application/pdf")]
    stored = stored_files(private_media)
    assert len(stored) == 2 and all("نقشه" not in p.name for p in stored), "stored under the system's own names"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("drawing.pdf", EXECUTABLE, "اجرایی"),
        ("setup.exe", EXECUTABLE, "اجرایی"),
        ("drawing.pdf", PNG, "پسوند"),
        ("notes.txt", "یادداشت".encode(), "نوع فایل"),
        ("big.pdf", PDF + b"0" * 2048, "حجم"),
        ("empty.pdf", b"", None),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_saved(client, makers, private_media, settings, name, content, reason):
    w = makers
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(w.member_a)
    files = [SimpleUploadedFile("ok.pdf", PDF, content_type="application/pdf")]
    if content:
        files.append(SimpleUploadedFile(name, content, content_type="application/pdf"))
    response = client.post(reverse("sourcing:need-create"), form_data(w, attachments=files))
    if not content:  # an empty upload is no file at all: the need is saved with its good file
        assert response.status_code == 302
        return
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["attachments"])
    assert reason in errors and name in errors
    assert not Need.objects.exists() and not NeedAttachment.objects.exists()
    assert stored_files(private_media) == []


def test_the_service_refuses_before_saving_anything(makers, private_media):
    w = makers
    with pytest.raises(UploadRejected):
        list_need(w, files=[("ok.pdf", PDF), ("drawing.pdf", EXECUTABLE)])
    assert not Need.objects.exists() and stored_files(private_media) == []


def test_adding_an_attachment_later_is_checked_too(client, makers, private_media):
    w = makers
    need = list_need(w)
    client.force_login(w.member_a)
    url = reverse("sourcing:need-attach", args=[need.pk])
    bad = client.post(url, {"attach-attachments": [SimpleUploadedFile("x.pdf", EXECUTABLE)]})
    assert bad.status_code == 400 and need.attachments.count() == 0
    good = client.post(url, {"attach-attachments": [SimpleUploadedFile("x.pdf", PDF)]})
    assert good.status_code == 302 and need.attachments.count() == 1
    client.force_login(w.member_b)
    assert client.post(url, {"attach-attachments": [SimpleUploadedFile("y.pdf", PDF)]}).status_code == 404
    assert need.attachments.count() == 1


def test_downloads_follow_the_need_s_scope(client, makers):
    w = makers
    need = list_need(w, files=[("نقشه.pdf", PDF)])
    url = reverse("sourcing:attachment-download", args=[need.pk, need.attachments.get().pk])
    expected = {
        "member_a": 200,
        "staff_salimi": 200,
        "staff_province": 200,
        "member_b": 404,
        "maker": 404,
        "partner": 404,
        "nobody": 404,
        "staff_other_province": 404,
    }
    actual = {}
    for role in expected:
        client.force_login(getattr(w, role))
        response = client.get(url)
        actual[role] = response.status_code
        if response.status_code == 200:
            assert response["Cache-Control"] == "private, no-store"
            assert "attachment" in response["Content-Disposition"]
    assert actual == expected
