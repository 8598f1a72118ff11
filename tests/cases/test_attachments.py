"""Attachment limits: too large, a type that is not allowed, and a renamed executable are refused with a Persian
message and nothing is saved (no case, no attachment, no file). Files are served only through the scoped view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from rownaq.cases import services
from rownaq.cases.models import Case, CaseAttachment, FollowUp
from rownaq.core.uploads import UploadRejected

from .conftest import EXECUTABLE, PDF, open_case, referred


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def form_data(**extra):
    return {
        "organisation": "",
        "category": "export",
        "title": "توقف صادرات به عراق",
        "description": "کامیون‌ها در مرز مانده‌اند.",
        "amount": "۱۲۰٬۰۰۰٬۰۰۰",
        "currency": "IRR",
        **extra,
    }


@pytest.fixture
def small_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    return settings.ATTACHMENT_MAX_BYTES


BAD_FILES = {
    "too large": ("report.pdf", PDF + b"0" * 4096, "بیش از"),
    "wrong type": ("photo.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff" + b"\x00" * 20, "پذیرفته نیست"),
    "renamed executable": ("drawing.pdf", EXECUTABLE, "برنامهٔ اجرایی"),
    "extension that lies": ("scan.png", PDF, "نمی‌خواند"),
}


@pytest.mark.parametrize("name, content, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_opening_a_case_with_a_bad_file_saves_nothing(
    bodies, client, small_limit, private_media, name, content, message
):
    client.force_login(bodies.member_a)
    good = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(
        reverse("cases:case-create"), form_data(organisation=bodies.unit_a.pk, attachments=[good, bad])
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["attachments"])
    assert message in errors and name in errors
    assert message in response.content.decode()
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.parametrize("name, content, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_the_service_refuses_bad_files_before_creating_anything(
    bodies, small_limit, private_media, name, content, message
):
    with pytest.raises(UploadRejected) as error:
        open_case(bodies, files=[("letter.pdf", PDF), (name, content)])
    assert message in str(error.value)
    assert not Case.objects.exists() and stored_files(private_media) == []


def test_a_follow_up_with_a_renamed_executable_is_not_saved(bodies, client, private_media):
    case = referred(bodies)
    before = case.follow_ups.count()
    client.force_login(bodies.partner)
    response = client.post(
        reverse("cases:case-follow-up", args=[case.pk]),
        {
            "follow_up-text": "نامهٔ گمرک پیوست شد",
            "follow_up-attachments": SimpleUploadedFile("drawing.pdf", EXECUTABLE),
        },
    )
    assert response.status_code == 400
    assert "برنامهٔ اجرایی" in response.content.decode()
    assert case.follow_ups.count() == before and not case.attachments.exists()
    assert stored_files(private_media) == []


def test_the_api_refuses_a_renamed_executable_in_persian(bodies, private_media):
    case = open_case(bodies)
    client = APIClient()
    client.force_authenticate(bodies.member_a)
    response = client.post(
        f"/api/cases/{case.pk}/attach/", {"file": SimpleUploadedFile("drawing.pdf", EXECUTABLE)}, format="multipart"
    )
    assert response.status_code == 400
    assert "برنامهٔ اجرایی" in response.json()["file"][0]
    assert not case.attachments.exists() and stored_files(private_media) == []
    response = client.post(
        f"/api/cases/{case.pk}/attach/", {"file": SimpleUploadedFile("letter.pdf", PDF)}, format="multipart"
    )
    assert response.status_code == 200
    assert [a["original_name"] for a in response.json()["attachments"]] == ["letter.pdf"]


def test_a_good_pdf_is_kept_under_a_name_of_our_own_and_served_only_in_scope(bodies, client, private_media):
    client.force_login(bodies.member_a)
    response = client.post(
        reverse("cases:case-create"),
        form_data(organisation=bodies.unit_a.pk, attachments=[SimpleUploadedFile("پروفرما.pdf", PDF)]),
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    attachment = case.attachments.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "پروفرما.pdf",
        "application/pdf",
        len(PDF),
    )
    assert "پروفرما" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert case.amount == 120_000_000
    assert case.follow_ups.filter(kind=FollowUp.Kind.ATTACHMENT).exists()
    url = reverse("cases:attachment-download", args=[case.pk, attachment.pk])
    page = client.get(case.get_absolute_url()).content.decode()
    assert url in page and attachment.file.name not in page and "/media/" not in page

    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]

    for user in (
        bodies.member_b,
        bodies.partner,
        bodies.partner_customs,
        bodies.staff_other_province,
        bodies.press,
        bodies.nobody,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    # Once the case is referred to the Chamber, its members may read the attachment; customs may not.
    services.refer(case, bodies.staff_province, [bodies.chamber], expected_version=case.version)
    client.force_login(bodies.partner)
    assert client.get(url).status_code == 200
    client.force_login(bodies.partner_customs)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_attachments_of_another_case_are_not_reachable_by_swapping_ids(bodies, client):
    mine = open_case(bodies, files=[("a.pdf", PDF)])
    other = open_case(bodies, unit=bodies.unit_b, user=bodies.member_b, files=[("b.pdf", PDF)])
    client.force_login(bodies.member_a)
    attachment = other.attachments.get()
    assert client.get(reverse("cases:attachment-download", args=[mine.pk, attachment.pk])).status_code == 404


def test_api_download_is_scoped(bodies):
    case = open_case(bodies, files=[("a.pdf", PDF)])
    attachment = case.attachments.get()
    client = APIClient()
    client.force_authenticate(bodies.member_a)
    listing = client.get("/api/case-attachments/").json()
    assert [row["id"] for row in listing["results"]] == [attachment.pk]
    response = client.get(listing["results"][0]["download_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_authenticate(bodies.member_b)
    assert client.get(f"/api/case-attachments/{attachment.pk}/download/").status_code == 404
    assert client.get("/api/case-attachments/").json()["count"] == 0
