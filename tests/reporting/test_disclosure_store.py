"""A month's disclosure pattern is computed once per change of its accepted reports and stored for every web worker;
a large month is computed by the task worker after each accept or reopen, and until then it is withheld (never shown
under a pattern computed for other reports)."""

import pytest
from rest_framework.test import APIClient

from rownaq.core.models import Job
from rownaq.core.worker import run_pending
from rownaq.reporting import disclosure, publication, services
from rownaq.reporting.models import DisclosurePattern

from .conftest import accepted


@pytest.fixture
def published(world, month, more_units):
    from decimal import Decimal

    return [
        accepted(
            unit,
            month,
            world.admin,
            employees=100 + n,
            exports=[{"country": "SY" if n else "IQ", "value": Decimal(100 * (n + 1)), "currency": "USD"}],
        )
        for n, unit in enumerate(more_units)
    ]


@pytest.fixture
def large(settings):
    """Every month counts as large: computed only by the task worker."""
    settings.DISCLOSURE_INLINE_REPORTS = 0
    publication._recent.clear()


def public(world, month):
    return APIClient().get(f"/api/stats/public/?level=estate&id={world.salimi.pk}&period={month.code}").json()


def refresh_jobs():
    return Job.objects.filter(subject__startswith="disclosure:")


def test_a_small_month_is_computed_in_the_request_once_and_stored(world, month, published, monkeypatch):
    first = public(world, month)
    assert not first["current"]["suppressed"] and first["current"]["units"] == 4 and first["pending"] == []
    stored = {row.kind: row for row in DisclosurePattern.objects.filter(period_index=month.index)}
    assert set(stored) == {"stat", "trade"} and stored["stat"].reports == 4
    publication._recent.clear()  # another web worker: it reads the stored pattern, computes nothing

    def no_lp(*args):
        raise AssertionError("computed again")

    monkeypatch.setattr(disclosure, "protect", no_lp)
    assert public(world, month) == first
    assert not refresh_jobs().exists()


def test_stored_keys_come_back_as_the_same_cells(world, month, published):
    status = publication.compute("trade", month.index)
    publication._recent.clear()
    assert publication.hidden_cells("trade", [month.index])[month.index] == status
    assert any(isinstance(key[3], tuple) for key in status), "nested keys survive the database"


def test_a_large_month_is_withheld_until_the_worker_computes_it(world, month, published, large, client):
    data = public(world, month)
    assert data["current"]["suppressed"] and data["current"]["units"] is None
    assert data["pending"] == [month.label]
    assert all(row["suppressed"] for row in data["children"] + data["exports"] + data["imports"])
    page = client.get(f"/stats/?level=estate&id={world.salimi.pk}&period={month.code}")
    assert "در حال آماده‌سازی برای انتشار" in page.content.decode()
    public(world, month)
    assert refresh_jobs().count() == 1, "one refresh waits, however many pages ask"
    assert run_pending() == 1
    assert refresh_jobs().get().status == Job.Status.DONE
    data = public(world, month)
    assert data["pending"] == [] and data["current"]["units"] == 4 and data["current"]["employees"] == 406


def test_an_accept_makes_the_stored_pattern_out_of_date_and_queues_its_refresh(
    world, month, published, large, django_capture_on_commit_callbacks
):
    publication.refresh(month.index)
    assert public(world, month)["current"]["units"] == 4
    report = published[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen(report, world.admin, "رقم کارکنان اشتباه بود")
    assert refresh_jobs().filter(status=Job.Status.WAITING).count() == 1
    data = public(world, month)
    assert data["pending"] == [month.label], "the pattern of four reports is not used for three"
    run_pending()
    data = public(world, month)
    assert data["pending"] == [] and data["current"]["units"] == 3


def test_a_small_month_accept_queues_nothing(world, month, more_units, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accepted(more_units[0], month, world.admin)
    assert not refresh_jobs().exists()


def test_the_command_brings_every_month_up_to_date(world, month, published, large):
    from django.core.management import call_command

    assert publication.stale_months() == [month.index]
    call_command("refresh_disclosure", stdout=open("/dev/null", "w"))
    assert publication.stale_months() == []
    assert public(world, month)["pending"] == []


def test_the_health_page_says_which_months_wait_and_when_the_worker_is_late(world, month, published, large, client):
    import datetime as dt

    from django.utils import timezone

    assert publication.status() == {"stale": [month.label], "late": [], "ok": True}
    later = timezone.now() + dt.timedelta(minutes=20)
    assert publication.status(later)["late"] == [month.label] and not publication.status(later)["ok"]
    client.force_login(world.admin)
    page = client.get("/health/").content.decode()
    assert "در حال محاسبه" in page and month.label in page
    publication.refresh(month.index)
    assert publication.status(later) == {"stale": [], "late": [], "ok": True}
    assert "به‌روز" in client.get("/health/").content.decode()


def test_small_months_never_show_as_waiting(world, month, published):
    assert publication.status()["stale"] == []


def test_the_page_everyone_opens_shows_the_month_before_while_the_latest_is_computed(
    world, month, published, large, more_units
):
    before = month - 1
    for n, unit in enumerate(more_units):
        accepted(unit, before, world.admin, employees=50 + n)
    publication.refresh(before.index)
    data = APIClient().get(f"/api/stats/public/?level=estate&id={world.salimi.pk}").json()
    assert data["month"] == before.code and data["pending"] == [] and data["current"]["employees"] == 206
    inside = APIClient()
    inside.force_authenticate(world.staff_province)
    assert inside.get(f"/api/stats/indicators/?level=estate&id={world.salimi.pk}").json()["month"] == month.code
    publication.refresh(month.index)
    assert APIClient().get(f"/api/stats/public/?level=estate&id={world.salimi.pk}").json()["month"] == month.code
