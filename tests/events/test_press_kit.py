"""The press kit: a Persian PDF from live data, showing for each unit only what it agreed to publish."""

import io
import os

import pypdfium2
import pytest
from django.core.exceptions import ImproperlyConfigured

from rownaq.core.models import Job
from rownaq.core.persian import search_key
from rownaq.core.worker import run_pending
from rownaq.events import services
from rownaq.events.models import FactSheetConsent


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def pdf_key(text: str) -> str:
    """search_key, and the lam-alef ligature as PDF text extraction gives it back («فولاد» comes out «فوالد»)."""
    return search_key(text).replace("لا", "ال")


def fa_digits(value: int) -> str:
    return f"{value:,}".replace(",", "٬").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


@pytest.fixture
def kit(stage, visits):
    """Two units: the first agreed to publish its employees, the second did not (but its products, yes)."""
    consenting, silent = visits[0].organisation, visits[1].organisation
    consenting.employees, silent.employees = 1234, 5678
    consenting.save()
    silent.save()
    FactSheetConsent.objects.create(organisation=consenting, employees=True, shifts=True)
    FactSheetConsent.objects.create(organisation=silent, employees=False, products=True)
    services.plan_itinerary(stage)
    return pdf_text(services.press_kit_pdf(stage))


def test_every_visited_unit_is_named_in_persian(kit, visits):
    text = pdf_key(kit)
    for visit in visits:
        assert pdf_key(visit.organisation.name) in text, visit.organisation.name
    assert pdf_key("بستهٔ خبری: تور رسانه‌ای رونق تولید") in text
    assert pdf_key("مرحلهٔ ۲ — شهرک صنعتی سلیمی") in text


def test_employees_appear_only_with_consent(kit):
    text = pdf_key(kit)
    assert pdf_key(f"کارکنان: {fa_digits(1234)} نفر") in text
    assert pdf_key(fa_digits(5678)) not in text
    assert pdf_key("5678") not in text


def test_a_unit_without_any_consent_publishes_no_figures(stage, visits):
    """No consent recorded: products' names only (the default), no shifts, employees or exports."""
    assert not FactSheetConsent.objects.exists()
    sheet = services.fact_sheet(visits[0].organisation)
    assert (sheet.shifts, sheet.employees, sheet.export_countries, sheet.localized_items) == (None, None, [], [])
    text = pdf_key(pdf_text(services.press_kit_pdf(stage)))
    assert pdf_key("کارکنان:") not in text and pdf_key("نوبت کاری:") not in text
    assert pdf_key(visits[0].organisation.name) in text


def test_the_page_renders_visibly(stage, visits):
    document = pypdfium2.PdfDocument(io.BytesIO(services.press_kit_pdf(stage)))
    image = document[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    text_area = image.crop((0, 0, width, height // 2))
    dark = sum(text_area.histogram()[:128])
    assert dark > 2000, "page 1 looks blank"


def test_download_is_a_pdf_for_whoever_sees_the_stage(client, world, stage, visits, invited, settings, tmp_path):
    """The kit is drawn as a task: the request queues it and shows the job's page, which links back when ready."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.press)
    url = f"/events/stages/{stage.pk}/press-kit.pdf"
    waiting = client.get(url)
    job = Job.objects.get()
    assert waiting.status_code == 302 and waiting["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.WAITING and not list(tmp_path.rglob("*.pdf")), "not drawn in the request"
    assert client.get(url)["Location"] == job.get_absolute_url(), "asking again waits for the same job"
    assert run_pending() == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "بستهٔ خبری آماده است" in page and f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.member_b)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"/events/stages/{stage.pk}/press-kit.pdf").status_code == 404


def test_consent_is_edited_by_the_units_members_and_staff(client, world):
    url = f"/events/consent/{world.unit_a.pk}/"
    client.force_login(world.member_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"products": "on", "employees": "on"})
    assert response.status_code == 302
    consent = FactSheetConsent.objects.get(organisation=world.unit_a)
    assert (consent.products, consent.employees, consent.shifts) == (True, True, False)
    client.force_login(world.staff_province)
    assert client.post(url, {"products": "on"}).status_code == 302
    consent.refresh_from_db()
    assert consent.employees is False
    from rownaq.core.models import ChangeRecord

    assert ChangeRecord.objects.filter(object_repr=str(consent), actor=world.staff_province).exists()
    for role, status in (("member_b", 404), ("press", 404), ("nobody", 404), ("staff_other_province", 404)):
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == status, role
    client.force_login(world.staff_marand_readonly)
    assert client.get(f"/events/consent/{world.unit_b.pk}/").status_code == 403


def test_the_font_cache_is_a_private_folder_of_the_app(settings, tmp_path):
    """Issue 15 finding 7: the decompressed fonts sat in a predictable folder of the shared temporary directory and
    were trusted as found; now they live in the app's PDF_FONT_DIR, closed to other users."""
    settings.PDF_FONT_DIR = tmp_path / "pdf-fonts"
    folder = services._pdf_fonts()
    assert folder.is_relative_to(tmp_path / "pdf-fonts") and (folder / "vazirmatn.css").exists()
    assert (tmp_path / "pdf-fonts").stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to plant another's folder")
def test_a_font_folder_owned_by_someone_else_is_not_trusted(settings, tmp_path):
    planted = tmp_path / "planted"
    planted.mkdir()
    os.chown(planted, 65534, 65534)
    settings.PDF_FONT_DIR = planted
    with pytest.raises(ImproperlyConfigured):
        services._pdf_fonts()


def test_the_pdf_renderer_reads_only_the_font_folder(settings, tmp_path, monkeypatch):
    from weasyprint.urls import URLFetcher

    settings.PDF_FONT_DIR = tmp_path / "pdf-fonts"
    folder = services._pdf_fonts()
    fetcher = services.pdf_url_fetcher(folder)
    response = fetcher.fetch((folder / "vazirmatn.css").as_uri())
    assert b"font-face" in response.read()
    response.close()
    (tmp_path / "secret.txt").write_text("secret")
    fetched = []
    original = URLFetcher.fetch
    monkeypatch.setattr(
        URLFetcher, "fetch", lambda self, url, headers=None: (fetched.append(url), original(self, url, headers))[1]
    )
    services.press_kit_pdf_from_html('<link rel="stylesheet" href="vazirmatn.css"><p class="x">سلام</p>')
    assert any(u.endswith("vazirmatn.css") for u in fetched) and any(u.endswith(".ttf") for u in fetched), (
        "the fonts still load through the restricted fetcher"
    )
    for url in (
        (tmp_path / "secret.txt").as_uri(),
        (folder / ".." / ".." / "secret.txt").as_uri(),
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
